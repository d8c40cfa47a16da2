"""Signing residents and staff in, and letting residents leave."""

from __future__ import annotations

import functools

from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django_otp import login as otp_login
from django_otp.middleware import is_verified as otp_is_verified

from meedoen.accounts.brp import BRPPerson, brp_client
from meedoen.accounts.models import User
from meedoen.accounts.pseudonym import bsn_pseudonym
from meedoen.audit.services import record
from meedoen.districts.models import PostcodeArea

RESIDENT_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _apply_brp(user: User, person: BRPPerson | None) -> None:
    # Only the district (from the postcode) and the birth year are kept; nothing else.
    if person is None:
        user.postcode, user.district, user.birth_year = "", None, None
        return
    user.postcode = person.postcode
    user.district = PostcodeArea.objects.district_for(person.postcode)
    user.birth_year = person.birth_year


def resident_for_bsn(bsn: str, *, person: BRPPerson | None = None) -> User:
    """The resident account for a BSN, created on the first visit, refreshed from the BRP."""
    pseudonym = bsn_pseudonym(bsn)
    if person is None:
        person = brp_client().lookup(bsn)
    try:
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                bsn_pseudonym=pseudonym,
                defaults={"username": f"inwoner-{pseudonym[:20]}", "kind": User.Kind.RESIDENT},
            )
    except IntegrityError:
        # Two first logins at the same moment: the other request created the account.
        user, created = User.objects.get(bsn_pseudonym=pseudonym), False
    if created:
        user.set_unusable_password()
    _apply_brp(user, person)
    user.save()
    return user


def login_resident(request, bsn: str, *, method: str) -> User:
    user = resident_for_bsn(bsn)
    login(request, user, backend=RESIDENT_BACKEND)
    record(user, f"login.{method}", user)
    return user


def login_staff(request, user: User, device) -> None:
    login(request, user, backend=RESIDENT_BACKEND)
    otp_login(request, device)
    # As OTPMiddleware does for the next requests, so this request already knows the factor.
    user.is_verified = functools.partial(otp_is_verified, user)
    record(user, "login.staff", user)


@transaction.atomic
def delete_resident_account(user: User) -> None:
    """Removes the account and everything tied to the person.

    Anonymous ballots stay (they never pointed to the person); the 'has voted' marks go with
    the account, so the person could not vote again in a running round by signing up anew:
    the pseudonym-based mark in each round is kept separately (see budgets.VoterMark).
    """
    record(user, "accounts.deleted", None, changes={"account": user.pk})
    user.delete()
