"""A manager uploads an invoice, sees the fields found out of the box, replaces two of
their rectangles with ones drawn with the mouse on the rendered page and trains; the
service receives the right page id and coordinates. Only the chosen field's rectangles
move, a rectangle over blank space is warned of before training, and the fields are
listed by the last part of their names."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.captureapi.invoices import FIELDS, invoice
from trainer.captureapi.models import CaptureModel
from trainer.dashboard.models import CaptureTraining
from trainer.learning.capture import Rectangle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURE_TIMEOUT_MS = 60_000
DPI = 150
NUMBER = "Root/Invoice Layout/InvoiceNumber"
DATE = "Root/Invoice Layout/InvoiceDate"
TOTAL = "Root/Invoice Layout/Total"
MARGIN = 4  # page pixels drawn around the printed value
TOLERANCE = 3  # page pixels lost to the screen's scale


def _drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag with the mouse over the page image from ``start`` to ``end`` (page pixels),
    scrolled so that ``start`` is in view (a button low in the field list may have
    scrolled the page's top away)."""
    overlay = page.locator(".capture-overlay").first
    width = int(overlay.get_attribute("viewBox").split()[2])
    box = overlay.bounding_box()
    scale = box["width"] / width
    page.evaluate("dy => window.scrollBy(0, dy)", box["y"] + start[1] * scale - 100)
    box = overlay.bounding_box()
    page.mouse.move(box["x"] + start[0] * scale, box["y"] + start[1] * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + end[0] * scale, box["y"] + end[1] * scale, steps=8)
    page.mouse.up()


def _draw(page: Page, rectangle) -> None:
    """Draw over ``rectangle`` (page pixels), with a margin, from corner to corner."""
    _drag(
        page,
        (rectangle.x1 - MARGIN, rectangle.y1 - MARGIN),
        (rectangle.x2 + MARGIN, rectangle.y2 + MARGIN),
    )


def _choose(page: Page, name: str) -> None:
    """Choose the field ``name`` in the list, where it is shown by its last part."""
    page.get_by_role("radio", name=name.rpartition("/")[2]).check()


def _delete_found(page: Page, name: str) -> None:
    """Delete the rectangle the field ``name`` was found in."""
    field = page.locator(f'.capture-field[data-field="{name}"]')
    field.get_by_role("button", name=re.compile("^Delete rectangle")).click()


def _redraw(page: Page, name: str, rectangle) -> None:
    """Choose the field ``name``, delete the rectangle it was found in, draw ``rectangle``."""
    _choose(page, name)
    _delete_found(page, name)
    _draw(page, rectangle)


def _invoice_page(page_as, tmp_path):
    """The page viewer of invoice 3, uploaded by the demo's manager, and the invoice;
    the service found each field out of the box (the demo's type is ``invoices``)."""
    document = invoice(3)
    pdf = tmp_path / "invoice-3.pdf"
    pdf.write_bytes(document.pdf)
    page = page_as("demo-manager")
    page.get_by_role("link", name="Supplier invoices").click()
    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Document").set_input_files(pdf)
    page.get_by_role("button", name="Upload and capture").click()
    page.wait_for_url(re.compile(r"/capture/\d+/documents/\d+/$"))
    expect(page.locator(".capture-page img")).to_be_visible(timeout=CAPTURE_TIMEOUT_MS)
    expect(page.locator(".capture-rect")).to_have_count(len(FIELDS))
    number = page.locator(f'.capture-field[data-field="{NUMBER}"] .capture-field__text')
    expect(number).to_have_text(document.values[NUMBER])
    return page, document


def test_manager_redraws_two_rectangles_and_trains(demo, page_as, tmp_path):
    page, document = _invoice_page(page_as, tmp_path)
    rectangles = document.rectangles(dpi=DPI)

    for name in (NUMBER, TOTAL):
        [rectangle] = rectangles[name]
        _redraw(page, name, rectangle)
        field = page.locator(f'.capture-field[data-field="{name}"]')
        expect(field.locator(".capture-field__text")).to_have_text(document.values[name])
    expect(page.locator(".capture-rect")).to_have_count(len(FIELDS))

    page.get_by_role("button", name="Train").click()
    expect(page.get_by_text("Trained: the capture model learnt 5 fields")).to_be_visible()

    training = CaptureTraining.objects.get()
    assert training.succeeded
    layout_page = training.document.layout["pages"][0]
    sent = {field["name"]: field["rectangles"] for field in training.payload["fields"]}
    assert set(sent) == set(FIELDS)
    for name in (NUMBER, TOTAL):
        [drawn] = sent[name]
        [printed] = rectangles[name]
        assert drawn["page_id"] == layout_page["id"]
        for key in ("x1", "y1"):
            assert abs(drawn[key] - (getattr(printed, key) - MARGIN)) <= TOLERANCE, (name, drawn)
        for key in ("x2", "y2"):
            assert abs(drawn[key] - (getattr(printed, key) + MARGIN)) <= TOLERANCE, (name, drawn)
    # The service learnt where the value lies (the words inside the rectangle drawn),
    # relative to the page.
    [example] = CaptureModel.objects.get().model["examples"]
    [learnt] = example["fields"][TOTAL]
    x1, y1, x2, y2 = learnt["box"]
    drawn, width, height = sent[TOTAL][0], layout_page["width"], layout_page["height"]
    assert drawn["x1"] / width <= x1 < x2 <= drawn["x2"] / width
    assert drawn["y1"] / height <= y1 < y2 <= drawn["y2"] / height


def test_the_fields_are_listed_by_the_last_part_of_their_names(demo, page_as, tmp_path):
    page, _document = _invoice_page(page_as, tmp_path)

    name = page.locator(f'.capture-field[data-field="{TOTAL}"] .capture-field__name code')

    expect(name).to_have_text("Total")
    expect(name).to_have_attribute("title", TOTAL)


def _box(page: Page, name: str) -> dict[str, str]:
    """Where the rectangle of field ``name`` is drawn (its SVG attributes)."""
    rect = page.locator(f'.capture-rect[data-field="{name}"]')
    return {key: rect.get_attribute(key) for key in ("x", "y", "width", "height")}


def test_a_drag_on_another_fields_rectangle_draws_for_the_chosen_field(demo, page_as, tmp_path):
    page, document = _invoice_page(page_as, tmp_path)
    rectangles = document.rectangles(dpi=DPI)
    [number] = rectangles[NUMBER]
    [date] = rectangles[DATE]
    _redraw(page, NUMBER, number)
    drawn = _box(page, NUMBER)

    _choose(page, DATE)
    _delete_found(page, DATE)
    _drag(page, ((number.x1 + number.x2) / 2, (number.y1 + number.y2) / 2), (date.x2, date.y2))

    assert _box(page, NUMBER) == drawn
    expect(page.locator(f'.capture-rect[data-field="{DATE}"]')).to_have_count(1)


def test_training_with_a_rectangle_over_blank_space_is_warned_of_first(demo, page_as, tmp_path):
    page, document = _invoice_page(page_as, tmp_path)
    [number] = document.rectangles(dpi=DPI)[NUMBER]
    _redraw(page, NUMBER, number)
    # Right of the invoice number, left of "Bill to:": nothing is printed there.
    blank = Rectangle(number.page, number.x2 + 40, number.y1, number.x2 + 140, number.y2)
    _redraw(page, TOTAL, blank)

    page.get_by_role("button", name="Train", exact=True).click()

    warning = page.get_by_role("alert").filter(has_text="No text lies under")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("listitem")).to_have_text(["Total"])
    assert not CaptureTraining.objects.exists()
    warning.get_by_role("button", name="Train anyway").click()
    expect(page.get_by_text("Trained: the capture model learnt 5 fields")).to_be_visible()
