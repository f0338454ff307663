"""Celery tasks of the embedded service (trainings and corrections' predictions in the
"training" queue, imports in "imports")."""

from celery import shared_task

from . import corrections, labeling, services


@shared_task(name="trainer.textapi.tasks.model_train", acks_late=True, ignore_result=True)
def model_train(*, model_id: int) -> None:
    """Train the QUEUED model ``model_id``; a no-op for any other status, so a
    redelivered message does no harm."""
    services.model_train(model_id=model_id)


@shared_task(
    name="trainer.textapi.tasks.labeling_session_import", acks_late=True, ignore_result=True
)
def labeling_session_import(*, session_id: int) -> None:
    """Import the uploaded file of the CREATED session ``session_id``; a no-op for
    any other, so a redelivered message does no harm."""
    labeling.labeling_session_import_run(session_id=session_id)


@shared_task(name="trainer.textapi.tasks.correction_predict", acks_late=True, ignore_result=True)
def correction_predict(*, session_id: int) -> None:
    """Pre-label the PREDICTING correction session ``session_id`` with its model; a
    no-op for any other, so a redelivered message does no harm."""
    corrections.correction_predict_run(session_id=session_id)


# Beat runs these two (in the "sync" queue, so that they never wait behind a training).
@shared_task(name="trainer.textapi.tasks.labeling_sessions_reap", ignore_result=True)
def labeling_sessions_reap() -> dict[str, int]:
    """Queue again (or, after their last try, fail) the imports whose worker stopped;
    queue again those whose message was lost."""
    return labeling.labeling_sessions_reap().counts()


@shared_task(name="trainer.textapi.tasks.models_reap", ignore_result=True)
def models_reap() -> dict[str, int]:
    """Queue again (or, after their last try, fail) the trainings whose worker stopped;
    queue again the models whose message was lost."""
    return services.models_reap().counts()
