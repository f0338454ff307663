"""The capture API client: Basic auth, typed results, the training body, typed errors,
and the retries of answers that ask to come back later."""

import base64
import io
from types import SimpleNamespace

import pytest
import requests
import responses
import urllib3.util.retry
from responses import matchers
from urllib3 import HTTPResponse

from trainer.apiclient.capture import (
    CaptureApiClient,
    CaptureFile,
    NotNowRetry,
    Rectangle,
    TrainingField,
    TrainingSpec,
)
from trainer.apiclient.errors import (
    ApiAuthError,
    ApiBadResponse,
    ApiBusy,
    ApiNotFound,
    ApiNotReady,
    ApiServerError,
    ApiUnavailable,
    ApiValidationError,
)

BASE = "http://capture.test/api/"
TASK_ID = "0f8e6c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b"
FILE_ID = "7a0dbecf-8dbd-4291-87a3-d27292ebeb06"
FILE = {
    "id": FILE_ID,
    "token": "tok",
    "name": "march.pdf",
    "extension": "pdf",
    "hash": "ab" * 64,
    "size": 1234,
    "mime": "application/pdf",
    "is_recognizable": True,
    "account": "acc-1",
    "application": "app-1",
    "email": "someone@example.com",
    "created": "2026-11-24T10:00:00+00:00",
    "expiring": "2026-12-24T10:00:00+00:00",
}
TOTAL = {
    "name": "Root/Invoice Layout/Total",
    "value": "EUR 12.00",
    "confidence": 0.9,
    "rectangles": [{"page_id": 3, "x1": 10, "y1": 20, "x2": 110, "y2": 40}],
}


@pytest.fixture
def client():
    return CaptureApiClient(base_url=BASE, app_id="app-1", token="s3cret", region="CA", retries=1)


@responses.activate
def test_requests_carry_the_applications_basic_credentials(client):
    expected = "Basic " + base64.b64encode(b"app-1:s3cret").decode()
    responses.get(
        BASE + f"v2/file/{FILE_ID}/tok/info",
        json=FILE,
        match=[matchers.header_matcher({"Authorization": expected})],
    )

    stored = client.get_file(FILE_ID, "tok")

    assert (stored.id, stored.size, stored.created.year) == (FILE_ID, 1234, 2026)


@responses.activate
def test_an_upload_is_sent_as_the_multipart_field_file_and_read_from_the_answers_list(client):
    responses.post(BASE + "v2/file", json=[FILE], status=201)

    stored = client.upload_file(file=io.BytesIO(b"%PDF-1.4 ..."), filename="march.pdf")

    request = responses.calls[0].request
    assert b'name="file"; filename="march.pdf"' in request.body
    assert b"%PDF-1.4 ..." in request.body
    assert int(request.headers["Content-Length"]) == len(request.body)
    assert (stored.id, stored.token, stored.application) == (FILE_ID, "tok", "app-1")


@pytest.mark.parametrize("answer", [[], FILE])
@responses.activate
def test_an_upload_answered_without_a_list_of_files_is_a_bad_response(client, answer):
    responses.post(BASE + "v2/file", json=answer, status=201)

    with pytest.raises(ApiBadResponse):
        client.upload_file(file=io.BytesIO(b"%PDF-1.4 ..."), filename="march.pdf")


@responses.activate
def test_a_task_is_created_with_the_files_and_the_three_properties_the_vendor_requires(client):
    responses.post(
        BASE + "v2/task/capture/invoices",
        json={"id": TASK_ID, "status": "New"},
        status=201,
        match=[
            matchers.json_params_matcher(
                {
                    "files": [{"id": FILE_ID, "token": "tok"}],
                    "properties": {
                        "region": "CA",
                        "export_format": "Json",
                        "verification_type": "NoVerification",
                    },
                }
            )
        ],
    )

    task = client.create_task("invoices", files=[CaptureFile(id=FILE_ID, token="tok")])

    assert (task.id, task.status, task.is_terminal) == (TASK_ID, "New", False)


@responses.activate
def test_a_task_comes_back_with_its_documents_and_typed_fields(client):
    responses.get(
        BASE + f"v2/task/{TASK_ID}",
        json={
            "id": TASK_ID,
            "status": "WaitForAction",
            "documents": [
                {
                    "files": {"source": {"id": FILE_ID, "token": "tok", "name": "a.pdf"}},
                    "fields": [TOTAL],
                }
            ],
        },
    )

    task = client.get_task(TASK_ID)

    assert task.is_terminal
    [document] = task.documents
    assert (document.file_id, document.file_name) == (FILE_ID, "a.pdf")
    [total] = document.fields
    assert total.rectangles == [Rectangle(page_id=3, x1=10, y1=20, x2=110, y2=40)]


@responses.activate
def test_a_task_whose_documents_are_malformed_is_a_bad_response(client):
    responses.get(
        BASE + f"v2/task/{TASK_ID}", json={"id": TASK_ID, "status": "Done", "documents": [{}]}
    )

    with pytest.raises(ApiBadResponse):
        client.get_task(TASK_ID)


@responses.activate
def test_the_layout_has_pages_with_ids_and_the_fields_found(client):
    responses.get(
        BASE + f"v2/training/layout/{TASK_ID}/{FILE_ID}",
        json={
            "pages": [{"id": 3, "number": 1, "resolution": 150, "width": 1241, "height": 1754}],
            "fields": [{k: v for k, v in TOTAL.items() if k != "confidence"}],
        },
    )

    layout = client.get_layout(TASK_ID, FILE_ID)

    assert layout.pages[0].id == 3 and layout.pages[0].words == []
    assert layout.fields[0].value == "EUR 12.00"


@responses.activate
def test_training_sends_exactly_the_source_contract_body_and_accepts_204(client):
    spec = TrainingSpec(
        task_id=TASK_ID,
        file_id=FILE_ID,
        fields=[TrainingField(name="Total", rectangles=[Rectangle(3, 1, 2, 30, 40)])],
    )
    responses.post(
        BASE + "v2/training",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "task_id": TASK_ID,
                    "file_id": FILE_ID,
                    "fields": [
                        {
                            "name": "Total",
                            "rectangles": [{"page_id": 3, "x1": 1, "y1": 2, "x2": 30, "y2": 40}],
                        }
                    ],
                }
            )
        ],
    )

    assert client.train(spec) is None


@responses.activate
def test_a_refusal_reads_the_vendors_error_description(client):
    description = "Invalid request: fields[0].rectangles[1].x2: Must be greater than x1."
    responses.post(
        BASE + "v2/training",
        status=400,
        json={"id": "r-1", "error": "bad_request", "error_description": description},
    )

    with pytest.raises(ApiValidationError) as caught:
        client.train(TrainingSpec(task_id=TASK_ID, file_id=FILE_ID, fields=[]))

    assert (caught.value.message, caught.value.status) == (description, 400)
    assert caught.value.field_errors == {}


@responses.activate
def test_a_server_error_reads_the_vendors_message(client):
    responses.get(
        BASE + f"v2/task/{TASK_ID}",
        status=500,
        json={
            "id": "e-1",
            "requestId": "r-1",
            "statusCode": 500,
            "errorCode": 7,
            "message": "Oops",
        },
    )

    with pytest.raises(ApiServerError) as caught:
        client.get_task(TASK_ID)

    assert caught.value.message == "Oops"


@pytest.mark.parametrize(
    ("status", "error"), [(401, ApiAuthError), (404, ApiNotFound), (500, ApiServerError)]
)
@responses.activate
def test_each_failure_status_is_its_typed_error(client, status, error):
    responses.get(
        BASE + f"v2/task/{TASK_ID}",
        status=status,
        json={"id": "r-1", "error": "no", "error_description": "no"},
    )

    with pytest.raises(error):
        client.get_task(TASK_ID)


@responses.activate
def test_a_refused_connection_is_unavailable(client):
    responses.get(BASE + f"v2/task/{TASK_ID}", body=requests.ConnectionError("refused"))

    with pytest.raises(ApiUnavailable):
        client.get_task(TASK_ID)


def test_the_client_from_settings_uses_the_capture_settings(settings):
    settings.CAPTURE_API_URL = "http://example.test/capture"
    settings.CAPTURE_API_APP_ID = "app-9"
    settings.CAPTURE_API_TOKEN = "tkn"
    settings.CAPTURE_API_REGION = "AU"

    client = CaptureApiClient.from_settings()

    assert (client.base_url, client.region) == ("http://example.test/capture/", "AU")
    assert (
        client.session.headers["Authorization"]
        == "Basic " + base64.b64encode(b"app-9:tkn").decode()
    )


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 404, "json": {"id": "r-1", "error": "not_found", "error_description": "gone"}},
        {"body": requests.Timeout()},
    ],
)
@responses.activate
def test_a_files_token_never_reaches_the_log(client, caplog, failure):
    responses.get(BASE + f"v2/file/{FILE_ID}/secret-file-token/info", **failure)

    with pytest.raises((ApiNotFound, ApiUnavailable)):
        client.get_file(FILE_ID, "secret-file-token")

    assert FILE_ID in caplog.text
    assert "secret-file-token" not in caplog.text


# -- 409 (not ready yet) and 429 (too many requests): retried, backing off ---------------
# responses runs urllib3's retries without their waits; the waits are checked on
# NotNowRetry itself.


def _training(status: int) -> dict:
    return {"status": status, "json": {"id": "r-1", "error": "x", "error_description": "Later."}}


@pytest.mark.parametrize("status", [409, 429])
@responses.activate
def test_a_post_answered_not_now_is_sent_again_until_it_succeeds(client, status):
    responses.post(BASE + "v2/training", **_training(status))
    responses.post(BASE + "v2/training", **_training(status))
    responses.post(BASE + "v2/training", status=204)

    client.train(TrainingSpec(task_id=TASK_ID, file_id=FILE_ID, fields=[]))

    assert len(responses.calls) == 3


@pytest.mark.parametrize(("status", "error"), [(409, ApiNotReady), (429, ApiBusy)])
@responses.activate
def test_not_now_after_every_retry_is_an_error_to_try_again_later(client, status, error):
    responses.get(BASE + f"v2/training/layout/{TASK_ID}/{FILE_ID}", **_training(status))

    with pytest.raises(error) as caught:
        client.get_layout(TASK_ID, FILE_ID)

    assert len(responses.calls) == 1 + CaptureApiClient.NOT_NOW_RETRIES
    assert isinstance(caught.value, ApiUnavailable)  # Celery tasks retry it later
    assert caught.value.message == "Later."


@responses.activate
def test_a_post_answered_503_is_not_sent_again(client):
    responses.post(BASE + "v2/training", status=503)

    with pytest.raises(ApiServerError):
        client.train(TrainingSpec(task_id=TASK_ID, file_id=FILE_ID, fields=[]))

    assert len(responses.calls) == 1


def _after(*statuses: int, retry_after: str | None = None) -> NotNowRetry:
    """The retry state after answers with ``statuses``, the last with ``Retry-After``."""
    retry = NotNowRetry(**CaptureApiClient._retry_options(3))
    for status in statuses:
        headers = {"Retry-After": retry_after} if retry_after else {}
        retry = retry.increment(
            "POST", "/v2/training", HTTPResponse(status=status, headers=headers)
        )
    return retry


def test_not_now_waits_5_s_then_twice_as_long_up_to_a_minute():
    waits = [_after(*[429] * answers).get_backoff_time() for answers in range(1, 6)]

    assert waits == [5, 10, 20, 40, 60]


def test_the_waits_start_again_from_5_s_after_another_answer():
    assert _after(429, 429, 503, 409).get_backoff_time() == 5


@pytest.mark.parametrize(("asked", "waited"), [("7", 7), ("3600", 60)])
def test_retry_after_is_respected_up_to_a_minute(monkeypatch, asked, waited):
    slept = []
    monkeypatch.setattr(urllib3.util.retry, "time", SimpleNamespace(sleep=slept.append))
    answer = HTTPResponse(status=429, headers={"Retry-After": asked})

    _after(429, retry_after=asked).sleep(answer)

    assert slept == [waited]
