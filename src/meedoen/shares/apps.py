from django.apps import AppConfig


class SharesConfig(AppConfig):
    name = "meedoen.shares"
    verbose_name = "Mede-aandeel: dividendbonnen"
