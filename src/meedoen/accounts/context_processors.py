from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from meedoen.accounts.permissions import has_role, is_staff_member


def navigation(request):
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_staff_member": is_staff_member(user),
        "is_administrator": has_role(user, "administrator"),
        "mock_digid_enabled": settings.MOCK_DIGID_ENABLED,
        "digid_oidc_enabled": settings.DIGID_OIDC_ENABLED,
    }
