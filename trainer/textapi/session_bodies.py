"""Validation of the labeling-session bodies of the vendor's API: a session's JSON
create (LabelingSessionCreate) and change (LabelingSessionChange), the query of its
documents (``details``), a tag (``{class?, label?}``; a change may give it a new
``span``, ``[start, end]``, with the ``text`` there) and a status (``{name}``). Each
parse answers a dataclass, or raises :class:`~.errors.Invalid` naming every field
that is wrong."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import DocumentError

from .errors import Invalid
from .models import AnnotationStatus, LabelingSession, TagStatus

# The body checks the training request uses too (one rule each).
from .validation import _UNSTORABLE, _Errors, _id_list, _is_id, _text

SESSION_NAME_MAX_LENGTH = LabelingSession._meta.get_field("name").max_length
CREATE_FIELDS = ("name", "documents", "document_ids", "classes", "labels", "auto", "sample_size")
CHANGE_FIELDS = ("name", "documents", "document_ids", "classes", "labels")
CORRECTION_FIELDS = ("model_id", "name", "sample_size")
SAMPLE_SIZE_DEFAULT = 50
SAMPLE_SIZE_MAX = 1000
DETAILS = ("segments", "tags", "meta")
TAG_FIELDS = ("class", "label")
# A new tag may repeat what the vendor answers with a tag; a change (the vendor's
# ChangeAnnotationTag) moves it with ``span`` and ``text``.
TAG_READ_ONLY_FIELDS = ("id", "span", "text")


@dataclass(frozen=True)
class SessionBody:
    """A valid create or change: None where the body leaves a field out."""

    name: str | None
    documents: list[VendorDocument]
    document_ids: list[int]
    classes: list[str] | None
    labels: list[str] | None
    sample_size: int | None = None


def _object(body: Any) -> dict:
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    return body


def _unknown(body: dict, fields: tuple[str, ...], errors: _Errors) -> None:
    for field in body:
        if field not in fields:
            errors.add(str(field), _("Unknown field."))


def _names(body: dict, field: str, errors: _Errors) -> list[str] | None:
    """A list of names, stripped, each once; None when absent."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(name, str) and name.strip() and not _UNSTORABLE.search(name) for name in value
    ):
        errors.add(field, _("Must be a list of names (non-empty strings)."))
        return None
    return list(dict.fromkeys(name.strip() for name in value))


def _documents(body: dict, errors: _Errors) -> list[VendorDocument]:
    """The vendor's LabelledDocuments; a sentence for each (from 1) that is not one."""
    value = body.get("documents")
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add("documents", _("Must be a list of documents {text, segments}."))
        return []
    documents = []
    for number, item in enumerate(value, start=1):
        try:
            document = VendorDocument.from_json(item)
        except DocumentError as exc:
            reason = str(exc)
        else:
            if not _UNSTORABLE.search(document.text):
                documents.append(document)
                continue
            reason = _("the text holds a NUL character or a lone surrogate")
        errors.add("documents", _("Document %(n)d: %(reason)s.") % {"n": number, "reason": reason})
    return documents


def _body(
    body: Any, *, fields: tuple[str, ...], name_required: bool
) -> tuple[SessionBody, _Errors]:
    body = _object(body)
    errors = _Errors()
    _unknown(body, fields, errors)
    name = _text(body, "name", errors, max_length=SESSION_NAME_MAX_LENGTH)
    if name is None and name_required and "name" not in errors:
        errors.add("name", _("Give the labeling session a name."))
    parsed = SessionBody(
        name=name,
        documents=_documents(body, errors),
        document_ids=_id_list(body, "document_ids", errors),
        classes=_names(body, "classes", errors),
        labels=_names(body, "labels", errors),
    )
    return parsed, errors


def session_create_parse(body: Any) -> SessionBody:
    """A LabelingSessionCreate: a name, and ``documents`` or ``document_ids`` (both may
    be given); ``auto`` (a model's pre-annotation) is not offered here."""
    parsed, errors = _body(body, fields=CREATE_FIELDS, name_required=True)
    if body.get("auto") not in (None, False):
        errors.add(
            "auto",
            _(
                "A model pre-annotates documents in a correction session "
                "(POST …/corrections) here; leave auto false."
            ),
        )
    sample_size = body.get("sample_size")
    if sample_size is not None and not (
        isinstance(sample_size, int) and not isinstance(sample_size, bool) and sample_size >= 1
    ):
        errors.add("sample_size", _("Must be an integer of at least 1."))
        sample_size = None
    if not parsed.documents and not parsed.document_ids and not errors:
        message = _("Give documents or document_ids (at least one document).")
        errors.add("documents", message)
        errors.add("document_ids", message)
    if errors:
        raise Invalid(errors=dict(errors))
    return replace(parsed, sample_size=sample_size)


def session_change_parse(body: Any) -> SessionBody:
    """A LabelingSessionChange: any of its fields; documents given are added."""
    parsed, errors = _body(body, fields=CHANGE_FIELDS, name_required=False)
    if errors:
        raise Invalid(errors=dict(errors))
    return parsed


def details_parse(query: QueryDict) -> set[str]:
    """The ``details`` of a documents query (comma-separated ``segments``, ``tags``,
    ``meta``); all of them when absent."""
    value = query.get("details")
    if value is None:
        return set(DETAILS)
    asked = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(asked - set(DETAILS))
    if unknown:
        raise Invalid(
            errors={
                "details": [
                    _("Unknown details %(names)s; expected any of %(choices)s.")
                    % {"names": ", ".join(unknown), "choices": ", ".join(DETAILS)}
                ]
            }
        )
    return asked


@dataclass(frozen=True)
class TagBody:
    """A tag's class and label; a change's ``span`` (``(start, end)``, where the tag
    moves to) and ``text`` (what the caller read there), None when not given."""

    cls: str | None
    label: str | None
    span: tuple[int, int] | None = None
    text: str | None = None


def _span(body: dict, errors: _Errors) -> tuple[int, int] | None:
    value = body.get("span")
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        and 0 <= value[0] < value[1]
    ):
        return value[0], value[1]
    errors.add("span", _("Must be two whole numbers [start, end] with 0 ≤ start < end."))
    return None


def tag_parse(body: Any, *, change: bool = False) -> TagBody:
    """A tag ``{class?, label?}`` with at least one of the two; a ``change`` (a PUT)
    may also give its ``span`` and the ``text`` there (a new tag's are ignored)."""
    body = _object(body)
    errors = _Errors()
    _unknown(body, (*TAG_FIELDS, *TAG_READ_ONLY_FIELDS), errors)
    values = {field: _text(body, field, errors, max_length=10_000) for field in TAG_FIELDS}
    if not errors and values["class"] is None and values["label"] is None:
        message = _("A tag has a class, a label, or both.")
        errors.add("class", message)
        errors.add("label", message)
    span = _span(body, errors) if change else None
    text = body.get("text") if change else None
    if text is not None and not isinstance(text, str):
        errors.add("text", _("Must be a string."))
    if errors:
        raise Invalid(errors=dict(errors))
    return TagBody(cls=values["class"], label=values["label"], span=span, text=text)


def status_parse(body: Any) -> str:
    """The ``name`` of a status body: ANNOTATED or NOT_ANNOTATED."""
    name = _object(body).get("name")
    if name not in AnnotationStatus.values:
        raise Invalid(
            errors={
                "name": [
                    _("Must be one of %(choices)s.")
                    % {"choices": ", ".join(AnnotationStatus.values)}
                ]
            }
        )
    return name


def tag_status_parse(body: Any) -> str:
    """The ``status`` of a ConfirmCorrectionTag: READY (confirmed) or IN_CORRECTION."""
    status = _object(body).get("status")
    if status not in TagStatus.values:
        raise Invalid(
            errors={
                "status": [
                    _("Must be one of %(choices)s.") % {"choices": ", ".join(TagStatus.values)}
                ]
            }
        )
    return status


@dataclass(frozen=True)
class CorrectionBody:
    """A valid CorrectionCreate; ``name`` None when left out."""

    model_id: int
    name: str | None
    sample_size: int


def correction_create_parse(body: Any) -> CorrectionBody:
    """A CorrectionCreate: ``model_id``, and a ``name`` and ``sample_size``
    (1 to :data:`SAMPLE_SIZE_MAX`, :data:`SAMPLE_SIZE_DEFAULT` when left out)."""
    body = _object(body)
    errors = _Errors()
    _unknown(body, CORRECTION_FIELDS, errors)
    model_id = body.get("model_id")
    if not _is_id(model_id):
        errors.add("model_id", _("Give the id of the model that pre-labels the documents."))
    name = _text(body, "name", errors, max_length=SESSION_NAME_MAX_LENGTH)
    sample_size = body.get("sample_size", SAMPLE_SIZE_DEFAULT)
    if not (
        isinstance(sample_size, int)
        and not isinstance(sample_size, bool)
        and 1 <= sample_size <= SAMPLE_SIZE_MAX
    ):
        errors.add(
            "sample_size",
            _("Must be a whole number from 1 to %(max)d.") % {"max": SAMPLE_SIZE_MAX},
        )
    if errors:
        raise Invalid(errors=dict(errors))
    return CorrectionBody(model_id=model_id, name=name, sample_size=sample_size)
