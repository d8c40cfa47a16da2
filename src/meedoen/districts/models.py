from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text="GM0150")

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class DistrictGroup(models.Model):
    """A grouping of districts used by the municipality, such as WijDeventer's 'Deventer Buiten'."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("groep van wijken")
        verbose_name_plural = _("groepen van wijken")

    def __str__(self) -> str:
        return self.name


class DistrictQuerySet(models.QuerySet):
    def city_districts(self):
        return self.filter(kind=District.Kind.WIJK)

    def villages(self):
        return self.filter(kind=District.Kind.DORP)


class District(models.Model):
    """A wijk or a dorp as the CBS counts them (wijk codes WK0150xx for Deventer)."""

    class Kind(models.TextChoices):
        WIJK = "wijk", _("wijk")
        DORP = "dorp", _("dorp")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    group = models.ForeignKey(
        DistrictGroup,
        verbose_name=_("groep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="districts",
    )
    number = models.CharField(_("wijknummer"), max_length=2)
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices, default=Kind.WIJK)
    cbs_code = models.CharField(_("CBS-wijkcode"), max_length=8, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    source = models.TextField(_("bron"), help_text=_("Waar deze gegevens vandaan komen."))
    verified = models.BooleanField(
        _("geverifieerd"), default=True, help_text=_("Uit de bron bevestigd.")
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijk of dorp")
        verbose_name_plural = _("wijken en dorpen")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="district_number")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("districts:detail", args=[self.slug])


class Kern(models.Model):
    """A small village centre inside a district (Loo in Bathmen, Rande in Diepenveen)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="kernen")
    name = models.CharField(_("naam"), max_length=100)
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("kern")
        verbose_name_plural = _("kernen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="kern_name_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeAreaQuerySet(models.QuerySet):
    def district_for(self, postcode: str):
        """The district a 6-position postcode (e.g. '7411AB') lies in, or None."""
        postcode = "".join(postcode.split()).upper()
        if len(postcode) != 6:
            return None
        area = (
            self.filter(postcode_from__lte=postcode, postcode_to__gte=postcode)
            .select_related("district")
            .order_by("postcode_to")
            .first()
        )
        return area.district if area else None


class PostcodeArea(models.Model):
    """A range of 6-position postcodes (inclusive) that lies in one district."""

    postcode_from = models.CharField(_("van postcode"), max_length=6, db_index=True)
    postcode_to = models.CharField(_("tot en met postcode"), max_length=6, db_index=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="postcode_areas")

    objects = PostcodeAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["postcode_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode_from__lte=models.F("postcode_to")),
                name="postcode_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode_from}–{self.postcode_to}: {self.district}"
