from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "meedoen.pages"
    verbose_name = "Pagina's"
