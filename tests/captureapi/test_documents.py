"""Reading a PDF's text layer: each word with its own box."""

import math

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from trainer.captureapi.documents import POINTS_PER_INCH, _for_ocr, ocr_words, pdf_pages

DPI = 150
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_words_after_a_character_beyond_utf16s_first_plane_keep_their_boxes():
    """PDFium counts such a character (here U+10300) as two UTF-16 units."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=12)
    line = "Tel \U00010300 +33 Invoice FA-2017-0010"
    pdf.text(50, 100, line)

    [page] = pdf_pages(bytes(pdf.output()), dpi=DPI, max_pages=1)

    assert [word.text for word in page.words] == line.split()
    last = page.words[-1]
    start = 50 + pdf.get_string_width(line.rsplit(" ", 1)[0] + " ")
    end = 50 + pdf.get_string_width(line)
    scale = DPI / POINTS_PER_INCH  # the tight box lies a side bearing inside
    assert abs(last.x1 - start * scale) < 5
    assert abs(last.x2 - end * scale) < 5


def _scan(size: int) -> Image.Image:
    """A white page with one line of text in DejaVu Sans of ``size`` pixels at (40, 40)."""
    image = Image.new("RGB", (30 * size, 6 * size), "white")
    ImageDraw.Draw(image).text(
        (40, 40), "Invoice 2024", font=ImageFont.truetype(FONT, size), fill="black"
    )
    return image


def test_small_text_is_enlarged_before_it_is_read_and_its_words_keep_the_pages_pixels():
    small = _scan(9)

    words = ocr_words(small, tesseract_cmd="tesseract", languages="eng")

    assert _for_ocr(small).scale > 1
    assert [word.text for word in words] == ["Invoice", "2024"]
    assert 35 < words[0].x1 < 45 and 38 < words[0].y1 < 50
    assert words[-1].x2 < small.width and words[-1].y2 < small.height


def test_text_large_enough_is_read_as_it_is():
    assert _for_ocr(_scan(40)).scale == 1.0


def test_a_scan_askew_is_levelled_before_it_is_read_and_its_words_keep_the_pages_pixels():
    page = Image.new("RGB", (900, 700), "white")
    font = ImageFont.truetype(FONT, 28)
    for row in range(8):
        ImageDraw.Draw(page).text(
            (60, 80 + 60 * row), f"Line {row} of a receipt", font=font, fill="black"
        )
    askew = page.rotate(3, resample=Image.Resampling.BICUBIC, fillcolor="white")
    # Where the middle of "Line" on the first row went: turned 3 degrees about the middle.
    turn, (mx, my) = math.radians(3), (450, 350)
    dx, dy = 60 + 28 - mx, 80 + 17 - my
    x, y = (
        mx + dx * math.cos(turn) + dy * math.sin(turn),
        my - dx * math.sin(turn) + dy * math.cos(turn),
    )

    first = ocr_words(askew, tesseract_cmd="tesseract", languages="eng")[0]

    assert abs(_for_ocr(askew).angle + 3) <= 0.5
    assert first.text == "Line"
    assert first.x1 < x < first.x2 and first.y1 < y < first.y2
