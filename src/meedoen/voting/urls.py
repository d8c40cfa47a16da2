from django.urls import path

from meedoen.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("stemcode/", views.code_entry, name="code_entry"),
    path("controle/", views.receipt_check, name="receipt_check"),
    path("beheer/", views.staff_index, name="staff_index"),
    path("beheer/<slug:slug>/", views.staff_round, name="staff_round"),
    path("beheer/<slug:slug>/stemcodes/", views.codes, name="codes"),
    path(
        "beheer/<slug:slug>/stemcodes/<int:batch_id>/intrekken/",
        views.void_batch,
        name="void_batch",
    ),
    path("beheer/<slug:slug>/papier/", views.paper, name="paper"),
    path(
        "beheer/<slug:slug>/papier/<int:pk>/bevestigen/",
        views.paper_decide,
        {"decision": "bevestigen"},
        name="paper_confirm",
    ),
    path(
        "beheer/<slug:slug>/papier/<int:pk>/afwijzen/",
        views.paper_decide,
        {"decision": "afwijzen"},
        name="paper_reject",
    ),
    path("beheer/<slug:slug>/tellen/", views.close_and_count, name="close_and_count"),
    path("<slug:slug>/", views.ballot, name="ballot"),
    path("<slug:slug>/controleren/", views.review, name="review"),
    path("<slug:slug>/bedankt/", views.thanks, name="thanks"),
    path("<slug:slug>/uitslag/", views.round_results, name="results"),
    path("<slug:slug>/uitslag.pb", views.export, name="export"),
]
