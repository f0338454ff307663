"""A sync pass writes only what changed: the models the service reports unchanged cost
no write each, only one UPDATE of their ``last_synced_at`` together."""

from datetime import timedelta

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import TrainedModel
from trainer.dashboard.text import sync

pytestmark = pytest.mark.django_db

MODELS = 20


def _answers(*, progress: dict[int, float] | None = None) -> list[dict]:
    """The service's list: models 1…MODELS training at 40 %, or at ``progress[id]``."""
    progress = progress or {}
    return [
        factories.model_json(
            id=remote_id,
            uuid=f"00000000-0000-0000-0000-{remote_id:012d}",
            status="TRAINING",
            progress=progress.get(remote_id, 40.0),
        )
        for remote_id in range(1, MODELS + 1)
    ]


@pytest.fixture
def synced(api, client_api, project):
    """MODELS models in flight, stored once from the service's answer."""
    for remote_id in range(1, MODELS + 1):
        factories.make_model(project=project, remote_id=remote_id, status="QUEUED")
    api.get(f"{API}projects/7/models", json=_answers())
    sync.models_sync_in_flight(client=client_api)
    return TrainedModel.objects.filter(project=project)


def _model_updates(queries: CaptureQueriesContext) -> list[str]:
    table = TrainedModel._meta.db_table
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and table in query["sql"].split("SET")[0]
    ]


def test_a_pass_over_unchanged_models_writes_one_update_for_all(api, client_api, synced):
    with CaptureQueriesContext(connection) as queries:
        result = sync.models_sync_in_flight(client=client_api)

    assert result.updated == MODELS
    assert len(_model_updates(queries)) == 1


def test_a_pass_saves_the_changed_model_alone_and_stamps_the_others_together(
    api, client_api, synced
):
    changed = synced.get(remote_id=3)
    api.replace(responses.GET, f"{API}projects/7/models", json=_answers(progress={3: 75.0}))

    with CaptureQueriesContext(connection) as queries:
        sync.models_sync_in_flight(client=client_api)

    assert len(_model_updates(queries)) == 2
    changed.refresh_from_db()
    assert changed.progress == 75.0


def test_an_unchanged_model_shows_when_it_was_last_read(api, client_api, synced, reader, client):
    model = synced.get(remote_id=1)
    TrainedModel.objects.update(last_synced_at=timezone.now() - timedelta(hours=3))

    sync.models_sync_in_flight(client=client_api)

    model.refresh_from_db()
    assert timezone.now() - model.last_synced_at < timedelta(minutes=1)
    client.force_login(reader)
    page = client.get(reverse("dashboard:model", args=[model.project_id, model.pk]))
    content = page.content.decode()
    assert "Last read from the training service" in content
    assert "3\xa0hours" not in content


def test_a_project_refresh_over_unchanged_models_writes_one_update_for_them(
    api, client_api, project, synced
):
    api.get(f"{API}projects/7", json=factories.project_json(id=7, name=project.name))
    api.get(f"{API}projects/7/annotations", json=[])
    read_before = timezone.now()

    with CaptureQueriesContext(connection) as queries:
        sync.project_sync(project=project, client=client_api)

    assert len(_model_updates(queries)) == 1
    assert synced.filter(last_synced_at__gte=read_before).count() == MODELS
