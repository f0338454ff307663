"""Writes of the capture wing: capture projects, the documents uploaded and their
capture tasks mirrored, and the trainings sent."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from trainer.apiclient.errors import ApiBadResponse, ApiError, ApiNotFound, ApiUnavailable
from trainer.apiclient.flexicapture import (
    VERIFICATION_EXTENSION,
    FlexiCaptureClient,
    Layout,
    Rectangle,
    Task,
    TrainingField,
    TrainingSpec,
)

from .. import sync_health
from ..mirror import DELETED_REMOTELY, SyncResult, values_apply
from ..models import (
    CAPTURE_PROCESSED_STATUSES,
    CaptureDocument,
    CaptureField,
    CaptureMembership,
    CaptureProject,
    CaptureStatus,
    CaptureTraining,
    Role,
)
from .connection import capture_client
from .selectors import capture_documents_in_flight
from .words import drawing_texts

logger = logging.getLogger(__name__)


@transaction.atomic
def capture_project_define(
    *, name: str, document_type: str, fields: Sequence[tuple[str, bool]], description: str = ""
) -> CaptureProject:
    """The capture project of ``document_type`` (made if missing), with exactly
    ``fields`` (name, required) in that order."""
    project, _created = CaptureProject.objects.update_or_create(
        document_type=document_type, defaults={"name": name, "description": description}
    )
    project.fields.exclude(name__in=[name for name, _required in fields]).delete()
    for position, (field_name, required) in enumerate(fields):
        CaptureField.objects.update_or_create(
            project=project, name=field_name, defaults={"required": required, "position": position}
        )
    return project


def capture_membership_set(
    *, project: CaptureProject, user: AbstractBaseUser, role: int
) -> CaptureMembership:
    membership, _created = CaptureMembership.objects.update_or_create(
        project=project, user=user, defaults={"role": Role(role)}
    )
    return membership


def capture_document_upload(
    *,
    project: CaptureProject,
    user: AbstractBaseUser,
    file: UploadedFile,
    client: FlexiCaptureClient,
) -> CaptureDocument:
    """Upload the file to the capture service and start a capture task on it with
    the project's document type; the task's status is then followed by Celery. The
    file is kept as the document's ``source``: the viewer draws its pages from it."""
    from ..tasks import capture_document_sync as sync_task  # the tasks module imports services

    stored = client.upload_file(file=file, filename=file.name)
    task = client.create_task(project.document_type, files=[stored])
    document = CaptureDocument.objects.create(
        project=project,
        name=file.name[:255],
        uploaded_by=user,
        file_id=stored.id,
        file_token=stored.token,
        source=file,
        task_id=task.id,
        status=task.status,
        last_synced_at=timezone.now(),
    )
    sync_task.delay_on_commit(document_id=document.pk)
    return document


def _capture_found(*, task: Task, layout: Layout, client: FlexiCaptureClient) -> list[dict]:
    """The fields the capture found, each with its value (and confidence, from an
    export): those of the first export (``target…`` file) that is the JSON this
    client reads, else the layout's."""
    for target in task.documents[0].targets if task.documents else []:
        with contextlib.suppress(ApiBadResponse):  # an export in another format
            return [asdict(f) for f in client.get_export(target)]
    return [asdict(f) for f in layout.fields]


def capture_document_sync(
    *, document: CaptureDocument, client: FlexiCaptureClient
) -> CaptureDocument:
    """Mirror the document's capture task until it is Done, Failed or Canceled.

    Once processed, its layout (pages and fields) is kept for the viewer, and read
    again when the task goes on to Done (a person may have corrected the values).
    ``fields_found`` keeps what the capture found before any person: read from the
    export when the task is Done at once, from the layout while it waits for a
    person (:func:`_capture_found`), and then kept. A task that comes to wait for a
    person keeps its ``verification_id``, and ``verify_here`` says whether the
    service announces the verification extension (the dashboard's own page) or not
    (the vendor's page). A task the service no longer knows ends Failed with
    :data:`DELETED_REMOTELY`."""
    try:
        task = client.get_task(document.task_id)
    except ApiNotFound:
        values: dict[str, Any] = {"status": CaptureStatus.FAILED, "error": DELETED_REMOTELY}
    else:
        values = {"status": task.status, "error": task.error}
        new_status = task.status != document.status
        if task.status == CaptureStatus.WAIT_FOR_ACTION:
            values["verification_id"] = task.verification_id or ""
            if new_status:
                values["verify_here"] = VERIFICATION_EXTENSION in client.get_extensions()
        if task.status in CAPTURE_PROCESSED_STATUSES and (new_status or not document.layout):
            layout = client.get_layout(document.task_id, document.file_id)
            values["layout"] = asdict(layout)
            if not document.fields_found:
                values["fields_found"] = _capture_found(task=task, layout=layout, client=client)
    changed = values_apply(document, values)
    document.last_synced_at = timezone.now()
    document.save(update_fields=[*changed, "last_synced_at"])
    return document


def capture_documents_sync_in_flight() -> SyncResult:
    """Refresh every document whose capture is not finished, each through its
    project's application; if none could be read because the service is
    unreachable, ApiUnavailable is raised for a retry."""
    result = SyncResult()
    clients: dict[int, FlexiCaptureClient] = {}
    for document in capture_documents_in_flight():
        if document.project_id not in clients:
            clients[document.project_id] = capture_client(project=document.project)
        try:
            capture_document_sync(document=document, client=clients[document.project_id])
        except ApiError as exc:
            logger.warning("Capture document %s not refreshed: %s", document.pk, exc.message)
            result.failed += 1
            result.errors.append(exc)
        else:
            result.updated += 1
    unavailable = [exc for exc in result.errors if isinstance(exc, ApiUnavailable)]
    if clients:
        sync_health.unreachable_record(
            service=sync_health.CAPTURE, unreachable=bool(unavailable) and not result.updated
        )
    if unavailable and not result.updated:
        raise unavailable[0]
    return result


def capture_training_send(
    *,
    document: CaptureDocument,
    user: AbstractBaseUser,
    fields: Sequence[dict],
    client: FlexiCaptureClient,
) -> CaptureTraining:
    """Send ``POST /v2/training`` with the rectangles drawn (``[{name, rectangles}]``)
    for the document's task and file.

    The CaptureTraining with the exact body and the text under each field's
    rectangles is committed *before* the call; the answer is recorded on it.
    Any ApiError is re-raised (a 400's message says what is wrong; the capture
    service's error body has no field errors).
    """
    spec = TrainingSpec(
        task_id=document.task_id,
        file_id=document.file_id,
        fields=[
            TrainingField(
                name=item["name"], rectangles=[Rectangle(**r) for r in item["rectangles"]]
            )
            for item in fields
        ],
    )
    texts = drawing_texts(document=document, drawing=fields)
    training = CaptureTraining.objects.create(
        document=document,
        user=user,
        payload=spec.to_json(),
        values={name: text["text"] for name, text in texts.items()},
    )
    try:
        client.train(spec)
    except ApiError as exc:
        training.response_status = exc.status
        training.response_body = {"detail": exc.message, "errors": exc.field_errors}
        training.error = exc.message
        training.save(update_fields=["response_status", "response_body", "error"])
        raise
    training.response_status = 204
    training.save(update_fields=["response_status"])
    logger.info("%s trained capture document %s", user, document.pk)
    return training
