"""The capture reaper: no task stays InProgress after its worker died, and no task
stays Submitted after its message was lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trainer.captureapi import services
from trainer.captureapi.models import CaptureTask, Status

from .conftest import url

STALE = timedelta(minutes=11)  # past the default of 10 minutes


def _ago(delta: timedelta):
    return timezone.now() - delta


@pytest.fixture
def make_task(application, invoices_type):
    def make(**fields) -> CaptureTask:
        return CaptureTask.objects.create(
            application=application, document_type=invoices_type, **fields
        )

    return make


def test_a_capture_whose_worker_stopped_ends_failed_with_the_reason(make_task, api):
    task = make_task(status=Status.IN_PROGRESS, heartbeat_at=_ago(STALE))

    reaped = services.tasks_reap()

    task.refresh_from_db()
    assert task.status == Status.FAILED
    assert reaped.failed == [task.pk]
    answer = api.get(url(f"v2/task/{task.uuid}")).json()
    assert answer["status"] == "Failed"
    assert "worker stopped" in answer["error"]


def test_a_capture_at_work_is_left_alone(make_task):
    task = make_task(status=Status.IN_PROGRESS, heartbeat_at=_ago(timedelta(seconds=30)))

    assert services.tasks_reap().failed == []

    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS


@pytest.mark.parametrize("status", [Status.DONE, Status.WAIT_FOR_ACTION, Status.FAILED])
def test_a_finished_task_is_never_touched(make_task, status):
    task = make_task(status=status, heartbeat_at=_ago(STALE), created=_ago(STALE))

    services.tasks_reap()

    task.refresh_from_db()
    assert task.status == status


def test_a_task_submitted_for_too_long_is_captured_again(make_task, eager_celery):
    task = make_task(status=Status.SUBMITTED, created=_ago(STALE))

    reaped = services.tasks_reap()

    task.refresh_from_db()
    assert reaped.requeued == [task.pk]
    assert task.status == Status.DONE  # it has no document: captured at once


def test_a_task_queued_again_is_not_queued_again_at_the_next_pass(make_task):
    task = make_task(status=Status.SUBMITTED, created=_ago(STALE))
    services.tasks_reap()

    assert services.tasks_reap().requeued == []
    assert CaptureTask.objects.get(pk=task.pk).status == Status.SUBMITTED


def test_the_thresholds_come_from_the_settings(make_task, settings):
    settings.CAPTUREAPI_TASK_STALE_SECONDS = 5
    task = make_task(status=Status.IN_PROGRESS, heartbeat_at=_ago(timedelta(seconds=6)))

    services.tasks_reap()

    assert CaptureTask.objects.get(pk=task.pk).status == Status.FAILED


def test_a_capture_marks_its_work_as_it_goes(captured):
    started = timezone.now()

    task_id, _file_id, _layout, _invoice = captured()

    task = CaptureTask.objects.get(uuid=task_id)
    assert task.status in (Status.DONE, Status.WAIT_FOR_ACTION)
    assert task.heartbeat_at >= started
