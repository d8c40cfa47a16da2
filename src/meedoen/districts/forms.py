from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.districts.models import Municipality


class PostcodeImportForm(forms.Form):
    municipality = forms.ModelChoiceField(Municipality.objects.all(), label=_("Gemeente"))
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Kolommen postcode_from,postcode_to,district of postcode,district."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Het bestand is geen UTF-8-tekst.")) from exc
        return upload
