"""Capture tasks: created on uploaded files, run in Celery, Submitted → InProgress →
Done, WaitForAction or Failed with the reason; the vendor's layout with its pages."""

import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from trainer.captureapi.models import CaptureTask, Page, Status

from .conftest import PROPERTIES, post_json, refusal, task_body, upload, url
from .invoices import invoice

pytestmark = pytest.mark.django_db


def _file_ref(api, data: bytes, name: str = "invoice.pdf") -> dict:
    stored = upload(api, data, name).json()[0]
    return {"id": stored["id"], "token": stored["token"]}


def test_a_new_task_is_answered_whole_as_the_vendor_does_submitted(api, invoices_type):
    ref = _file_ref(api, invoice(1).pdf)

    response = post_json(api, "v2/task/capture/invoices", task_body(ref))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == Status.SUBMITTED
    assert body["verification_id"] is None
    assert body["properties"] == PROPERTIES
    [document] = body["documents"]
    assert document["files"] == {"source": {**ref, "name": "invoice.pdf"}}
    assert CaptureTask.objects.get(uuid=body["id"]).status == Status.SUBMITTED


def test_an_unknown_document_type_is_404(api, invoices_type):
    response = post_json(api, "v2/task/capture/receipts", task_body(_file_ref(api, invoice(1).pdf)))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "files"),
        ({"properties": PROPERTIES}, "files"),
        ({"files": [], "properties": PROPERTIES}, "files"),
        (task_body({"id": "x"}), "files[0].token"),
        (task_body({"id": "5f0b9a8e-3a4c-4f7e-9d25-0c1a2b3c4d5e", "token": "t"}), "files[0]"),
        ({"files": "all", "properties": PROPERTIES}, "files"),
        ({"files": [{"id": "x", "token": "t"}]}, "properties"),
        ({"files": [{"id": "x", "token": "t"}], "properties": []}, "properties"),
        ({**task_body({"id": "x", "token": "t"}), "priority": 1}, "priority"),
        (task_body({"id": "x", "token": "t"}, label="Passport"), "properties.label"),
    ],
)
def test_a_task_body_that_breaks_a_rule_is_a_400_naming_the_field(api, invoices_type, body, field):
    response = post_json(api, "v2/task/capture/invoices", body)

    assert f"{field}: " in refusal(response)


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_each_of_the_three_properties_is_required(api, invoices_type, name):
    body = task_body(_file_ref(api, invoice(1).pdf))
    del body["properties"][name]

    response = post_json(api, "v2/task/capture/invoices", body)

    assert f"properties.{name}: This field is required." in refusal(response)


@pytest.mark.parametrize(
    ("name", "value", "choices"),
    [
        ("region", "DE", "US, EU, AU, CA"),
        ("region", "eu", "US, EU, AU, CA"),
        ("export_format", "Xls", "Json"),
        ("verification_type", "Manual", "NoVerification, Troubleshooting, UserVerification"),
        ("verification_type", 1, "NoVerification, Troubleshooting, UserVerification"),
    ],
)
def test_a_property_outside_the_vendors_values_is_a_400_naming_them(
    api, invoices_type, name, value, choices
):
    body = task_body(_file_ref(api, invoice(1).pdf), **{name: value})

    response = post_json(api, "v2/task/capture/invoices", body)

    assert f"properties.{name}: Must be one of: {choices}." in refusal(response)


def test_the_properties_are_kept_with_the_task(api, invoices_type):
    body = task_body(_file_ref(api, invoice(1).pdf), region="CA")

    task_id = post_json(api, "v2/task/capture/invoices", body).json()["id"]

    assert CaptureTask.objects.get(uuid=task_id).properties == {**PROPERTIES, "region": "CA"}


def test_another_applications_file_cannot_be_captured(api, other_api, invoices_type):
    ref = _file_ref(api, invoice(1).pdf)

    response = post_json(other_api, "v2/task/capture/invoices", task_body(ref))

    assert "files[0]: No file with this id and token." in refusal(response)


def test_a_captured_pdf_has_its_pages_rendered_at_the_fixed_resolution(api, captured, settings):
    task_id, file_id, layout, _document = captured(1)

    [page] = layout["pages"]
    assert (page["number"], page["resolution"]) == (1, settings.CAPTUREAPI_DPI)
    assert (page["width"], page["height"]) == (1241, 1754)  # A4 (595 × 842 pt) at 150 dpi


def test_the_layout_is_the_vendors_without_images_or_words(api, captured):
    task_id, file_id, layout, _document = captured(1)

    assert set(layout) == {"task_id", "file_id", "pages", "fields", "tables"}
    assert (layout["task_id"], layout["file_id"]) == (task_id, file_id)
    assert set(layout["pages"][0]) == {"id", "number", "resolution", "width", "height"}
    assert {key for field in layout["fields"] for key in field} == {"name", "value", "rectangles"}


def test_the_words_read_on_a_page_carry_boxes_inside_it(api, captured):
    _task_id, _file_id, layout, _document = captured(1)
    page = layout["pages"][0]

    words = Page.objects.get(pk=page["id"]).words

    assert "Total:" in {text for text, *_box in words}
    for _text, x1, y1, x2, y2, read in words:
        assert read == 1.0  # the text layer
        assert 0 <= x1 < x2 <= page["width"]
        assert 0 <= y1 < y2 <= page["height"]


def test_the_layout_of_a_file_not_in_the_task_is_404(api, captured):
    task_id, _file_id, _layout, _document = captured(1)
    _other_task, other_file, _other_layout, _other = captured(2)

    assert api.get(url(f"v2/training/layout/{task_id}/{other_file}")).status_code == 404


def test_a_task_of_another_application_is_404(api, other_api, captured):
    task_id, _file_id, _layout, _document = captured(1)

    assert other_api.get(url(f"v2/task/{task_id}")).status_code == 404


def test_a_deleted_task_is_gone_with_its_pages(api, captured):
    task_id, _file_id, _layout, _document = captured(1)

    assert api.delete(url(f"v2/task/{task_id}")).status_code == 204

    assert api.get(url(f"v2/task/{task_id}")).status_code == 404
    assert not Page.objects.exists()


def test_a_broken_pdf_fails_with_the_reason(
    api, invoices_type, eager_celery, django_capture_on_commit_callbacks
):
    ref = _file_ref(api, b"%PDF-1.4\nthis is not a PDF at all")
    with django_capture_on_commit_callbacks(execute=True):
        task_id = post_json(api, "v2/task/capture/invoices", task_body(ref)).json()["id"]

    task = api.get(url(f"v2/task/{task_id}")).json()

    assert task["status"] == Status.FAILED
    assert "PDF cannot be read" in task["error"]


def test_a_task_that_is_not_new_is_not_run_again(api, captured):
    from trainer.captureapi.services import task_run

    task_id, _file_id, _layout, _document = captured(1)
    task = CaptureTask.objects.get(uuid=task_id)

    task_run(task_id=task.pk)

    assert Page.objects.count() == 1


def _text_image(lines: list[str]) -> bytes:
    image = Image.new("RGB", (900, 400), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    for index, line in enumerate(lines):
        draw.text((40, 40 + 70 * index), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def _capture_image(api, django_capture_on_commit_callbacks) -> dict:
    ref = _file_ref(api, _text_image(["Invoice number: 4711", "Total: 99.50"]), "scan.png")
    with django_capture_on_commit_callbacks(execute=True):
        task_id = post_json(api, "v2/task/capture/invoices", task_body(ref)).json()["id"]
    return api.get(url(f"v2/task/{task_id}")).json() | {
        "layout": api.get(url(f"v2/training/layout/{task_id}/{ref['id']}")).json()
    }


def test_an_image_without_tesseract_fails_naming_what_to_install(
    api, invoices_type, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.CAPTUREAPI_TESSERACT_CMD = "/nonexistent/tesseract"

    task = _capture_image(api, django_capture_on_commit_callbacks)

    assert task["status"] == Status.FAILED
    assert "apt-get install tesseract-ocr" in task["error"]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr")
def test_an_image_is_read_by_ocr_at_its_own_resolution(
    api, invoices_type, eager_celery, django_capture_on_commit_callbacks
):
    pytest.importorskip("pytesseract")

    task = _capture_image(api, django_capture_on_commit_callbacks)

    [page] = task["layout"]["pages"]
    assert (page["resolution"], page["width"], page["height"]) == (200, 900, 400)
    words = Page.objects.get(pk=page["id"]).words
    assert {"Invoice", "number:", "4711", "Total:", "99.50"} <= {word[0] for word in words}
    assert all(0 < word[5] <= 1 for word in words)  # how sure OCR is of each


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr")
def test_an_image_is_read_in_its_document_types_languages(
    api, invoices_type, eager_celery, django_capture_on_commit_callbacks
):
    pytest.importorskip("pytesseract")
    invoices_type.languages = "xyz"
    invoices_type.save()

    task = _capture_image(api, django_capture_on_commit_callbacks)

    assert task["status"] == Status.FAILED
    assert "languages xyz" in task["error"]
