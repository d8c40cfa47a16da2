from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "meedoen.demo"
    verbose_name = "Demogegevens"
