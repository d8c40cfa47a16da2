"""Dividend vouchers of the mede-aandeel programme and the partners who accept them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Partner(models.Model):
    """A shop, library or sports venue in Deventer that accepts dividend vouchers."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    address = models.CharField(_("adres"), max_length=200)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("wijk of dorp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voucher_partners",
    )
    offer = models.TextField(_("wat u kunt krijgen"))
    active = models.BooleanField(_("doet mee"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerMember(models.Model):
    """Links a (non-resident) account to the partner it redeems vouchers for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="partner_membership",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("account van een partner")
        verbose_name_plural = _("accounts van partners")

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class VoucherQuerySet(models.QuerySet):
    def redeemed(self):
        return self.filter(redemption__isnull=False)

    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(redemption__isnull=True, valid_until__gte=today)

    def expired(self, today=None):
        today = today or timezone.localdate()
        return self.filter(redemption__isnull=True, valid_until__lt=today)


class Voucher(models.Model):
    """A dividend voucher. Only a keyed hash of its code is stored: the code itself exists
    on the printed voucher alone, so a copy of the database cannot be spent."""

    panel = models.ForeignKey(
        "lotteries.Panel",
        verbose_name=_("mede-eigenarenbijeenkomst"),
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    # The co-owner's lottery invitation, when the voucher is for a drawn participant.
    invitation = models.ForeignKey(
        "lotteries.Invitation",
        verbose_name=_("uitnodiging"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vouchers",
    )
    first_name = models.CharField(_("voornaam (op de bon)"), max_length=60, blank=True)
    value = models.DecimalField(_("waarde (euro)"), max_digits=7, decimal_places=2)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgegeven door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("dividendbon")
        verbose_name_plural = _("dividendbonnen")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="voucher_valid_period",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="voucher_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{_('Dividendbon')} #{self.pk} (€ {self.value})"


class VoucherRedemption(models.Model):
    """The ledger: one row per spent voucher. The unique voucher makes a second redemption
    impossible even if two partners confirm at the same moment."""

    voucher = models.OneToOneField(
        Voucher, verbose_name=_("bon"), on_delete=models.PROTECT, related_name="redemption"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="redemptions"
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingewisseld door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("ingewisseld op"), default=timezone.now)

    class Meta:
        verbose_name = _("ingewisselde bon")
        verbose_name_plural = _("ingewisselde bonnen")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.voucher} – {self.partner}"
