"""Validation of the bodies of ``POST /projects/{id}/models`` (the source contract),
``PUT /projects/{id}/models/{id}``, the project, class and label writes, and of the
query of ``GET /models``."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from .errors import Invalid
from .models import (
    BASE_TYPE,
    LabelingSession,
    Language,
    ModelType,
    SessionStatus,
    Status,
    TextModel,
    TextProject,
)
from .selectors import MAX_ID

TRAIN_FIELDS = (
    "display_name",
    "language",
    "name",
    "base_id",
    "annotation_ids",
    "trainset_annotation_ids",
    "testset_annotation_ids",
)
DEFAULT_LANGUAGE = Language.EN
NAME_MAX_LENGTH = TextModel._meta.get_field("name").max_length
DISPLAY_NAME_MAX_LENGTH = TextModel._meta.get_field("display_name").max_length
SHORT_DESCRIPTION_MAX_LENGTH = TextModel._meta.get_field("short_description").max_length


@dataclass(frozen=True)
class TrainingRequest:
    """A valid training request: what :func:`services.training_start` needs."""

    name: str | None
    display_name: str
    language: str
    type: str
    base: TextModel | None
    annotation_ids: list[int]
    trainset_ids: list[int]
    testset_ids: list[int]


class _Errors(defaultdict):
    def __init__(self) -> None:
        super().__init__(list)

    def add(self, field: str, message: str) -> None:
        if message not in self[field]:
            self[field].append(message)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


# Characters a database cannot store in text (PostgreSQL refuses NUL; UTF-8 has no lone
# surrogate), which JSON can spell as escapes (\u0000, \ud800).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _string(
    body: dict, field: str, errors: _Errors, *, max_length: int | None = None
) -> str | None:
    """The field's string, stripped, or None (absent, or an error noted). Its length is
    that of the string as given, as the OpenAPI document's ``maxLength`` counts it."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.add(field, _("Must be a string."))
        return None
    if _UNSTORABLE.search(value):
        errors.add(field, _("Must not hold a NUL character or a lone surrogate."))
        return None
    if max_length is not None and len(value) > max_length:
        errors.add(field, _("At most %(max)d characters.") % {"max": max_length})
        return None
    return value.strip()


def _search(query: QueryDict, errors: _Errors) -> str:
    """The ``search`` parameter, stripped ("" when absent); an error is noted for one
    no database can compare (a NUL or a lone surrogate)."""
    return _string({"search": query.get("search", "")}, "search", errors) or ""


def _text(body: dict, field: str, errors: _Errors, *, max_length: int) -> str | None:
    value = _string(body, field, errors, max_length=max_length)
    if value is not None and not value:
        errors.add(field, _("Must not be blank."))
    return value


def _id_list(body: dict, field: str, errors: _Errors) -> list[int]:
    value = body.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(field, _("Must be a list of integer ids."))
        return []
    if not all(_is_id(item) for item in value):
        errors.add(field, _("Every id must be an integer of at least 1."))
        return []
    return list(dict.fromkeys(value))  # drop repeats, keep the order


def _invalid(errors: dict[str, list[str]]) -> Invalid:
    return Invalid(errors=dict(errors))


def _ids_text(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


# A session is training data once its documents are in: an imported file (FINISHED), a
# correction session pre-labeled by its model (ANNOTATING, its documents done so far).
TRAINABLE_SESSIONS = (SessionStatus.FINISHED, SessionStatus.ANNOTATING)


def training_request_parse(*, project: TextProject, body: Any) -> TrainingRequest:
    """Check every rule of the contract; raise :class:`Invalid` with field errors."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors = _Errors()
    for field in body:
        if field not in TRAIN_FIELDS:
            errors.add(str(field), _("Unknown field."))

    display_name = _text(body, "display_name", errors, max_length=DISPLAY_NAME_MAX_LENGTH)
    name = _text(body, "name", errors, max_length=NAME_MAX_LENGTH)
    language = body.get("language")
    if language is not None and language not in Language.values:
        errors.add(
            "language", _("Must be one of %(choices)s.") % {"choices": ", ".join(Language.values)}
        )
    base_id = body.get("base_id")
    if base_id is not None and not _is_id(base_id):
        errors.add("base_id", _("Must be an integer of at least 1."))
    pool = _id_list(body, "annotation_ids", errors)
    train = _id_list(body, "trainset_annotation_ids", errors)
    test = _id_list(body, "testset_annotation_ids", errors)
    if errors:
        raise _invalid(errors)

    # Which sessions are used: the pool, when given, overrides the two sets.
    if pool:
        selection = {"annotation_ids": pool}
        train, test = [], []
    elif train:
        selection = {"trainset_annotation_ids": train, "testset_annotation_ids": test}
    else:
        message = _("Give annotation_ids or trainset_annotation_ids (at least one session).")
        raise _invalid({"annotation_ids": [message], "trainset_annotation_ids": [message]})

    all_ids = [i for ids in selection.values() for i in ids]
    sessions = LabelingSession.objects.filter(project=project, pk__in=all_ids).in_bulk()
    for field, ids in selection.items():
        missing = [i for i in ids if i not in sessions]
        if missing:
            errors.add(
                field,
                _("No labeling session %(ids)s in this project.") % {"ids": _ids_text(missing)},
            )
    for field, ids in selection.items():
        unready = [i for i in ids if i in sessions and sessions[i].status not in TRAINABLE_SESSIONS]
        if unready:
            errors.add(
                field,
                _(
                    "Sessions %(ids)s are not ready: their file is still imported, their "
                    "model still pre-labels them, or they failed."
                )
                % {"ids": _ids_text(unready)},
            )
    overlap = [i for i in test if i in set(train)]
    if overlap:
        errors.add(
            "testset_annotation_ids",
            _("Sessions %(ids)s are also in the train set; train and test must not share any.")
            % {"ids": _ids_text(overlap)},
        )
    if errors:
        raise _invalid(errors)

    # The type comes from the first session; every other must agree. The language is
    # the body's, else the base model's, else English (a session has none).
    primary_field = next(iter(selection))
    first = sessions[selection[primary_field][0]]
    model_type = first.type
    for field, ids in selection.items():
        other_type = [i for i in ids if sessions[i].type != model_type]
        if other_type:
            errors.add(
                field,
                _("Sessions %(ids)s are not of type %(type)s like session %(first)s.")
                % {"ids": _ids_text(other_type), "type": model_type, "first": first.pk},
            )

    base = None
    if base_id is not None:
        base = TextModel.objects.filter(pk=base_id, is_base=True, status=Status.READY).first()
        if base is None:
            errors.add("base_id", _("No base model with id %(id)s.") % {"id": base_id})
        else:
            if base.type != model_type:
                errors.add(
                    "base_id",
                    _("The base model is of type %(base)s, the sessions of type %(type)s.")
                    % {"base": base.type, "type": model_type},
                )
            if language is not None and base.language != language:
                errors.add(
                    "base_id",
                    _("The base model is in %(base)s, not %(language)s.")
                    % {"base": base.language, "language": language},
                )
    language = language or (base.language if base is not None else DEFAULT_LANGUAGE)

    if name is not None and not errors.get("name") and TextModel.objects.filter(name=name).exists():
        errors.add("name", _("A model named %(name)s already exists.") % {"name": name})
    if errors:
        raise _invalid(errors)

    return TrainingRequest(
        name=name,
        display_name=display_name or "",
        language=language,
        type=model_type,
        base=base,
        annotation_ids=pool,
        trainset_ids=train,
        testset_ids=test,
    )


# -- GET /models -----------------------------------------------------------------------

CATALOG_TYPES = (BASE_TYPE, *ModelType.values)
CATALOG_DEFAULT_LIMIT = 25
CATALOG_MAX_LIMIT = 100
CATALOG_PARAMETERS = ("public", "type", "search", "offset", "limit")
_FLAGS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class CatalogQuery:
    public: bool | None
    type: str | None
    search: str
    offset: int
    limit: int


def _whole_number(
    query: QueryDict, field: str, errors: _Errors, *, default: int, minimum: int, maximum: int
) -> int:
    value = query.get(field)
    if value is None:
        return default
    if value.isascii() and value.isdigit() and minimum <= int(value) <= maximum:
        return int(value)
    errors.add(
        field,
        _("Must be an integer from %(min)d to %(max)d.") % {"min": minimum, "max": maximum},
    )
    return default


def catalog_query_parse(query: QueryDict) -> CatalogQuery:
    """``public`` (true or false), ``type`` (BASE or a model type), ``search`` (in
    names), ``offset`` and ``limit``; raise :class:`Invalid` with field errors, also
    for any other parameter (the vendor's ``starred`` and ``collection_id`` among
    them: this service has neither stars nor collections)."""
    errors = _Errors()
    for field in query:
        if field not in CATALOG_PARAMETERS:
            errors.add(field, _("Unknown field."))
    public = query.get("public")
    if public is not None and public.lower() not in _FLAGS:
        errors.add("public", _("Must be true or false."))
    model_type = query.get("type")
    if model_type is not None and model_type not in CATALOG_TYPES:
        errors.add("type", _("Must be one of %(choices)s.") % {"choices": ", ".join(CATALOG_TYPES)})
    search = _search(query, errors)
    offset = _whole_number(query, "offset", errors, default=0, minimum=0, maximum=MAX_ID)
    limit = _whole_number(
        query,
        "limit",
        errors,
        default=CATALOG_DEFAULT_LIMIT,
        minimum=1,
        maximum=CATALOG_MAX_LIMIT,
    )
    if errors:
        raise _invalid(errors)
    return CatalogQuery(
        public=None if public is None else _FLAGS[public.lower()],
        type=model_type,
        search=search,
        offset=offset,
        limit=limit,
    )


# -- GET /projects/{id}/annotations/{id}/documents ------------------------------------------

DOCUMENTS_PARAMETERS = ("details", "offset", "limit", "search")


@dataclass(frozen=True)
class DocumentsQuery:
    search: str
    offset: int
    limit: int


def documents_query_parse(query: QueryDict) -> DocumentsQuery:
    """``offset``, ``limit`` (as the catalogue's), ``search`` (in the texts) and the
    vendor's ``details`` (segments, tags and meta: segments and tags are always
    there); :class:`Invalid` with field errors, also for any other parameter."""
    errors = _Errors()
    for field in query:
        if field not in DOCUMENTS_PARAMETERS:
            errors.add(field, _("Unknown field."))
    search = _search(query, errors)
    offset = _whole_number(query, "offset", errors, default=0, minimum=0, maximum=MAX_ID)
    limit = _whole_number(
        query,
        "limit",
        errors,
        default=CATALOG_DEFAULT_LIMIT,
        minimum=1,
        maximum=CATALOG_MAX_LIMIT,
    )
    if errors:
        raise _invalid(errors)
    return DocumentsQuery(search=search, offset=offset, limit=limit)


# -- PUT /projects/{id}/models/{id} ------------------------------------------------------

# The vendor's PUT takes any Model fields; those not changed here are read-only
# (training sets them, or they never change) and ignored.
MODEL_READ_ONLY_FIELDS = (
    "id",
    "uuid",
    "project_id",
    "name",
    "language",
    "type",
    "base",
    "owner",
    "created",
    "progress",
    "score",
    "error",
    "metrics",
)


@dataclass(frozen=True)
class ModelChange:
    """What a ``PUT`` changes; None: left as it is."""

    display_name: str | None
    short_description: str | None
    long_description: str | None
    status: str | None


def model_change_parse(body: Any) -> ModelChange:
    """The display name (not blank), the descriptions (may be blank) and the status
    of a ``PUT`` body; raise :class:`Invalid` with field errors. Whether the model
    may go to that status is the service's question."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors = _Errors()
    editable = ("display_name", "short_description", "long_description", "status")
    for field in body:
        if field not in editable and field not in MODEL_READ_ONLY_FIELDS:
            errors.add(str(field), _("Unknown field."))
    display_name = _text(body, "display_name", errors, max_length=DISPLAY_NAME_MAX_LENGTH)
    short_description = _string(
        body, "short_description", errors, max_length=SHORT_DESCRIPTION_MAX_LENGTH
    )
    long_description = _string(body, "long_description", errors)
    status = body.get("status")
    if status is not None and status not in Status.values:
        errors.add(
            "status", _("Must be one of %(choices)s.") % {"choices": ", ".join(Status.values)}
        )
    if errors:
        raise _invalid(errors)
    return ModelChange(
        display_name=display_name,
        short_description=short_description,
        long_description=long_description,
        status=status,
    )


# -- projects, their classes and labels ---------------------------------------------

PROJECT_NAME_MAX_LENGTH = TextProject._meta.get_field("name").max_length
TAG_NAME_MAX_LENGTH = 200  # of a class or label named through the API
# What a client may send back of a Project, a class or a label; never changed by a PUT.
PROJECT_READ_ONLY_FIELDS = ("id", "status", "classes", "labels", "models", "created", "role")
CLASS_FIELDS = ("name", "description", "example")
LABEL_FIELDS = ("name",)


def _known_fields(body: Any, *, editable: tuple[str, ...], read_only: tuple[str, ...]) -> _Errors:
    """The body as an object, with an error for each field it may not have."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors = _Errors()
    for field in body:
        if field not in editable and field not in read_only:
            errors.add(str(field), _("Unknown field."))
    return errors


def _required(value: str | None, field: str, errors: _Errors) -> None:
    if value is None and field not in errors:
        errors.add(field, _("This field is required."))


def project_create_parse(body: Any) -> tuple[str, str]:
    """The name and type of ``POST /projects``; :class:`Invalid` naming the field."""
    errors = _known_fields(body, editable=("name", "type"), read_only=PROJECT_READ_ONLY_FIELDS)
    name = _text(body, "name", errors, max_length=PROJECT_NAME_MAX_LENGTH)
    _required(name, "name", errors)
    project_type = body.get("type")
    if project_type not in ModelType.values:
        errors.add(
            "type", _("Must be one of %(choices)s.") % {"choices": ", ".join(ModelType.values)}
        )
    if errors:
        raise _invalid(errors)
    return name, project_type


def project_change_parse(body: Any, *, project: TextProject) -> dict[str, str]:
    """The fields a ``PUT /projects/{id}`` changes (name, description); the project's
    type may be sent but not changed."""
    errors = _known_fields(
        body, editable=("name", "description", "type"), read_only=PROJECT_READ_ONLY_FIELDS
    )
    changes = {
        "name": _text(body, "name", errors, max_length=PROJECT_NAME_MAX_LENGTH),
        "description": _string(body, "description", errors),
    }
    if body.get("type", project.type) != project.type:
        errors.add("type", _("A project's type cannot change."))
    if errors:
        raise _invalid(errors)
    return {field: value for field, value in changes.items() if value is not None}


def tag_body_parse(body: Any, *, fields: tuple[str, ...], partial: bool) -> dict[str, str]:
    """The ``fields`` of a class (:data:`CLASS_FIELDS`) or a label (:data:`LABEL_FIELDS`)
    in a POST (``name`` required) or a PUT (``partial``: any of them)."""
    errors = _known_fields(body, editable=fields, read_only=("id",))
    values = {"name": _text(body, "name", errors, max_length=TAG_NAME_MAX_LENGTH)}
    if not partial:
        _required(values["name"], "name", errors)
    for field in fields[1:]:
        values[field] = _string(body, field, errors)
    if errors:
        raise _invalid(errors)
    return {field: value for field, value in values.items() if value is not None}
