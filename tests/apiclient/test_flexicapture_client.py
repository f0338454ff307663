"""The FlexiCapture Cloud client: Basic auth, typed results (the task with its source and
target files, exports, the layout), the training body, the embedded service's
verification extension, typed errors, and the retries of answers that ask to come
back later."""

import base64
import io
from types import SimpleNamespace

import pytest
import requests
import responses
import urllib3.util.retry
from responses import matchers
from urllib3 import HTTPResponse

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
from trainer.apiclient.flexicapture import (
    CaptureFile,
    FileRef,
    FlexiCaptureClient,
    NotNowRetry,
    Rectangle,
    TrainingField,
    TrainingSpec,
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
SOURCE = {"id": FILE_ID, "token": "tok", "name": "a.pdf"}
TARGET = {"id": "5e1c0b7a-9d2f-4c3e-8b1a-2f3e4d5c6b7a", "token": "ttok", "name": "a.json"}


def _task(status: str, files: dict, **extra) -> dict:
    return {"id": TASK_ID, "status": status, **extra, "documents": [{"files": files}]}


@pytest.fixture
def client():
    return FlexiCaptureClient(base_url=BASE, app_id="app-1", token="s3cret", region="CA", retries=1)


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
        json=_task("Submitted", {"source": SOURCE}, verification_id=None),
        status=201,
        match=[
            matchers.json_params_matcher(
                {
                    "files": [{"id": FILE_ID, "token": "tok"}],
                    "properties": {
                        "region": "CA",
                        "export_format": "Json",
                        "verification_type": "Troubleshooting",
                    },
                }
            )
        ],
    )

    task = client.create_task("invoices", files=[CaptureFile(id=FILE_ID, token="tok")])

    assert (task.id, task.status, task.verification_id) == (TASK_ID, "Submitted", None)
    assert task.documents[0].source == FileRef(**SOURCE)


@responses.activate
def test_a_task_waiting_for_a_person_carries_its_verification_id(client):
    responses.get(
        BASE + f"v2/task/{TASK_ID}",
        json=_task("WaitForAction", {"source": SOURCE}, verification_id="7bfb534e"),
    )

    task = client.get_task(TASK_ID)

    assert (task.status, task.verification_id, task.error) == ("WaitForAction", "7bfb534e", "")
    assert task.documents[0].targets == []


@responses.activate
def test_a_done_tasks_targets_are_every_file_whose_key_starts_with_target(client):
    second = {**TARGET, "name": "a.xls"}
    files = {"source": SOURCE, "target_2": second, "target": TARGET, "preview": SOURCE}
    responses.get(BASE + f"v2/task/{TASK_ID}", json=_task("Done", files))

    task = client.get_task(TASK_ID)

    assert task.status == "Done"
    assert task.documents[0].targets == [FileRef(**TARGET), FileRef(**second)]


@responses.activate
def test_an_export_is_downloaded_with_its_id_and_token_and_read_as_typed_fields(client):
    responses.get(
        BASE + f"v2/file/{TARGET['id']}/ttok", json={"task_id": TASK_ID, "fields": [TOTAL]}
    )

    [total] = client.get_export(FileRef(**TARGET))

    assert (total.value, total.confidence) == ("EUR 12.00", 0.9)
    assert total.rectangles == [Rectangle(page_id=3, x1=10, y1=20, x2=110, y2=40)]


@responses.activate
def test_an_export_says_which_fields_are_unsure_and_a_cloud_export_none(client):
    fields = [{**TOTAL, "unsure": True}, {**TOTAL, "name": "Root/Invoice Layout/Date"}]
    responses.get(BASE + f"v2/file/{TARGET['id']}/ttok", json={"fields": fields})

    total, date = client.get_export(FileRef(**TARGET))

    assert (total.unsure, date.unsure) == (True, False)


@responses.activate
def test_an_export_without_fields_is_a_bad_response(client):
    responses.get(BASE + f"v2/file/{TARGET['id']}/ttok", json=[{"Total": "12"}])

    with pytest.raises(ApiBadResponse):
        client.get_export(FileRef(**TARGET))


@responses.activate
def test_the_extensions_are_those_the_service_announces(client):
    responses.get(BASE + "v2/extensions", json={"extensions": ["verification", "something-newer"]})

    assert client.get_extensions() == {"verification", "something-newer"}


@responses.activate
def test_a_service_without_the_extensions_path_has_none(client):
    responses.get(
        BASE + "v2/extensions",
        status=404,
        json={"id": "r-1", "error": "not_found", "error_description": "No such endpoint"},
    )

    assert client.get_extensions() == frozenset()


@responses.activate
def test_the_verification_lists_each_documents_fields(client):
    field = {**TOTAL, "required": True}
    responses.get(
        BASE + f"v2/task/{TASK_ID}/verification",
        json={
            "task_id": TASK_ID,
            "verification_id": "v",
            "documents": [{"file_id": FILE_ID, "name": "a.pdf", "fields": [field]}],
        },
    )

    [document] = client.get_verification(TASK_ID)

    assert (document.file_id, document.name) == (FILE_ID, "a.pdf")
    [total] = document.fields
    assert (total.name, total.value, total.confidence, total.required) == (
        TOTAL["name"],
        "EUR 12.00",
        0.9,
        True,
    )


@responses.activate
def test_a_verification_sends_the_values_by_file_and_reads_the_done_task(client):
    responses.post(
        BASE + f"v2/task/{TASK_ID}/verification",
        json=_task("Done", {"source": SOURCE, "target": TARGET}),
        match=[
            matchers.json_params_matcher(
                {
                    "documents": [
                        {"file_id": FILE_ID, "fields": [{"name": "Total", "value": "EUR 13.00"}]}
                    ]
                }
            )
        ],
    )

    task = client.verify(TASK_ID, values={FILE_ID: {"Total": "EUR 13.00"}})

    assert task.status == "Done"


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
            "task_id": TASK_ID,
            "file_id": FILE_ID,
            "pages": [{"id": 3, "number": 1, "resolution": 150, "width": 1241, "height": 1754}],
            "fields": [{k: v for k, v in TOTAL.items() if k != "confidence"}],
            "tables": [],
        },
    )

    layout = client.get_layout(TASK_ID, FILE_ID)

    assert (layout.pages[0].id, layout.pages[0].resolution) == (3, 150)
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
    settings.CAPTURE_API_VERIFICATION_TYPE = "UserVerification"

    client = FlexiCaptureClient.from_settings()

    assert (client.base_url, client.region) == ("http://example.test/capture/", "AU")
    assert client.verification_type == "UserVerification"
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

    assert len(responses.calls) == 1 + FlexiCaptureClient.NOT_NOW_RETRIES
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
    retry = NotNowRetry(**FlexiCaptureClient._retry_options(3))
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
