from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Meedoen beheer"
admin.site.site_title = "Meedoen beheer"

urlpatterns = [
    path("", include("meedoen.pages.urls")),
    path("", include("meedoen.accounts.urls")),
    path("wijken/", include("meedoen.districts.urls")),
    path("beheer/audit/", include("meedoen.audit.urls")),
    path("budget/", include("meedoen.budgets.urls")),
    path("stemmen/", include("meedoen.voting.urls")),
    path("loting/", include("meedoen.lotteries.urls")),
    path("mede-aandeel/", include("meedoen.shares.urls")),
    path("kinderraad/", include("meedoen.kinderraad.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
if settings.DIGID_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
