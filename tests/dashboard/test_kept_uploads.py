"""The file chosen is kept after a refused upload (labeled data and capture documents):
sent again without choosing it, only to the session that chose it, forgotten once used,
refused for itself, or too old. The services are mocked at the HTTP boundary."""

import os
import time
from email.parser import BytesParser
from email.policy import HTTP

import pytest
import responses as responses_lib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard import uploads
from trainer.dashboard.capture import services as capture_services
from trainer.dashboard.models import CaptureDocument, Role

pytestmark = pytest.mark.django_db

CSV = b"text,label\nThe printer is broken,hardware\nI cannot log in,account\n"
UPLOAD_API = f"{API}projects/7/annotations/upload"


@pytest.fixture
def staging_in_tmp(settings):
    return settings.TRAINER_STAGING_DIR  # tests/conftest.py puts it in the test's folder


@pytest.fixture
def annotator(project):
    return factories.make_member(project=project, role=Role.ANNOTATOR, username="annotator")


def _upload(client, project, *, file=None, **fields):
    data = {"name": "Tickets", "type": "CLASS", "language": "en", "format": "", **fields}
    if file is not None:
        data["file"] = file
    return client.post(reverse("dashboard:session-upload", args=[project.pk]), data)


def _sent_file(api) -> tuple[bytes, str]:
    request = next(call.request for call in api.calls if call.request.url == UPLOAD_API)
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    part = next(
        p
        for p in message.iter_parts()
        if p.get_param("name", header="content-disposition") == "file"
    )
    return part.get_payload(decode=True), part.get_filename()


def _service_accepts(api):
    session = factories.session_json(id=55, name="Tickets", documents=2, labels=2)
    api.post(UPLOAD_API, status=201, json=session)
    api.get(f"{API}projects/7", json=factories.project_json(id=7))
    api.get(f"{API}projects/7/annotations", json=[session])
    api.get(f"{API}projects/7/models", json=[])


def test_a_form_refused_for_another_field_keeps_the_file_and_sends_it_when_sent_again(
    client, project, annotator, api, staging_in_tmp
):
    client.force_login(annotator)

    refused = _upload(client, project, file=SimpleUploadedFile("tickets.csv", CSV), name="")

    assert refused.status_code == 200  # the form again, with its errors
    assert "tickets.csv" in refused.text
    assert "is kept" in refused.text
    assert len(list(staging_in_tmp.iterdir())) == 1

    _service_accepts(api)
    sent = _upload(client, project)  # no file chosen this time

    assert sent.status_code == 302
    assert _sent_file(api) == (CSV, "tickets.csv")
    assert list(staging_in_tmp.iterdir()) == []  # used: forgotten


def test_the_services_refusal_keeps_the_file_for_the_next_try(
    client, project, annotator, api, staging_in_tmp
):
    api.post(
        UPLOAD_API,
        status=400,
        json={"detail": "Invalid input.", "errors": {"name": ["This name is taken."]}},
    )
    client.force_login(annotator)

    response = _upload(client, project, file=SimpleUploadedFile("tickets.csv", CSV))

    assert "This name is taken." in response.text
    assert "is kept" in response.text
    [kept] = staging_in_tmp.iterdir()
    assert kept.read_bytes() == CSV


def test_a_file_refused_for_itself_is_not_kept(client, project, annotator, staging_in_tmp):
    client.force_login(annotator)

    response = _upload(client, project, file=SimpleUploadedFile("tickets.csv", b"\x00\x01binary"))

    assert "This is not a text file." in response.text
    assert "is kept" not in response.text
    assert not staging_in_tmp.exists() or list(staging_in_tmp.iterdir()) == []


def test_a_file_the_service_refuses_for_itself_is_forgotten(
    client, project, annotator, api, staging_in_tmp
):
    client.force_login(annotator)
    _upload(client, project, file=SimpleUploadedFile("tickets.csv", CSV), name="")
    api.post(
        UPLOAD_API,
        status=400,
        json={"detail": "Invalid input.", "errors": {"file": ["Line 2: no text column."]}},
    )

    response = _upload(client, project)  # the kept file, refused by the service

    assert "Line 2: no text column." in response.text
    assert "is kept" not in response.text
    assert list(staging_in_tmp.iterdir()) == []


def test_another_person_is_not_offered_the_kept_file(client, project, annotator):
    client.force_login(annotator)
    _upload(client, project, file=SimpleUploadedFile("tickets.csv", CSV), name="")
    other = Client()
    other.force_login(factories.make_member(project=project, role=Role.ANNOTATOR, username="b"))

    response = _upload(other, project)

    assert "tickets.csv" not in response.text
    assert "This field is required." in response.text


def test_a_kept_file_too_old_is_neither_offered_nor_left_on_disk(
    client, project, annotator, staging_in_tmp
):
    client.force_login(annotator)
    _upload(client, project, file=SimpleUploadedFile("tickets.csv", CSV), name="")
    [kept] = staging_in_tmp.iterdir()
    long_ago = time.time() - uploads.STAGED_SECONDS - 1
    os.utime(kept, (long_ago, long_ago))

    assert uploads.staged_sweep() == 1
    response = client.get(reverse("dashboard:session-upload", args=[project.pk]))
    assert "tickets.csv" not in response.text


def test_a_session_keeps_at_most_a_few_files(rf, staging_in_tmp):
    request = rf.get("/")
    request.session = {}
    for number in range(uploads.STAGED_MAX + 2):
        uploads.staged_keep(
            session=request.session,
            purpose=f"form-{number}",
            file=SimpleUploadedFile(f"{number}.csv", CSV),
        )

    assert len(request.session[uploads.SESSION_KEY]) == uploads.STAGED_MAX
    assert len(list(staging_in_tmp.iterdir())) == uploads.STAGED_MAX


# -- capture documents ------------------------------------------------------------------------

CAPTURE_API = "http://testserver/api/capture/"


def test_a_capture_upload_the_service_could_not_take_keeps_the_document(
    client, media_in_tmp, staging_in_tmp
):
    project = capture_services.capture_project_define(
        name="Supplier invoices", document_type="invoices", fields=[]
    )
    annotator = factories.make_user(username="annotator")
    capture_services.capture_membership_set(project=project, user=annotator, role=Role.ANNOTATOR)
    client.force_login(annotator)
    url = reverse("dashboard:capture-document-upload", args=[project.pk])
    pdf = b"%PDF-1.4 march"

    with responses_lib.RequestsMock() as api:
        api.post(CAPTURE_API + "v2/file", status=500, json={"id": "r", "message": "Down."})
        refused = client.post(url, {"file": SimpleUploadedFile("march.pdf", pdf)})
    assert refused.status_code == 400
    assert "march.pdf" in refused.text and "is kept" in refused.text

    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as api:
        api.post(CAPTURE_API + "v2/file", json=[{"id": "f", "token": "t", "name": "x"}], status=201)
        api.post(
            CAPTURE_API + "v2/task/capture/invoices",
            json={"id": "0f8e6c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b", "status": "Submitted"},
            status=201,
        )
        sent = client.post(url, {})

    assert sent.status_code == 302
    document = CaptureDocument.objects.get()
    assert (document.name, document.source.read()) == ("march.pdf", pdf)
    assert list(staging_in_tmp.iterdir()) == []
