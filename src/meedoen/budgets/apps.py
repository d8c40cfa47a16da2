from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "meedoen.budgets"
    verbose_name = "Meedoenbudget en burgerbegroting"
