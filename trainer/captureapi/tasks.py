"""Celery tasks of the embedded capture service (routed to the "capture" queue)."""

from celery import shared_task

from . import services


@shared_task(name="trainer.captureapi.tasks.task_capture", acks_late=True, ignore_result=True)
def task_capture(*, task_id: int) -> None:
    """Capture the New task ``task_id``; a no-op for any other status, so a
    redelivered message does no harm."""
    services.task_run(task_id=task_id)


@shared_task(name="trainer.captureapi.tasks.tasks_reap", ignore_result=True)
def tasks_reap() -> dict[str, int]:
    """Fail the captures whose worker stopped; queue again the tasks whose message was lost."""
    reaped = services.tasks_reap()
    return {"failed": len(reaped.failed), "requeued": len(reaped.requeued)}
