"""Printable dividend vouchers: two per A4 page, each with its code and a QR code."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from meedoen import paper_codes as codes
from meedoen.printing import draw_qr


def redeem_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('shares:redeem')}?code={codes.formatted(code)}"


def _euro(value) -> str:
    return "€ " + formats.number_format(value, decimal_pos=2, use_l10n=True)


def vouchers_pdf(issued, panel) -> bytes:
    """``issued``: IssuedVoucher items (voucher + plain code), printed in that order."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Dividendbonnen – %(meeting)s") % {"meeting": panel.title})
    width, height = A4
    block = height / 2
    partners_url = f"{settings.SITE_URL}{reverse('shares:index')}"
    for index, item in enumerate(issued):
        if index and index % 2 == 0:
            canvas.showPage()
        top = height - (index % 2) * block
        voucher = item.voucher
        x = 20 * mm
        y = top - 25 * mm
        canvas.setFont("Helvetica-Bold", 20)
        canvas.drawString(x, y, _("Dividendbon Meedoen Deventer"))
        canvas.setFont("Helvetica", 12)
        y -= 9 * mm
        if voucher.first_name:
            canvas.drawString(
                x, y, _("Voor %(name)s. Dank u wel voor uw inbreng!") % {"name": voucher.first_name}
            )
        else:
            canvas.drawString(x, y, _("Dank u wel voor uw inbreng!"))
        y -= 6 * mm
        canvas.drawString(x, y, _("Bijeenkomst: %(meeting)s") % {"meeting": panel.title[:70]})
        y -= 12 * mm
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(x, y, _("Waarde: %(value)s") % {"value": _euro(voucher.value)})
        y -= 8 * mm
        canvas.setFont("Helvetica", 12)
        canvas.drawString(
            x,
            y,
            _("Geldig van %(start)s tot en met %(end)s")
            % {
                "start": formats.date_format(voucher.valid_from, "j F Y"),
                "end": formats.date_format(voucher.valid_until, "j F Y"),
            },
        )
        y -= 12 * mm
        canvas.setFont("Courier-Bold", 18)
        canvas.drawString(x, y, _("Code: %(code)s") % {"code": codes.formatted(item.code)})
        canvas.setFont("Helvetica", 11)
        lines = [
            _("Waar gebruikt u de bon? Bij een partner van Meedoen."),
            _("Alle partners staan op %(url)s") % {"url": partners_url},
            _("Laat de bon zien. De partner scant de QR-code of typt de code."),
            _("U kunt de bon één keer gebruiken. Geld terug krijgt u niet."),
            _("Wilt u weten of de bon nog geldig is? Kijk op de website."),
        ]
        y -= 12 * mm
        for line in lines:
            canvas.drawString(x, y, line)
            y -= 6 * mm
        # Bottom right, clear of the text lines (which end well before x = 145 mm).
        draw_qr(canvas, redeem_url(item.code), width - 60 * mm, top - block + 8 * mm, 45 * mm)
        canvas.setDash(3, 3)
        canvas.line(10 * mm, top - block + 2, width - 10 * mm, top - block + 2)
        canvas.setDash()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
