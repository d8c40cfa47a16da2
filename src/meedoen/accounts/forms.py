from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.brp import test_persons
from meedoen.accounts.pseudonym import is_valid_bsn


class MockDigiDForm(forms.Form):
    """The test stand-in for DigiD: pick a test person or type a test BSN."""

    person = forms.ChoiceField(label=_("Testpersoon"), required=False)
    bsn = forms.CharField(
        label=_("Of typ een BSN"),
        required=False,
        max_length=9,
        help_text=_("9 cijfers. Alleen testnummers, dit is geen echte DigiD."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Kies een testpersoon"))] + [
            (p.bsn, f"{p.name} ({p.postcode}, {p.birth_date[:4]})") for p in test_persons()
        ]

    def clean(self):
        data = super().clean()
        bsn = (data.get("bsn") or "").strip() or data.get("person") or ""
        if not bsn:
            raise forms.ValidationError(_("Kies een testpersoon of typ een BSN."))
        if not is_valid_bsn(bsn):
            self.add_error("bsn", _("Dit is geen geldig BSN. Een BSN heeft 9 cijfers."))
        data["chosen_bsn"] = bsn
        return data


class StaffLoginForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        user = authenticate(self.request, username=data["username"], password=data["password"])
        if user is None or user.is_resident or not user.is_active:
            raise forms.ValidationError(
                _(
                    "Gebruikersnaam of wachtwoord klopt niet. Let op: na 5 pogingen wordt inloggen een uur geblokkeerd."
                )
            )
        self.user = user
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw app"),
        min_length=6,
        max_length=6,
        help_text=_("De 6 cijfers uit uw authenticator-app."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Deze code klopt niet of is verlopen. Probeer de nieuwe code.")
            )
        return token


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder mijn account en mijn gegevens"),
        error_messages={"required": _("Vink aan dat u uw account wilt verwijderen.")},
    )


class PreferencesForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres (niet verplicht)"),
        required=False,
        help_text=_("Alleen als u berichten wilt krijgen, bijvoorbeeld over uitslagen."),
    )
    notify_by_email = forms.BooleanField(
        label=_("Stuur mij een e-mail als de uitslag er is"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("notify_by_email") and not data.get("email"):
            self.add_error("email", _("Vul een e-mailadres in als u e-mail wilt krijgen."))
        return data
