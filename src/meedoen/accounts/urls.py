from django.urls import path

from meedoen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login_choice, name="login"),
    path("inloggen/digid-test/", views.mock_digid, name="mock_digid"),
    path("inloggen/medewerker/", views.staff_login, name="staff_login"),
    path("inloggen/medewerker/code/", views.staff_token, name="staff_token"),
    path("inloggen/medewerker/app-koppelen/", views.staff_totp_setup, name="staff_totp_setup"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/verwijderen/", views.delete_account, name="delete_account"),
    path("medewerkers/", views.staff_home, name="staff_home"),
]
