app_name = "lotteries"
urlpatterns = []
