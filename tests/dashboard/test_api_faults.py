"""The training services failing in every way the dashboard can see: each fault is
told to the person on the page or action that met it, logged without a secret,
and retried only where that is safe (GET); a training whose answer was lost is
found by its name rather than sent twice."""

import base64
import json
import logging

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.dashboard.conftest import API
from trainer.apiclient.errors import ApiTimeout
from trainer.dashboard.capture import services as capture_services
from trainer.dashboard.models import (
    CaptureDocument,
    Role,
    TrainedModel,
    TrainingRequest,
)
from trainer.dashboard.text import services

pytestmark = pytest.mark.django_db

CAPTURE = "http://testserver/api/capture/"
TASK = "0f8e6c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b"
FILE = "7a0dbecf-8dbd-4291-87a3-d27292ebeb06"
PAGE = {"id": 41, "number": 1, "resolution": 150, "width": 600, "height": 800, "words": []}


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """The members' passwords are never used here: hash them the quick way."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _problem(status: int, detail: str) -> dict:
    return {"status": status, "json": {"detail": detail, "errors": {}}}


# What the service does → what the person reads (the services' own JSON errors
# carry their detail; anything else gets the dashboard's message for the fault).
FAULTS = {
    "down": (
        {"body": requests.ConnectionError("connection refused")},
        "The training service cannot be reached. Try again in a moment.",
    ),
    "timeout": (
        {"body": requests.ReadTimeout("read timed out")},
        "The training service did not answer in time.",
    ),
    "500": (
        {"status": 500, "body": "<h1>Server Error (500)</h1>", "content_type": "text/html"},
        "The training service had an internal error. Try again later.",
    ),
    "malformed JSON": (
        {"status": 200, "body": '{"id": 31, "status": ', "content_type": "application/json"},
        "The training service sent an answer the dashboard cannot read.",
    ),
    "401 token revoked": (
        _problem(401, "The token is missing or invalid."),
        "An administrator must check the API connection's token.",
    ),
    "403": (
        _problem(403, "This needs the project role MANAGER or higher; yours is READ_ONLY."),
        "This needs the project role MANAGER or higher; yours is READ_ONLY.",
    ),
    "404": (_problem(404, "No model with id 31 in this project."), "No model with id 31"),
    "409": (
        _problem(409, "Only a READY model can be activated; this one is TRAINING."),
        "Only a READY model can be activated; this one is TRAINING.",
    ),
}


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=31, status="READY", name="topics-v1")


@pytest.fixture
def sessions(project):
    return [factories.make_session(project=project, remote_id=11, name="Batch 1")]


@pytest.fixture
def capture_project(manager):
    project = capture_services.capture_project_define(
        name="Invoices", document_type="invoices", fields=[("Root/Total", True)]
    )
    capture_services.capture_membership_set(project=project, user=manager, role=Role.MANAGER)
    return project


@pytest.fixture
def document(capture_project):
    return CaptureDocument.objects.create(
        project=capture_project,
        name="march.pdf",
        file_id=FILE,
        file_token="file-token",
        task_id=TASK,
        status="Done",
        layout={"pages": [PAGE], "fields": []},
    )


def _text(client, url, data=None, **kwargs):
    """POST and follow the redirect; the page the person ends on."""
    return client.post(url, data or {}, follow=True, **kwargs)


# Each action: the service call that fails, and how the person asks for it.
def _refresh(client, api, project, model, sessions, document, fault):
    api.get(f"{API}projects/7", **fault)
    return _text(client, reverse("dashboard:project-refresh", args=[project.pk]))


def _activate(client, api, project, model, sessions, document, fault):
    api.put(f"{API}projects/7/models/31", **fault)
    return _text(client, reverse("dashboard:model-activate", args=[project.pk, model.pk]))


def _delete(client, api, project, model, sessions, document, fault):
    api.delete(f"{API}projects/7/models/31", **fault)
    return _text(client, reverse("dashboard:model-delete", args=[project.pk, model.pk]))


def _post_training_form(client, project, sessions):
    values = {
        "display_name": "Topics",
        "name": "topics-v2",
        "language": "en",
        "mode": "pool",
        "pool_sessions": [sessions[0].pk],
    }
    return _text(client, reverse("dashboard:model-new", args=[project.pk]), values)


def _train(client, api, project, model, sessions, document, fault):
    api.get(f"{API}models", json=factories.catalog_json())
    api.get(f"{API}projects/7/models", json=[])  # asked only when the answer is lost
    api.post(f"{API}projects/7/models", **fault)
    return _post_training_form(client, project, sessions)


def _training_form(client, api, project, model, sessions, document, fault):
    api.get(f"{API}models", **fault)
    return client.get(reverse("dashboard:model-new", args=[project.pk]))


def _upload(client, api, project, model, sessions, document, fault):
    api.post(f"{API}projects/7/annotations/upload", **fault)
    values = {
        "file": SimpleUploadedFile("batch.jsonl", b'{"text": "Hi", "classes": ["x"]}\n'),
        "name": "Batch 2",
        "type": "CLASS",
        "language": "en",
    }
    return client.post(reverse("dashboard:session-upload", args=[project.pk]), values)


def _as_capture(fault: dict) -> dict:
    """The fault as the capture service (the vendor's shape) answers it."""
    if "detail" not in fault.get("json", {}):
        return fault
    description = fault["json"]["detail"]
    return {**fault, "json": {"id": "r-1", "error": "refused", "error_description": description}}


def _capture_upload(client, api, project, model, sessions, document, fault):
    api.post(f"{CAPTURE}v2/file", **_as_capture(fault))
    url = reverse("dashboard:capture-document-upload", args=[document.project.pk])
    return client.post(url, {"file": SimpleUploadedFile("april.pdf", b"%PDF-1.4 ...")})


def _capture_train(client, api, project, model, sessions, document, fault):
    api.post(f"{CAPTURE}v2/training", **_as_capture(fault))
    drawing = [{"name": "Root/Total", "rectangles": [dict(page_id=41, x1=1, y1=1, x2=9, y2=9)]}]
    url = reverse("dashboard:capture-document-train", args=[document.project.pk, document.pk])
    return client.post(url, {"drawing": json.dumps(drawing)})


ACTIONS = {
    "refresh the project": _refresh,
    "activate a model": _activate,
    "delete a model": _delete,
    "start a training": _train,
    "open the training form": _training_form,
    "upload labeled data": _upload,
    "upload a document": _capture_upload,
    "train on a document": _capture_train,
}


def _cases() -> list:
    return [
        pytest.param(action, fault, id=f"{action}-{fault}")
        for action in ACTIONS
        for fault in FAULTS
        # A model gone at the service already is deleted here (a test below).
        if (action, fault) != ("delete a model", "404")
    ]


@pytest.mark.parametrize(("action", "fault"), _cases())
def test_each_fault_is_shown_as_a_clear_message_and_logged_without_secrets(
    client, api, project, model, sessions, document, manager, caplog, settings, action, fault
):
    response_spec, message = FAULTS[fault]
    client.force_login(manager)
    caplog.set_level(logging.DEBUG)

    response = ACTIONS[action](client, api, project, model, sessions, document, response_spec)

    assert response.status_code < 500 or response.status_code == 502
    page = response.content.decode()
    assert escape(message) in page
    assert "Traceback" not in page
    logged = caplog.text
    assert any(
        r.levelno >= logging.WARNING and r.name.startswith("trainer") for r in caplog.records
    )
    capture_credentials = f"{settings.CAPTURE_API_APP_ID}:{settings.CAPTURE_API_TOKEN}"
    for secret in (
        settings.TRAINER_API_TOKEN,
        settings.CAPTURE_API_TOKEN,
        base64.b64encode(capture_credentials.encode()).decode(),
    ):
        assert secret not in logged
        assert secret not in page


def test_a_failed_action_leaves_the_models_row_as_it_was(client, api, project, model, manager):
    api.put(f"{API}projects/7/models/31", **FAULTS["409"][0])
    client.force_login(manager)

    client.post(reverse("dashboard:model-activate", args=[project.pk, model.pk]))

    model.refresh_from_db()
    assert model.status == "READY"


def test_deleting_a_model_the_service_no_longer_knows_deletes_it_here(
    client, api, project, model, manager
):
    api.delete(f"{API}projects/7/models/31", **FAULTS["404"][0])
    client.force_login(manager)

    page = _text(client, reverse("dashboard:model-delete", args=[project.pk, model.pk])).text

    assert "The model was deleted." in page
    assert not TrainedModel.objects.filter(pk=model.pk).exists()


# -- retries -------------------------------------------------------------------------------


def test_a_get_answered_503_is_retried_with_backoff(client, api, project, manager, settings):
    calls = api.get(f"{API}models", status=503, json={"detail": "Busy.", "errors": {}})
    client.force_login(manager)

    client.get(reverse("dashboard:model-new", args=[project.pk]))

    assert calls.call_count == settings.TRAINER_API_RETRIES + 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_training_post_is_never_retried(client, api, project, manager, sessions, status):
    api.get(f"{API}models", json=factories.catalog_json())
    calls = api.post(f"{API}projects/7/models", status=status, json={"detail": "Busy."})
    client.force_login(manager)

    _post_training_form(client, project, sessions)

    assert calls.call_count == 1
    assert TrainingRequest.objects.get().response_status == status


def test_a_lifecycle_post_is_never_retried(client, api, project, model, manager):
    calls = api.put(f"{API}projects/7/models/31", status=503, json={"detail": "Busy."})
    client.force_login(manager)

    client.post(reverse("dashboard:model-activate", args=[project.pk, model.pk]))

    assert calls.call_count == 1


# -- a training whose answer was lost ----------------------------------------------------


def _lost_answer(api, *, listed: list[dict]):
    posts = api.post(f"{API}projects/7/models", body=requests.ReadTimeout("read timed out"))
    api.get(f"{API}projects/7/models", json=listed)
    return posts


def test_a_training_whose_answer_was_lost_is_found_by_its_name_and_adopted(
    client_api, api, project, manager
):
    created = factories.model_json(id=44, name="topics-v2", status="QUEUED")
    other = factories.model_json(id=43, name="topics-v1", status="READY")
    posts = _lost_answer(api, listed=[other, created])

    model = services.training_start(
        project=project, user=manager, display_name="Topics", name="topics-v2", language="en",
        client=client_api,
    )  # fmt: skip

    assert posts.call_count == 1
    assert (model.remote_id, model.status, model.started_by) == (44, "QUEUED", manager)
    request = TrainingRequest.objects.get()
    assert (request.model, request.error) == (model, "")


def test_a_training_whose_answer_was_lost_and_that_was_not_created_is_an_error(
    client_api, api, project, manager
):
    posts = _lost_answer(api, listed=[factories.model_json(id=43, name="topics-v1")])

    with pytest.raises(ApiTimeout):
        services.training_start(
            project=project, user=manager, display_name="Topics", name="topics-v2",
            language="en", client=client_api,
        )  # fmt: skip

    assert posts.call_count == 1
    assert not TrainedModel.objects.exists()
    assert TrainingRequest.objects.get().error == "The training service did not answer in time."


def test_a_lost_answer_that_cannot_be_checked_is_reported_as_the_timeout(
    client_api, api, project, manager
):
    api.post(f"{API}projects/7/models", body=requests.ReadTimeout("read timed out"))
    api.get(f"{API}projects/7/models", body=requests.ConnectionError("refused"))

    with pytest.raises(ApiTimeout):
        services.training_start(
            project=project, user=manager, display_name="Topics", name="topics-v2",
            language="en", client=client_api,
        )  # fmt: skip

    assert not TrainedModel.objects.exists()


def test_the_form_whose_answer_was_lost_lands_on_the_adopted_model(
    client, api, project, manager, sessions
):
    api.get(f"{API}models", json=factories.catalog_json())
    posts = _lost_answer(api, listed=[factories.model_json(id=44, name="topics-v2")])
    client.force_login(manager)

    response = _post_training_form(client, project, sessions)

    model = TrainedModel.objects.get()
    assert response.redirect_chain[-1][0] == reverse("dashboard:model", args=[project.pk, model.pk])
    assert "Training has started." in response.text
    assert posts.call_count == 1
