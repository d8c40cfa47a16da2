"""The PDF of letters with voting codes: one A4 letter per code, made once, never stored.

The plain codes exist only while this PDF is built (in the response to the upload); the
database keeps their HMAC. Lost letters: withdraw the batch's unused codes and make new ones.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from meedoen.printing import draw_qr
from meedoen.voting.codes import Recipient


def vote_url(plain_code: str | None = None) -> str:
    url = settings.SITE_URL + reverse("voting:code_entry")
    return f"{url}?{urlencode({'code': plain_code})}" if plain_code else url


def _paragraph(pdf: canvas.Canvas, text: str, x: float, y: float, width_chars: int = 80) -> float:
    """Writes text with simple word wrapping; returns the y below it."""
    for block in text.split("\n"):
        words, line = block.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > width_chars:
                pdf.drawString(x, y, line)
                y -= 6 * mm
                line = word
            else:
                line = f"{line} {word}".strip()
        pdf.drawString(x, y, line)
        y -= 6 * mm
    return y - 2 * mm


def letters_pdf(budget_round, issued: list[tuple[Recipient, str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Stemcodes %(round)s") % {"round": budget_round.title})
    width, height = A4
    left = 25 * mm
    end = formats.date_format(timezone.localtime(budget_round.voting_end), "j F Y")
    place = budget_round.district.name if budget_round.district else "Deventer"
    for recipient, code in issued:
        pdf.setFont("Helvetica", 11)
        y = height - 50 * mm
        for line in recipient.address_lines():
            pdf.drawString(left, y, line)
            y -= 5 * mm
        y = height - 95 * mm
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(left, y, _("Stem mee over geld voor %(place)s") % {"place": place})
        y -= 12 * mm
        pdf.setFont("Helvetica", 11)
        y = _paragraph(
            pdf,
            _(
                "Beste bewoner,\nU mag meebeslissen over %(round)s. Bewoners hebben plannen "
                "gemaakt. U kiest welke plannen het geld krijgen. Stemmen kan tot en met %(end)s."
            )
            % {"round": budget_round.title, "end": end},
            left,
            y,
        )
        y = _paragraph(
            pdf,
            _(
                "Zo stemt u:\n1. Ga naar %(url)s of scan de QR-code met uw telefoon.\n"
                "2. Typ uw stemcode.\n3. Kies uw plannen en verstuur uw stem."
            )
            % {"url": vote_url()},
            left,
            y,
        )
        pdf.setFont("Helvetica", 11)
        pdf.drawString(left, y, _("Uw stemcode:"))
        pdf.setFont("Courier-Bold", 22)
        pdf.drawString(left, y - 11 * mm, code)
        draw_qr(pdf, vote_url(code), width - left - 40 * mm, y - 20 * mm, 40 * mm)
        y -= 32 * mm
        pdf.setFont("Helvetica", 11)
        y = _paragraph(
            pdf,
            _(
                "Liever op papier stemmen, of wilt u hulp? Kom met deze brief naar het "
                "wijkcentrum, of bel 14 0570. Een medewerker helpt u.\nU kunt één keer "
                "stemmen. Uw stem is geheim: niemand kan zien wat u kiest.\nBewaar deze brief "
                "goed en geef de code aan niemand anders."
            ),
            left,
            y,
        )
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
