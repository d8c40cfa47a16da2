from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.voting.codes import CODE_LENGTH, normalise


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if len(normalise(value)) != CODE_LENGTH:
            raise forms.ValidationError(
                _("Een code heeft 12 letters en cijfers, zoals ABCD-EFGH-JK23. Kijk de code na.")
            )
        return value


class CodeEntryForm(forms.Form):
    code = CodeField(
        label=_("Uw stemcode"),
        help_text=_("Deze staat in de brief die u kreeg. Bijvoorbeeld: ABCD-EFGH-JK23."),
    )


class ReceiptCheckForm(forms.Form):
    receipt = CodeField(
        label=_("Uw ontvangstcode"),
        help_text=_("Deze kreeg u na het stemmen. Bijvoorbeeld: ABCD-EFGH-JK23."),
    )


class ResultEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("We sturen één e-mail als de uitslag bekend is. Daarna wissen we uw adres."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CodeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand met adressen of personen (CSV)"),
        help_text=_(
            "Personen: een kolom 'bsn' (en eventueel naam, straat, huisnummer, postcode, "
            "woonplaats voor de brief). Adressen: de kolommen 'postcode' en 'huisnummer' "
            "(en eventueel straat en woonplaats). Scheidingsteken ; of ,"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB. Splits het op."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Het bestand is geen tekst in UTF-8. Sla het op als 'CSV UTF-8'.")
            ) from None


class PaperCodeForm(forms.Form):
    code = CodeField(
        label=_("Stemcode van de kiezer"), help_text=_("Van de brief die de kiezer meebracht.")
    )
