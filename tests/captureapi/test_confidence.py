"""How sure the capture is of a trained field, through the service: less from a scan
than from a PDF's text layer (Tesseract is sure of many a misread), and never sure of a
value that only its place on the page finds, however surely it was read (see
``trainer/learning/capture_confidence.py``)."""

import io
import json
import shutil

import pypdfium2
import pytest
from fpdf import FPDF

from .conftest import post_json, task_body, upload, url
from .invoices import invoice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr"),
]

DPI = 150
NUMBER = "Root/Invoice Layout/InvoiceNumber"
DATE = "Root/Invoice Layout/InvoiceDate"


def _slip(value: str) -> bytes:
    """A page with one value on it and no other word: nothing but its place finds it."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.set_xy(30, 40)
    pdf.cell(text=value)
    return bytes(pdf.output())


def _scan(pdf: bytes) -> bytes:
    """The page as a scanner gives it: a PNG at the resolution PDFs are rendered at."""
    buffer = io.BytesIO()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=DPI / 72).to_pil()
    image.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _capture(api, capture_on_commit, data: bytes, name: str) -> tuple[str, str]:
    """(task id, file id) of ``data`` captured as a supplier bill (the invoice's fields,
    none found untrained), without verification."""
    stored = upload(api, data, name).json()[0]
    body = task_body(
        {"id": stored["id"], "token": stored["token"]}, verification_type="NoVerification"
    )
    with capture_on_commit(execute=True):
        task = post_json(api, "v2/task/capture/supplier-bills", body).json()
    return task["id"], stored["id"]


def _fields(api, task_id: str) -> dict[str, dict]:
    """The fields of the task's JSON export, by name."""
    target = api.get(url(f"v2/task/{task_id}")).json()["documents"][0]["files"]["target"]
    response = api.get(url(f"v2/file/{target['id']}/{target['token']}"))
    return {f["name"]: f for f in json.loads(b"".join(response.streaming_content))["fields"]}


def _train(api, task_id: str, file_id: str, fields: dict[str, list[dict]]) -> None:
    """Teach the task's file: each field's rectangles (pixels of its first page)."""
    [page, *_more] = api.get(url(f"v2/training/layout/{task_id}/{file_id}")).json()["pages"]
    body = {
        "task_id": task_id,
        "file_id": file_id,
        "fields": [
            {"name": name, "rectangles": [{"page_id": page["id"], **r} for r in rectangles]}
            for name, rectangles in fields.items()
        ],
    }
    assert post_json(api, "v2/training", body).status_code == 204


@pytest.fixture
def scans(api, own_type, eager_celery, django_capture_on_commit_callbacks):
    """``scans(learnt, tested, fields)``: a model learns ``fields`` (name: rectangles) of
    the PDF ``learnt``; then the PDF ``tested`` and a scan of it are captured: the fields
    of each export, (text layer, scan)."""
    pytest.importorskip("pytesseract")

    def capture(learnt: bytes, tested: bytes, fields: dict[str, list[dict]]):
        task_id, file_id = _capture(api, django_capture_on_commit_callbacks, learnt, "a.pdf")
        _train(api, task_id, file_id, fields)
        from_text, _file = _capture(api, django_capture_on_commit_callbacks, tested, "b.pdf")
        from_scan, _file = _capture(api, django_capture_on_commit_callbacks, _scan(tested), "b.png")
        return _fields(api, from_text), _fields(api, from_scan)

    return capture


@pytest.mark.parametrize(
    ("name", "learnt", "tested"),
    [(NUMBER, "INV-4711", "INV-5823"), (DATE, "03.02.2022", "14.11.2023")],
)
def test_a_value_found_by_its_place_alone_waits_for_a_person_from_a_text_layer_or_a_scan(
    scans, name, learnt, tested
):
    at_its_place = {"x1": 180, "y1": 225, "x2": 400, "y2": 275}  # around the value: 30, 40 mm

    text, scan = scans(_slip(learnt), _slip(tested), {name: [at_its_place]})

    assert text[name]["value"] == scan[name]["value"] == tested
    assert text[name]["unsure"] and scan[name]["unsure"]


def test_a_value_found_by_its_anchors_is_less_sure_from_a_scan_than_from_a_text_layer(scans):
    learnt, tested = invoice(1), invoice(2)
    drawn = {
        name: [{"x1": int(r.x1), "y1": int(r.y1), "x2": int(r.x2) + 1, "y2": int(r.y2) + 1}]
        for name, [r] in learnt.rectangles(dpi=DPI).items()
    }

    text, scan = scans(learnt.pdf, tested.pdf, drawn)

    assert {name: field["value"] for name, field in text.items()} == tested.values
    read_alike = [name for name in text if scan[name]["value"] == text[name]["value"]]
    assert len(read_alike) >= 3
    assert all(scan[name]["confidence"] < text[name]["confidence"] for name in read_alike)
