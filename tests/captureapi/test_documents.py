"""Reading a PDF's text layer: each word with its own box."""

from fpdf import FPDF

from trainer.captureapi.documents import POINTS_PER_INCH, pdf_pages

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
