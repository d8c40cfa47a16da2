"""Invitation letters as one PDF, one page per invited person (reportlab + segno QR codes)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from meedoen.lotteries.codes import response_code
from meedoen.lotteries.models import Panel
from meedoen.printing import draw_qr

LEFT = 25 * mm
WIDTH = A4[0] - 2 * LEFT


def registration_url(base_url: str, code: str) -> str:
    return f"{base_url}?{urlencode({'code': code})}"


def render_letters(panel: Panel, base_url: str) -> bytes:
    """``base_url`` is the absolute URL of the registration page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Uitnodigingen %(title)s") % {"title": panel.title})
    pdf.setAuthor("Gemeente Deventer")
    for invitation in panel.invitations.order_by("draw_position"):
        code = response_code(panel.pk, invitation.person_id)
        _letter(pdf, panel, invitation, code, registration_url(base_url, code))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _paragraph(pdf, text: str, y: float, size: int = 11, font: str = "Helvetica") -> float:
    pdf.setFont(font, size)
    for line in simpleSplit(text, font, size, WIDTH):
        pdf.drawString(LEFT, y, line)
        y -= size * 1.45
    return y - size * 0.6


def _letter(pdf, panel: Panel, invitation, code: str, url: str) -> None:
    height = A4[1]
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(LEFT, height - 25 * mm, "Gemeente Deventer")
    pdf.setFont("Helvetica", 10)
    y = height - 45 * mm
    if invitation.address:
        address_lines = [_("Aan de bewoner van"), invitation.address]
    else:
        # Co-owners' letters: the register has no addresses; the municipality's mail room adds
        # the address from the BRP by the register number.
        address_lines = [_("Aan de mede-eigenaar met registernummer"), invitation.person_id]
    for line in address_lines:
        pdf.drawString(LEFT, y, line)
        y -= 13
    y -= 20
    y = _paragraph(
        pdf,
        _("Uitnodiging: %(title)s") % {"title": panel.title},
        y,
        size=14,
        font="Helvetica-Bold",
    )
    y = _paragraph(pdf, _("Beste inwoner van Deventer,"), y)
    y = _paragraph(
        pdf,
        _(
            "Wij zoeken inwoners die willen meedenken over dit onderwerp: %(topic)s. "
            "Uw adres is door loting gekozen. Iedereen had dezelfde kans."
        )
        % {"topic": panel.topic.strip()},
        y,
    )
    if panel.starts_on and panel.ends_on and panel.ends_on != panel.starts_on:
        details = _("De bijeenkomsten zijn van %(start)s tot %(end)s") % {
            "start": date_format(panel.starts_on, "j F"),
            "end": date_format(panel.ends_on, "j F Y"),
        }
    elif panel.starts_on:
        details = _("De bijeenkomst is op %(date)s") % {
            "date": date_format(panel.starts_on, "j F Y")
        }
    else:
        details = _("De datum laten wij u nog weten")
    if panel.place:
        details += ", " + _("in %(place)s") % {"place": panel.place}
    y = _paragraph(pdf, details + ".", y)
    if panel.allowance:
        y = _paragraph(
            pdf,
            _("U krijgt een vergoeding voor uw tijd: %(allowance)s.")
            % {"allowance": panel.allowance},
            y,
        )
    y = _paragraph(
        pdf,
        _(
            "Wilt u meedoen? Meld u aan op de website. Scan de QR-code of ga naar de website en "
            "typ uw persoonlijke code. Uit alle aanmeldingen loten wij %(size)s deelnemers. Zo "
            "lijkt de groep op heel Deventer."
        )
        % {"size": panel.panel_size},
        y,
    )
    if panel.respond_by:
        y = _paragraph(
            pdf,
            _("Meld u aan vóór %(date)s.") % {"date": date_format(panel.respond_by, "j F Y")},
            y,
        )
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(LEFT, y, _("Uw persoonlijke code: %(code)s") % {"code": code})
    y -= 18
    pdf.setFont("Helvetica", 10)
    pdf.drawString(LEFT, y, url.split("?")[0])
    y -= 10
    size = 40 * mm
    draw_qr(pdf, url, LEFT, y - size, size)
    y -= size + 10 * mm
    _paragraph(
        pdf,
        _(
            "Liever op papier of hulp nodig? Bel %(phone)s. Wij vullen het samen met u in. "
            "Deze brief is alleen voor u: geef uw code niet aan iemand anders."
        )
        % {"phone": panel.help_phone},
        y,
    )
