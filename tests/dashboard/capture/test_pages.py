"""The dashboard draws a document's pages from its file, in the layout's pixels and
never more than MAX_PIXELS."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from trainer.dashboard.capture import pages

from .documents import HEIGHT, WIDTH, encoded, layout_page, pdf, scan

pytestmark = pytest.mark.django_db


def _drawn(document, page: dict) -> Image.Image:
    return Image.open(io.BytesIO(pages.page_png(document=document, page=page)))


def test_a_pdf_page_is_drawn_at_the_layouts_resolution(make_document):
    document = make_document(pdf([(100, 200, "Invoice")]))

    image = _drawn(document, layout_page())

    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_the_layouts_page_number_chooses_the_pdf_page(make_document):
    document = make_document(pdf([(100, 200, "Invoice")], pages=2))
    second = layout_page(page_id=42, number=2, resolution=72, width=595, height=842)

    assert _drawn(document, second).size == (595, 842)


def test_a_huge_page_is_drawn_with_fewer_pixels_in_its_shape(make_document, monkeypatch):
    monkeypatch.setattr(pages, "MAX_PIXELS", 100_000)
    document = make_document(pdf([(100, 200, "Invoice")]))

    width, height = _drawn(document, layout_page()).size

    assert width * height <= 100_000
    assert width / height == pytest.approx(WIDTH / HEIGHT, rel=0.01)


def test_an_image_is_drawn_at_its_own_size(make_document):
    document = make_document(encoded([scan([], size=(600, 800))], format="PNG"))

    assert _drawn(document, layout_page(width=600, height=800)).size == (600, 800)


def test_a_scan_finer_than_the_layout_is_drawn_at_the_layouts_size(make_document):
    document = make_document(encoded([scan([], size=(1200, 1600))], format="JPEG"))

    assert _drawn(document, layout_page(width=600, height=800)).size == (600, 800)


def test_each_tiff_frame_is_a_page(make_document):
    frames = [scan([], size=(300, 400)), Image.new("RGB", (300, 400), "black")]
    document = make_document(encoded(frames, format="TIFF"))

    image = _drawn(document, layout_page(page_id=2, number=2, width=300, height=400))

    assert image.getpixel((150, 200)) == (0, 0, 0)


@pytest.mark.parametrize(
    ("source", "page"),
    [
        (None, layout_page()),  # uploaded before the dashboard kept files
        (b"%PDF-1.4 broken", layout_page()),
        (b"not a document", layout_page()),
        (pdf([]), layout_page(number=2)),
        (encoded([scan([], size=(30, 40))], format="PNG"), layout_page(number=2)),
        (encoded([scan([(5, 5, "12.00")], size=(300, 400))], format="PNG")[:-300], layout_page()),
    ],
    ids=["no file", "broken pdf", "no image", "no such pdf page", "no such frame", "truncated"],
)
def test_a_page_that_cannot_be_drawn_says_so(make_document, source, page):
    document = make_document(source)

    with pytest.raises(pages.UnreadablePage):
        pages.page_png(document=document, page=page)


def test_an_image_frame_too_large_is_refused_before_it_is_decoded(make_document, monkeypatch):
    monkeypatch.setattr(pages, "MAX_FRAME_PIXELS", 1_000)
    document = make_document(encoded([scan([], size=(100, 100))], format="PNG"))

    with pytest.raises(pages.UnreadablePage, match="too large"):
        pages.page_png(document=document, page=layout_page(width=100, height=100))
