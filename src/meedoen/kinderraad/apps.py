from django.apps import AppConfig


class KinderraadConfig(AppConfig):
    name = "meedoen.kinderraad"
    verbose_name = "Kinderraad en kinderburgemeester"
