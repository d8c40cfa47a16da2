app_name = "kinderraad"
urlpatterns = []
