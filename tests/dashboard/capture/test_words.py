"""The one place the dashboard reads words: the PDF's text layer, Tesseract for
scans, each page once; and the rule of the text under a rectangle."""

from __future__ import annotations

import shutil

import pytest

from trainer.dashboard.capture import words
from trainer.dashboard.capture.words import Word, drawing_texts, text_under
from trainer.dashboard.models import CapturePage

from .documents import encoded, pdf, scan, scanned_pdf

pytestmark = pytest.mark.django_db

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr"
)

# "Total:" and "EUR 12.00" on one line (baseline 820 px), "4711" below.
INVOICE = [(790, 820, "Total:"), (1010, 820, "EUR 12.00"), (300, 1000, "4711")]
TOTAL = {"page_id": 41, "x1": 1000, "y1": 795, "x2": 1140, "y2": 830}
BLANK = {"page_id": 41, "x1": 100, "y1": 100, "x2": 300, "y2": 200}


def _texts(document, *rectangles) -> dict:
    return drawing_texts(document=document, drawing=[{"name": "Total", "rectangles": rectangles}])


# -- the rule ------------------------------------------------------------------------


def test_a_word_is_under_a_rectangle_when_its_middle_line_is_inside_and_it_overlaps_across():
    page = [
        Word("in", 10, 10, 30, 30),
        Word("half-below", 40, 15, 60, 35),  # middle line 25: inside
        Word("mostly-below", 70, 22, 90, 42),  # middle line 32: outside
        Word("touching", 100, 10, 120, 30),  # starts where the rectangle ends
    ]

    assert text_under(page, {"x1": 0, "y1": 0, "x2": 100, "y2": 30}) == "in half-below"


def test_the_text_under_a_rectangle_reads_line_by_line_left_to_right():
    page = [
        Word("second", 10, 52, 60, 70),
        Word("line", 70, 50, 100, 68),
        Word("first", 70, 11, 100, 30),
        Word("The", 10, 10, 60, 29),
    ]

    assert text_under(page, {"x1": 0, "y1": 0, "x2": 200, "y2": 100}) == "The first second line"


# -- reading a document's pages ------------------------------------------------------


def test_a_pdf_is_read_by_its_text_layer_in_the_layouts_pixels(make_document):
    document = make_document(pdf(INVOICE))

    texts = _texts(document, TOTAL, BLANK)

    assert texts == {"Total": {"text": "EUR 12.00", "blank": [1]}}
    [page] = CapturePage.objects.filter(document=document)
    total = next(Word(*w) for w in page.words if w[0] == "Total:")
    assert total.x1 == pytest.approx(790, abs=2)
    assert total.y1 < 820 < total.y2  # the baseline crosses the word


def test_the_texts_of_several_rectangles_follow_one_another(make_document):
    document = make_document(pdf(INVOICE))
    number = {"page_id": 41, "x1": 290, "y1": 975, "x2": 400, "y2": 1010}

    assert _texts(document, number, TOTAL)["Total"] == {"text": "4711 EUR 12.00", "blank": []}


def test_each_page_is_read_once_and_kept(make_document, monkeypatch):
    document = make_document(pdf(INVOICE))
    _texts(document, TOTAL)
    monkeypatch.setattr(words, "_read", lambda source: pytest.fail("read again"))

    assert _texts(document, TOTAL)["Total"]["text"] == "EUR 12.00"
    assert CapturePage.objects.filter(document=document).count() == 1


def test_a_rectangle_on_a_page_that_is_not_in_the_layout_is_blank(make_document):
    document = make_document(pdf(INVOICE))

    assert _texts(document, {**TOTAL, "page_id": 99})["Total"] == {"text": "", "blank": [0]}


def test_a_page_that_cannot_be_read_is_blank_and_read_again_later(make_document, caplog):
    document = make_document(None)  # the file is not kept

    assert _texts(document, TOTAL)["Total"] == {"text": "", "blank": [0]}
    assert not CapturePage.objects.exists()
    assert "is not kept" in caplog.text


def test_a_scan_without_tesseract_is_blank_and_not_kept(make_document, monkeypatch, caplog):
    pytest.importorskip("pytesseract")
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    document = make_document(encoded([scan([(1010, 795, "12.00")])], format="PNG"))

    assert _texts(document, TOTAL)["Total"]["blank"] == [0]
    assert not CapturePage.objects.exists()
    assert "tesseract-ocr" in caplog.text


@needs_tesseract
def test_an_image_is_read_by_ocr(make_document):
    pytest.importorskip("pytesseract")
    document = make_document(encoded([scan([(1010, 795, "12.00")])], format="PNG"))

    assert _texts(document, TOTAL)["Total"] == {"text": "12.00", "blank": []}


@needs_tesseract
def test_a_finer_scan_is_read_in_the_layouts_pixels(make_document):
    pytest.importorskip("pytesseract")
    fine = scan([(2020, 1590, "12.00")], size=(2480, 3508))  # 300 dpi, twice the layout's
    document = make_document(encoded([fine], format="PNG"))

    [texts] = _texts(document, TOTAL).values()

    assert texts == {"text": "12.00", "blank": []}


@needs_tesseract
def test_a_pdf_page_without_text_is_read_by_ocr(make_document):
    pytest.importorskip("pytesseract")
    document = make_document(scanned_pdf(scan([(1010, 795, "12.00")])))

    assert _texts(document, TOTAL)["Total"]["text"] == "12.00"
