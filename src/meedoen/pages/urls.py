from django.urls import path

from meedoen.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("toegankelijkheid", views.accessibility),
    path("privacy/", views.privacy, name="privacy"),
    path("health", views.health, name="health"),
]
