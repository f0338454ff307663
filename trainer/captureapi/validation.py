"""Every rule of the request bodies, answered as field errors (``fields[0].rectangles[1].x2``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import Invalid
from .models import (
    PROCESSED_STATUSES,
    Application,
    CaptureTask,
    Page,
    Status,
    StoredFile,
    TaskDocument,
)
from .selectors import file_get_or_none, parse_uuid

INT32 = (-(2**31), 2**31 - 1)
TRAINING_KEYS = ("task_id", "file_id", "fields")
FIELD_KEYS = ("name", "rectangles")
RECTANGLE_KEYS = ("page_id", "x1", "y1", "x2", "y2")
TASK_KEYS = ("files", "properties")
FILE_KEYS = ("id", "token")
VERIFICATION_KEYS = ("documents",)
VERIFIED_DOCUMENT_KEYS = ("file_id", "fields")
VERIFIED_FIELD_KEYS = ("name", "value")
# The task properties the vendor requires, each with its values. Only a JSON export is
# written here; the region is kept but changes nothing.
REGIONS = ("US", "EU", "AU", "CA")
EXPORT_FORMATS = ("Json",)
NO_VERIFICATION, TROUBLESHOOTING, USER_VERIFICATION = (
    "NoVerification",
    "Troubleshooting",
    "UserVerification",
)
TASK_PROPERTIES = {
    "region": REGIONS,
    "export_format": EXPORT_FORMATS,
    "verification_type": (NO_VERIFICATION, TROUBLESHOOTING, USER_VERIFICATION),
}
MISSING = object()  # a required key that is absent: reported once, as required


class _Errors(defaultdict):
    def __init__(self) -> None:
        super().__init__(list)

    def add(self, field: str, message: str) -> None:
        if message not in self[field]:
            self[field].append(message)

    def check(self) -> None:
        if self:
            raise Invalid(errors=dict(self))


def _object(
    value: Any,
    path: str,
    keys: tuple[str, ...],
    errors: _Errors,
    *,
    required: tuple[str, ...] | None = None,
) -> bool:
    """Is ``value`` an object with no key but ``keys`` and every ``required`` one
    (by default: all of ``keys``)?"""
    if not isinstance(value, dict):
        errors.add(path or "body", _("Must be a JSON object."))
        return False
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in keys:
            errors.add(f"{prefix}{key}", _("Unknown field."))
    for key in keys if required is None else required:
        if key not in value:
            errors.add(f"{prefix}{key}", _("This field is required."))
    return True


def _string(value: Any, path: str, errors: _Errors) -> str | None:
    if value is MISSING:
        return None
    if not isinstance(value, str) or not value.strip():
        errors.add(path, _("Must be a non-empty string."))
        return None
    return value


def _list(value: Any, path: str, errors: _Errors) -> list:
    if value is MISSING:
        return []
    if not isinstance(value, list) or not value:
        errors.add(path, _("Must be a non-empty list."))
        return []
    return value


def _int32(value: Any, path: str, errors: _Errors) -> int | None:
    if value is MISSING:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not INT32[0] <= value <= INT32[1]:
        errors.add(path, _("Must be a 32-bit integer."))
        return None
    return value


# -- POST /v2/task/capture/{document_type} ----------------------------------------------


def _properties(value: Any, errors: _Errors) -> dict:
    """The task's properties: exactly those the vendor requires, each one of its values."""
    if value is MISSING or not _object(value, "properties", tuple(TASK_PROPERTIES), errors):
        return {}
    for key, choices in TASK_PROPERTIES.items():
        if key in value and value[key] not in choices:
            errors.add(
                f"properties.{key}",
                _("Must be one of: %(choices)s.") % {"choices": ", ".join(choices)},
            )
    return value


def task_files_parse(*, application: Application, body: Any) -> tuple[list[StoredFile], dict]:
    """The files (each of this application, with its token) and the properties."""
    errors = _Errors()
    if not _object(body, "", TASK_KEYS, errors):
        errors.check()
    properties = _properties(body.get("properties", MISSING), errors)
    files = []
    for index, item in enumerate(_list(body.get("files", MISSING), "files", errors)):
        path = f"files[{index}]"
        if not _object(item, path, FILE_KEYS, errors):
            continue
        file_id = _string(item.get("id", MISSING), f"{path}.id", errors)
        token = _string(item.get("token", MISSING), f"{path}.token", errors)
        if file_id is None or token is None:
            continue
        stored = file_get_or_none(application=application, file_id=file_id, token=token)
        if stored is None:
            errors.add(path, _("No file with this id and token."))
        else:
            files.append(stored)
    errors.check()
    return files, properties


# -- POST /v2/task/{task_id}/verification (this service's extension) -------------------


def _verified_fields(value: Any, path: str, known: set[str], errors: _Errors) -> dict[str, str]:
    """``[{name, value}]`` as {name: value}: known field names, each once; a value may
    be empty (the person found nothing)."""
    verified: dict[str, str] = {}
    for index, item in enumerate(_list(value, path, errors)):
        item_path = f"{path}[{index}]"
        if not _object(item, item_path, VERIFIED_FIELD_KEYS, errors):
            continue
        name = _string(item.get("name", MISSING), f"{item_path}.name", errors)
        text = item.get("value", MISSING)
        if text is not MISSING and not isinstance(text, str):
            errors.add(f"{item_path}.value", _("Must be a string."))
        if name is None or not isinstance(text, str):
            continue
        if name not in known:
            message = _("%(name)s is not a field of this task.") % {"name": name}
            errors.add(f"{item_path}.name", message)
        elif name in verified:
            errors.add(f"{item_path}.name", _("This field is given more than once."))
        else:
            verified[name] = text
    return verified


def verification_parse(*, task: CaptureTask, body: Any) -> dict[TaskDocument, dict[str, str]]:
    """The values a person verified, by document: {document: {field name: value}}. The
    task must wait for a person; documents and fields left out keep their values."""
    errors = _Errors()
    if task.status != Status.WAIT_FOR_ACTION:
        errors.add(
            "task_id",
            _("The task is %(status)s; only a task waiting for a person can be verified.")
            % {"status": task.status},
        )
        errors.check()
    if not _object(body, "", VERIFICATION_KEYS, errors):
        errors.check()
    documents = {str(document.file_uuid): document for document in task.documents.all()}
    known = set(task.document_type.fields.values_list("name", flat=True))
    verified: dict[TaskDocument, dict[str, str]] = {}
    for index, item in enumerate(_list(body.get("documents", MISSING), "documents", errors)):
        path = f"documents[{index}]"
        if not _object(item, path, VERIFIED_DOCUMENT_KEYS, errors):
            continue
        file_id = _string(item.get("file_id", MISSING), f"{path}.file_id", errors)
        fields = _verified_fields(item.get("fields", MISSING), f"{path}.fields", known, errors)
        if file_id is None:
            continue
        file_uuid = parse_uuid(file_id)
        document = documents.get(str(file_uuid)) if file_uuid else None
        if document is None:
            message = _("The task has no file with id %(id)s.") % {"id": file_id}
            errors.add(f"{path}.file_id", message)
        elif document in verified:
            errors.add(f"{path}.file_id", _("This file is given more than once."))
        else:
            verified[document] = fields
    errors.check()
    return verified


# -- POST /v2/training (the source contract) --------------------------------------------


@dataclass(frozen=True)
class TrainingRequest:
    document: TaskDocument
    pages: dict[int, Page]
    # field name -> [(page, x1, y1, x2, y2)]
    fields: dict[str, list[tuple[Page, int, int, int, int]]]


def _rectangle_shape(item: Any, path: str, errors: _Errors) -> dict | None:
    if not _object(item, path, RECTANGLE_KEYS, errors):
        return None
    values = {
        key: _int32(item.get(key, MISSING), f"{path}.{key}", errors) for key in RECTANGLE_KEYS
    }
    return None if None in values.values() else values


def _shape(body: Any, errors: _Errors) -> list[tuple[str | None, list[dict | None]]]:
    """The fields as (name, [rectangle values]); None where a part is malformed."""
    if not _object(body, "", TRAINING_KEYS, errors):
        errors.check()
    _string(body.get("task_id", MISSING), "task_id", errors)
    _string(body.get("file_id", MISSING), "file_id", errors)
    fields = []
    for i, item in enumerate(_list(body.get("fields", MISSING), "fields", errors)):
        path = f"fields[{i}]"
        if not _object(item, path, FIELD_KEYS, errors):
            continue
        name = _string(item.get("name", MISSING), f"{path}.name", errors)
        rectangles = [
            _rectangle_shape(rectangle, f"{path}.rectangles[{j}]", errors)
            for j, rectangle in enumerate(
                _list(item.get("rectangles", MISSING), f"{path}.rectangles", errors)
            )
        ]
        fields.append((name, rectangles))
    return fields


def _geometry(values: dict, page: Page, path: str, errors: _Errors) -> None:
    """Inside the page, with x1 < x2 and y1 < y2; the message names the coordinate at fault."""
    for low, high, size, label in (
        ("x1", "x2", page.width, _("width")),
        ("y1", "y2", page.height, _("height")),
    ):
        if values[low] < 0:
            errors.add(f"{path}.{low}", _("Must be at least 0 (inside the page)."))
        if values[high] > size:
            errors.add(
                f"{path}.{high}",
                _("Must be at most %(size)d, the page's %(dimension)s.")
                % {"size": size, "dimension": label},
            )
        if values[low] >= values[high]:
            errors.add(f"{path}.{high}", _("Must be greater than %(low)s.") % {"low": low})


def training_request_parse(*, application: Application, body: Any) -> TrainingRequest:
    """Check every rule of the contract; raise :class:`Invalid` naming the field."""
    errors = _Errors()
    fields = _shape(body, errors)
    errors.check()

    task_uuid = parse_uuid(body["task_id"])
    task = (
        CaptureTask.objects.filter(application=application, uuid=task_uuid)
        .select_related("document_type")
        .first()
        if task_uuid
        else None
    )
    if task is None:
        errors.add("task_id", _("No task with id %(id)s.") % {"id": body["task_id"]})
        errors.check()
    if task.status not in PROCESSED_STATUSES:
        errors.add(
            "task_id",
            _("The task is %(status)s; only a processed task (Done or WaitForAction) can train.")
            % {"status": task.status},
        )
        errors.check()
    file_uuid = parse_uuid(body["file_id"])
    document = task.documents.filter(file_uuid=file_uuid).first() if file_uuid else None
    if document is None:
        errors.add("file_id", _("The task has no file with id %(id)s.") % {"id": body["file_id"]})
        errors.check()

    pages = {page.pk: page for page in document.pages.all()}
    known = set(task.document_type.fields.values_list("name", flat=True))
    parsed: dict[str, list[tuple[Page, int, int, int, int]]] = {}
    for i, (name, rectangles) in enumerate(fields):
        if name not in known:
            errors.add(
                f"fields[{i}].name",
                _("%(name)s is not a field of the document type %(type)s.")
                % {"name": name, "type": task.document_type.slug},
            )
        elif name in parsed:
            errors.add(f"fields[{i}].name", _("This field is given more than once."))
        parsed.setdefault(name, [])
        for j, values in enumerate(rectangles):
            path = f"fields[{i}].rectangles[{j}]"
            page = pages.get(values["page_id"])
            if page is None:
                errors.add(f"{path}.page_id", _("No page with this id in the file."))
                continue
            _geometry(values, page, path, errors)
            parsed[name].append((page, values["x1"], values["y1"], values["x2"], values["y2"]))
    errors.check()
    return TrainingRequest(document=document, pages=pages, fields=parsed)
