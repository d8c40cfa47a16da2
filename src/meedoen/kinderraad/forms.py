from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen import paper_codes as codes
from meedoen.districts.models import District
from meedoen.kinderraad.models import Application, Election

RANKS = 3


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["first_name", "grade", "age", "district", "parental_consent"]
        labels = {
            "first_name": _("Voornaam van het kind"),
            "parental_consent": _(
                "De leerkracht heeft gezien dat ouders of verzorgers toestemming geven"
            ),
        }
        help_texts = {
            "first_name": _(
                "Alleen de voornaam. Die komt op de website als het kind wordt ingeloot."
            ),
            "age": _("Tussen 8 en 13 jaar."),
        }
        error_messages = {
            "first_name": {"required": _("Vul de voornaam van het kind in.")},
            "grade": {"required": _("Kies de groep: 6, 7 of 8.")},
            "age": {
                "required": _("Vul de leeftijd in."),
                "min_value": _("Kinderen in de kinderraad zijn 8 jaar of ouder."),
                "max_value": _("Kinderen in de kinderraad zijn 13 jaar of jonger."),
            },
            "district": {"required": _("Kies de wijk of het dorp waar het kind woont.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["parental_consent"].required = True
        self.fields["parental_consent"].error_messages["required"] = _(
            "Zonder toestemming van ouders of verzorgers kan een kind zich niet aanmelden."
        )


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("Startgetal van de loting"),
        max_length=100,
        help_text=_(
            "Bijvoorbeeld de getallen die kinderen in de klas met dobbelstenen gooien. "
            "Met dit getal kan iedereen de loting nadoen."
        ),
        error_messages={"required": _("Vul een startgetal in, bijvoorbeeld 3-6-1-4-2.")},
    )


class OpenElectionForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Manier van stemmen"),
        choices=Election.Method.choices,
        initial=Election.Method.INSTANT_RUNOFF,
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Kandidaten"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens twee kandidaten.")},
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        members = council.applications.filter(selected=True).select_related("school")
        self.fields["candidates"].queryset = members
        self.fields["candidates"].label_from_instance = lambda app: (
            f"{app.first_name} ({app.school.name})"
        )
        self.fields["candidates"].initial = list(members)

    def clean_candidates(self):
        chosen = self.cleaned_data["candidates"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Kies minstens twee kandidaten."))
        return chosen


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal stemcodes"),
        min_value=1,
        max_value=400,
        error_messages={
            "required": _("Vul in hoeveel stemcodes de school nodig heeft."),
            "max_value": _("Maak hoogstens 400 codes tegelijk."),
        },
    )


class VoteCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Jouw stemcode"),
        max_length=40,
        help_text=_("Die staat op je briefje. Bijvoorbeeld ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Typ de code van je briefje.")},
    )

    def clean_code(self):
        typed = self.cleaned_data["code"]
        code = codes.normalise(typed)
        if len(code) != codes.LENGTH or codes.lookalike_hint(typed):
            raise forms.ValidationError(
                _("Deze code klopt niet. Een code heeft 12 letters en cijfers. Kijk nog eens goed.")
            )
        return code


class BallotForm(forms.Form):
    """Ranked: first choice required, then optional next choices. Plurality: one choice."""

    def __init__(self, *args, election, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        choices = [(str(c.pk), f"{c.first_name} ({c.school.name})") for c in candidates]
        if election.is_ranked:
            for rank in range(1, min(RANKS, len(choices)) + 1):
                self.fields[f"choice_{rank}"] = forms.ChoiceField(
                    label=_("Jouw keuze %(rank)s") % {"rank": rank},
                    choices=[("", _("(kies niemand)") if rank > 1 else _("(kies iemand)"))]
                    + choices,
                    required=rank == 1,
                    error_messages={"required": _("Kies wie jouw eerste keuze is.")},
                )
        else:
            self.fields["choice_1"] = forms.ChoiceField(
                label=_("Op wie stem je?"),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies één kandidaat.")},
            )

    def clean(self):
        data = super().clean()
        ranking, seen = [], set()
        for name in sorted(f for f in self.fields if f.startswith("choice_")):
            value = data.get(name)
            if not value:
                continue
            if value in seen:
                self.add_error(
                    name, _("Deze kandidaat heb je al gekozen. Kies iemand anders of niemand.")
                )
            seen.add(value)
            ranking.append(int(value))
        data["ranking"] = ranking
        return data
