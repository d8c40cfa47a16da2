from django.apps import AppConfig


class LotteriesConfig(AppConfig):
    name = "meedoen.lotteries"
    verbose_name = "Loting"
