from django.urls import path

from meedoen.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.index, name="index"),
    path("ronde/nieuw/", views.round_create, name="round_create"),
    path("ronde/<slug:slug>/", views.round_detail, name="round_detail"),
    path("ronde/<slug:slug>/wijzigen/", views.round_edit, name="round_edit"),
    path("ronde/<slug:slug>/volgende-fase/", views.round_advance, name="round_advance"),
    path(
        "ronde/<slug:slug>/nieuw-plan/<int:group>/",
        views.initiative_create,
        name="initiative_create",
    ),
    path("groepen/nieuw/", views.group_create, name="group_create"),
    path("groepen/<int:pk>/", views.group_detail, name="group_detail"),
    path("groepen/<int:pk>/wijzigen/", views.group_edit, name="group_edit"),
    path("groepen/<int:pk>/uitnodigen/", views.group_invite, name="group_invite"),
    path("groepen/<int:pk>/besluit/", views.group_decide, name="group_decide"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("plannen/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("plannen/<int:pk>/wijzigen/", views.initiative_edit, name="initiative_edit"),
    path("plannen/<int:pk>/indienen/", views.initiative_submit, name="initiative_submit"),
    path("plannen/<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("plannen/<int:pk>/beoordelen/", views.initiative_review, name="initiative_review"),
    path("plannen/<int:pk>/wethouder/", views.initiative_approve, name="initiative_approve"),
    path("plannen/<int:pk>/reageren/", views.comment, name="comment"),
    path("plannen/<int:pk>/steunen/", views.support, name="support"),
    path("plannen/<int:pk>/voortgang/", views.progress_add, name="progress_add"),
    path("plannen/<int:pk>/uitgave/", views.expense_add, name="expense_add"),
    path("plannen/<int:pk>/eindverslag/", views.final_report, name="final_report"),
    path("reacties/<int:pk>/verbergen/", views.comment_hide, name="comment_hide"),
    path("fotos/<int:pk>/", views.photo, name="photo"),
    path("uitgaven/<int:pk>/bon/", views.receipt, name="receipt"),
    path("uitgaven/<int:pk>/controleren/", views.expense_decide, name="expense_decide"),
]
