"""The OpenAPI 3.1 document of the Text Training API, served at ``openapi.json``.

Hand-written from ``shared/contracts/text-training-api.md``; a test checks that
every route of :mod:`trainer.textapi.urls` is described here and the reverse.
"""

from copy import deepcopy

from .models import (
    BASE_TYPE,
    AnnotationStatus,
    Language,
    ModelType,
    Role,
    SessionMode,
    SessionStatus,
    Status,
    TagStatus,
)
from .selectors import MAX_ID
from .session_bodies import SAMPLE_SIZE_DEFAULT, SAMPLE_SIZE_MAX
from .validation import (
    CATALOG_DEFAULT_LIMIT,
    CATALOG_MAX_LIMIT,
    CATALOG_TYPES,
    DISPLAY_NAME_MAX_LENGTH,
    MODEL_READ_ONLY_FIELDS,
    PROJECT_NAME_MAX_LENGTH,
    PROJECT_READ_ONLY_FIELDS,
    SHORT_DESCRIPTION_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
)

API_VERSION = "1.2.0"  # 1.1: the vendor's log-in, types and monitoring; 1.2: corrections
_MAX_PREDICT_TEXTS = 1000


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _page_queries(things: str) -> list[dict]:
    """The ``offset`` and ``limit`` of a paged list of ``things`` ("Models")."""
    return [
        _query(
            "offset", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, f"{things} to skip."
        ),
        _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": CATALOG_MAX_LIMIT},
            f"{things} to answer at most (default {CATALOG_DEFAULT_LIMIT}).",
        ),
    ]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _id_list(description: str) -> dict:
    return {
        "type": "array",
        "items": {"type": "integer", "minimum": 1},
        "description": description,
    }


_READ_ERRORS = {"401": _response("Unauthorized"), "404": _response("NotFound")}
_WRITE_ERRORS = {**_READ_ERRORS, "403": _response("Forbidden")}
_ALWAYS = {"500": _response("ServerError")}

_CANCEL = {
    "post": {
        "operationId": "model_cancel",
        "summary": "Cancel a training (the cancel extension)",
        "description": 'QUEUED or TRAINING → FAILED with error "cancelled". '
        "Needs MANAGER or higher.",
        "tags": ["models"],
        "parameters": [_param("ProjectId"), _param("ModelId")],
        "responses": {
            "200": _json(_ref("Model"), "The model after the transition."),
            **_WRITE_ERRORS,
            "409": _response("Conflict"),
            **_ALWAYS,
        },
    }
}


_SUCCESS = {"type": "string", "enum": ["success"]}


# A text the service stores: no NUL (a database cannot hold one), and no lone surrogate
# (which UTF-8 cannot spell).
_STORABLE = {"type": "string", "pattern": "^[^\\u0000]*$"}


# Not blank, and storable.
_NOT_BLANK = "^[^\\u0000]*\\S[^\\u0000]*$"


def _name(max_length: int) -> dict:
    """A name: not blank, storable, at most ``max_length`` characters."""
    return {"type": "string", "pattern": _NOT_BLANK, "maxLength": max_length}


_SESSION = {
    "type": "object",
    "required": [
        "id",
        "uuid",
        "name",
        "description",
        "type",
        "status",
        "mode",
        "document_count",
        "classes",
        "labels",
        "progress",
        "created",
        "finished",
        "user_id",
        "project_id",
        "model_id",
        "organization_id",
        "document_group_id",
        "error",
    ],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "uuid": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "type": _ref("ModelType"),
        "status": {
            "type": "string",
            "enum": [
                "CREATED",
                "STARTED",
                "ANNOTATING",
                "FAILED",
                "FINISHED",
                "SAMPLING",
                "PREDICTING",
                "DELETING",
            ],
            "description": "An uploaded file waits for a worker while its session is "
            "CREATED, is imported while it is STARTED, then the session is FINISHED, or "
            "FAILED (error says why; no document is kept). A correction session is "
            "PREDICTING while its model pre-labels it, then ANNOTATING, or FAILED. A "
            "FINISHED or ANNOTATING session can be trained on (its ANNOTATED documents).",
        },
        "mode": {
            "type": "string",
            "enum": ["ANNOTATION", "CORRECTION"],
            "description": "ANNOTATION: labeled by people; CORRECTION: a model (model_id) "
            "pre-labels it and people correct its tags.",
        },
        "document_count": {"type": "integer", "minimum": 0, "description": "Documents."},
        "classes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The session's class names: those given when it was made, "
            "else the project's.",
        },
        "labels": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The session's label names: those given when it was made, "
            "else the project's.",
        },
        "progress": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Percent of an uploaded file imported (100 once FINISHED); "
            "of a correction session, the percent of its documents done.",
        },
        "created": {"type": "string", "format": "date-time"},
        "finished": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "When its documents were all in.",
        },
        "user_id": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Who made it (null once that user is deleted).",
        },
        "project_id": {"type": "integer", "minimum": 1},
        "model_id": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "The model of a CORRECTION session (null otherwise, or once "
            "that model is deleted).",
        },
        "organization_id": {"type": "null", "description": "No workspaces here."},
        "document_group_id": {"type": "null", "description": "No document groups here."},
        "error": {"type": "string", "description": "Why the import FAILED, else empty."},
    },
}
_DOCUMENTS_BODY = {
    "documents": {
        "type": "array",
        "items": _ref("LabelledDocumentInput"),
        "description": "The vendor's LabelledDocuments {text, segments: [{span, text?, tags}]}.",
    },
    "document_ids": {
        "type": "array",
        "items": {"type": "integer", "minimum": 1},
        "description": "Documents of the project whose texts are to be annotated anew.",
    },
    "classes": {"type": "array", "items": _STORABLE},
    "labels": {"type": "array", "items": _STORABLE},
}


_SCHEMAS = {
    "LoginRequest": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {
            "email": {
                "type": "string",
                "pattern": _NOT_BLANK,
                "description": "The account's e-mail.",
            },
            "password": {"type": "string", "minLength": 1},
        },
    },
    "LoginResponse": {
        "type": "object",
        "required": ["status", "message", "auth_token"],
        "properties": {
            "status": _SUCCESS,
            "message": {"type": "string"},
            "auth_token": {
                "type": "string",
                "description": "Send it as Authorization: Bearer; it expires "
                "(GET /auth/status says when).",
            },
        },
    },
    "AuthStatus": {
        "type": "object",
        "required": ["status", "message", "username", "email", "expires_at"],
        "properties": {
            "status": _SUCCESS,
            "message": {"type": "string"},
            "username": {"type": "string"},
            "email": {"type": "string"},
            "expires_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When the token stops working; null: when revoked.",
            },
        },
    },
    "TaskTypeName": {
        "type": "string",
        "enum": list(CATALOG_TYPES),
        "description": f"The vendor's task types: {BASE_TYPE} (base models) and the model types.",
    },
    "TaskType": {
        "type": "object",
        "required": ["id", "name", "description"],
        "properties": {
            "id": {"type": "integer", "minimum": 1, "maximum": 5},
            "name": _ref("TaskTypeName"),
            "description": {"type": "string"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}},
    },
    "Info": {
        "type": "object",
        "required": ["name", "version", "extensions"],
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "extensions": {
                "type": "array",
                "items": {"type": "string", "enum": ["cancel", "metrics-detail"]},
                "description": "The project's extensions of the vendor's API this service "
                "has; a client offers each only when it is listed.",
            },
            "types": {
                "type": "array",
                "items": _ref("ModelType"),
                "description": "The types this service trains.",
            },
            "languages": {"type": "array", "items": _ref("Language")},
            "max_upload_bytes": {"type": "integer", "minimum": 1},
            "max_predict_texts": {"type": "integer", "minimum": 1},
            "token_ttl_seconds": {
                "type": "integer",
                "minimum": 1,
                "description": "How long a token from POST /auth/login lasts.",
            },
        },
    },
    "AuthMessage": {
        "type": "object",
        "required": ["status", "message"],
        "properties": {"status": _SUCCESS, "message": {"type": "string"}},
    },
    "Error": {
        "type": "object",
        "required": ["detail", "errors"],
        "properties": {
            "detail": {"type": "string", "description": "What went wrong, readable."},
            "errors": {
                "type": "object",
                "description": "Messages by field; may be empty.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "Role": {"type": "string", "enum": list(Role.values)},
    "ModelType": {
        "type": "string",
        "enum": list(ModelType.values),
        "description": "The vendor's types: LABEL exactly one label per document; CLASS "
        "none, one or more classes per document; CLASSLABEL classes, each with its label; "
        "ABSA segments of the text, each with classes and their labels.",
    },
    "Language": {"type": "string", "enum": list(Language.values)},
    "Status": {
        "type": "string",
        "enum": list(Status.values),
        "description": "CREATED → QUEUED → TRAINING → READY or FAILED; "
        "then READY → ACTIVE → PUBLISHED by a manager.",
    },
    "Project": {
        "type": "object",
        "description": "The vendor's Project, with the project's description and the "
        "caller's role.",
        "required": [
            "id",
            "name",
            "type",
            "classes",
            "labels",
            "models",
            "created",
            "description",
            "role",
        ],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            "type": {**_ref("ModelType"), "description": "The project's classification type."},
            "classes": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The names of the project's classes.",
            },
            "labels": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The names of the project's labels.",
            },
            "models": {"type": "array", "items": _ref("Model")},
            "created": {"type": "string", "format": "date-time"},
            "description": {"type": "string"},
            "role": {**_ref("Role"), "description": "The caller's role in the project."},
        },
    },
    "ProjectCreate": {
        "type": "object",
        "required": ["name", "type"],
        "additionalProperties": False,
        "properties": {
            **{field: {"description": "Read-only: ignored."} for field in PROJECT_READ_ONLY_FIELDS},
            "name": _name(PROJECT_NAME_MAX_LENGTH),
            "type": _ref("ModelType"),
        },
    },
    "ProjectUpdate": {
        "type": "object",
        "description": "Any of the fields; a Project's other fields may be sent back and "
        "are ignored.",
        "additionalProperties": False,
        "properties": {
            **{field: {"description": "Read-only: ignored."} for field in PROJECT_READ_ONLY_FIELDS},
            "name": _name(PROJECT_NAME_MAX_LENGTH),
            "description": _STORABLE,
            "type": {**_ref("ModelType"), "description": "The project's own: it cannot change."},
        },
    },
    "Permission": {
        "type": "object",
        "required": ["id", "role", "user"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "role": _ref("Role"),
            "user": {"type": "string", "description": "The member's display name."},
        },
    },
    "ModelClass": {
        "type": "object",
        "required": ["id", "name", "description", "example"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            "description": {"type": "string", "description": "Helps the annotator."},
            "example": {"type": "string", "description": "A usage example."},
        },
    },
    "ModelClassInput": {
        "type": "object",
        "description": "POST: name required; PUT: any of the fields.",
        "additionalProperties": False,
        "properties": {
            "id": {"description": "Read-only: ignored."},
            "name": _name(TAG_NAME_MAX_LENGTH),
            "description": _STORABLE,
            "example": _STORABLE,
        },
    },
    "Label": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string"}},
    },
    "LabelInput": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "id": {"description": "Read-only: ignored."},
            "name": _name(TAG_NAME_MAX_LENGTH),
        },
    },
    "LabelingSession": _SESSION,
    "AnnotationStatus": {"type": "string", "enum": list(AnnotationStatus.values)},
    "TagStatus": {
        "type": "string",
        "enum": list(TagStatus.values),
        "description": "READY: to be used; IN_CORRECTION: a model's tag nobody confirmed.",
    },
    "Correction": {
        "allOf": [
            _ref("LabelingSession"),
            {
                "type": "object",
                "required": ["model", "predicted_score"],
                "properties": {
                    "model": {
                        "type": ["object", "null"],
                        "required": ["id", "display_name"],
                        "properties": {
                            "id": {"type": "integer", "minimum": 1},
                            "display_name": {"type": "string"},
                        },
                        "description": "The vendor's CorrectionModel (null once deleted).",
                    },
                    "predicted_score": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "maximum": 100,
                        "description": "The percent of the tags the model predicted on the "
                        "documents done that people kept unchanged; null while none is done.",
                    },
                },
            },
        ],
        "description": "The vendor's Correction: a labeling session in mode CORRECTION.",
    },
    "CorrectionCreate": {
        "type": "object",
        "required": ["model_id"],
        "additionalProperties": False,
        "properties": {
            "model_id": {"type": "integer", "minimum": 1},
            "name": _name(200),
            "sample_size": {
                "type": "integer",
                "minimum": 1,
                "maximum": SAMPLE_SIZE_MAX,
                "default": SAMPLE_SIZE_DEFAULT,
            },
        },
    },
    "ConfirmCorrectionTag": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": _ref("TagStatus")},
    },
    "CorrectionMeasures": {
        "type": "object",
        "required": ["predicted_score", "progress"],
        "properties": {
            "predicted_score": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
            "progress": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "description": "The percent of the session's documents done.",
            },
        },
    },
    "CreateCorrectionTagResponse": {
        "allOf": [
            _ref("CorrectionMeasures"),
            {
                "type": "object",
                "required": ["segment", "tag"],
                "properties": {
                    "segment": {
                        "type": "object",
                        "required": ["id", "annotated"],
                        "properties": {
                            "id": {"type": "integer", "minimum": 1},
                            "annotated": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "description": "When the segment was marked corrected.",
                            },
                        },
                    },
                    "tag": _ref("Tag"),
                },
            },
        ],
    },
    "AnnotateCorrectionResponse": {
        "allOf": [
            _ref("CorrectionMeasures"),
            {
                "type": "object",
                "required": ["segment"],
                "properties": {"segment": _ref("AnnotationStatusAnswer")},
            },
        ],
    },
    "SessionCreate": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": _name(200),
            **_DOCUMENTS_BODY,
            "auto": {"type": "boolean", "enum": [False], "description": "Not offered."},
            "sample_size": {"type": "integer", "minimum": 1},
        },
    },
    "SessionChange": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"name": _name(200), **_DOCUMENTS_BODY},
    },
    "LabelledDocumentInput": {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": _STORABLE,
            "segments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["span"],
                    "properties": {
                        "span": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 0},
                            "minItems": 2,
                            "maxItems": 2,
                        },
                        "text": {"type": "string"},
                        "tags": {"type": "array", "items": _ref("TagInput")},
                    },
                },
            },
        },
    },
    "TagInput": {
        "type": "object",
        "properties": {
            "class": _STORABLE,
            "label": _STORABLE,
            "id": {"description": "Read-only: ignored."},
            "span": {"description": "Read-only: ignored."},
            "text": {"description": "Read-only: ignored."},
        },
        "description": "A class, a label, or both, each the project's.",
    },
    "TagChange": {
        "type": "object",
        "properties": {
            "class": _STORABLE,
            "label": _STORABLE,
            "span": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
                "description": "[start, end]: move the tag to the document's segment of "
                "exactly this stretch of its text (code points, end exclusive, 0 ≤ start < "
                "end ≤ the text's length), made if there is none; the segment it leaves is "
                "removed once it has no tag. Only an ABSA document's segments are parts of "
                "its text (another type's span is the whole text).",
            },
            "text": {
                "type": "string",
                "description": "If given, the document's text at the span (400 naming text "
                "otherwise).",
            },
            "id": {"description": "Read-only: ignored."},
        },
        "description": "The vendor's ChangeAnnotationTag: the tag's class and label (an "
        "absent one is removed), and where it stands.",
    },
    "StatusInput": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": _ref("AnnotationStatus")},
    },
    "AnnotationStatusAnswer": {
        "type": "object",
        "required": ["annotation_id", "document_id", "name", "created"],
        "properties": {
            "annotation_id": {"type": "integer", "minimum": 1},
            "document_id": {"type": "integer", "minimum": 1},
            "segment_id": {"type": "integer", "minimum": 1},
            "name": _ref("AnnotationStatus"),
            "created": {"type": "string", "format": "date-time"},
        },
        "description": "The vendor's DocumentAnnotationStatus or SegmentAnnotationStatus.",
    },
    "Tag": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "class": {"type": "string"},
            "label": {"type": "string"},
            "status": _ref("TagStatus"),
        },
        "description": "A class, a label, or a class with its label (the vendor's "
        "ClassLabelTag), with the id the tagging paths address it by and its status.",
    },
    "Segment": {
        "type": "object",
        "required": ["id", "text", "span", "status", "tags"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "text": {"type": "string"},
            "span": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
                "description": "[start, end) in code points of the document's text.",
            },
            "status": _ref("AnnotationStatus"),
            "tags": {"type": "array", "items": _ref("Tag")},
        },
    },
    "LabelledDocument": {
        "type": "object",
        "required": ["id", "text", "status", "segments"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "text": {"type": "string"},
            "status": _ref("AnnotationStatus"),
            "segments": {"type": "array", "items": _ref("Segment")},
        },
    },
    "SessionDocuments": {
        "allOf": [
            {
                **_SESSION,
                "properties": {
                    **_SESSION["properties"],
                    "classes": {"type": "array", "items": _ref("ModelClass")},
                    "labels": {"type": "array", "items": _ref("Label")},
                },
                "description": "The vendor's LabelingSessionWithDocs: the session's classes "
                "and labels as the project's.",
            },
            {
                "type": "object",
                "required": ["documents", "document_total", "offset", "limit"],
                "properties": {
                    "documents": {"type": "array", "items": _ref("LabelledDocument")},
                    "document_total": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Documents matching the search, in all pages.",
                    },
                    "offset": {"type": "integer", "minimum": 0},
                    "limit": {"type": "integer", "minimum": 1},
                },
            },
        ]
    },
    "SessionUpload": {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "minLength": 1,
                "description": "The labelled data (UTF-8 text); an empty file is refused. "
                "Its format is told by its content, then its name: JSON Lines (text, classes, "
                "spans with start/end/label and polarity), CSV or TSV (a text column and a "
                "label column), SemEval-2014, SemEval-2016 or GermEval 2017 ABSA XML, a "
                "Label Studio JSON export (CoNLL span labelling fits no type). The session "
                "is named after the file.",
            },
            "show_preview": {
                "type": "boolean",
                "description": "The vendor's preview of a file's columns; ignored here.",
            },
        },
    },
    "ClassMetrics": {
        "type": "object",
        "properties": {
            "precision": {"type": "number"},
            "recall": {"type": "number"},
            "f1": {"type": "number"},
            "support": {"type": "integer"},
        },
    },
    "Metrics": {
        "type": "object",
        "description": "Evaluation on the test set; always score and test_documents, the "
        "rest by type (docs/text-types.md). LABEL: accuracy (the score), macro_f1, "
        "per_label, confusion ({gold: {predicted: count}}). CLASS: micro_f1 (the score), "
        "micro_precision, micro_recall, macro_f1, accuracy (exact class set), per_class. "
        "CLASSLABEL: joint_f1 (class and label right; the score), label_accuracy (on the "
        "gold classes), class_f1, per_class, per_label. ABSA: pair_f1 (the distinct "
        "(class, label) of a text's segments; the score), segment_f1 (span, class and "
        "label), label_accuracy, class_f1, per_class, per_label. per_class, per_label and "
        "confusion are the metrics-detail extension. A model trained before the vendor's "
        "types keeps the metrics it was given then (span_f1, aspect_extraction_f1, "
        "polarity_accuracy, per_polarity).",
        "required": ["score", "test_documents"],
        "properties": {
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "test_documents": {"type": "integer", "minimum": 0},
            "accuracy": {"type": "number"},
            "macro_f1": {"type": "number"},
            "micro_f1": {"type": "number"},
            "micro_precision": {"type": "number"},
            "micro_recall": {"type": "number"},
            "joint_f1": {"type": "number"},
            "label_accuracy": {"type": "number"},
            "class_f1": {"type": "number"},
            "pair_f1": {"type": "number"},
            "segment_f1": {"type": "number"},
            "per_class": {"type": "object", "additionalProperties": _ref("ClassMetrics")},
            "per_label": {"type": "object", "additionalProperties": _ref("ClassMetrics")},
            "confusion": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
            },
            "span_f1": {"type": "number"},
            "aspect_extraction_f1": {"type": "number"},
            "polarity_accuracy": {"type": "number"},
            "per_polarity": {"type": "object", "additionalProperties": _ref("ClassMetrics")},
        },
    },
    "Model": {
        "type": "object",
        "required": [
            "id",
            "uuid",
            "project_id",
            "name",
            "display_name",
            "short_description",
            "long_description",
            "language",
            "type",
            "base",
            "owner",
            "created",
            "status",
            "progress",
            "score",
        ],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "uuid": {"type": "string", "format": "uuid"},
            "project_id": {"type": "integer"},
            "name": {"type": "string"},
            "display_name": {"type": "string"},
            "short_description": {"type": "string"},
            "long_description": {"type": "string"},
            "language": _ref("Language"),
            "type": _ref("ModelType"),
            "base": {"type": "string", "description": "Name of the base model used, or empty."},
            "owner": {"type": "string", "description": "Username of who started it."},
            "created": {"type": "string", "format": "date-time"},
            "status": _ref("Status"),
            "progress": {"type": "number", "minimum": 0, "maximum": 100},
            "score": {
                "type": ["number", "null"],
                "minimum": 0,
                "maximum": 1,
                "description": "Result on the test set; set by the service only.",
            },
            "error": {"type": "string", "description": "Why it FAILED; empty otherwise."},
            "metrics": {
                "description": "Evaluation once READY; empty before.",
                "anyOf": [_ref("Metrics"), {"type": "object", "maxProperties": 0}],
            },
        },
    },
    "TrainRequest": {
        "type": "object",
        "description": "All fields optional in the schema. Rules (400 with a field message): "
        "at least one of annotation_ids / trainset_annotation_ids is non-empty; every id "
        "names a labeling session of this project; train and test share no session; the "
        "sessions and the base model agree on type and language (and with language); "
        "name is unique in the workspace.",
        "additionalProperties": False,
        "properties": {
            "display_name": {"type": "string", "description": "Friendly name (default: name)."},
            "language": _ref("Language"),
            "name": {
                "type": "string",
                "description": "Internal name, unique in the workspace; generated when absent.",
            },
            "base_id": {
                "type": "integer",
                "minimum": 1,
                "description": "Base model to start from.",
            },
            "annotation_ids": _id_list(
                "Sessions split automatically into train and test (80/20); when present, "
                "the two fields below are ignored."
            ),
            "trainset_annotation_ids": _id_list(
                "Sessions used as the train set; without a test set, 20 % is held out."
            ),
            "testset_annotation_ids": _id_list("Sessions used as the test set."),
        },
    },
}

_SCHEMAS["AnalyzeRequest"] = {
    "type": "object",
    "required": ["model", "documents"],
    "properties": {
        "model": {"type": "string", "minLength": 1, "description": "The model's name."},
        "documents": {
            "type": "array",
            "maxItems": _MAX_PREDICT_TEXTS,
            "items": {
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string"}},
            },
        },
    },
}
_SCHEMAS["Analysis"] = {
    "type": "object",
    "required": ["model", "type", "documents"],
    "properties": {
        "model": {"type": "string"},
        "type": _ref("ModelType"),
        "documents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "segments"],
                "properties": {
                    "text": {"type": "string"},
                    "segments": {
                        "type": "array",
                        "description": "LABEL: one segment over the whole text tagged "
                        "{label}; CLASS: one over the whole text with a tag {class} per "
                        "class, or none; CLASSLABEL: the same with {class, label}; ABSA: a "
                        "segment per stretch found, tagged {class, label}, and one over the "
                        "whole text for the pairs no stretch carries.",
                        "items": {
                            "type": "object",
                            "required": ["text", "span", "tags"],
                            "properties": {
                                "text": {"type": "string"},
                                "span": {
                                    "type": "array",
                                    "items": {"type": "integer", "minimum": 0},
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                                "tags": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "class": {"type": "string"},
                                            "label": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_SCHEMAS["CatalogModel"] = {
    **_SCHEMAS["Model"],
    "description": "A model as GET /models lists it: a base model has no project and is "
    f"of type {BASE_TYPE}.",
    "properties": {
        **_SCHEMAS["Model"]["properties"],
        "project_id": {"type": ["integer", "null"]},
        "type": _ref("TaskTypeName"),
    },
}
_SCHEMAS["ModelUpdate"] = {
    "type": "object",
    "description": "Any fields of a Model; those not below are read-only and ignored.",
    "additionalProperties": False,
    "properties": {
        **{field: {"description": "Read-only: ignored."} for field in MODEL_READ_ONLY_FIELDS},
        "display_name": _name(DISPLAY_NAME_MAX_LENGTH),
        "short_description": {**_STORABLE, "maxLength": SHORT_DESCRIPTION_MAX_LENGTH},
        "long_description": _STORABLE,
        "status": {
            **_ref("Status"),
            "description": "ACTIVE (from READY) or PUBLISHED (from ACTIVE); the model's "
            "own status changes nothing.",
        },
    },
}
_SCHEMAS["ModelPage"] = {
    "type": "object",
    "required": ["models", "count", "offset", "limit", "has_more"],
    "properties": {
        "models": {"type": "array", "items": _ref("CatalogModel")},
        "count": {"type": "integer", "minimum": 0, "description": "Models in this answer."},
        "offset": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1},
        "has_more": {"type": "boolean", "description": "More follow at offset + limit."},
    },
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


_NOT_MANAGER = '"User is read-only or does not have the minimal project role MANAGER"'
_ABSA_LABELS = _json(
    _ref("Error"), "An ABSA project's labels are its polarities: none is added or deleted."
)


_DETAILS = _query(
    "details",
    {"type": "string", "pattern": "^ *(segments|tags|meta)? *(, *(segments|tags|meta)? *)*$"},
    "Any of segments, tags, meta (comma-separated): the segments, their tags, the "
    "documents' status; all when absent.",
)
_MODE_QUERY = _query(
    "mode",
    {"type": "string", "enum": list(SessionMode.values)},
    "Only the sessions of this mode (repeat for several).",
)
_SESSION_STATUS_QUERY = _query(
    "status",
    {"type": "string", "enum": list(SessionStatus.values)},
    "Only the sessions in this status (repeat for several).",
)
_SESSION_PATH = "/projects/{project_id}/annotations/{session_id}"
_SEGMENT_PATH = _SESSION_PATH + "/documents/{document_id}/segments/{segment_id}"
_DOCUMENT_PARAMS = [_param("ProjectId"), _param("SessionId"), _param("DocumentId")]
_SEGMENT_PARAMS = [*_DOCUMENT_PARAMS, _param("SegmentId")]
_ANNOTATOR_403 = (
    "a lower role gets the vendor's 403 \"User is read-only or does not have the minimal "
    'project role ANNOTATOR"'
)


def _tag_write(operation_id: str, summary: str, *, status: str, body: str = "TagInput") -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": "Needs the project role ANNOTATOR or higher (" + _ANNOTATOR_403 + "). "
        "The class and label must be the project's (400 naming class or label), and the "
        "document must still fit the project's type (400 naming tags).",
        "tags": ["tagging"],
        "parameters": _SEGMENT_PARAMS,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        },
        "responses": {
            status: _json(_ref("Tag"), "The tag."),
            "400": _response("BadRequest"),
            **_WRITE_ERRORS,
            **_ALWAYS,
        },
    }


def _status_operation(what: str) -> dict:
    return {
        "operationId": f"{what}_status_set",
        "summary": f"Mark a {what} annotated (or not)",
        "description": "Needs the project role ANNOTATOR or higher (" + _ANNOTATOR_403 + ").",
        "tags": ["tagging"],
        "parameters": _SEGMENT_PARAMS if what == "segment" else _DOCUMENT_PARAMS,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("StatusInput")}},
        },
        "responses": {
            "201": _json(_ref("AnnotationStatusAnswer"), "The status set."),
            "400": _response("BadRequest"),
            **_WRITE_ERRORS,
            **_ALWAYS,
        },
    }


def _tag_paths(
    plural: str,
    singular: str,
    *,
    schema: str,
    body: str,
    id_param: str,
    absa_conflict: bool = False,
) -> dict:
    """The paths of a project's classes or labels: members read, managers write."""
    conflict = {"409": _ABSA_LABELS} if absa_conflict else {}
    manager_only = f"Needs the project role MANAGER or higher (403: {_NOT_MANAGER})."
    one = {
        "parameters": [_param("ProjectId"), _param(id_param)],
        "tags": ["projects"],
    }
    written = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    return {
        f"/projects/{{project_id}}/{plural}": {
            "get": {
                "operationId": f"{singular}_list",
                "summary": f"The project's {plural}, by name",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "responses": {
                    "200": _json({"type": "array", "items": _ref(schema)}, f"The {plural}."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "post": {
                "operationId": f"{singular}_create",
                "summary": f"Add a {singular} to the project",
                "description": f"{manager_only} A name the project has already is a 400.",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "requestBody": written,
                "responses": {
                    "201": _json(_ref(schema), f"The {singular}."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **conflict,
                    **_ALWAYS,
                },
            },
        },
        f"/projects/{{project_id}}/{plural}/{{{singular}_id}}": {
            "get": {
                **one,
                "operationId": f"{singular}_get",
                "summary": f"One {singular}",
                "responses": {
                    "200": _json(_ref(schema), f"The {singular}."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "put": {
                **one,
                "operationId": f"{singular}_update",
                "summary": f"Change a {singular}",
                "description": f"{manager_only} The documents keep the tags they carry.",
                "requestBody": written,
                "responses": {
                    "200": _json(_ref(schema), f"The {singular} as changed."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
            "delete": {
                **one,
                "operationId": f"{singular}_delete",
                "summary": f"Delete a {singular}",
                "description": f"{manager_only} The documents keep the tags they carry.",
                "responses": {
                    "204": {"description": "Deleted."},
                    **_WRITE_ERRORS,
                    **conflict,
                    **_ALWAYS,
                },
            },
        },
    }


_CORRECTION_PATH = "/projects/{project_id}/corrections/{correction_id}"
_CORRECTION_SEGMENT_PATH = _CORRECTION_PATH + "/documents/{document_id}/segments/{segment_id}"
_CORRECTION_SEGMENT_PARAMS = [
    _param("ProjectId"),
    _param("CorrectionId"),
    _param("DocumentId"),
    _param("SegmentId"),
]
_CORRECTOR = "Needs the project role ANNOTATOR or higher (" + _ANNOTATOR_403 + ")."


def _correction_write(operation_id: str, summary: str, **fields) -> dict:
    """An operation on a correction session's segment or tag: an annotator's, answered
    with the session's progress and predicted_score."""
    status, answer = fields.pop("answer")
    body = fields.pop("body", None)
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": _CORRECTOR + " " + fields.pop("description", ""),
        "tags": ["corrections"],
        "parameters": [*_CORRECTION_SEGMENT_PARAMS, *fields.pop("parameters", [])],
        **(
            {"requestBody": {"required": True, "content": {"application/json": {"schema": body}}}}
            if body
            else {}
        ),
        "responses": {
            status: _json(_ref(answer), "The session's measures after the change."),
            "400": _response("BadRequest"),
            **_WRITE_ERRORS,
            **_ALWAYS,
        },
    }


_TAG_ANSWER = ("200", "CreateCorrectionTagResponse")
_CORRECTION_PATHS = {
    "/projects/{project_id}/corrections": {
        "get": {
            "operationId": "correction_list",
            "summary": "Correction sessions of a project, newest first",
            "tags": ["corrections"],
            "parameters": [_param("ProjectId"), _SESSION_STATUS_QUERY],
            "responses": {
                "200": _json({"type": "array", "items": _ref("Correction")}, "The sessions."),
                "400": _response("BadRequest"),
                **_READ_ERRORS,
                **_ALWAYS,
            },
        },
        "post": {
            "operationId": "correction_create",
            "summary": "Create a correction session",
            "description": _CORRECTOR + " The model (model_id, 400 naming it when it is not "
            "the project's or cannot predict) pre-labels the project's unlabeled documents "
            "(NOT_ANNOTATED, without tags, in its ANNOTATION sessions, not in a correction "
            "session yet; 400 when there is none), at most 2,000 of them; the sample_size it "
            "is least sure of, least sure first, make the session. It is PREDICTING "
            "meanwhile, then ANNOTATING (its model's tags IN_CORRECTION), or FAILED.",
            "tags": ["corrections"],
            "parameters": [_param("ProjectId")],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("CorrectionCreate")}},
            },
            "responses": {
                "201": _json(_ref("Correction"), "The session, PREDICTING."),
                "400": _response("BadRequest"),
                **_WRITE_ERRORS,
                **_ALWAYS,
            },
        },
    },
    _CORRECTION_PATH: {
        "get": {
            "operationId": "correction_get",
            "summary": "One correction session",
            "tags": ["corrections"],
            "parameters": [_param("ProjectId"), _param("CorrectionId")],
            "responses": {
                "200": _json(_ref("Correction"), "The session."),
                **_READ_ERRORS,
                **_ALWAYS,
            },
        },
        "delete": {
            "operationId": "correction_delete",
            "summary": "Delete a correction session with its documents",
            "description": "Needs the project role MANAGER or higher. The documents it was "
            "made from stay where they are.",
            "tags": ["corrections"],
            "parameters": [_param("ProjectId"), _param("CorrectionId")],
            "responses": {"204": {"description": "Deleted."}, **_WRITE_ERRORS, **_ALWAYS},
        },
    },
    _CORRECTION_PATH + "/documents": {
        "get": {
            "operationId": "correction_documents",
            "summary": "A correction session with one page of its documents",
            "description": "In the session's order: the documents the model was least sure "
            "of first.",
            "tags": ["corrections"],
            "parameters": [
                _param("ProjectId"),
                _param("CorrectionId"),
                _DETAILS,
                *_page_queries("Documents"),
            ],
            "responses": {
                "200": _json(_ref("SessionDocuments"), "The session and a page of documents."),
                "400": _response("BadRequest"),
                **_READ_ERRORS,
                **_ALWAYS,
            },
        }
    },
    _CORRECTION_SEGMENT_PATH + "/tags": {
        "post": _correction_write(
            "correction_tag_add",
            "Add a tag to a segment",
            description="The tag must be the project's and the document must still fit the "
            "type, as on the tagging paths.",
            body=_ref("TagInput"),
            answer=("201", "CreateCorrectionTagResponse"),
        )
    },
    _CORRECTION_SEGMENT_PATH + "/tags/{tag_id}": {
        "put": _correction_write(
            "correction_tag_change",
            "Change or move a tag (it is READY then; moved, it counts as changed)",
            parameters=[_param("TagId")],
            body=_ref("TagChange"),
            answer=_TAG_ANSWER,
        ),
        "delete": _correction_write(
            "correction_tag_delete",
            "Delete a tag",
            parameters=[_param("TagId")],
            answer=("200", "AnnotateCorrectionResponse"),
        ),
    },
    _CORRECTION_SEGMENT_PATH + "/tags/{tag_id}/statuses": {
        "post": _correction_write(
            "correction_tag_confirm",
            "Confirm a tag (READY) or put it back IN_CORRECTION",
            parameters=[_param("TagId")],
            body=_ref("ConfirmCorrectionTag"),
            answer=("201", "CreateCorrectionTagResponse"),
        )
    },
    _CORRECTION_SEGMENT_PATH + "/statuses": {
        "post": _correction_write(
            "correction_segment_status_set",
            "Mark a segment corrected (ANNOTATED) or not",
            description="A document is done once all its segments are marked, or it is.",
            body=_ref("StatusInput"),
            answer=("201", "AnnotateCorrectionResponse"),
        )
    },
}


_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Text Training API",
        "version": API_VERSION,
        "description": "Train text-analytics models from labeling sessions and manage "
        "their lifecycle. Errors are always {detail, errors}.",
    },
    "servers": [{"url": "/api/text"}],
    "security": [{"bearer": []}],
    "tags": [
        {"name": "auth"},
        {"name": "projects"},
        {"name": "labeling sessions"},
        {"name": "corrections"},
        {"name": "models"},
        {"name": "meta"},
    ],
    "paths": {
        **_CORRECTION_PATHS,
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["meta"],
                "security": [],
                "responses": {"200": {"description": "The OpenAPI document."}},
            }
        },
        "/auth/login": {
            "post": {
                "operationId": "auth_login",
                "summary": "Log in with the e-mail and password of an account",
                "description": "Answers a token that expires. After too many failures for "
                "one account from one address, that pair is refused for a while (429).",
                "tags": ["auth"],
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("LoginRequest")}},
                },
                "responses": {
                    "200": _json(_ref("LoginResponse"), "Logged in."),
                    "400": _response("BadRequest"),
                    "401": _error("The e-mail or password is wrong, or the user is inactive."),
                    "429": _error("Too many failed log-ins for this account from this address."),
                    **_ALWAYS,
                },
            }
        },
        "/auth/status": {
            "get": {
                "operationId": "auth_status",
                "summary": "Whether the caller's token is still good, whose it is and until when",
                "tags": ["auth"],
                "responses": {
                    "200": _json(_ref("AuthStatus"), "The token is good."),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            }
        },
        "/auth/logout": {
            "post": {
                "operationId": "auth_logout",
                "summary": "Revoke the caller's token",
                "tags": ["auth"],
                "responses": {
                    "200": _json(_ref("AuthMessage"), "Logged out: the token no longer works."),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            }
        },
        "/types": {
            "get": {
                "operationId": "type_list",
                "summary": "The task types, by id",
                "tags": ["meta"],
                "responses": {
                    "200": _json({"type": "array", "items": _ref("TaskType")}, "The types."),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            }
        },
        "/health": {
            "get": {
                "operationId": "health",
                "summary": "Whether the service is up and reaches its database",
                "tags": ["meta"],
                "security": [],
                "responses": {
                    "200": _json(_ref("Health"), "Up."),
                    "503": _error("The service cannot reach its database."),
                    **_ALWAYS,
                },
            }
        },
        "/info": {
            "get": {
                "operationId": "info",
                "summary": "The service's version, extensions and limits",
                "tags": ["meta"],
                "responses": {
                    "200": _json(_ref("Info"), "Facts about the service."),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            }
        },
        "/projects": {
            "get": {
                "operationId": "project_list",
                "summary": "Projects visible to the caller, with the caller's role",
                "tags": ["projects"],
                "responses": {
                    "200": _json({"type": "array", "items": _ref("Project")}, "The projects."),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            },
            "post": {
                "operationId": "project_create",
                "summary": "Create a project of a type; the caller becomes its OWNER",
                "description": "An ABSA project comes with its labels, the polarities "
                "(positive, negative, neutral, conflict).",
                "tags": ["projects"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ProjectCreate")}},
                },
                "responses": {
                    "201": _json(_ref("Project"), "The project."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}": {
            "get": {
                "operationId": "project_get",
                "summary": "One project",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "responses": {
                    "200": _json(_ref("Project"), "The project."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "put": {
                "operationId": "project_update",
                "summary": "Change a project's name or description",
                "description": f"Needs the project role MANAGER or higher (403: {_NOT_MANAGER}).",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ProjectUpdate")}},
                },
                "responses": {
                    "200": _json(_ref("Project"), "The project as changed."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
            "delete": {
                "operationId": "project_delete",
                "summary": "Delete a project with its labeling sessions, documents and models",
                "description": "Needs the project role OWNER.",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "responses": {
                    "204": {"description": "Deleted."},
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/permissions": {
            "get": {
                "operationId": "project_permissions",
                "summary": "The project's members with their roles",
                "tags": ["projects"],
                "parameters": [_param("ProjectId")],
                "responses": {
                    "200": _json({"type": "array", "items": _ref("Permission")}, "One per member."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            }
        },
        **_tag_paths(
            "classes",
            "class",
            schema="ModelClass",
            body="ModelClassInput",
            id_param="ClassId",
        ),
        **_tag_paths(
            "labels",
            "label",
            schema="Label",
            body="LabelInput",
            id_param="LabelId",
            absa_conflict=True,
        ),
        "/projects/{project_id}/annotations": {
            "get": {
                "operationId": "labeling_session_list",
                "summary": "Labeling sessions of a project",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId"), _MODE_QUERY, _SESSION_STATUS_QUERY],
                "responses": {
                    "200": _json(
                        {"type": "array", "items": _ref("LabelingSession")},
                        "The labeling sessions, newest first.",
                    ),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "post": {
                "operationId": "labeling_session_create",
                "summary": "Create a labeling session from JSON documents",
                "description": "Needs the project role ANNOTATOR or higher. The session is of "
                "the project's type; every document with tags must fit it (400 naming the "
                "document, nothing kept); a document without tags is NOT_ANNOTATED, a text "
                "to label. document_ids copies the texts of the project's documents, "
                "to be annotated anew; sample_size keeps that many of all the documents. "
                "classes and labels, when absent, are the project's; the project gains the "
                "names it lacks. auto is not offered: a model pre-annotates in a correction "
                "session (POST /projects/{project_id}/corrections).",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("SessionCreate")}},
                },
                "responses": {
                    "201": _json(_ref("LabelingSession"), "The session."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/annotations/upload": {
            "post": {
                "operationId": "labeling_session_upload",
                "summary": "Create a labeling session from a file",
                "description": "Needs the project role ANNOTATOR or higher. All or nothing: a "
                "malformed file is refused with the line or element that is wrong "
                "(errors.file), and nothing is kept. A file larger than the service's inline "
                "limit (2 MB by default) is answered at once with the session CREATED and "
                "imported by a worker (STARTED meanwhile): it ends FINISHED, or FAILED with "
                "the same reasons in error and no document kept. The documents are of the "
                "project's type and must fit it (docs/text-types.md, importers by type): LABEL "
                "one label a document, CLASS classes, CLASSLABEL classes with their polarity, "
                "ABSA segments with class and polarity; a document the file gives no tag is "
                "NOT_ANNOTATED, a text to label.",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId")],
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": _ref("SessionUpload")}},
                },
                "responses": {
                    "201": _json(_ref("LabelingSession"), "The session, with its counts."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    "413": _response("PayloadTooLarge"),
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/annotations/{session_id}": {
            "get": {
                "operationId": "labeling_session_get",
                "summary": "One labeling session",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId"), _param("SessionId")],
                "responses": {
                    "200": _json(_ref("LabelingSession"), "The labeling session."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "put": {
                "operationId": "labeling_session_change",
                "summary": "Change a labeling session",
                "description": "Needs the project role ANNOTATOR or higher. A new name, new "
                "class and label names, and documents added (which must fit the type).",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId"), _param("SessionId")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("SessionChange")}},
                },
                "responses": {
                    "200": _json(_ref("LabelingSession"), "The session as changed."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
            "delete": {
                "operationId": "labeling_session_delete",
                "summary": "Delete a labeling session with its documents",
                "description": "Needs the project role MANAGER or higher. A file still being "
                "imported stops being imported. Models trained on the session stay.",
                "tags": ["labeling sessions"],
                "parameters": [_param("ProjectId"), _param("SessionId")],
                "responses": {
                    "204": {"description": "Deleted."},
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/annotations/{session_id}/documents": {
            "get": {
                "operationId": "labeling_session_documents",
                "summary": "A labeling session with one page of its documents",
                "description": "Each document's text cut into segments with their tags "
                "(the vendor's LabelledDocument), with the ids the tagging paths take.",
                "tags": ["labeling sessions"],
                "parameters": [
                    _param("ProjectId"),
                    _param("SessionId"),
                    _DETAILS,
                    _query("search", _STORABLE, "A part of the text."),
                    *_page_queries("Documents"),
                ],
                "responses": {
                    "200": _json(_ref("SessionDocuments"), "The session and a page of documents."),
                    "400": _response("BadRequest"),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            }
        },
        "/projects/{project_id}/annotations/{session_id}/documents/{document_id}": {
            "get": {
                "operationId": "document_get",
                "summary": "One document of a labeling session",
                "tags": ["labeling sessions"],
                "parameters": [*_DOCUMENT_PARAMS, _DETAILS],
                "responses": {
                    "200": _json(_ref("LabelledDocument"), "The document."),
                    "400": _response("BadRequest"),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            }
        },
        "/projects/{project_id}/annotations/{session_id}/documents/{document_id}/statuses": {
            "post": _status_operation("document"),
        },
        _SEGMENT_PATH + "/tags": {
            "get": {
                "operationId": "segment_tags",
                "summary": "The tags of a segment",
                "tags": ["tagging"],
                "parameters": _SEGMENT_PARAMS,
                "responses": {
                    "200": _json({"type": "array", "items": _ref("Tag")}, "The tags."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "post": _tag_write("segment_tag_add", "Tag a segment", status="201"),
        },
        _SEGMENT_PATH + "/tags/{tag_id}": {
            "get": {
                "operationId": "segment_tag_get",
                "summary": "One tag of a segment",
                "tags": ["tagging"],
                "parameters": [*_SEGMENT_PARAMS, _param("TagId")],
                "responses": {
                    "200": _json(_ref("Tag"), "The tag."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "put": {
                **_tag_write(
                    "segment_tag_change", "Change or move a tag", status="200", body="TagChange"
                ),
                "parameters": [*_SEGMENT_PARAMS, _param("TagId")],
            },
            "delete": {
                "operationId": "segment_tag_delete",
                "summary": "Remove a tag",
                "description": "Needs the project role ANNOTATOR or higher.",
                "tags": ["tagging"],
                "parameters": [*_SEGMENT_PARAMS, _param("TagId")],
                "responses": {"204": {"description": "Removed."}, **_WRITE_ERRORS, **_ALWAYS},
            },
        },
        _SEGMENT_PATH + "/statuses": {"post": _status_operation("segment")},
        "/models": {
            "get": {
                "operationId": "model_catalog",
                "summary": "The models the caller may see: the base models and those of "
                "the caller's projects, by name",
                "tags": ["models"],
                "parameters": [
                    _query("public", {"type": "boolean"}, "true: only the base models."),
                    _query("type", _ref("TaskTypeName"), "Only models of this type."),
                    _query("search", _STORABLE, "A part of the name or display name."),
                    *_page_queries("Models"),
                ],
                "responses": {
                    "200": _json(_ref("ModelPage"), "A page of models."),
                    "400": _response("BadRequest"),
                    "401": _response("Unauthorized"),
                    **_ALWAYS,
                },
            }
        },
        "/projects/{project_id}/models": {
            "get": {
                "operationId": "model_list",
                "summary": "Models of a project, newest first",
                "tags": ["models"],
                "parameters": [
                    _param("ProjectId"),
                    {
                        "name": "status",
                        "in": "query",
                        "required": False,
                        "description": "Only models in these statuses (repeat for several).",
                        "schema": {"type": "array", "items": _ref("Status")},
                        "style": "form",
                        "explode": True,
                    },
                ],
                "responses": {
                    "200": _json({"type": "array", "items": _ref("Model")}, "The models."),
                    "400": _response("BadRequest"),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "post": {
                "operationId": "model_train",
                "summary": "Train a new model",
                "description": "Needs the project role MANAGER or higher. The model is "
                "created and queued; poll it for progress.",
                "tags": ["models"],
                "parameters": [_param("ProjectId")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("TrainRequest")}},
                },
                "responses": {
                    "201": _json(_ref("Model"), "The model, as created."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/models/{model_id}": {
            "get": {
                "operationId": "model_get",
                "summary": "One model (with error when FAILED and metrics once READY)",
                "tags": ["models"],
                "parameters": [_param("ProjectId"), _param("ModelId")],
                "responses": {
                    "200": _json(_ref("Model"), "The model."),
                    **_READ_ERRORS,
                    **_ALWAYS,
                },
            },
            "delete": {
                "operationId": "model_delete",
                "summary": "Delete a model that is not PUBLISHED",
                "description": "Needs the project role MANAGER or higher.",
                "tags": ["models"],
                "parameters": [_param("ProjectId"), _param("ModelId")],
                "responses": {
                    "204": {"description": "Deleted."},
                    **_WRITE_ERRORS,
                    "409": _response("Conflict"),
                    **_ALWAYS,
                },
            },
            "put": {
                "operationId": "model_update",
                "summary": "Change a model's display name, descriptions or status",
                "description": f"Needs the project role MANAGER or higher (403: {_NOT_MANAGER}). "
                "The status takes one step at a time: READY → ACTIVE, ACTIVE → PUBLISHED; any "
                "other change of status is a 409 that changes nothing.",
                "tags": ["models"],
                "parameters": [_param("ProjectId"), _param("ModelId")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ModelUpdate")}},
                },
                "responses": {
                    "200": _json(_ref("Model"), "The model as changed."),
                    "400": _response("BadRequest"),
                    **_WRITE_ERRORS,
                    "409": _response("Conflict"),
                    **_ALWAYS,
                },
            },
        },
        "/projects/{project_id}/models/{model_id}/cancel": _CANCEL,
        "/analyze": {
            "post": {
                "operationId": "analyze",
                "summary": "Analyze documents with a model of the caller's projects, by name",
                "tags": ["models"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("AnalyzeRequest")}},
                },
                "responses": {
                    "200": _json(_ref("Analysis"), "Each document with its segments."),
                    "400": _response("BadRequest"),
                    **_READ_ERRORS,
                    "409": _response("Conflict"),
                    **_ALWAYS,
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from POST /auth/login (it expires), or from the "
                "admin or `manage.py textapi_token USERNAME` (it lasts until revoked).",
            }
        },
        "parameters": {
            "ProjectId": {
                "name": "project_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            "ModelId": {
                "name": "model_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            "ClassId": {
                "name": "class_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            "LabelId": {
                "name": "label_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            "SessionId": {
                "name": "session_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            **{
                name: {
                    "name": field,
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
                for name, field in (
                    ("CorrectionId", "correction_id"),
                    ("DocumentId", "document_id"),
                    ("SegmentId", "segment_id"),
                    ("TagId", "tag_id"),
                )
            },
        },
        "responses": {
            "BadRequest": _error("The body or query is invalid; errors says which field and why."),
            "Unauthorized": _error("The token is missing, invalid, revoked or expired."),
            "Forbidden": _error("The caller's project role is too low for this action."),
            "NotFound": _error("No such project, model or labeling session for the caller."),
            "Conflict": _error("The model's status does not allow this action."),
            "PayloadTooLarge": _error("The file is larger than the service accepts."),
            "ServerError": _error("Something is wrong inside the service."),
        },
        "schemas": _SCHEMAS,
    },
}


def openapi_document() -> dict:
    """A copy of the document (callers may change it freely)."""
    return deepcopy(_DOCUMENT)
