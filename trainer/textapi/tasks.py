"""Celery tasks of the embedded service (routed to the "training" queue)."""

from celery import shared_task

from . import services


@shared_task(name="trainer.textapi.tasks.model_train", acks_late=True, ignore_result=True)
def model_train(*, model_id: int) -> None:
    """Train the QUEUED model ``model_id``; a no-op for any other status, so a
    redelivered message does no harm."""
    services.model_train(model_id=model_id)


# Beat runs this (in the "sync" queue, so that it never waits behind a training).
@shared_task(name="trainer.textapi.tasks.models_reap", ignore_result=True)
def models_reap() -> dict[str, int]:
    """Queue again (or, after their last try, fail) the trainings whose worker stopped;
    queue again the models whose message was lost."""
    reaped = services.models_reap()
    return {
        "failed": len(reaped.failed),
        "requeued": len(reaped.requeued),
        "retried": len(reaped.retried),
    }
