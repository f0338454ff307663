"""Celery tasks: take ids, call a service, safe to run twice (``acks_late``)."""

from __future__ import annotations

from celery import shared_task

from trainer.apiclient.errors import ApiUnavailable

from . import uploads, webhooks
from .capture import services as capture_services
from .capture.connection import capture_client
from .models import CaptureDocument, TrainedModel, WebhookDelivery
from .text import sync
from .text.connection import text_client

RETRYING = {
    "autoretry_for": (ApiUnavailable,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name="trainer.dashboard.tasks.model_sync", **RETRYING)
def model_sync(*, model_id: int) -> str | None:
    """Refresh one model; nothing to do if it has been deleted here meanwhile."""
    model = TrainedModel.objects.select_related("project").filter(pk=model_id).first()
    if model is None:
        return None
    model = sync.model_sync(model=model, client=text_client())
    return model.status


# Beat runs this every few seconds: few retries, the next run comes soon anyway.
@shared_task(name="trainer.dashboard.tasks.models_sync_all", **{**RETRYING, "max_retries": 2})
def models_sync_all() -> dict[str, int]:
    """Refresh every model that is not terminal yet."""
    result = sync.models_sync_in_flight(client=text_client())
    return {"updated": result.updated, "failed": result.failed}


@shared_task(name="trainer.dashboard.tasks.projects_sync_all", **RETRYING)
def projects_sync_all() -> int:
    """Import or refresh every project the service account sees; the number refreshed."""
    return len(sync.projects_sync(client=text_client()))


# Beat runs this every few seconds, like models_sync_all.
@shared_task(
    name="trainer.dashboard.tasks.sessions_sync_importing", **{**RETRYING, "max_retries": 2}
)
def sessions_sync_importing() -> int:
    """Refresh the projects whose labeling sessions are still importing a file, or
    whose documents a model is still pre-labeling."""
    return sync.sessions_sync_importing(client=text_client())


@shared_task(name="trainer.dashboard.tasks.capture_document_sync", **RETRYING)
def capture_document_sync(*, document_id: int) -> str | None:
    """Refresh one capture document; nothing to do if it has been deleted meanwhile."""
    document = CaptureDocument.objects.select_related("project").filter(pk=document_id).first()
    if document is None:
        return None
    return capture_services.capture_document_sync(
        document=document, client=capture_client(project=document.project)
    ).status


@shared_task(
    name="trainer.dashboard.tasks.capture_documents_sync_all", **{**RETRYING, "max_retries": 2}
)
def capture_documents_sync_all() -> dict[str, int]:
    """Refresh every capture document whose capture is not finished."""
    result = capture_services.capture_documents_sync_in_flight()
    return {"updated": result.updated, "failed": result.failed}


# A receiver that is down gets six more tries, each after a wait drawn at random up to
# 10, 20, 40, 80, 160 and 320 s (at most ten minutes in all); then the delivery is
# given up. Its attempts stay on the settings page.
@shared_task(
    name="trainer.dashboard.tasks.webhook_deliver",
    autoretry_for=(webhooks.WebhookDeliveryFailed,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def webhook_deliver(*, delivery_id: int) -> int | None:
    """POST one webhook delivery; the answer's status code, None if there is nothing to
    send (the webhook was removed meanwhile, or the delivery went through already)."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    attempt = webhooks.webhook_deliver(delivery=delivery)
    return attempt.status_code if attempt else None


@shared_task(name="trainer.dashboard.tasks.staged_uploads_sweep", acks_late=True)
def staged_uploads_sweep() -> int:
    """Delete the files kept after refused uploads that nobody used in time."""
    return uploads.staged_sweep()
