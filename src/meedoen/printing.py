"""Drawing on the PDFs the platform prints (letters, vouchers, voting slips)."""

import segno


def draw_qr(pdf, data: str, x: float, y: float, size: float, *, quiet_zone: int = 4) -> None:
    """Draws a QR code of ``data`` as vector squares in the box (x, y, size): sharp when
    printed and small in the file. The quiet zone (in modules) is the scanners' margin."""
    matrix = [list(row) for row in segno.make(data, error="m").matrix]
    cell = size / (len(matrix) + 2 * quiet_zone)
    pdf.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + (c + quiet_zone) * cell,
                    y + size - (r + quiet_zone + 1) * cell,
                    cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
