from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import reverse


class MeedoenAdminSite(AdminSite):
    site_header = "Meedoen beheer"
    site_title = "Meedoen beheer"
    index_title = "Functioneel beheer"

    def has_permission(self, request):
        from meedoen.accounts.permissions import Role, has_role

        return has_role(request.user, Role.ADMINISTRATOR)

    def login(self, request, extra_context=None):
        # Staff sign in through our own password + TOTP flow, never the admin's single factor.
        return redirect(f"{reverse('accounts:staff_login')}?next={request.get_full_path()}")
