import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts import services
from meedoen.accounts.brp import BRPError
from meedoen.accounts.forms import (
    DeleteAccountForm,
    MockDigiDForm,
    PreferencesForm,
    StaffLoginForm,
    TokenForm,
)
from meedoen.accounts.models import User
from meedoen.accounts.permissions import can, public, requires, staff_districts
from meedoen.audit.services import record
from meedoen.form_data import posted

PENDING_STAFF = "meedoen_pending_staff_user"


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


@public
def login_choice(request):
    return render(request, "accounts/login.html", {"next": _next_url(request, "")})


@public
def mock_digid(request):
    if not settings.MOCK_DIGID_ENABLED:
        raise Http404
    form = MockDigiDForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.login_resident(request, form.cleaned_data["chosen_bsn"], method="digid-mock")
        except BRPError:
            form.add_error(
                None, _("We konden uw gegevens nu niet ophalen. Probeer het later opnieuw.")
            )
        else:
            return redirect(_next_url(request, "accounts:my_data"))
    return render(
        request, "accounts/mock_digid.html", {"form": form, "next": _next_url(request, "")}
    )


@public
def staff_login(request):
    form = StaffLoginForm(request, posted(request))
    if request.method == "POST" and form.is_valid():
        request.session[PENDING_STAFF] = form.user.pk
        next_url = _next_url(request, "")
        device = TOTPDevice.objects.filter(user=form.user, confirmed=True).first()
        target = "accounts:staff_token" if device else "accounts:staff_totp_setup"
        response = redirect(target)
        if next_url:
            response["Location"] += f"?next={next_url}"
        return response
    return render(
        request, "accounts/staff_login.html", {"form": form, "next": _next_url(request, "")}
    )


def _staff_landing(user) -> str:
    """Where a non-resident lands after the second factor: the staff home, or the voucher
    page for a partner's account (which has no staff role)."""
    if can(user, "accounts.staff_home"):
        return "accounts:staff_home"
    if can(user, "shares.redeem"):
        return "shares:redeem"
    return "pages:home"


def _pending_staff(request) -> User | None:
    pk = request.session.get(PENDING_STAFF)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


@public
def staff_token(request):
    user = _pending_staff(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if device is None:
        return redirect("accounts:staff_login")
    form = TokenForm(device, posted(request))
    if request.method == "POST":
        if form.is_valid():
            del request.session[PENDING_STAFF]
            services.login_staff(request, user, device)
            return redirect(_next_url(request, _staff_landing(user)))
        record(None, "login.staff_token_failed", user)
    return render(
        request, "accounts/staff_token.html", {"form": form, "next": _next_url(request, "")}
    )


@public
def staff_totp_setup(request):
    """First login of a staff member: link an authenticator app before anything else."""
    user = _pending_staff(request)
    if user is None:
        return redirect("accounts:staff_login")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(device, posted(request))
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        del request.session[PENDING_STAFF]
        services.login_staff(request, user, device)
        record(user, "accounts.totp_enrolled", user)
        return redirect(_next_url(request, _staff_landing(user)))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/staff_totp_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr_data_uri": qr.svg_data_uri(scale=4),
            "next": _next_url(request, ""),
        },
    )


@public
@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect("pages:home")


@requires("accounts.my_data")
def my_data(request):
    user = request.user
    form = PreferencesForm(
        posted(request), initial={"email": user.email, "notify_by_email": user.notify_by_email}
    )
    if request.method == "POST" and form.is_valid():
        user.email = form.cleaned_data["email"]
        user.notify_by_email = form.cleaned_data["notify_by_email"]
        user.save(update_fields=["email", "notify_by_email"])
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("accounts:my_data")
    from meedoen.pages.personal_data import personal_data_sections

    return render(
        request,
        "accounts/my_data.html",
        {"form": form, "sections": personal_data_sections(user)},
    )


@requires("accounts.my_data")
def delete_account(request):
    form = DeleteAccountForm(posted(request))
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_resident_account(user)
        messages.success(request, _("Uw account en uw gegevens zijn verwijderd."))
        return redirect("pages:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@requires("accounts.staff_home")
def staff_home(request):
    return render(request, "accounts/staff_home.html", {"districts": staff_districts(request.user)})
