"""Files: upload with a size limit and a type sniffed from the content, info, download, delete."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from trainer.captureapi.models import StoredFile

from .conftest import refusal, upload, url
from .invoices import invoice

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_pdf_is_a_list_of_one_descriptor_with_the_vendors_fields(api, application):
    pdf = invoice(1).pdf

    response = upload(api, pdf, "March.pdf")

    assert response.status_code == 201
    [body] = response.json()
    assert set(body) == {
        "id", "token", "name", "extension", "hash", "size", "mime",
        "is_recognizable", "application", "created", "expiring",
    }  # fmt: skip
    assert body["name"] == "March.pdf"
    assert (body["extension"], body["mime"], body["size"]) == ("pdf", "application/pdf", len(pdf))
    assert body["hash"] == hashlib.sha512(pdf).hexdigest()
    assert body["is_recognizable"] is True
    assert body["application"] == application.app_id


def test_several_files_in_one_upload_are_described_in_the_order_sent(api):
    files = [SimpleUploadedFile("a.pdf", invoice(1).pdf), SimpleUploadedFile("b.png", _png())]

    response = api.post(url("v2/file"), {"file": files})

    assert response.status_code == 201
    assert [(f["name"], f["mime"]) for f in response.json()] == [
        ("a.pdf", "application/pdf"),
        ("b.png", "image/png"),
    ]
    assert StoredFile.objects.count() == 2


def test_one_refused_file_among_several_keeps_none(api):
    files = [SimpleUploadedFile("a.pdf", invoice(1).pdf), SimpleUploadedFile("b.pdf", b"text")]

    response = api.post(url("v2/file"), {"file": files})

    assert response.status_code == 415
    assert not StoredFile.objects.exists()


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (_png(), "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (b"II*\x00" + b"\x00" * 20, "image/tiff"),
        (b"MM\x00*" + b"\x00" * 20, "image/tiff"),
    ],
)
def test_images_are_accepted_by_their_content(api, data, mime):
    response = upload(api, data, "scan.bin")

    assert response.status_code == 201
    assert response.json()[0]["mime"] == mime


def test_a_file_that_is_no_document_is_refused_with_415_whatever_its_name(api):
    response = upload(api, b"Name,Total\nACME,12\n", "invoice.pdf")

    assert refusal(response, 415) == "Only PDF, PNG, JPEG and TIFF files are accepted."
    assert response.json()["error"] == "unsupported_media_type"
    assert not StoredFile.objects.exists()


def test_a_file_above_the_limit_is_refused_with_413(api, settings):
    settings.CAPTUREAPI_MAX_UPLOAD_BYTES = 1000

    response = upload(api, b"%PDF-1.4" + b"0" * 2000)

    assert response.status_code == 413
    assert not StoredFile.objects.exists()


def test_a_body_far_above_the_limit_is_refused_before_it_is_read(api, settings):
    settings.CAPTUREAPI_MAX_UPLOAD_BYTES = 1000

    response = upload(api, b"%PDF-1.4" + b"0" * 200_000)

    assert response.status_code == 413


def test_an_upload_without_the_file_field_names_it(api):
    response = api.post(url("v2/file"), {"other": "x"})

    assert "file: " in refusal(response)


def test_info_and_download_give_the_file_back(api):
    pdf = invoice(2).pdf
    stored = upload(api, pdf).json()[0]

    info = api.get(url(f"v2/file/{stored['id']}/{stored['token']}/info"))
    download = api.get(url(f"v2/file/{stored['id']}/{stored['token']}"))

    assert info.json() == stored
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/pdf"


def test_a_wrong_token_is_404(api):
    stored = upload(api, invoice(1).pdf).json()[0]

    response = api.get(url(f"v2/file/{stored['id']}/not-the-token/info"))

    assert response.status_code == 404


def test_another_applications_file_is_404(api, other_api):
    stored = upload(api, invoice(1).pdf).json()[0]

    response = other_api.get(url(f"v2/file/{stored['id']}/{stored['token']}/info"))

    assert response.status_code == 404


def test_a_deleted_file_is_gone_with_its_content(api, django_capture_on_commit_callbacks):
    stored = upload(api, invoice(1).pdf).json()[0]
    row = StoredFile.objects.get()
    storage, name = row.content.storage, row.content.name

    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(url(f"v2/file/{stored['id']}/{stored['token']}"))

    assert response.status_code == 204
    assert api.get(url(f"v2/file/{stored['id']}/{stored['token']}/info")).status_code == 404
    assert not storage.exists(name)


def test_an_expired_file_is_404(api):
    stored = upload(api, invoice(1).pdf).json()[0]
    row = StoredFile.objects.get()
    StoredFile.objects.filter(pk=row.pk).update(expiring=row.created - timedelta(seconds=1))

    assert api.get(url(f"v2/file/{stored['id']}/{stored['token']}/info")).status_code == 404
