"""The OpenAPI 3.1 document of the Capture API, served at ``openapi.json``.

Hand-written from ``shared/contracts/capture-training-api.md``; a test checks
that every route of :mod:`trainer.captureapi.urls` is described here and the
reverse.
"""

from copy import deepcopy

from .models import Status
from .validation import TASK_PROPERTIES


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
        "description": "New → InProgress → Done, WaitForAction (a person must verify: "
        "always with UserVerification, with Troubleshooting when a required field was not "
        "found) or Failed (error says why).",
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
    "TaskRef": {
        "type": "object",
        "required": ["id", "status"],
        "properties": {"id": {"type": "string"}, "status": _ref("Status")},
    },
    "Task": {
        "type": "object",
        "required": ["id", "status", "documents"],
        "properties": {
            "id": {"type": "string"},
            "status": _ref("Status"),
            "error": {"type": "string"},
            "document_type": {"type": "string"},
            "created": {"type": "string", "format": "date-time"},
            "documents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "object",
                            "properties": {
                                "source": {
                                    "type": "object",
                                    "properties": {
                                        "id": {"type": "string"},
                                        "token": {"type": "string"},
                                        "name": {"type": "string"},
                                    },
                                }
                            },
                        },
                        "fields": {"type": "array", "items": _ref("Field")},
                    },
                },
            },
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
        "required": ["pages", "fields"],
        "properties": {
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
                        "words": {
                            "type": "array",
                            "description": "This service only: the page's words and boxes.",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "text": {"type": "string"},
                                    **{key: _INT for key in ("x1", "y1", "x2", "y2")},
                                },
                            },
                        },
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
    "tags": [{"name": "files"}, {"name": "tasks"}, {"name": "training"}, {"name": "meta"}],
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
                    "201": _json(_ref("TaskRef"), "The New task."),
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
                "A task, with the fields found once it is processed",
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
        "/v2/training/layout/{task_id}/{file_id}": {
            "get": _op(
                "training_layout",
                "The pages and the fields the capture found, to be corrected",
                "training",
                {"200": _json(_ref("Layout"), "The layout."), "404": _ERRORS["404"]},
                parameters=_LAYOUT,
            )
        },
        "/v2/training/layout/{task_id}/{file_id}/pages/{page_id}": {
            "get": _op(
                "training_page_image",
                "A page's image (PNG) at its resolution; this service only",
                "training",
                {
                    "200": {"description": "The page.", "content": {"image/png": {}}},
                    "404": _ERRORS["404"],
                },
                parameters=[*_LAYOUT, _param("page_id", {"type": "integer"})],
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
