from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "meedoen.districts"
    verbose_name = "Wijken en dorpen"
