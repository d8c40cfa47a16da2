from django.urls import path

from meedoen.kinderraad import views

app_name = "kinderraad"
urlpatterns = [
    path("", views.index, name="index"),
    path("stemmen/", views.vote, name="vote"),
    path("beheer/", views.staff, name="staff"),
    path("beheer/<slug:slug>/", views.staff_council, name="staff_council"),
    path(
        "beheer/<slug:slug>/school/<int:school_id>/aanmelden/",
        views.application_add,
        name="application_add",
    ),
    path("beheer/<slug:slug>/loten/", views.draw, name="draw"),
    path("beheer/<slug:slug>/verkiezing/openen/", views.election_open, name="election_open"),
    path("beheer/<slug:slug>/verkiezing/sluiten/", views.election_close, name="election_close"),
    path("beheer/<slug:slug>/stemcodes/<int:school_id>/", views.voting_codes, name="voting_codes"),
    path("<slug:slug>/", views.council, name="council"),
    path("<slug:slug>/uitslag/", views.results, name="results"),
]
