"""Uploading a labeling session: the streamed multipart body, errors, no retries."""

import io
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path

import pytest
import responses

from tests.factories import session_json
from trainer.apiclient.deepopinion import DeepOpinionClient, LabelingSession
from trainer.apiclient.errors import ApiError, ApiForbidden, ApiServerError, ApiValidationError
from trainer.apiclient.http import MultipartUpload
from trainer.textapi import services
from trainer.textapi.models import Role

BASE = "http://vendor.test/api/"
UPLOAD_URL = BASE + "projects/3/annotations/upload"
CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"
SESSION = session_json(
    id=12, project_id=3, name="tickets", document_count=4, classes=["greeting"], labels=[]
)


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


def _upload(client, content=b"text,label\nhi,greeting\n", **overrides):
    arguments = {"file": io.BytesIO(content), "filename": "tickets.csv"} | overrides
    return client.upload_session(3, **arguments)


def _form(request) -> dict:
    """The multipart body as {field: (value bytes, filename or None)}."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_payload(decode=True),
            part.get_filename(),
        )
        for part in message.iter_parts()
    }


@responses.activate
def test_an_upload_sends_the_file_alone_as_the_vendor_takes_it(client):
    responses.post(UPLOAD_URL, status=201, json=SESSION)

    session = _upload(client)

    assert isinstance(session, LabelingSession)
    assert (session.id, session.document_count, session.classes) == (12, 4, ["greeting"])
    request = responses.calls[0].request
    assert request.headers["Authorization"] == "Bearer s3cret-token"
    assert int(request.headers["Content-Length"]) == len(request.body)
    assert _form(request) == {"file": (b"text,label\nhi,greeting\n", "tickets.csv")}


@responses.activate
def test_the_file_is_sent_from_its_current_position(client):
    responses.post(UPLOAD_URL, status=201, json=SESSION)
    file = io.BytesIO(b"skipped|text,label\nhi,greeting\n")
    file.seek(len(b"skipped|"))

    _upload(client, file=file)

    assert _form(responses.calls[0].request)["file"][0] == b"text,label\nhi,greeting\n"


@responses.activate
def test_the_services_400_carries_the_line_that_is_wrong(client):
    responses.post(
        UPLOAD_URL,
        status=400,
        json={"detail": "The file was not imported.", "errors": {"file": ["line 3: bad JSON"]}},
    )

    with pytest.raises(ApiValidationError) as caught:
        _upload(client)

    assert caught.value.field_errors == {"file": ["line 3: bad JSON"]}


@responses.activate
def test_a_413_is_an_api_error_with_the_file_message(client):
    responses.post(
        UPLOAD_URL,
        status=413,
        json={"detail": "The upload is too large.", "errors": {"file": ["Over 50 MB."]}},
    )

    with pytest.raises(ApiError) as caught:
        _upload(client)

    assert (caught.value.status, caught.value.field_errors) == (413, {"file": ["Over 50 MB."]})


@responses.activate
def test_a_403_is_forbidden(client):
    responses.post(UPLOAD_URL, status=403, json={"detail": "Read-only.", "errors": {}})

    with pytest.raises(ApiForbidden):
        _upload(client)


@responses.activate
def test_uploads_are_never_retried(client):
    responses.post(UPLOAD_URL, status=503)
    responses.post(UPLOAD_URL, status=201, json=SESSION)

    with pytest.raises(ApiServerError):
        _upload(client)

    assert len(responses.calls) == 1


def test_the_body_is_read_in_blocks_up_to_its_announced_length():
    body = MultipartUpload(
        fields={"name": "x"}, file=io.BytesIO(b"0123456789" * 1000), filename="a.jsonl"
    )
    blocks = []
    while block := body.read(4096):
        blocks.append(block)

    assert max(len(block) for block in blocks) == 4096
    assert sum(len(block) for block in blocks) == len(body)


# -- over real HTTP against the embedded service ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_imports_what_the_client_streams(live_server, django_user_model):
    user = django_user_model.objects.create_user(username="uploader")
    project = services.project_create(name="Hotels", type="ABSA")
    services.member_set(project=project, user=user, role=Role.ANNOTATOR)
    _token, raw = services.token_create(user=user, name="test")
    client = DeepOpinionClient(base_url=f"{live_server.url}/api/text/", token=raw)

    with (CORPORA / "semeval2016.xml").open("rb") as file:
        session = client.upload_session(project.pk, file=file, filename="مراجعات.xml")

    assert (session.name, session.type, session.document_count) == ("مراجعات", "ABSA", 4)
    assert session.labels == ["conflict", "negative", "neutral", "positive"]
    assert client.list_sessions(project.pk) == [session]
