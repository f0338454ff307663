"""The OpenAPI 3.1 document of the Capture API, served at ``openapi.json``.

Hand-written from ``shared/contracts/capture-training-api.md``; a test checks
that every route of :mod:`trainer.captureapi.urls` is described here and the
reverse. The vendor's paths are exact; this service's additions are tagged
"extensions", marked ``x-extension: true`` and listed by ``GET /v2/extensions``.
"""

from copy import deepcopy

from .models import Status
from .validation import TASK_PROPERTIES

# This service's additions to the vendor's API, announced by GET /v2/extensions (the
# vendor has no such path: a client takes its 404 for "none"): a person's
# verification finished through the API (the vendor's is its verification page).
EXTENSIONS = ("verification",)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str, schema: str = "Error") -> dict:
    return _json(_ref(schema), description)


def _param(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


def _op(operation_id: str, summary: str, tag: str, responses: dict, **extra) -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        **extra,
        "responses": {**responses, "401": _ERRORS["401"], "500": _ERRORS["500"]},
    }


def _extension(operation_id: str, summary: str, responses: dict, **extra) -> dict:
    """An operation of this service only (the vendor has no such path)."""
    return {
        **_op(operation_id, f"{summary} (this service's extension)", "extensions", responses),
        **extra,
        "x-extension": True,
    }


_ERRORS = {
    "400": _error("The body is invalid; error_description names each field at fault and why."),
    "401": _error("The application id or token is missing or invalid."),
    "404": _error("Unknown or deleted id (or another application's)."),
    "413": _error("The upload is larger than the service accepts (20 MB by default)."),
    "415": _error("The content is not PDF, PNG, JPEG or TIFF."),
    "500": _error("Something is wrong inside the service.", "InternalServerError"),
}
_FILE = [_param("file_id"), _param("token")]
_LAYOUT = [_param("task_id"), _param("file_id")]
_INT = {"type": "integer", "format": "int32"}
_RECTANGLE_PROPERTIES = {
    "page_id": {"type": "integer", "description": "The internal page id from the layout."},
    "x1": _INT,
    "y1": _INT,
    "x2": _INT,
    "y2": _INT,
}

_SCHEMAS = {
    "Error": {
        "type": "object",
        "description": "The vendor's BadRequestBodyModel, for every failure but a 5xx.",
        "required": ["id", "error", "error_description"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "Request id."},
            "error": {"type": "string", "description": "Error code: the status, e.g. bad_request."},
            "error_description": {
                "type": "string",
                "description": "Readable; a 400's names each field at fault, e.g. "
                "fields[0].rectangles[1].x2.",
            },
        },
    },
    "InternalServerError": {
        "type": "object",
        "description": "The vendor's InternalServerErrorModel.",
        "required": ["id", "requestId", "statusCode", "errorCode", "message"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "Error id."},
            "requestId": {"type": "string"},
            "statusCode": _INT,
            "errorCode": {**_INT, "description": "Always 0: this service has no finer codes."},
            "message": {"type": "string"},
        },
    },
    "File": {
        "type": "object",
        "description": "The vendor's file descriptor, without its account and email (this "
        "service has neither).",
        "required": ["id", "token", "name", "extension", "hash", "size", "mime", "application"],
        "properties": {
            "id": {"type": "string"},
            "token": {"type": "string"},
            "name": {"type": "string"},
            "extension": {"type": "string"},
            "hash": {"type": "string", "description": "SHA-512 of the content, hex."},
            "size": {"type": "integer"},
            "mime": {"type": "string"},
            "is_recognizable": {"type": "boolean"},
            "application": {"type": "string", "description": "The application's id."},
            "created": {"type": "string", "format": "date-time"},
            "expiring": {"type": "string", "format": "date-time"},
        },
    },
    "Status": {
        "type": "string",
        "enum": list(Status.values),
        "description": "The vendor's statuses. A task starts Submitted (New is never "
        "used here), then InProgress, then Done (each document's export is written), "
        "Failed (error says why) or WaitForAction: a person must verify (with "
        "UserVerification always, with Troubleshooting when a field's confidence is "
        "below the document type's verification threshold or a required field was not "
        "found); "
        "the task carries a verification_id and goes on to Done once verified.",
    },
    "Rectangle": {
        "type": "object",
        "required": list(_RECTANGLE_PROPERTIES),
        "additionalProperties": False,
        "properties": _RECTANGLE_PROPERTIES,
        "description": "Pixels of the page at its resolution, origin top left.",
    },
    "Field": {
        "type": "object",
        "required": ["name", "value", "rectangles"],
        "properties": {
            "name": {"type": "string", "example": "Root/Invoice Layout/Total"},
            "value": {"type": "string"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "rectangles": {"type": "array", "items": _ref("Rectangle")},
        },
    },
    "FileRef": {
        "type": "object",
        "required": ["id", "token", "name"],
        "properties": {
            "id": {"type": "string"},
            "token": {"type": "string"},
            "name": {"type": "string"},
        },
    },
    "Task": {
        "type": "object",
        "required": ["id", "status", "documents"],
        "properties": {
            "id": {"type": "string"},
            "status": _ref("Status"),
            "verification_id": {
                "type": ["string", "null"],
                "description": "Set while the task waits for a person (WaitForAction); the "
                "vendor's verification page is /verification/{verification_id} on its web host.",
            },
            "document_type": {"type": "string"},
            "properties": {"type": "object"},
            "created": {"type": "string", "format": "date-time"},
            "error": {"type": "string", "description": "This service only: why it Failed."},
            "documents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "object",
                            "description": "source, and once Done target: the JSON export "
                            "(GET /v2/file/{id}/{token}); read every key starting with target.",
                            "required": ["source"],
                            "properties": {"source": _ref("FileRef"), "target": _ref("FileRef")},
                        },
                    },
                },
            },
        },
    },
    "Export": {
        "type": "object",
        "description": "The content of a document's JSON export (its target file).",
        "required": ["task_id", "document_type", "source", "fields"],
        "properties": {
            "task_id": {"type": "string"},
            "document_type": {"type": "string"},
            "source": _ref("FileRef"),
            "fields": {"type": "array", "items": _ref("Field")},
        },
    },
    "Verification": {
        "type": "object",
        "description": "What a person verifies: each document's fields, with their value, "
        "confidence, whether they are required and whether they are unsure (a confidence "
        "below the document type's verification threshold).",
        "required": ["task_id", "verification_id", "documents"],
        "properties": {
            "task_id": {"type": "string"},
            "verification_id": {"type": "string"},
            "documents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["file_id", "name", "fields"],
                    "properties": {
                        "file_id": {"type": "string"},
                        "name": {"type": "string"},
                        "fields": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    _ref("Field"),
                                    {
                                        "type": "object",
                                        "required": ["confidence", "required", "unsure"],
                                        "properties": {
                                            "required": {"type": "boolean"},
                                            "unsure": {"type": "boolean"},
                                        },
                                    },
                                ]
                            },
                        },
                    },
                },
            },
        },
    },
    "VerificationRequest": {
        "type": "object",
        "description": "The values a person verified, by document; fields and documents "
        "left out keep the value captured. Every field is then confirmed (confidence 1).",
        "required": ["documents"],
        "additionalProperties": False,
        "properties": {
            "documents": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["file_id", "fields"],
                    "additionalProperties": False,
                    "properties": {
                        "file_id": {"type": "string"},
                        "fields": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["name", "value"],
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "value": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "Extensions": {
        "type": "object",
        "required": ["extensions"],
        "properties": {
            "extensions": {
                "type": "array",
                "items": {"type": "string", "enum": list(EXTENSIONS)},
                "description": "This service's additions to the vendor's API.",
            }
        },
    },
    "TaskRequest": {
        "type": "object",
        "required": ["files", "properties"],
        "additionalProperties": False,
        "properties": {
            "files": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "token"],
                    "properties": {"id": {"type": "string"}, "token": {"type": "string"}},
                },
            },
            "properties": {
                "type": "object",
                "description": "All three required, as the vendor's. Only a Json export is "
                "written here; the region is kept but changes nothing.",
                "required": list(TASK_PROPERTIES),
                "additionalProperties": False,
                "properties": {
                    key: {"type": "string", "enum": list(choices)}
                    for key, choices in TASK_PROPERTIES.items()
                },
            },
        },
    },
    "Layout": {
        "type": "object",
        "description": "The vendor's layout: no page images and no words.",
        "required": ["task_id", "file_id", "pages", "fields"],
        "properties": {
            "task_id": {"type": "string"},
            "file_id": {"type": "string"},
            "tables": {"type": "array", "description": "Always empty here."},
            "pages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "number", "resolution", "width", "height"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "integer", "minimum": 1},
                        "resolution": {"type": "integer", "description": "dpi"},
                        "width": {"type": "integer"},
                        "height": {"type": "integer"},
                    },
                },
            },
            "fields": {"type": "array", "items": _ref("Field")},
        },
    },
    "TrainingRequest": {
        "type": "object",
        "required": ["task_id", "file_id", "fields"],
        "additionalProperties": False,
        "description": "Rules (400 naming the field): the task exists and is processed, the "
        "file belongs to it, every page id belongs to that file, every rectangle lies inside "
        "its page with x1 < x2 and y1 < y2, every field name is a field of the task's "
        "document type.",
        "properties": {
            "task_id": {"type": "string"},
            "file_id": {"type": "string"},
            "fields": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["name", "rectangles"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string"},
                        "rectangles": {
                            "type": "array",
                            "minItems": 1,
                            "items": _ref("Rectangle"),
                        },
                    },
                },
            },
        },
    },
}

_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Capture Training API",
        "version": "2.0.0",
        "description": "Upload documents, capture their fields, correct where the fields "
        "lie and train the capture model. Errors are the vendor's: {id, error, "
        "error_description}, or {id, requestId, statusCode, errorCode, message} for a 500.",
    },
    "servers": [{"url": "/api/capture"}],
    "security": [{"basic": []}],
    "tags": [
        {"name": "files"},
        {"name": "tasks"},
        {"name": "training"},
        {"name": "meta"},
        {"name": "extensions", "description": "This service only; the vendor has none."},
    ],
    "paths": {
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["meta"],
                "security": [],
                "responses": {"200": {"description": "The OpenAPI document."}},
            }
        },
        "/v2/file": {
            "post": _op(
                "file_upload",
                "Upload one or more files (each a multipart field file)",
                "files",
                {
                    "201": _json(
                        {"type": "array", "minItems": 1, "items": _ref("File")},
                        "The stored files, in the order sent.",
                    ),
                    "400": _ERRORS["400"],
                    "413": _ERRORS["413"],
                    "415": _ERRORS["415"],
                },
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {"file": {"type": "string", "format": "binary"}},
                            }
                        }
                    },
                },
            )
        },
        "/v2/file/{file_id}/{token}/info": {
            "get": _op(
                "file_info",
                "A file's metadata",
                "files",
                {"200": _json(_ref("File"), "The file."), "404": _ERRORS["404"]},
                parameters=_FILE,
            )
        },
        "/v2/file/{file_id}/{token}": {
            "get": _op(
                "file_download",
                "Download a file",
                "files",
                {"200": {"description": "The content."}, "404": _ERRORS["404"]},
                parameters=_FILE,
            ),
            "delete": _op(
                "file_delete",
                "Delete a file",
                "files",
                {"204": {"description": "Deleted."}, "404": _ERRORS["404"]},
                parameters=_FILE,
            ),
        },
        "/v2/task/capture/{document_type}": {
            "post": _op(
                "task_capture",
                "Capture the fields of the document type from files",
                "tasks",
                {
                    "201": _json(_ref("Task"), "The Submitted task."),
                    "400": _ERRORS["400"],
                    "404": _ERRORS["404"],
                },
                parameters=[_param("document_type")],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("TaskRequest")}},
                },
            )
        },
        "/v2/task/{task_id}": {
            "get": _op(
                "task_get",
                "A task; once Done, each document's target file holds what was found",
                "tasks",
                {"200": _json(_ref("Task"), "The task."), "404": _ERRORS["404"]},
                parameters=[_param("task_id")],
            ),
            "delete": _op(
                "task_delete",
                "Delete a task",
                "tasks",
                {"204": {"description": "Deleted."}, "404": _ERRORS["404"]},
                parameters=[_param("task_id")],
            ),
        },
        "/v2/task/{task_id}/verification": {
            "get": _extension(
                "task_verification_get",
                "What a person verifies in a task waiting for it (WaitForAction)",
                {"200": _json(_ref("Verification"), "To verify."), "404": _ERRORS["404"]},
                parameters=[_param("task_id")],
            ),
            "post": _extension(
                "task_verification_finish",
                "Finish the verification with the values a person confirmed or corrected; "
                "the task is then Done, with its exports",
                {
                    "200": _json(_ref("Task"), "The Done task."),
                    "400": _ERRORS["400"],
                    "404": _ERRORS["404"],
                },
                parameters=[_param("task_id")],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("VerificationRequest")}},
                },
            ),
        },
        "/v2/extensions": {
            "get": _extension(
                "extensions",
                "This service's additions to the vendor's API (the vendor answers 404)",
                {"200": _json(_ref("Extensions"), "The extensions.")},
            )
        },
        "/v2/training/layout/{task_id}/{file_id}": {
            "get": _op(
                "training_layout",
                "The pages and the fields the capture found, to be corrected",
                "training",
                {"200": _json(_ref("Layout"), "The layout."), "404": _ERRORS["404"]},
                parameters=_LAYOUT,
            )
        },
        "/v2/training": {
            "post": _op(
                "training",
                "Train the capture model with where the fields lie on a file",
                "training",
                {"204": {"description": "Learnt."}, "400": _ERRORS["400"]},
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("TrainingRequest")}},
                },
            )
        },
    },
    "components": {
        "securitySchemes": {
            "basic": {
                "type": "http",
                "scheme": "basic",
                "description": "applicationId:token, from the admin or "
                "`manage.py captureapi_app NAME`.",
            }
        },
        "schemas": _SCHEMAS,
    },
}


def openapi_document() -> dict:
    """A copy of the document (callers may change it freely)."""
    return deepcopy(_DOCUMENT)
