import pytest
import requests

from tests import factories
from tests.dashboard.conftest import API
from trainer.apiclient.errors import ApiUnavailable
from trainer.dashboard import tasks
from trainer.dashboard.models import Project

pytestmark = pytest.mark.django_db


def test_the_beat_task_names_are_registered():
    from trainer.celery import app

    for name in (
        "trainer.dashboard.tasks.models_sync_all",
        "trainer.dashboard.tasks.projects_sync_all",
        "trainer.dashboard.tasks.model_sync",
    ):
        assert name in app.tasks


@pytest.mark.parametrize("task", [tasks.model_sync, tasks.models_sync_all, tasks.projects_sync_all])
def test_tasks_retry_only_an_unreachable_service_a_bounded_number_of_times(task):
    assert task.autoretry_for == (ApiUnavailable,)
    assert task.acks_late is True
    assert task.retry_backoff is True
    assert 0 < task.max_retries <= 5


def test_model_sync_refreshes_one_model(api, project):
    model = factories.make_model(project=project, remote_id=31, status="QUEUED")
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="TRAINING"))

    assert tasks.model_sync(model_id=model.pk) == "TRAINING"

    model.refresh_from_db()
    assert model.status == "TRAINING"


def test_model_sync_of_a_deleted_model_does_nothing(api):
    assert tasks.model_sync(model_id=123456) is None
    assert len(api.calls) == 0


def test_model_sync_twice_is_harmless(api, project):
    model = factories.make_model(project=project, remote_id=31, status="QUEUED")
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="READY"))

    tasks.model_sync(model_id=model.pk)
    tasks.model_sync(model_id=model.pk)

    model.refresh_from_db()
    assert model.status == "READY"


def test_models_sync_all_refreshes_models_in_flight(api, project):
    model = factories.make_model(project=project, remote_id=31, status="TRAINING")
    api.get(
        f"{API}projects/7/models",
        json=[factories.model_json(id=31, status="TRAINING", progress=75.0)],
    )

    assert tasks.models_sync_all() == {"updated": 1, "failed": 0}

    model.refresh_from_db()
    assert model.progress == 75.0


def test_models_sync_all_raises_for_a_retry_when_the_service_is_down(api, project):
    factories.make_model(project=project, remote_id=31, status="TRAINING")
    api.get(f"{API}projects/7/models", body=requests.ConnectionError())
    api.get(f"{API}projects/7/models/31", body=requests.ConnectionError())

    with pytest.raises(ApiUnavailable):
        tasks.models_sync_all()


def test_projects_sync_all_imports_every_project(api, db):
    api.get(f"{API}projects", json=[factories.project_json(id=5, name="Reviews")])
    api.get(f"{API}projects/5/annotations", json=[factories.session_json()])
    api.get(f"{API}projects/5/models", json=[])

    assert tasks.projects_sync_all() == 1

    assert Project.objects.get(remote_id=5).sessions.count() == 1
