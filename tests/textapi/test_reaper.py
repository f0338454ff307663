"""The reaper: a model whose worker died is trained again (a bounded number of times,
then it ends FAILED with the reason), and no model stays QUEUED after its message
was lost."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from trainer.celery import app as celery_app
from trainer.textapi import services, tasks
from trainer.textapi.models import Status, TextModel

from .helpers import post_json

STALE = timedelta(minutes=11)  # past the defaults of 2 and 10 minutes


def _ago(delta: timedelta):
    return timezone.now() - delta


def test_a_training_whose_worker_stopped_beating_is_queued_again_to_start_over(model_factory):
    model = model_factory(
        status=Status.TRAINING, progress=40.0, attempts=1, heartbeat_at=_ago(STALE)
    )
    try:
        reaped = services.models_reap()
    finally:
        _purge_training_queue()

    model.refresh_from_db()
    assert (model.status, model.progress, model.error) == (Status.QUEUED, 0.0, "")
    assert timezone.now() - model.heartbeat_at < timedelta(seconds=5)
    assert reaped.retried == [model.pk]
    assert reaped.failed == []


def test_a_training_queued_again_after_its_worker_died_ends_ready(
    model_factory, session, eager_celery
):
    model = model_factory(
        status=Status.TRAINING, annotation_ids=[session.pk], attempts=1, heartbeat_at=_ago(STALE)
    )

    services.models_reap()

    model.refresh_from_db()
    assert (model.status, model.attempts) == (Status.READY, 2)
    assert model.score is not None


def test_a_training_whose_worker_died_on_every_try_ends_failed_with_the_reason(
    model_factory, settings
):
    settings.TEXTAPI_TRAINING_MAX_ATTEMPTS = 3
    model = model_factory(status=Status.TRAINING, attempts=3, heartbeat_at=_ago(STALE))

    reaped = services.models_reap()

    model.refresh_from_db()
    assert model.status == Status.FAILED
    assert model.error == "the training worker stopped on every try; start the training again"
    assert reaped.failed == [model.pk]
    assert reaped.retried == []


def test_each_start_of_a_training_counts_as_a_try(model_factory, session):
    model = model_factory(status=Status.QUEUED, annotation_ids=[session.pk])

    services.model_train(model_id=model.pk)

    model.refresh_from_db()
    assert (model.status, model.attempts) == (Status.READY, 1)


def test_a_training_that_beats_is_left_alone(model_factory):
    model = model_factory(status=Status.TRAINING, heartbeat_at=_ago(timedelta(seconds=20)))

    services.models_reap()

    model.refresh_from_db()
    assert model.status == Status.TRAINING


def test_a_training_from_before_heartbeats_is_judged_by_its_age(model_factory):
    old = model_factory(status=Status.TRAINING, created=_ago(STALE))
    young = model_factory(status=Status.TRAINING)
    try:
        services.models_reap()
    finally:
        _purge_training_queue()

    assert TextModel.objects.get(pk=old.pk).status == Status.QUEUED
    assert TextModel.objects.get(pk=young.pk).status == Status.TRAINING


def test_the_threshold_comes_from_the_settings(model_factory, settings):
    settings.TEXTAPI_TRAINING_STALE_SECONDS = 5
    model = model_factory(status=Status.TRAINING, heartbeat_at=_ago(timedelta(seconds=6)))
    try:
        services.models_reap()
    finally:
        _purge_training_queue()

    assert TextModel.objects.get(pk=model.pk).status == Status.QUEUED


def test_finished_models_are_never_touched(model_factory):
    models = [
        model_factory(status=status, heartbeat_at=_ago(STALE), created=_ago(STALE))
        for status in (Status.READY, Status.FAILED, Status.ACTIVE, Status.PUBLISHED)
    ]

    assert services.models_reap() == services.Reaped()
    assert [TextModel.objects.get(pk=m.pk).status for m in models] == [m.status for m in models]


def test_a_model_queued_too_long_is_queued_again_and_trains(model_factory, session, eager_celery):
    model = model_factory(
        status=Status.QUEUED, annotation_ids=[session.pk], heartbeat_at=_ago(STALE)
    )

    reaped = services.models_reap()

    model.refresh_from_db()
    assert reaped.requeued == [model.pk]
    assert model.status == Status.READY


def test_a_model_queued_again_waits_its_turn_before_the_next_resend(model_factory):
    model = model_factory(status=Status.QUEUED, heartbeat_at=_ago(STALE))
    try:
        first = services.models_reap()
        second = services.models_reap()
    finally:
        _purge_training_queue()

    assert first.requeued == [model.pk]
    assert second.requeued == []
    assert TextModel.objects.get(pk=model.pk).status == Status.QUEUED


def test_a_recently_queued_model_is_not_queued_again(model_factory):
    model_factory(status=Status.QUEUED, heartbeat_at=_ago(timedelta(minutes=1)))

    assert services.models_reap().requeued == []


def _purge_training_queue() -> None:
    with celery_app.connection_for_write() as broker:
        broker.default_channel.queue_declare(queue="training")
        broker.default_channel.queue_purge("training")


def test_starting_a_training_sets_the_first_heartbeat(manager, project, session):
    response = post_json(manager, f"projects/{project.pk}/models", {"annotation_ids": [session.pk]})

    model = TextModel.objects.get(pk=response.json()["id"])
    assert model.status == Status.QUEUED
    assert timezone.now() - model.heartbeat_at < timedelta(seconds=5)


def test_each_progress_write_is_a_heartbeat(model_factory):
    model = model_factory(status=Status.TRAINING, heartbeat_at=_ago(STALE))

    services._progress_writer(model)(10.0, "feature extraction")

    model.refresh_from_db()
    assert timezone.now() - model.heartbeat_at < timedelta(seconds=5)
    assert services.models_reap().failed == []


@pytest.mark.django_db(transaction=True)
def test_a_long_step_between_progress_writes_still_beats(settings, django_user_model):
    settings.TEXTAPI_HEARTBEAT_SECONDS = 0.05
    project = services.project_create(name="Slow")
    model = TextModel.objects.create(
        project=project,
        name="slow-step",
        type="CLASS",
        language="en",
        status=Status.TRAINING,
        heartbeat_at=_ago(STALE),
    )

    with services._heartbeat(model):
        time.sleep(0.5)  # one long step of a learner, without any progress write

    model.refresh_from_db()
    assert timezone.now() - model.heartbeat_at < timedelta(seconds=2)
    assert services.models_reap().failed == []


def test_the_reaper_task_runs_the_service(model_factory):
    model_factory(status=Status.TRAINING, heartbeat_at=_ago(STALE))
    model_factory(status=Status.TRAINING, attempts=3, heartbeat_at=_ago(STALE))
    try:
        counts = tasks.models_reap()
    finally:
        _purge_training_queue()

    assert counts == {"failed": 1, "requeued": 0, "retried": 1}
