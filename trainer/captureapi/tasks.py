"""Celery tasks of the embedded capture service (routed to the "training" queue)."""

from celery import shared_task

from . import services


@shared_task(name="trainer.captureapi.tasks.task_capture", acks_late=True, ignore_result=True)
def task_capture(*, task_id: int) -> None:
    """Capture the New task ``task_id``; a no-op for any other status, so a
    redelivered message does no harm."""
    services.task_run(task_id=task_id)
