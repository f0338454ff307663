"""Writes of the embedded Capture API, and the capture itself."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer.jsonapi.reaper import Reaped, reap
from trainer.learning import capture as learning

from .auth import app_id_new, token_hash, token_new_raw
from .documents import SNIFF_BYTES, FileKind, UnreadableDocument, read_pages, sniff
from .errors import TooLarge, UnsupportedType
from .models import (
    Application,
    CaptureModel,
    CaptureTask,
    DocumentField,
    DocumentType,
    Page,
    Status,
    StoredFile,
    TaskDocument,
)
from .serializers import export_json
from .validation import (
    TROUBLESHOOTING,
    USER_VERIFICATION,
    task_files_parse,
    training_request_parse,
    verification_parse,
)

logger = logging.getLogger(__name__)

# A capture task's error when the reaper finds that its worker stopped.
WORKER_STOPPED = "the capture worker stopped before it finished; send the document again"


# -- applications -------------------------------------------------------------------------


def application_create(
    *, name: str, app_id: str | None = None, raw: str | None = None
) -> tuple[Application, str]:
    """A new application and its raw token (not kept). With ``app_id`` and ``raw``,
    exactly those credentials are registered; registering them again returns the
    existing row, and another token for a known id is refused with ``ValueError``."""
    app_id = app_id or app_id_new()
    raw = raw or token_new_raw()
    if ":" in app_id or not raw.strip():
        raise ValueError("an application id has no colon and a token is not blank")
    existing = Application.objects.filter(app_id=app_id).first()
    if existing is not None:
        if existing.token_hash != token_hash(raw):
            raise ValueError(f"application {app_id} exists with another token")
        return existing, raw
    application = Application.objects.create(app_id=app_id, name=name, token_hash=token_hash(raw))
    return application, raw


def application_revoke(*, application: Application) -> Application:
    application.revoked = True
    application.save(update_fields=["revoked"])
    return application


# -- files --------------------------------------------------------------------------------


def _delete_on_commit(files: Sequence) -> None:
    """Remove stored files (FieldFile) once the rows are gone for good."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _file_kind(upload: UploadedFile) -> FileKind:
    """What the upload is: 413 above the size limit, 415 unless its content is PDF,
    PNG, JPEG or TIFF."""
    limit = settings.CAPTUREAPI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise TooLarge(
            _("The file has %(size)d bytes; at most %(max)d are accepted.")
            % {"size": upload.size, "max": limit}
        )
    upload.seek(0)
    kind = sniff(upload.read(SNIFF_BYTES))
    if kind is None:
        raise UnsupportedType()
    return kind


def _file_store(*, application: Application, upload: UploadedFile, kind: FileKind) -> StoredFile:
    upload.seek(0)
    digest = hashlib.sha512()
    for chunk in upload.chunks():
        digest.update(chunk)
    now = timezone.now()
    stored = StoredFile(
        application=application,
        token=secrets.token_urlsafe(24),
        name=(upload.name or "document")[:255],
        extension=kind.extension,
        mime=kind.mime,
        size=upload.size,
        sha512=digest.hexdigest(),
        created=now,
        expiring=now + timedelta(days=settings.CAPTUREAPI_FILE_RETENTION_DAYS),
    )
    upload.seek(0)
    stored.content.save(f"{stored.uuid}.{kind.extension}", upload, save=False)
    stored.save()
    return stored


def files_upload(*, application: Application, uploads: Sequence[UploadedFile]) -> list[StoredFile]:
    """Keep the uploaded files, in order, once each one is checked (:func:`_file_kind`):
    one refused file keeps none."""
    kinds = [_file_kind(upload) for upload in uploads]
    return [
        _file_store(application=application, upload=upload, kind=kind)
        for upload, kind in zip(uploads, kinds, strict=True)
    ]


def _file_write(*, application: Application, name: str, data: bytes) -> StoredFile:
    """Keep a JSON file this service wrote (an export), as an upload is kept."""
    now = timezone.now()
    stored = StoredFile(
        application=application,
        token=secrets.token_urlsafe(24),
        name=name[:255],
        extension="json",
        mime="application/json",
        size=len(data),
        sha512=hashlib.sha512(data).hexdigest(),
        created=now,
        expiring=now + timedelta(days=settings.CAPTUREAPI_FILE_RETENTION_DAYS),
    )
    stored.content.save(f"{stored.uuid}.json", ContentFile(data), save=False)
    stored.save()
    return stored


def file_upload(*, application: Application, upload: UploadedFile) -> StoredFile:
    """Keep one uploaded file (see :func:`files_upload`)."""
    [stored] = files_upload(application=application, uploads=[upload])
    return stored


@transaction.atomic
def file_delete(*, stored: StoredFile) -> None:
    _delete_on_commit([stored.content])
    stored.delete()


# -- tasks --------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, application: Application, document_type: DocumentType, body: Any) -> CaptureTask:
    """A task on the body's files, Submitted; the capture runs in the "capture" queue."""
    from .tasks import task_capture  # the tasks module imports this one

    files, properties = task_files_parse(application=application, body=body)
    task = CaptureTask.objects.create(
        application=application,
        document_type=document_type,
        properties=properties,
        status=Status.SUBMITTED,
    )
    TaskDocument.objects.bulk_create(
        [
            TaskDocument(
                task=task,
                file=stored,
                file_uuid=stored.uuid,
                file_token=stored.token,
                file_name=stored.name,
                position=position,
            )
            for position, stored in enumerate(files)
        ]
    )
    task_capture.delay_on_commit(task_id=task.pk)
    return task


def task_delete(*, task: CaptureTask) -> None:
    task.delete()


def _learning_pages(pages: Sequence[Page]) -> list[learning.Page]:
    return [
        learning.Page(
            number=page.number,
            width=page.width,
            height=page.height,
            words=[learning.Word(*word) for word in page.words],
        )
        for page in pages
    ]


def _document_pages(document: TaskDocument, *, languages: str) -> list[Page]:
    """Read the document's pages (size and words; scans in the language packs
    ``languages``) and store them."""
    if document.file is None:
        raise UnreadableDocument(_("The file %(name)s was deleted.") % {"name": document.file_name})
    with document.file.content.open("rb") as handle:
        data = handle.read()
    kind = sniff(data[:SNIFF_BYTES])
    if kind is None:  # only sniffed files are stored; this one changed on disk
        raise UnreadableDocument(
            _("The file %(name)s is no document.") % {"name": document.file_name}
        )
    pages = []
    for read in read_pages(
        data,
        kind=kind,
        dpi=settings.CAPTUREAPI_DPI,
        max_pages=settings.CAPTUREAPI_MAX_PAGES,
        tesseract_cmd=settings.CAPTUREAPI_TESSERACT_CMD,
        languages=languages,
    ):
        page = Page(
            document=document,
            number=read.number,
            resolution=read.resolution,
            width=read.width,
            height=read.height,
            words=[
                [
                    w.text,
                    round(w.x1, 1),
                    round(w.y1, 1),
                    round(w.x2, 1),
                    round(w.y2, 1),
                    round(w.read, 2),
                ]
                for w in read.words
            ],
        )
        page.save()
        pages.append(page)
    return pages


def _fields_json(extractions: dict[str, learning.Extraction], pages: Sequence[Page]) -> list[dict]:
    page_ids = {page.number: page.pk for page in pages}
    return [
        {
            "name": name,
            "value": extraction.value,
            "confidence": extraction.confidence,
            "rectangles": [
                {
                    "page_id": page_ids[r.page],
                    "x1": round(r.x1),
                    "y1": round(r.y1),
                    "x2": round(r.x2),
                    "y2": round(r.y2),
                }
                for r in extraction.rectangles
            ],
        }
        for name, extraction in extractions.items()
    ]


def _claim(task_id: int) -> bool:
    return bool(
        CaptureTask.objects.filter(pk=task_id, status=Status.SUBMITTED).update(
            status=Status.IN_PROGRESS, error="", heartbeat_at=timezone.now()
        )
    )


def _beat(task: CaptureTask) -> None:
    CaptureTask.objects.filter(pk=task.pk, status=Status.IN_PROGRESS).update(
        heartbeat_at=timezone.now()
    )


def _finish(task: CaptureTask, status: str, error: str = "", verification_id: str = "") -> None:
    CaptureTask.objects.filter(pk=task.pk, status=Status.IN_PROGRESS).update(
        status=status, error=error, verification_id=verification_id
    )


def _export(task: CaptureTask, documents: Sequence[TaskDocument]) -> None:
    """Write each document's JSON export (its ``target`` file) from its fields."""
    for document in documents:
        data = json.dumps(export_json(task, document), ensure_ascii=False, indent=2).encode()
        stem = document.file_name.rsplit(".", 1)[0] or "document"
        document.export = _file_write(application=task.application, name=f"{stem}.json", data=data)
        document.save(update_fields=["export"])


def _unsure(
    fields: Sequence[DocumentField], found: dict[str, learning.Extraction], threshold: float
) -> bool:
    """Whether a value was found with a confidence below ``threshold``, or a required
    field was not found (a field that is not required may well be absent)."""
    return any(
        (field.required and not found[field.name].value)
        or (found[field.name].value and found[field.name].confidence < threshold)
        for field in fields
    )


def _waits_for_a_person(task: CaptureTask, *, unsure: bool) -> bool:
    """As the task's verification_type says: always (UserVerification); when a
    required field was not found or a value is unsure (Troubleshooting, see
    :func:`_unsure`); never (NoVerification). Tasks made before the properties were
    required verify as Troubleshooting does."""
    verification = task.properties.get("verification_type", TROUBLESHOOTING)
    return verification == USER_VERIFICATION or (verification == TROUBLESHOOTING and unsure)


def task_run(*, task_id: int) -> None:
    """Capture the Submitted task ``task_id`` (the Celery task's work): Submitted →
    InProgress → Done with each document's export, WaitForAction with a
    ``verification_id`` (see :func:`_waits_for_a_person`; a field is unsure below its
    document type's ``verification_threshold``), or Failed with the reason.
    Any other status means it was picked up or deleted already: nothing to do."""
    if not _claim(task_id):
        logger.info("capture task %s is not Submitted; not running it", task_id)
        return
    task = CaptureTask.objects.select_related("document_type", "application").get(pk=task_id)
    fields = list(task.document_type.fields.all())
    capture_model = CaptureModel.objects.filter(
        application=task.application, document_type=task.document_type
    ).first()
    model = capture_model.model if capture_model else None
    threshold = task.document_type.verification_threshold
    unsure = False
    documents = list(task.documents.select_related("file").order_by("position"))
    try:
        for document in documents:
            pages = _document_pages(document, languages=task.document_type.languages)
            extractions = learning.extract(
                model,
                _learning_pages(pages),
                [field.name for field in fields],
                document_type=task.document_type.slug,
            )
            document.fields = _fields_json(extractions, pages)
            document.save(update_fields=["fields"])
            _beat(task)
            unsure |= _unsure(fields, extractions, threshold)
    except UnreadableDocument as exc:
        logger.warning("capture task %s failed: %s", task.pk, exc)
        _finish(task, Status.FAILED, str(exc))
        return
    except Exception as exc:
        logger.exception("capture task %s failed unexpectedly", task.pk)
        _finish(
            task,
            Status.FAILED,
            _("The capture failed unexpectedly (%(error)s).") % {"error": type(exc).__name__},
        )
        return
    if _waits_for_a_person(task, unsure=unsure):
        _finish(task, Status.WAIT_FOR_ACTION, verification_id=secrets.token_hex(16))
        return
    with transaction.atomic():
        _export(task, documents)
        _finish(task, Status.DONE)


@transaction.atomic
def task_verify(*, task: CaptureTask, body: Any) -> CaptureTask:
    """Finish the verification of a task at WaitForAction (this service's extension,
    what the vendor's verification screen does): each value the body gives replaces
    the one captured; every field is then confirmed by a person (confidence 1), the
    exports are written and the task is Done."""
    task = CaptureTask.objects.select_for_update().select_related("application").get(pk=task.pk)
    verified = verification_parse(task=task, body=body)
    documents = list(task.documents.order_by("position", "id"))
    for document in documents:
        values = verified.get(document, {})
        document.fields = [
            {**field, "value": values.get(field["name"], field["value"]), "confidence": 1.0}
            for field in document.fields
        ]
        document.save(update_fields=["fields"])
    _export(task, documents)
    task.status = Status.DONE
    task.save(update_fields=["status"])
    return task


def tasks_reap() -> Reaped:
    """Resolve the capture work that no worker will finish (the beat runs this): a
    task InProgress silent for ``CAPTUREAPI_TASK_STALE_SECONDS`` ends Failed with
    :data:`WORKER_STOPPED`; a task Submitted for longer than ``CAPTUREAPI_NEW_STALE_SECONDS``
    is queued again (see :mod:`trainer.jsonapi.reaper`).
    """
    from .tasks import task_capture  # tasks import this module

    return reap(
        what="capture task",
        running=CaptureTask.objects.filter(status=Status.IN_PROGRESS),
        running_seconds=settings.CAPTUREAPI_TASK_STALE_SECONDS,
        failed={"status": Status.FAILED, "error": WORKER_STOPPED},
        waiting=CaptureTask.objects.filter(status=Status.SUBMITTED),
        waiting_seconds=settings.CAPTUREAPI_NEW_STALE_SECONDS,
        requeue=lambda pk: task_capture.delay(task_id=pk),
    )


# -- training -----------------------------------------------------------------------------


@transaction.atomic
def training_apply(*, application: Application, body: Any) -> CaptureModel:
    """Check the body (every rule of the contract) and teach the document type's
    capture model where the fields lie on this file."""
    request = training_request_parse(application=application, body=body)
    document = request.document
    example = learning.example_learn(
        _learning_pages(sorted(request.pages.values(), key=lambda page: page.number)),
        {
            name: [
                learning.Rectangle(page.number, x1, y1, x2, y2)
                for page, x1, y1, x2, y2 in rectangles
            ]
            for name, rectangles in request.fields.items()
        },
    )
    capture_model, _created = CaptureModel.objects.select_for_update().get_or_create(
        application=application, document_type=document.task.document_type
    )
    capture_model.model = learning.model_add(
        capture_model.model, key=str(document.file_uuid), example=example
    )
    capture_model.samples = learning.model_samples(capture_model.model)
    capture_model.updated = timezone.now()
    capture_model.save(update_fields=["model", "samples", "updated"])
    return capture_model


# -- document types -------------------------------------------------------------------


@transaction.atomic
def document_type_define(
    *, slug: str, name: str, fields: Sequence[tuple[str, bool]]
) -> DocumentType:
    """The document type ``slug`` (made if missing) with exactly ``fields``
    (name, required) in that order."""
    document_type, _created = DocumentType.objects.update_or_create(
        slug=slug, defaults={"name": name}
    )
    document_type.fields.exclude(name__in=[name for name, _required in fields]).delete()
    for position, (field_name, required) in enumerate(fields):
        DocumentField.objects.update_or_create(
            document_type=document_type,
            name=field_name,
            defaults={"required": required, "position": position},
        )
    return document_type
