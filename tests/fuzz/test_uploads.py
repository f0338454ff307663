"""Hostile uploads to every upload endpoint: the text service's labeled data
(``POST /projects/{id}/annotations/upload``), the capture service's documents
(``POST /v2/file``) and the dashboard's two upload forms.

Wrong types, oversized bodies, zip bombs, pages that would decompress to
gigabytes and file names that try to climb out of the storage folder are each
refused (or stored under a safe name) with the contract's JSON error, never a 500.
"""

from __future__ import annotations

import base64
import gzip
import io
import re
import struct
import tracemalloc
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from fpdf import FPDF
from PIL import Image

from tests.security import inprocess
from trainer.captureapi import services as capture_services
from trainer.captureapi.models import CaptureTask, StoredFile
from trainer.celery import app as celery_app
from trainer.dashboard.capture import services as capture_dashboard
from trainer.dashboard.models import CaptureDocument, Role
from trainer.dashboard.models import LabelingSession as SessionMirror
from trainer.dashboard.text import services as dashboard_services
from trainer.dashboard.text import sync as dashboard_sync
from trainer.textapi import services as text_services
from trainer.textapi.models import LabelingSession
from trainer.textapi.models import Role as ApiRole

pytestmark = pytest.mark.django_db

BOUNDARY = "fuzzboundary7f3a"
JSONL = b'{"text": "Heavy rain over Berlin today.", "classes": ["weather"]}\n' * 2 + (
    b'{"text": "The home side won the match.", "classes": ["sports"]}\n' * 2
)
# Expands to 200 MB; a few hundred kB on the wire.
BOMB_BYTES = 200 * 1024 * 1024


# -- files ---------------------------------------------------------------------------------


def _png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A small, valid PNG that announces ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    rows = zlib.compress(b"\x00" * 4096, 9)  # the first few rows only
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _pdf(width_pt: float = 595, height_pt: float = 842) -> bytes:
    pdf = FPDF(unit="pt", format=(width_pt, height_pt))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(40, 60, "Invoice 2024-001  Total EUR 12.00")
    return bytes(pdf.output())


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("data.csv", "w", force_zip64=True) as member,
    ):
        block = b"0" * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(block)):
            member.write(block)
    return buffer.getvalue()


def _gzip_bomb() -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as archive:
        block = b"{" * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(block)):
            archive.write(block)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"zip": _zip_bomb(), "gzip": _gzip_bomb()}


# Content that is not what its name says: (file name, bytes).
def _wrong_types(bombs) -> dict[str, tuple[str, bytes]]:
    return {
        "binary": ("data.jsonl", bytes(range(256)) * 64),
        "image as CSV": ("data.csv", _png()),
        "PDF as CSV": ("data.csv", _pdf()),
        "UTF-16 text": ("data.csv", "text,label\nHallo,x\n".encode("utf-16")),
        "zip bomb as CSV": ("data.csv", bombs["zip"]),
        "gzip bomb as JSON Lines": ("data.jsonl", bombs["gzip"]),
    }


WRONG_TYPES = [
    "binary",
    "image as CSV",
    "PDF as CSV",
    "UTF-16 text",
    "zip bomb as CSV",
    "gzip bomb as JSON Lines",
]

# What capture refuses by its content, whatever the name says.
NOT_DOCUMENTS = {
    "zip bomb as PDF": ("invoice.pdf", "zip"),
    "gzip bomb as PNG": ("scan.png", "gzip"),
    "text as PDF": ("invoice.pdf", b"Invoice 2024-001\nTotal EUR 12.00\n"),
    "PDF with a wrong magic number": ("invoice.pdf", b"%PDX-1.4\n" + _pdf()[9:]),
    "HTML as PNG": ("scan.png", b"<html><script>alert(1)</script></html>"),
    "SVG as PNG": ("scan.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
}

# File names that try to leave the storage folder, hide their ending or break a header.
TRICKY_NAMES = {
    "parent folders": "../../etc/passwd",
    "absolute path": "/etc/passwd",
    "windows path": "..\\..\\windows\\win.ini",
    "NUL byte": "invoice.pdf\x00.exe",
    "control characters": "in\x1bvo\x07ice\r\n.pdf",
    "right-to-left override": "invoice\u202efdp.exe",
    "very long": "a" * 1000 + ".pdf",
    "only dots": "..",
}


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> bytes:
    """A multipart body with ``filename`` exactly as given (Django's test client
    would strip the folders itself)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
        + filename.encode()
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _post_multipart(client: Client, path: str, body: bytes):
    return client.generic(
        "POST", path, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


class CountingBody(io.RawIOBase):
    """A request body that announces ``length`` bytes and counts what is read of it."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.read_so_far = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.length - self.read_so_far)
        buffer[:size] = b"0" * size
        self.read_so_far += size
        return size


def _post_huge(client: Client, path: str, length: int):
    body = CountingBody(length)
    response = client.generic(
        "POST",
        path,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body


def _assert_contract_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def _assert_capture_error(response, status: int) -> None:
    """The capture service's refusal, in the vendor's shape (BadRequestBodyModel)."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"id", "error", "error_description"}
    assert isinstance(body["error_description"], str) and body["error_description"]


class PeakMemory:
    """The largest amount of Python memory allocated inside the block."""

    def __enter__(self):
        tracemalloc.start()
        return self

    def __exit__(self, *exc) -> None:
        _current, self.peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()


# -- the text service ---------------------------------------------------------------------


@pytest.fixture
def text_project(db, django_user_model):
    user = django_user_model.objects.create_user("annotator")
    project = text_services.project_create(name="Newsroom")
    text_services.member_set(project=project, user=user, role=ApiRole.ANNOTATOR)
    _token, raw = text_services.token_create(user=user, name="fuzz")
    project.client = Client(headers={"Authorization": f"Bearer {raw}"})
    project.path = f"/api/text/projects/{project.pk}/annotations/upload"
    return project


# Fields the vendor's upload does not take (it takes the file alone): they change nothing.
SESSION_FIELDS = {"name": "Fuzzed", "type": "CLASS", "language": "en"}


@pytest.mark.parametrize("kind", WRONG_TYPES)
def test_the_text_service_refuses_what_is_no_labeled_data(text_project, bombs, kind):
    filename, content = _wrong_types(bombs)[kind]

    with PeakMemory() as memory:
        response = _post_multipart(
            text_project.client, text_project.path, _multipart(SESSION_FIELDS, filename, content)
        )

    body = _assert_contract_error(response, 400)
    assert "file" in body["errors"]
    assert not LabelingSession.objects.exists()
    assert memory.peak < 10 * len(content) + 20 * 1024 * 1024  # never expanded


def test_the_text_service_refuses_a_huge_body_by_its_length_without_reading_it(
    text_project, settings
):
    response, body = _post_huge(
        text_project.client, text_project.path, settings.TEXTAPI_MAX_UPLOAD_BYTES * 20
    )

    body_json = _assert_contract_error(response, 413)
    assert "file" in body_json["errors"]
    assert body.read_so_far == 0


def test_the_text_service_refuses_a_file_over_the_limit_in_a_body_within_it(text_project, settings):
    settings.TEXTAPI_MAX_UPLOAD_BYTES = 10_000

    response = _post_multipart(
        text_project.client, text_project.path, _multipart(SESSION_FIELDS, "big.jsonl", JSONL * 60)
    )

    _assert_contract_error(response, 413)
    assert not LabelingSession.objects.exists()


@pytest.mark.parametrize("name", TRICKY_NAMES.values(), ids=TRICKY_NAMES.keys())
def test_a_tricky_file_name_only_helps_to_guess_the_format(text_project, settings, name):
    before = (
        sorted(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else []
    )

    response = _post_multipart(
        text_project.client, text_project.path, _multipart(SESSION_FIELDS, name, JSONL)
    )

    assert response.status_code in (201, 400), response.content[:500]
    if response.status_code == 201:
        named = response.json()["name"]  # after the file, without its control characters
        assert named and not any(unicodedata.category(ch)[0] == "C" for ch in named)
        assert LabelingSession.objects.get().document_count == 4
    after = (
        sorted(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else []
    )
    assert after == before  # labeled data goes to the database, never to a file


# -- the capture service ------------------------------------------------------------------


def _stored_files() -> set[Path]:
    """Every file in the capture service's storage folder."""
    folder = Path(StoredFile._meta.get_field("content").storage.location)
    return {path for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def capture_client(db) -> Client:
    application, raw = capture_services.application_create(name="Fuzzer")
    capture_services.document_type_define(
        slug="invoices", name="Invoices", fields=[("Root/Invoice/Total", True)]
    )
    credentials = base64.b64encode(f"{application.app_id}:{raw}".encode()).decode()
    return Client(headers={"Authorization": f"Basic {credentials}"})


@pytest.mark.parametrize("kind", NOT_DOCUMENTS)
def test_the_capture_service_refuses_what_is_no_document_by_its_content(
    capture_client, bombs, kind
):
    filename, content = NOT_DOCUMENTS[kind]
    content = bombs.get(content, content) if isinstance(content, str) else content
    before = _stored_files()

    response = _post_multipart(
        capture_client, "/api/capture/v2/file", _multipart({}, filename, content)
    )

    _assert_capture_error(response, 415)
    assert not StoredFile.objects.exists()
    assert _stored_files() == before


def test_the_capture_service_refuses_a_huge_body_by_its_length_without_reading_it(
    capture_client, settings
):
    response, body = _post_huge(
        capture_client, "/api/capture/v2/file", settings.CAPTUREAPI_MAX_UPLOAD_BYTES * 20
    )

    _assert_capture_error(response, 413)
    assert body.read_so_far == 0


@pytest.mark.parametrize("name", TRICKY_NAMES.values(), ids=TRICKY_NAMES.keys())
def test_a_tricky_file_name_is_stored_safely_inside_the_storage_folder(capture_client, name):
    before = _stored_files()

    response = _post_multipart(capture_client, "/api/capture/v2/file", _multipart({}, name, _pdf()))

    assert response.status_code in (201, 400), response.content[:500]
    if response.status_code == 400:  # no name left, or a header too long to read
        assert _stored_files() == before
        return
    [described] = response.json()
    shown = described["name"]
    assert len(shown) <= 255
    assert not {"/", "\\", "\x00"} & set(shown)
    assert all(unicodedata.category(char)[0] != "C" for char in shown)  # no control, no bidi
    stored = StoredFile.objects.get()
    assert re.fullmatch(rf"files/{stored.uuid}\.pdf", stored.content.name)  # not the name sent
    assert _stored_files() - before == {Path(stored.content.path)}
    download = capture_client.get(f"/api/capture/v2/file/{stored.uuid}/{stored.token}")
    assert "\n" not in download["Content-Disposition"]
    assert "/" not in download["Content-Disposition"].split("filename", 1)[1]


@pytest.fixture
def capture_runs(capture_client, django_capture_on_commit_callbacks):
    """``capture_runs(data)``: upload, capture in-process; the task after it."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True

    def run(data: bytes, name: str) -> CaptureTask:
        [stored] = _post_multipart(
            capture_client, "/api/capture/v2/file", _multipart({}, name, data)
        ).json()
        with django_capture_on_commit_callbacks(execute=True):
            capture_client.post(
                "/api/capture/v2/task/capture/invoices",
                {
                    "files": [{"id": stored["id"], "token": stored["token"]}],
                    "properties": {
                        "region": "EU",
                        "export_format": "Json",
                        "verification_type": "NoVerification",
                    },
                },
                content_type="application/json",
            )
        return CaptureTask.objects.get()

    yield run
    celery_app.conf.task_always_eager = previous


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.png", _png_header_only(30_000, 30_000), "too large"),
        ("scan.png", _png_header_only(9_000, 9_000), "too large"),
        ("invoice.pdf", _pdf(14_400, 14_400), "too large"),
        ("invoice.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100, "cannot be read"),
    ],
    ids=["image of 900 megapixels", "image of 81 megapixels", "PDF page of 200 in", "broken PDF"],
)
def test_a_document_that_would_decompress_to_gigabytes_fails_with_a_reason(
    capture_runs, name, data, reason
):
    task = capture_runs(data, name)

    assert task.status == "Failed"
    assert reason in task.error


# -- the dashboard's forms ----------------------------------------------------------------


@pytest.fixture
def dashboard_annotator(text_project, capture_client, settings):
    """An annotator of a text project and of a capture project, whose uploads reach
    the embedded services in-process (the dashboard's account is a member too)."""
    from django.contrib.auth import get_user_model

    account = get_user_model().objects.create_user("dashboard-account")
    text_services.token_create(user=account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
    text_services.member_set(project=text_project, user=account, role=ApiRole.ANNOTATOR)
    capture_services.application_create(
        name="Dashboard", app_id=settings.CAPTURE_API_APP_ID, raw=settings.CAPTURE_API_TOKEN
    )
    user = get_user_model().objects.create_user("person")
    project = dashboard_sync.project_register(remote_id=text_project.pk, name="Newsroom")
    dashboard_services.membership_set(project=project, user=user, role=Role.ANNOTATOR)
    capture = capture_dashboard.capture_project_define(
        name="Invoices", document_type="invoices", fields=[("Root/Invoice/Total", True)]
    )
    capture_dashboard.capture_membership_set(project=capture, user=user, role=Role.ANNOTATOR)
    client = Client()
    client.force_login(user)
    client.session_upload = reverse("dashboard:session-upload", args=[project.pk])
    client.capture_upload = reverse("dashboard:capture-document-upload", args=[capture.pk])
    return client


@pytest.mark.parametrize("kind", WRONG_TYPES)
def test_the_dashboard_refuses_what_is_no_labeled_data(dashboard_annotator, bombs, kind):
    filename, content = _wrong_types(bombs)[kind]
    fields = {"name": "Fuzzed", "type": "CLASS", "language": "en"}

    with inprocess.services_in_process():
        response = dashboard_annotator.post(
            dashboard_annotator.session_upload,
            {**fields, "file": SimpleUploadedFile(filename, content)},
        )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not SessionMirror.objects.exists()
    assert not LabelingSession.objects.exists()


@pytest.mark.parametrize("kind", NOT_DOCUMENTS)
def test_the_dashboard_refuses_what_is_not_a_document_before_sending_it(
    dashboard_annotator, bombs, kind
):
    filename, content = NOT_DOCUMENTS[kind]
    content = bombs.get(content, content) if isinstance(content, str) else content

    with inprocess.services_in_process() as services:
        response = dashboard_annotator.post(
            dashboard_annotator.capture_upload, {"file": SimpleUploadedFile(filename, content)}
        )
        sent = list(services.calls)

    assert response.context["form"].errors["file"] == [
        "This file is not a PDF, PNG, JPEG or TIFF document."
    ]
    assert sent == []
    assert not CaptureDocument.objects.exists()


@pytest.mark.parametrize("name", TRICKY_NAMES.values(), ids=TRICKY_NAMES.keys())
def test_the_dashboard_passes_on_only_a_safe_file_name(dashboard_annotator, name):
    with inprocess.services_in_process() as services:
        response = _post_multipart(
            dashboard_annotator, dashboard_annotator.capture_upload, _multipart({}, name, _pdf())
        )
        sent = [call.request.body for call in services.calls]

    if response.status_code == 400:  # no name left: "no file"
        assert not CaptureDocument.objects.exists()
        return
    assert response.status_code == 302, response.content[:500]
    for shown in (CaptureDocument.objects.get().name, StoredFile.objects.get().name):
        assert not {"/", "\\", "\x00"} & set(shown)
        assert all(unicodedata.category(char)[0] != "C" for char in shown)
    assert not any(b"../" in body or b"..\\" in body for body in sent)
