"""An in-flight model or capture document whose status the sync no longer reaches
says that its updates are paused, and why, instead of promising updates that are not
coming."""

from datetime import timedelta

import pytest
import responses
from django.urls import reverse
from django.utils import timezone
from requests.exceptions import ConnectionError as Refused

from tests import factories
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.apiclient.errors import ApiUnavailable
from trainer.dashboard import sync_health
from trainer.dashboard.capture import services as capture_services
from trainer.dashboard.models import CaptureDocument, CaptureStatus, ModelStatus, Role
from trainer.dashboard.text import sync

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WORKER_STOPPED = "the background worker that fetches them is not running"
UNREACHABLE = "the training service cannot be reached"
LIVE = "This page updates by itself while the model trains."
CAPTURE_API = "http://testserver/api/capture/"
CAPTURE_UNREACHABLE = "the capture service cannot be reached"
CAPTURE_LIVE = "This page updates by itself while the document is captured."


@pytest.fixture
def model(project):
    return factories.make_model(
        project=project, status=ModelStatus.TRAINING, last_synced_at=timezone.now()
    )


def _silent(model, *, seconds: float) -> None:
    model.last_synced_at = timezone.now() - timedelta(seconds=seconds)
    model.save(update_fields=["last_synced_at"])


def _poll(client, model, fragment="card"):
    url = reverse("dashboard:model-status", args=[model.project_id, model.pk])
    return client.get(url, {"fragment": fragment}, headers=HTMX)


def test_a_model_synced_just_now_says_it_updates_by_itself(client, reader, model):
    client.force_login(reader)

    page = client.get(reverse("dashboard:model", args=[model.project_id, model.pk])).content

    assert LIVE in page.decode()
    assert b"paused" not in page


def test_a_model_no_sync_reached_for_a_while_says_the_worker_is_not_running(
    client, reader, model, settings
):
    settings.TRAINER_SYNC_PAUSED_SECONDS = 15
    _silent(model, seconds=20)
    client.force_login(reader)

    page = client.get(reverse("dashboard:model", args=[model.project_id, model.pk])).content
    row = _poll(client, model, fragment="row").content

    assert WORKER_STOPPED in page.decode()
    assert LIVE not in page.decode()
    assert WORKER_STOPPED in row.decode()


def test_the_poll_turns_to_paused_even_when_nothing_else_changed(client, reader, model, settings):
    settings.TRAINER_SYNC_PAUSED_SECONDS = 15
    client.force_login(reader)
    live = _poll(client, model)
    _silent(model, seconds=20)
    # The sync's stamp moved back; the model's other columns are unchanged.

    paused = _poll(client, model)

    assert paused.status_code == 200
    assert paused["ETag"] != live["ETag"]
    assert WORKER_STOPPED in paused.content.decode()


@responses.activate
def test_a_sync_pass_that_cannot_reach_the_service_makes_the_pause_say_so(
    client, reader, model, settings
):
    settings.TRAINER_SYNC_PAUSED_SECONDS = 15
    responses.get(
        f"{settings.TRAINER_API_URL}projects/{model.project.remote_id}/models",
        body=Refused("refused"),
    )
    responses.get(
        f"{settings.TRAINER_API_URL}projects/{model.project.remote_id}/models/{model.remote_id}",
        body=Refused("refused"),
    )
    _silent(model, seconds=20)

    with pytest.raises(ApiUnavailable):
        sync.models_sync_in_flight(client=DeepOpinionClient.from_settings())
    client.force_login(reader)

    assert UNREACHABLE in _poll(client, model).content.decode()


def test_a_sync_pass_that_reaches_the_service_again_clears_the_note(settings, model):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    sync_health.unreachable_record(service=sync_health.TEXT, unreachable=True)
    assert UNREACHABLE in sync_health.paused_reason(
        last_synced_at=an_hour_ago, service=sync_health.TEXT
    )

    sync_health.unreachable_record(service=sync_health.TEXT, unreachable=False)

    assert WORKER_STOPPED in sync_health.paused_reason(
        last_synced_at=an_hour_ago, service=sync_health.TEXT
    )


def test_one_unreachable_service_does_not_speak_for_the_other(settings):
    an_hour_ago = timezone.now() - timedelta(hours=1)

    sync_health.unreachable_record(service=sync_health.TEXT, unreachable=True)

    assert WORKER_STOPPED in sync_health.paused_reason(
        last_synced_at=an_hour_ago, service=sync_health.CAPTURE
    )


@pytest.fixture
def document(db):
    project = capture_services.capture_project_define(
        name="Supplier invoices", document_type="invoices", fields=[]
    )
    return CaptureDocument.objects.create(
        project=project,
        name="a.pdf",
        file_id="f-1",
        file_token="tok",
        task_id="t-1",
        status=CaptureStatus.IN_PROGRESS,
        last_synced_at=timezone.now(),
    )


@pytest.fixture
def capture_reader(document):
    user = factories.make_user(username="capture-reader")
    capture_services.capture_membership_set(
        project=document.project, user=user, role=Role.READ_ONLY
    )
    return user


def _capture_page(client, document) -> str:
    url = reverse("dashboard:capture-document", args=[document.project_id, document.pk])
    return client.get(url).content.decode()


def _capture_poll(client, document, fragment="card") -> str:
    url = reverse("dashboard:capture-document-status", args=[document.project_id, document.pk])
    return client.get(url, {"fragment": fragment}, headers=HTMX).content.decode()


def test_a_document_synced_just_now_says_it_updates_by_itself(client, capture_reader, document):
    client.force_login(capture_reader)

    page = _capture_page(client, document)

    assert CAPTURE_LIVE in page
    assert "paused" not in page


def test_a_document_no_sync_reached_for_a_while_says_the_worker_is_not_running(
    client, capture_reader, document, settings
):
    settings.TRAINER_SYNC_PAUSED_SECONDS = 15
    _silent(document, seconds=20)
    client.force_login(capture_reader)

    page = _capture_page(client, document)

    assert WORKER_STOPPED in page
    assert CAPTURE_LIVE not in page
    assert WORKER_STOPPED in _capture_poll(client, document, fragment="card")
    assert WORKER_STOPPED in _capture_poll(client, document, fragment="row")


@responses.activate
def test_a_capture_sync_that_cannot_reach_its_service_makes_the_pause_say_so(
    client, capture_reader, document, settings
):
    settings.TRAINER_SYNC_PAUSED_SECONDS = 15
    responses.get(f"{CAPTURE_API}v2/task/{document.task_id}", body=Refused("refused"))
    _silent(document, seconds=20)

    with pytest.raises(ApiUnavailable):
        capture_services.capture_documents_sync_in_flight()
    client.force_login(capture_reader)

    assert CAPTURE_UNREACHABLE in _capture_poll(client, document)
    assert UNREACHABLE not in _capture_poll(client, document)
