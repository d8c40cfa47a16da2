from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "meedoen.voting"
    verbose_name = "Stemmen en tellen"
