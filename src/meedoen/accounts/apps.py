from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "meedoen.accounts"
    verbose_name = "Accounts en rollen"


class MeedoenAdminConfig(admin_apps.AdminConfig):
    default = False
    """Django's admin, reachable only for administrators who passed the second factor."""

    default_site = "meedoen.accounts.admin_site.MeedoenAdminSite"
