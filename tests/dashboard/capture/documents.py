"""Small documents made by the tests (never real ones): PDFs with a text layer
(fpdf2), PDFs and images of scanned text (Pillow), in pixels at :data:`DPI`."""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

DPI = 150
POINTS_PER_INCH = 72
# An A4 page at DPI, as a layout gives it.
WIDTH, HEIGHT = 1240, 1754
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def layout_page(page_id: int = 41, number: int = 1, **size) -> dict:
    """A page of a layout as the capture service sends it: no image, no words."""
    page = {"id": page_id, "number": number, "resolution": DPI, "width": WIDTH, "height": HEIGHT}
    return {**page, **size}


def pdf(words: Sequence[tuple[float, float, str]], *, pages: int = 1, size: float = 10) -> bytes:
    """An A4 PDF with each ``(x, baseline, text)`` (pixels at DPI) on page 1; the
    pages after it are blank."""
    document = FPDF(unit="pt", format="A4")
    document.set_font("Helvetica", size=size)
    for number in range(pages):
        document.add_page()
        for x, baseline, text in words if number == 0 else ():
            document.text(x * POINTS_PER_INCH / DPI, baseline * POINTS_PER_INCH / DPI, text)
    return bytes(document.output())


def scan(
    words: Sequence[tuple[float, float, str]], *, size: tuple[int, int] = (WIDTH, HEIGHT)
) -> Image.Image:
    """A white page with each ``(x, top, text)`` printed in black, 36 pixels high."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 36)
    for x, top, text in words:
        draw.text((x, top), text, fill="black", font=font)
    return image


def encoded(images: Sequence[Image.Image], *, format: str, **options) -> bytes:
    """The images in one file (TIFF: one frame each)."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, format=format, save_all=bool(rest), append_images=rest, **options)
    return buffer.getvalue()


def scanned_pdf(image: Image.Image) -> bytes:
    """An A4 PDF whose only page is ``image``: no text layer."""
    document = FPDF(unit="pt", format="A4")
    document.add_page()
    document.image(image, x=0, y=0, w=document.w, h=document.h)
    return bytes(document.output())
