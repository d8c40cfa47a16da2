from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from meedoen.lotteries.codes import looks_like_a_code
from meedoen.lotteries.models import Panel

# Paths under /loting/ that a panel's slug must not shadow.
RESERVED_SLUGS = {"aanmelden", "aandeelregister", "beheer"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "kind",
            "title",
            "topic",
            "place",
            "starts_on",
            "ends_on",
            "population_source",
            "panel_size",
            "invitation_count",
            "min_age",
            "respond_by",
            "allowance",
            "help_phone",
            "show_first_names",
            "is_public",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "respond_by": DATE}
        help_texts = {
            "invitation_count": _("Hoeveel brieven er gaan. Per adres hooguit één."),
            "topic": _("Waar gaat het over? Schrijf het zo dat iedereen het snapt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinderraad has its own app and its own way of choosing children.
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] != Panel.Kind.KINDERRAAD
        ]
        for name in ("panel_size", "invitation_count"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        if data.get("kind") == Panel.Kind.COOWNERS:
            data["population_source"] = Panel.Source.SHARE_REGISTER
            self.instance.population_source = Panel.Source.SHARE_REGISTER
        size, invitations = data.get("panel_size"), data.get("invitation_count")
        if size is not None and size < 1:
            self.add_error("panel_size", _("Een panel heeft minstens 1 deelnemer."))
        if size and invitations is not None and invitations < size:
            self.add_error(
                "invitation_count",
                _("Stuur minstens zoveel uitnodigingen als er plaatsen zijn (%(size)s).")
                % {"size": size},
            )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("De laatste bijeenkomst ligt vóór de eerste."))
        return data

    def save(self, commit=True):
        panel = super().save(commit=False)
        if not panel.slug:
            base = slugify(panel.title)[:40] or "panel"
            slug, n = base, 2
            while slug in RESERVED_SLUGS or Panel.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            panel.slug = slug
        if commit:
            panel.save()
        return panel


class QuotaRowForm(forms.Form):
    category = forms.CharField(label=_("Kenmerk"), max_length=60, required=False)
    value = forms.CharField(label=_("Waarde"), max_length=60, required=False)
    min = forms.IntegerField(label=_("Minimaal"), min_value=0, required=False)
    max = forms.IntegerField(label=_("Maximaal"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get(k) not in (None, "") for k in ("category", "value", "min", "max")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Vul in deze regel alle vier de velden in, of maak de regel helemaal leeg.")
            )
        return data

    def row(self):
        data = self.cleaned_data
        if not data or data.get("category") in (None, ""):
            return None
        return (data["category"].strip(), data["value"].strip(), data["min"], data["max"])


QuotaFormSet = forms.formset_factory(QuotaRowForm, extra=4, max_num=60)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bevolkingsbestand (CSV)"),
        help_text=_("Kolommen: id,address,birth_year,sex,district. Eén persoon per regel."),
    )


class ShareRegisterForm(UploadForm):
    reference_date = forms.DateField(
        label=_("Peildatum"),
        widget=DATE,
        help_text=_("Wie in het jaar van deze datum 16 wordt of ouder is, krijgt een aandeel."),
    )


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Startgetal van de loting (seed)"),
        max_length=200,
        error_messages={"required": _("Vul een startgetal in.")},
        help_text=_(
            "Bijvoorbeeld de getallen die bij een openbare trekking zijn gegooid. Met hetzelfde "
            "startgetal komt iedereen op dezelfde uitslag."
        ),
    )

    def clean_seed(self):
        seed = self.cleaned_data["seed"].strip()
        if not seed:
            raise forms.ValidationError(_("Vul een startgetal in."))
        return seed


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Uw persoonlijke code"),
        max_length=20,
        error_messages={"required": _("Vul de code uit uw brief in.")},
        help_text=_("Deze code staat in uw brief, bijvoorbeeld ABCDE-FGHJK."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not looks_like_a_code(code):
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Een code heeft 10 letters en cijfers, zoals in uw "
                    "brief. Kijk goed of u hem goed heeft overgetypt."
                )
            )
        return code


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=80,
        required=False,
        help_text=_("Zodat wij u kunnen aanspreken. Niet verplicht."),
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)
    consent = forms.BooleanField(
        label=_(
            "Ik doe mee aan de loting. De organisatie mag mijn antwoorden gebruiken voor de "
            "loting en mij benaderen. Na het panel worden mijn gegevens verwijderd."
        ),
        error_messages={"required": _("Vink aan dat u meedoet aan de loting.")},
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.category_fields = {}
        for index, (category, quotas) in enumerate(panel.categories.items()):
            name = f"feature_{index}"
            self.fields[name] = forms.ChoiceField(
                label=category,
                choices=[("", _("Kies een antwoord"))] + [(q.value, q.value) for q in quotas],
                error_messages={"required": _("Kies een antwoord.")},
            )
            self.category_fields[name] = category
        # The features first: that is what the lottery needs; contact details come after.
        order = list(self.category_fields) + ["first_name", "email", "phone", "consent"]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors.get("email"):
            self.add_error(
                "email",
                _(
                    "Vul een e-mailadres of een telefoonnummer in. Dan kunnen wij u laten weten of u bent geloot."
                ),
            )
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "features": {cat: data[name] for name, cat in self.category_fields.items()},
            "first_name": data.get("first_name", "").strip(),
            "email": data.get("email", ""),
            "phone": data.get("phone", "").strip(),
        }


class PaperReplyForm(CodeForm, RegistrationForm):
    """A reply on paper, typed in by staff: the code from the reply form plus the answers."""

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, panel=panel, **kwargs)
        self.fields["consent"].label = _("De persoon heeft op papier ingestemd met meedoen.")
        self.fields["code"].label = _("Code op het antwoordformulier")
        self.fields["code"].help_text = _("De code uit de brief, bijvoorbeeld ABCDE-FGHJK.")
        self.order_fields(
            ["code", *self.category_fields, "first_name", "email", "phone", "consent"]
        )


class OutcomeForm(forms.Form):
    outcome_text = forms.CharField(
        label=_("Uitkomst: het advies of verslag"), widget=forms.Textarea, required=False
    )
    outcome_pdf = forms.FileField(label=_("Verslag als pdf"), required=False)
    is_public = forms.BooleanField(label=_("Tonen op de website"), required=False)

    def clean_outcome_pdf(self):
        upload = self.cleaned_data.get("outcome_pdf")
        if upload:
            head = upload.read(5)
            upload.seek(0)
            if head != b"%PDF-":
                raise forms.ValidationError(_("Dit bestand is geen pdf. Kies een pdf-bestand."))
        return upload
