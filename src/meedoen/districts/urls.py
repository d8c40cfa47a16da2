from django.urls import path

from meedoen.districts import views

app_name = "districts"
urlpatterns = [
    path("", views.district_list, name="list"),
    path("<slug:slug>/", views.district_detail, name="detail"),
    path("<slug:slug>/team/", views.district_staff, name="staff"),
]
