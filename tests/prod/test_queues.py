"""A long training never delays the status sync, a capture or an import: the kinds
of task travel in separate queues, which separate workers consume (``runall``:
``-Q sync``, ``-Q training`` and ``-Q capture,imports``; on other machines the same)."""

import pytest

from trainer.captureapi import tasks as captureapi_tasks
from trainer.celery import app
from trainer.dashboard import tasks as dashboard_tasks
from trainer.textapi import tasks as textapi_tasks

QUEUES = ("sync", "training", "capture", "imports")


def _queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.fixture
def broker():
    """The configured broker (files in tests, Redis in ``make test-prod``), queues emptied."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel

        def sizes() -> dict[str, int]:
            return {queue: channel.queue_declare(queue=queue).message_count for queue in QUEUES}

        def purge() -> None:
            for queue in QUEUES:
                channel.queue_declare(queue=queue)
                channel.queue_purge(queue)

        purge()
        yield sizes
        purge()


def test_trainings_are_routed_to_the_training_queue():
    assert _queue_of(textapi_tasks.model_train.name) == "training"


def test_captures_are_routed_to_the_capture_queue():
    assert _queue_of(captureapi_tasks.task_capture.name) == "capture"


def test_imports_of_labeled_data_are_routed_to_the_imports_queue():
    assert _queue_of(textapi_tasks.labeling_session_import.name) == "imports"


@pytest.mark.parametrize(
    "task",
    [
        dashboard_tasks.model_sync,
        dashboard_tasks.models_sync_all,
        dashboard_tasks.projects_sync_all,
    ],
)
def test_the_dashboards_sync_tasks_are_routed_to_the_sync_queue(task):
    assert _queue_of(task.name) == "sync"


def test_every_beat_entry_goes_to_the_sync_queue():
    app.finalize()
    schedule = app.conf.beat_schedule

    assert schedule
    assert {_queue_of(entry["task"]) for entry in schedule.values()} == {"sync"}


def test_a_queued_training_waits_in_the_training_queue_and_not_in_sync(broker):
    textapi_tasks.model_train.apply_async(kwargs={"model_id": 1})

    assert broker() == {"sync": 0, "training": 1, "capture": 0, "imports": 0}


def test_a_queued_model_sync_waits_in_the_sync_queue(broker):
    dashboard_tasks.model_sync.apply_async(kwargs={"model_id": 1})

    assert broker() == {"sync": 1, "training": 0, "capture": 0, "imports": 0}


def test_a_queued_import_waits_in_the_imports_queue(broker):
    textapi_tasks.labeling_session_import.apply_async(kwargs={"session_id": 1})

    assert broker() == {"sync": 0, "training": 0, "capture": 0, "imports": 1}


def test_every_beat_entry_expires_when_the_next_one_is_due():
    """A worker that was stopped finds one sync to do, not a backlog of them."""
    app.finalize()
    schedule = app.conf.beat_schedule

    for entry in schedule.values():
        assert entry["options"]["expires"] == entry["schedule"]
