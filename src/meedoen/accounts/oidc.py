"""DigiD through an OpenID Connect broker (as municipalities connect DigiD).

The broker returns the BSN in a claim; we turn it into a pseudonym at once and look the
resident up in the BRP. mozilla-django-oidc handles the protocol (state, nonce, token check).
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from meedoen.accounts.models import User
from meedoen.accounts.pseudonym import bsn_pseudonym, is_valid_bsn
from meedoen.accounts.services import resident_for_bsn
from meedoen.audit.services import record


class DigiDOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not settings.DIGID_OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def _bsn(self, claims) -> str | None:
        bsn = str(claims.get(settings.OIDC_BSN_CLAIM, "")).strip()
        return bsn if is_valid_bsn(bsn) else None

    def verify_claims(self, claims) -> bool:
        return self._bsn(claims) is not None

    def filter_users_by_claims(self, claims):
        bsn = self._bsn(claims)
        if bsn is None:
            return User.objects.none()
        return User.objects.filter(bsn_pseudonym=bsn_pseudonym(bsn))

    def create_user(self, claims):
        user = resident_for_bsn(self._bsn(claims))
        record(user, "login.digid", user)
        return user

    def update_user(self, user, claims):
        user = resident_for_bsn(self._bsn(claims))
        record(user, "login.digid", user)
        return user
