"""A sheet of voting slips to cut out: eight per A4 page, each with its code and a QR code."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from meedoen import paper_codes as codes
from meedoen.printing import draw_qr

COLUMNS, ROWS = 2, 4


def vote_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('kinderraad:vote')}?code={codes.formatted(code)}"


def slips_pdf(plain_codes: list[str], school, council) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Stemcodes %(school)s") % {"school": school.name})
    width, height = A4
    slip_w, slip_h = width / COLUMNS, height / ROWS
    plain_url = f"{settings.SITE_URL}{reverse('kinderraad:vote')}"
    per_page = COLUMNS * ROWS
    for index, code in enumerate(plain_codes):
        if index and index % per_page == 0:
            canvas.showPage()
        position = index % per_page
        left = (position % COLUMNS) * slip_w
        top = height - (position // COLUMNS) * slip_h
        canvas.setDash(3, 3)
        canvas.rect(left + 2, top - slip_h + 2, slip_w - 4, slip_h - 4)
        canvas.setDash()
        x = left + 8 * mm
        canvas.setFont("Helvetica-Bold", 13)
        canvas.drawString(x, top - 12 * mm, _("Stem op de kinderburgemeester!"))
        canvas.setFont("Helvetica", 9)
        canvas.drawString(x, top - 18 * mm, council.title)
        canvas.drawString(x, top - 23 * mm, school.name)
        canvas.setFont("Courier-Bold", 13)
        canvas.drawString(x, top - 33 * mm, codes.formatted(code))
        canvas.setFont("Helvetica", 9)
        for offset, line in enumerate(
            [
                _("Scan de QR-code of ga naar"),
                plain_url,
                _("en typ je code."),
                _("Je kunt één keer stemmen."),
                _("Niemand ziet op wie jij stemt."),
            ]
        ):
            canvas.drawString(x, top - (41 + 5 * offset) * mm, line)
        draw_qr(canvas, vote_url(code), left + slip_w - 36 * mm, top - 40 * mm, 30 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
