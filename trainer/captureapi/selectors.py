"""Reads. Every lookup is scoped to the calling application: another application's
ids are unknown (404)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from .errors import NotFound
from .models import (
    Application,
    CaptureTask,
    DocumentType,
    Page,
    Status,
    StoredFile,
    TaskDocument,
)


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def file_get_or_none(*, application: Application, file_id: str, token: str) -> StoredFile | None:
    """The application's unexpired file with this id, if ``token`` is its token."""
    file_uuid = parse_uuid(file_id)
    if file_uuid is None:
        return None
    stored = (
        StoredFile.objects.filter(
            application=application, uuid=file_uuid, expiring__gt=timezone.now()
        )
        .select_related("application")
        .first()
    )
    if stored is None or not constant_time_compare(stored.token, token):
        return None
    return stored


def file_get(*, application: Application, file_id: str, token: str) -> StoredFile:
    stored = file_get_or_none(application=application, file_id=file_id, token=token)
    if stored is None:
        raise NotFound(_("No file with id %(id)s and this token.") % {"id": file_id})
    return stored


def document_type_get(*, slug: str) -> DocumentType:
    document_type = DocumentType.objects.filter(slug=slug).first()
    if document_type is None:
        raise NotFound(_("No document type %(slug)s.") % {"slug": slug})
    return document_type


def _tasks(application: Application) -> QuerySet[CaptureTask]:
    return CaptureTask.objects.filter(application=application).select_related("document_type")


def task_get(*, application: Application, task_id: str) -> CaptureTask:
    task_uuid = parse_uuid(task_id)
    task = _tasks(application).filter(uuid=task_uuid).first() if task_uuid else None
    if task is None:
        raise NotFound(_("No task with id %(id)s.") % {"id": task_id})
    return task


def task_documents(*, task: CaptureTask) -> QuerySet[TaskDocument]:
    return task.documents.select_related("export").order_by("position", "id")


def task_document_get(*, application: Application, task_id: str, file_id: str) -> TaskDocument:
    task = task_get(application=application, task_id=task_id)
    file_uuid = parse_uuid(file_id)
    document = task_documents(task=task).filter(file_uuid=file_uuid).first() if file_uuid else None
    if document is None:
        raise NotFound(_("The task has no file with id %(id)s.") % {"id": file_id})
    return document


def verification_get(*, application: Application, task_id: str) -> CaptureTask:
    """The application's task waiting for a person (404 for any other)."""
    task = task_get(application=application, task_id=task_id)
    if task.status != Status.WAIT_FOR_ACTION:
        raise NotFound(
            _("The task is %(status)s; no verification waits for it.") % {"status": task.status}
        )
    return task


def page_list(*, document: TaskDocument) -> QuerySet[Page]:
    return document.pages.order_by("number")
