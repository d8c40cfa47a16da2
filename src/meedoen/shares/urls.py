app_name = "shares"
urlpatterns = []
