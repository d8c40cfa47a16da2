from django.urls import path

from meedoen.shares import views

app_name = "shares"
urlpatterns = [
    path("", views.index, name="index"),
    path("bon-controleren/", views.check, name="check"),
    path("inwisselen/", views.redeem, name="redeem"),
    path("beheer/", views.staff_overview, name="staff_overview"),
    path("beheer/<slug:slug>/bonnen-maken/", views.issue, name="issue"),
]
