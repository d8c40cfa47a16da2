from django.urls import path

from meedoen.lotteries import views

app_name = "lotteries"
urlpatterns = [
    path("", views.index, name="index"),
    path("aanmelden/", views.register_start, name="register_start"),
    path("aanmelden/gegevens/", views.register_details, name="register_details"),
    path("aandeelregister/", views.share_register, name="share_register"),
    path("beheer/", views.staff_list, name="staff_list"),
    path("beheer/nieuw/", views.panel_create, name="panel_create"),
    path("beheer/aandeelregister/", views.share_register_upload, name="share_register_upload"),
    path("beheer/<slug:slug>/", views.manage, name="manage"),
    path("beheer/<slug:slug>/bewerken/", views.panel_edit, name="panel_edit"),
    path("beheer/<slug:slug>/quota/", views.quotas, name="quotas"),
    path("beheer/<slug:slug>/bevolking/", views.population, name="population"),
    path("beheer/<slug:slug>/uitnodigingen-loten/", views.stage1, name="stage1"),
    path("beheer/<slug:slug>/brieven.pdf", views.letters, name="letters"),
    path("beheer/<slug:slug>/antwoord-op-papier/", views.paper_reply, name="paper_reply"),
    path("beheer/<slug:slug>/panel-loten/", views.stage2, name="stage2"),
    path("beheer/<slug:slug>/uitslag-versturen/", views.send_results, name="send_results"),
    path("beheer/<slug:slug>/afmelden/<int:pk>/", views.drop_out, name="drop_out"),
    path("beheer/<slug:slug>/vervangers-loten/", views.replacements, name="replacements"),
    path("beheer/<slug:slug>/uitkomst/", views.outcome, name="outcome"),
    path("beheer/<slug:slug>/trekking/<int:pk>.json", views.staff_record, name="staff_record"),
    path("<slug:slug>/", views.panel_detail, name="panel_detail"),
    path("<slug:slug>/trekking/<int:pk>.json", views.draw_record, name="draw_record"),
    path("<slug:slug>/respondenten.csv", views.respondents_file, name="respondents_file"),
    path("<slug:slug>/quota.csv", views.quotas_file, name="quotas_file"),
    path("<slug:slug>/verslag.pdf", views.outcome_pdf, name="outcome_pdf"),
]
