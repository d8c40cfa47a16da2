"""Lotteries: panels drawn by sortition (burgerberaad, burgertop, co-owners' meeting, kinderraad).

The core shape lives here; the two-stage draw and its records are built on ``meedoen.sortition``.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Panel(models.Model):
    class Kind(models.TextChoices):
        BURGERBERAAD = "burgerberaad", _("burgerberaad")
        BURGERTOP = "burgertop", _("burgertop")
        COOWNERS = "mede_eigenaren", _("mede-eigenarenbijeenkomst")
        KINDERRAAD = "kinderraad", _("kinderraad")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(unique=True)
    topic = models.TextField(_("onderwerp"))
    place = models.CharField(_("plaats"), max_length=150, blank=True)
    starts_on = models.DateField(_("eerste bijeenkomst"), null=True, blank=True)
    ends_on = models.DateField(_("laatste bijeenkomst"), null=True, blank=True)
    panel_size = models.PositiveSmallIntegerField(_("aantal deelnemers"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lotteries:panel_detail", args=[self.slug])
