"""Forms of the budgets context. Errors say what is wrong and how to fix it (B1 Dutch)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meedoen.budgets.models import (
    WHEEL_AREA_HELP,
    BudgetLine,
    BudgetRound,
    Expense,
    Goal,
    Initiative,
    InitiativePhoto,
    Review,
    WheelArea,
)
from meedoen.districts.models import District

MAX_UPLOAD = 5 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
RECEIPT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _check_size(upload) -> None:
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("Het bestand is groter dan 5 MB. Kies een kleiner bestand."))


class BudgetRoundForm(forms.ModelForm):
    themes = forms.CharField(
        label=_("Thema's"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Alleen bij 'verdeel het budget over thema's': één thema per regel."),
    )

    class Meta:
        model = BudgetRound
        fields = [
            "kind",
            "district",
            "title",
            "description",
            "budget",
            "ideas_start",
            "review_start",
            "voting_start",
            "voting_end",
            "execution_start",
            "move_phases_automatically",
            "minimum_age",
            "ballot_form",
            "max_choices",
            "points_to_distribute",
            "rule",
            "completion",
            "requires_alderman_approval",
        ]
        widgets = {
            name: _datetime_widget()
            for name in [
                "ideas_start",
                "review_start",
                "voting_start",
                "voting_end",
                "execution_start",
            ]
        }
        help_texts = {
            "minimum_age": _("Bijvoorbeeld 12 of 16. Wie jonger is, kan niet stemmen."),
            "max_choices": _("Nodig bij 'kies maximaal een aantal plannen'."),
            "points_to_distribute": _("Nodig bij 'verdeel punten over plannen'."),
        }

    FIELDSETS = [
        (_("Wat voor ronde?"), ["kind", "district", "title", "description", "budget"]),
        (
            _("Fasen en datums"),
            [
                "ideas_start",
                "review_start",
                "voting_start",
                "voting_end",
                "execution_start",
                "move_phases_automatically",
            ],
        ),
        (
            _("Stemmen en tellen"),
            [
                "minimum_age",
                "ballot_form",
                "max_choices",
                "points_to_distribute",
                "themes",
                "rule",
                "completion",
                "requires_alderman_approval",
            ],
        ),
    ]

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("number")
        for name in [
            "ideas_start",
            "review_start",
            "voting_start",
            "voting_end",
            "execution_start",
        ]:
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["themes"] = "\n".join(self.instance.themes.values_list("name", flat=True))

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget is not None and budget <= 0:
            raise ValidationError(_("Vul een budget in dat groter is dan 0 euro."))
        return budget

    def clean_minimum_age(self):
        age = self.cleaned_data["minimum_age"]
        if age is not None and age > 100:
            raise ValidationError(_("Vul een leeftijd in tussen 0 en 100."))
        return age

    def theme_names(self) -> list[str]:
        lines = (self.cleaned_data.get("themes") or "").splitlines()
        names = []
        for line in lines:
            name = line.strip()
            if name and name not in names:
                names.append(name[:80])
        return names

    def clean(self):
        data = super().clean()
        kind, district = data.get("kind"), data.get("district")
        if kind == BudgetRound.Kind.MEEDOENBUDGET and not district:
            self.add_error("district", _("Kies de wijk of het dorp van dit Meedoenbudget."))
        if kind == BudgetRound.Kind.BURGERBEGROTING and district:
            self.add_error(
                "district", _("De burgerbegroting is voor de hele stad. Laat de wijk leeg.")
            )
        order = ["ideas_start", "review_start", "voting_start", "voting_end", "execution_start"]
        labels = {name: self.fields[name].label for name in order}
        for earlier, later in zip(order, order[1:], strict=False):
            if data.get(earlier) and data.get(later) and data[later] <= data[earlier]:
                self.add_error(
                    later,
                    _("Deze datum moet na '%(earlier)s' liggen.") % {"earlier": labels[earlier]},
                )
        form = data.get("ballot_form")
        if form == BudgetRound.BallotForm.APPROVAL and not data.get("max_choices"):
            self.add_error("max_choices", _("Vul in hoeveel plannen iemand mag kiezen."))
        if form == BudgetRound.BallotForm.POINTS and not data.get("points_to_distribute"):
            self.add_error("points_to_distribute", _("Vul in hoeveel punten iemand mag verdelen."))
        if form == BudgetRound.BallotForm.THEMES:
            if kind != BudgetRound.Kind.BURGERBEGROTING:
                self.add_error(
                    "ballot_form",
                    _("Het budget over thema's verdelen kan alleen bij de burgerbegroting."),
                )
            if len(self.theme_names()) < 2:
                self.add_error(
                    "themes", _("Zet minstens twee thema's in de lijst, elk op een regel.")
                )
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Naam van de groep"), max_length=120)
    description = forms.CharField(
        label=_("Wat wil de groep doen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vertel kort wat u samen in de wijk wilt verbeteren."),
    )
    district = forms.ModelChoiceField(
        label=_("Wijk of dorp"), queryset=District.objects.order_by("number")
    )
    display_name = forms.CharField(
        label=_("Uw naam in de groep"),
        max_length=80,
        help_text=_("Deze naam zien de andere leden en het wijkteam. Een voornaam is genoeg."),
    )


class GroupEditForm(forms.Form):
    name = forms.CharField(label=_("Naam van de groep"), max_length=120)
    description = forms.CharField(
        label=_("Wat wil de groep doen?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Uw naam in de groep"),
        max_length=80,
        help_text=_("Deze naam zien de andere leden en het wijkteam. Een voornaam is genoeg."),
    )


class GroupDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Wat besluit u?"),
        choices=[
            ("confirm", _("Bevestig de groep")),
            ("info", _("Vraag om meer informatie")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Bericht aan de groep"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nodig als u om meer informatie vraagt."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "info" and not data.get("note", "").strip():
            self.add_error("note", _("Schrijf op welke informatie u nog nodig heeft."))
        return data


class WheelAreasField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        choices = [
            (value, f"{label} – {WHEEL_AREA_HELP[value]}") for value, label in WheelArea.choices
        ]
        super().__init__(choices=choices, **kwargs)


class InitiativeForm(forms.ModelForm):
    wheel_areas = WheelAreasField(
        label=_("Waar helpt het plan bij? (participatiewiel)"),
        help_text=_("Kies één of meer gebieden."),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "location_name",
            "latitude",
            "longitude",
            "contact_name",
            "contact_email",
            "wheel_areas",
        ]
        labels = {
            "location_name": _("Plek (bijvoorbeeld een straat of plein)"),
            "latitude": _("Breedtegraad van de plek"),
            "longitude": _("Lengtegraad van de plek"),
        }
        help_texts = {
            "summary": _("Vertel in één zin wat u wilt doen."),
            "latitude": _("Bijvoorbeeld 52.2550. Mag leeg blijven."),
            "longitude": _("Bijvoorbeeld 6.1700. Mag leeg blijven."),
            "contact_email": _("Naar dit adres sturen we nieuws over het plan."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude", _("Vul beide coördinaten in, of laat ze allebei leeg."))
        if lat is not None and not Decimal("50") <= lat <= Decimal("54"):
            self.add_error("latitude", _("Deze plek ligt niet in Nederland. Kijk het getal na."))
        if lon is not None and not Decimal("3") <= lon <= Decimal("8"):
            self.add_error("longitude", _("Deze plek ligt niet in Nederland. Kijk het getal na."))
        return data


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["description", "amount"]
        labels = {"description": _("Waarvoor?"), "amount": _("Bedrag in euro")}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("Vul een bedrag in dat groter is dan 0 euro."))
        return amount


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["what", "for_whom", "by_when"]
        widgets = {"by_when": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"what": _("Bijvoorbeeld: 'er is elke week een koffieochtend'.")}


class _AtLeastOne(forms.BaseInlineFormSet):
    min_message = ""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        alive = [
            f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        if not alive:
            raise ValidationError(self.min_message)


class BudgetLineFormSet(_AtLeastOne):
    min_message = _("Zet minstens één kostenpost in de begroting.")


class GoalFormSet(_AtLeastOne):
    min_message = _("Schrijf minstens één doel op.")


BudgetLines = forms.inlineformset_factory(
    Initiative, BudgetLine, form=BudgetLineForm, formset=BudgetLineFormSet, extra=3, can_delete=True
)
Goals = forms.inlineformset_factory(
    Initiative, Goal, form=GoalForm, formset=GoalFormSet, extra=2, can_delete=True
)


class PhotoForm(forms.ModelForm):
    class Meta:
        model = InitiativePhoto
        fields = ["image", "alt_text"]
        help_texts = {
            "image": _("Een JPG-, PNG- of WEBP-foto van hoogstens 5 MB."),
            "alt_text": _(
                "Voor mensen die de foto niet kunnen zien. Bijvoorbeeld: 'het speelveld'."
            ),
        }

    def clean_image(self):
        image = self.cleaned_data["image"]
        _check_size(image)
        kind = getattr(getattr(image, "image", None), "format", None)
        if kind not in IMAGE_TYPES:
            raise ValidationError(_("Dit is geen JPG-, PNG- of WEBP-foto. Kies een andere foto."))
        return image


class OptionalPhotoForm(PhotoForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        self.fields["alt_text"].required = False

    def clean_image(self):
        if not self.cleaned_data.get("image"):
            return None
        return super().clean_image()

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("alt_text", "").strip():
            self.add_error("alt_text", _("Beschrijf wat er op de foto te zien is."))
        return data


class ReviewForm(forms.ModelForm):
    feasible = forms.TypedChoiceField(
        label=_("Is het plan uitvoerbaar?"),
        choices=[("yes", _("ja")), ("no", _("nee"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Review
        fields = [
            "feasible",
            "feasibility_note",
            "cost_check",
            "advice",
            "outcome",
            "message_to_group",
        ]
        widgets = {
            "cost_check": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "feasibility_note": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
            "message_to_group": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "advice": _("Uw advies over het plan. Dit is openbaar."),
            "message_to_group": _(
                "Nodig bij aanpassen of afwijzen: wat moet er anders, of waarom kan het niet?"
            ),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") in (Review.Outcome.CHANGES, Review.Outcome.REJECT)
            and not (data.get("message_to_group") or "").strip()
        ):
            self.add_error(
                "message_to_group",
                _("Schrijf aan de groep wat er anders moet of waarom het niet kan."),
            )
        return data


class DecisionForm(forms.Form):
    """Yes/no with a reason, for the wijkwethouder and for checking spending."""

    decision = forms.ChoiceField(widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, yes, no, note_required_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Wat besluit u?")
        self.fields["decision"].choices = [("yes", yes), ("no", no)]
        self.note_required_message = note_required_message

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "yes"

    def clean(self):
        data = super().clean()
        if data.get("decision") == "no" and not data.get("note", "").strip():
            self.add_error("note", self.note_required_message)
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Uw reactie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom verbergt u deze reactie?"),
        max_length=300,
        help_text=_("Iedereen ziet deze reden in plaats van de reactie."),
    )


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 4}))
    percent_done = forms.IntegerField(
        label=_("Hoeveel procent is klaar?"),
        min_value=0,
        max_value=100,
        help_text=_("Een getal van 0 tot en met 100."),
        error_messages={
            "min_value": _("Vul een getal van 0 tot en met 100 in."),
            "max_value": _("Vul een getal van 0 tot en met 100 in."),
        },
    )


class ExpenseForm(forms.ModelForm):
    class Meta:
        model = Expense
        fields = ["budget_line", "description", "amount", "receipt"]
        help_texts = {"receipt": _("Een PDF, JPG of PNG van hoogstens 5 MB.")}

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = initiative.budget_lines.all()
        self.fields["budget_line"].empty_label = _("Kies een kostenpost")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("Vul een bedrag in dat groter is dan 0 euro."))
        return amount

    def clean_receipt(self):
        receipt = self.cleaned_data["receipt"]
        _check_size(receipt)
        name = receipt.name.lower()
        if not any(name.endswith(ext) for ext in RECEIPT_EXTENSIONS):
            raise ValidationError(_("Kies een PDF-, JPG- of PNG-bestand."))
        head = receipt.read(8)
        receipt.seek(0)
        looks_right = (
            head.startswith(b"%PDF")
            or head.startswith(b"\xff\xd8\xff")
            or head.startswith(b"\x89PNG")
        )
        if not looks_right:
            raise ValidationError(
                _("Dit bestand is geen echte PDF, JPG of PNG. Kies een ander bestand.")
            )
        return receipt


class FinalReportForm(forms.Form):
    report = forms.CharField(
        label=_("Eindverslag"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat is er gedaan, wat heeft het opgeleverd en wat heeft u geleerd?"),
    )
