"""An in-flight model whose status the sync no longer reaches says that its updates
are paused, and why, instead of promising updates that are not coming."""

from datetime import timedelta

import pytest
import responses
from django.urls import reverse
from django.utils import timezone
from requests.exceptions import ConnectionError as Refused

from tests import factories
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.apiclient.errors import ApiUnavailable
from trainer.dashboard import services, sync_health
from trainer.dashboard.models import ModelStatus

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WORKER_STOPPED = "the background worker that fetches them is not running"
UNREACHABLE = "the training service cannot be reached"
LIVE = "This page updates by itself while the model trains."


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
        services.models_sync_in_flight(client=DeepOpinionClient.from_settings())
    client.force_login(reader)

    assert UNREACHABLE in _poll(client, model).content.decode()


def test_a_sync_pass_that_reaches_the_service_again_clears_the_note(settings, model):
    sync_health.unreachable_record(unreachable=True)
    assert "cannot be reached" in sync_health.paused_reason(
        last_synced_at=timezone.now() - timedelta(hours=1)
    )

    sync_health.unreachable_record(unreachable=False)

    assert WORKER_STOPPED in sync_health.paused_reason(
        last_synced_at=timezone.now() - timedelta(hours=1)
    )
