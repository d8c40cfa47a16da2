from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen import paper_codes as codes
from meedoen.lotteries.models import Invitation

MAX_BATCH = 200


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code van de bon"),
        max_length=40,
        help_text=_("12 letters en cijfers, bijvoorbeeld ABCD-EFGH-JKMN. Streepjes mogen weg."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Typ de code van de bon.")},
    )

    def clean_code(self):
        typed = self.cleaned_data["code"]
        code = codes.normalise(typed)
        if len(code) != codes.LENGTH:
            raise forms.ValidationError(
                _("Een code heeft 12 tekens. U typte er %(count)s. Kijk de code nog eens na."),
                params={"count": len(code)},
            )
        if codes.lookalike_hint(typed):
            raise forms.ValidationError(
                _(
                    "Een code heeft nooit een 0, 1, O, I of L. Kijk of u een andere letter of "
                    "ander cijfer bedoelt."
                )
            )
        return code


class IssueForm(forms.Form):
    value = forms.DecimalField(
        label=_("Waarde per bon (euro)"),
        min_value=Decimal("1"),
        max_value=Decimal("500"),
        decimal_places=2,
        initial=Decimal("25"),
        error_messages={
            "required": _("Vul de waarde in euro in, bijvoorbeeld 25."),
            "invalid": _("Vul een bedrag in, bijvoorbeeld 25 of 12,50."),
        },
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 2026-03-01.")},
    )
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 2026-08-31.")},
    )
    invitations = forms.ModelMultipleChoiceField(
        label=_("Gelote mede-eigenaren die een bon krijgen"),
        queryset=Invitation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_names = forms.CharField(
        label=_("Voornamen op de bonnen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Eén voornaam per regel: dan maken we één bon per naam. Laat leeg voor bonnen zonder naam."
        ),
    )
    count = forms.IntegerField(
        label=_("Aantal bonnen zonder naam"),
        required=False,
        min_value=1,
        max_value=MAX_BATCH,
        help_text=_(
            "Naast de bonnen met een naam. Laat leeg als u alleen bonnen met een naam wilt."
        ),
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        drawn = panel.invitations.filter(
            status__in=[Invitation.Status.SELECTED, Invitation.Status.REPLACEMENT]
        ).order_by("first_name", "pk")
        self.fields["invitations"].queryset = drawn
        self.fields["invitations"].label_from_instance = lambda inv: (
            inv.first_name or _("mede-eigenaar %(number)s") % {"number": inv.draw_position}
        )
        if not drawn.exists():
            del self.fields["invitations"]
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today.replace(year=today.year + 1)

    def clean(self):
        data = super().clean()
        names = [n.strip() for n in (data.get("first_names") or "").splitlines() if n.strip()]
        data["names"] = names
        if any(len(n) > 60 for n in names):
            self.add_error("first_names", _("Een voornaam is hoogstens 60 tekens."))
        total = len(names) + len(data.get("invitations") or []) + (data.get("count") or 0)
        if not total:
            self.add_error("count", _("Vul een aantal in, of typ voornamen in het vak hierboven."))
        elif total > MAX_BATCH:
            self.add_error(
                "count", _("U kunt hoogstens %(max)s bonnen tegelijk maken.") % {"max": MAX_BATCH}
            )
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("Deze datum ligt voor 'Geldig vanaf'. Kies een latere datum.")
            )
        if end and end < timezone.localdate():
            self.add_error(
                "valid_until", _("Deze datum is al voorbij. Kies een datum in de toekomst.")
            )
        return data
