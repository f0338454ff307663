"""The JSON shapes of the contract, one function per resource."""

from collections.abc import Iterable

from .models import CaptureTask, Page, StoredFile, TaskDocument


def file_json(stored: StoredFile) -> dict:
    """The vendor's file descriptor, less what this service has no notion of (its
    ``account`` and ``email``)."""
    return {
        "id": str(stored.uuid),
        "token": stored.token,
        "name": stored.name,
        "extension": stored.extension,
        "hash": stored.sha512,
        "size": stored.size,
        "mime": stored.mime,
        "is_recognizable": True,  # only the types capture reads are accepted
        "application": stored.application.app_id,
        "created": stored.created.isoformat(),
        "expiring": stored.expiring.isoformat(),
    }


def _file_ref(file_uuid, token: str, name: str) -> dict:
    return {"id": str(file_uuid), "token": token, "name": name}


def _document_files(document: TaskDocument) -> dict:
    """The vendor's ``files`` of a task document: its ``source`` and, once Done, its
    ``target`` (the JSON export; a client reads every key starting with "target")."""
    files = {"source": _file_ref(document.file_uuid, document.file_token, document.file_name)}
    if document.export is not None:
        export = document.export
        files["target"] = _file_ref(export.uuid, export.token, export.name)
    return files


def task_json(task: CaptureTask, documents: Iterable[TaskDocument]) -> dict:
    """The task as the vendor answers it; ``verification_id`` is set while it waits for
    a person. ``error`` (why it Failed, empty otherwise) is this service's addition."""
    return {
        "id": str(task.uuid),
        "status": task.status,
        "verification_id": task.verification_id or None,
        "document_type": task.document_type.slug,
        "properties": task.properties,
        "created": task.created.isoformat(),
        "error": task.error,
        "documents": [{"files": _document_files(document)} for document in documents],
    }


def _field_json(field: dict, *keys: str) -> dict:
    return {key: field[key] for key in ("name", "value", *keys, "rectangles")}


def _judged_json(field: dict, threshold: float) -> dict:
    """A field with its value, confidence and rectangles, and whether it is unsure: its
    confidence below the document type's ``threshold`` (what a person should check)."""
    return {**_field_json(field, "confidence"), "unsure": field["confidence"] < threshold}


def export_json(task: CaptureTask, document: TaskDocument) -> dict:
    """The content of a document's JSON export: each field's value, confidence,
    rectangles and whether it is unsure (:func:`_judged_json`)."""
    threshold = task.document_type.verification_threshold
    return {
        "task_id": str(task.uuid),
        "document_type": task.document_type.slug,
        "source": _file_ref(document.file_uuid, document.file_token, document.file_name),
        "fields": [_judged_json(field, threshold) for field in document.fields],
    }


def layout_json(document: TaskDocument, pages: Iterable[Page]) -> dict:
    """The vendor's training layout: the pages' sizes and the fields found, to be
    corrected; no page images and no words."""
    return {
        "task_id": str(document.task.uuid),
        "file_id": str(document.file_uuid),
        "pages": [
            {
                "id": page.pk,
                "number": page.number,
                "resolution": page.resolution,
                "width": page.width,
                "height": page.height,
            }
            for page in pages
        ],
        "fields": [_field_json(field) for field in document.fields],
        "tables": [],
    }


def verification_json(task: CaptureTask, documents: Iterable[TaskDocument]) -> dict:
    """What a person verifies (this service's extension): each document's fields with
    their value, confidence, rectangles, whether they are unsure (:func:`_judged_json`)
    and whether they are required."""
    required = set(task.document_type.fields.filter(required=True).values_list("name", flat=True))
    threshold = task.document_type.verification_threshold
    return {
        "task_id": str(task.uuid),
        "verification_id": task.verification_id,
        "documents": [
            {
                "file_id": str(document.file_uuid),
                "name": document.file_name,
                "fields": [
                    {**_judged_json(field, threshold), "required": field["name"] in required}
                    for field in document.fields
                ],
            }
            for document in documents
        ],
    }
