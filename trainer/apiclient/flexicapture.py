"""Client of ABBYY FlexiCapture Cloud's API v2 (``../shared/contracts/capture-training-api.md``),
which the embedded capture service (``trainer.captureapi``) also speaks.

Basic auth per application. Nothing else in the dashboard builds URLs or reads
JSON from the capture service: it calls these methods and gets dataclasses
back, or one of the typed errors of :mod:`trainer.apiclient.errors`.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import takewhile
from typing import Any, BinaryIO

from django.conf import settings
from urllib3.util.retry import Retry

from .errors import ERRORS_BY_STATUS, ApiBadResponse, ApiBusy, ApiNotFound, ApiNotReady
from .http import HttpApi, Secret, build, build_list

# The export format the client asks for: the extracted values as JSON.
EXPORT_FORMAT = "Json"
# The extension of the embedded service that finishes a verification through the
# API (GET /v2/extensions lists it; the vendor's cloud has none).
VERIFICATION_EXTENSION = "verification"


@dataclass(frozen=True)
class CaptureFile:
    id: str
    token: str
    name: str = ""
    extension: str = ""
    hash: str = ""
    size: int = 0
    mime: str = ""
    is_recognizable: bool = True
    application: str = ""
    created: datetime | None = None
    expiring: datetime | None = None


@dataclass(frozen=True)
class Rectangle:
    """Pixels of page ``page_id`` at its resolution, origin top left."""

    page_id: int
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Field:
    name: str
    value: str = ""
    confidence: float | None = None
    rectangles: list[Rectangle] = field(default_factory=list)
    # Below the document type's verification threshold (the embedded service's export
    # says so; the cloud's does not).
    unsure: bool = False


@dataclass(frozen=True)
class FileRef:
    """A file named in a task: its ``source``, or a ``target…`` export."""

    id: str
    token: str
    name: str = ""


@dataclass(frozen=True)
class TaskDocument:
    source: FileRef
    # The export files, once the task is Done (every ``target…`` entry of its files).
    targets: list[FileRef] = field(default_factory=list)


@dataclass(frozen=True)
class Task:
    id: str
    status: str
    # Set while the task waits for a person (WaitForAction).
    verification_id: str | None = None
    # Why it Failed: the embedded service says it, the vendor's task has no such key.
    error: str = ""
    documents: list[TaskDocument] = field(default_factory=list)


@dataclass(frozen=True)
class LayoutPage:
    id: int
    number: int
    resolution: int
    width: int
    height: int


@dataclass(frozen=True)
class Layout:
    pages: list[LayoutPage]
    fields: list[Field]


@dataclass(frozen=True)
class VerificationField:
    name: str
    value: str
    confidence: float
    required: bool = False
    # Below the document type's verification threshold (the embedded service says so).
    unsure: bool = False


@dataclass(frozen=True)
class VerificationDocument:
    file_id: str
    name: str
    fields: list[VerificationField]


@dataclass(frozen=True)
class TrainingField:
    name: str
    rectangles: list[Rectangle]


@dataclass(frozen=True)
class TrainingSpec:
    """The body of ``POST /v2/training``, field for field (source contract)."""

    task_id: str
    file_id: str
    fields: list[TrainingField]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _field(data: Any) -> Field:
    plain = build(Field, data)
    return Field(
        name=plain.name,
        value=plain.value or "",
        confidence=plain.confidence,
        rectangles=build_list(Rectangle, plain.rectangles),
        unsure=plain.unsure is True,
    )


def _task_document(data: Any) -> TaskDocument:
    """A task's document from its ``files``: ``source``, and every key starting with
    ``target`` (the vendor's export files), in the order of their keys."""
    try:
        files = data["files"]
        return TaskDocument(
            source=build(FileRef, files["source"]),
            targets=[
                build(FileRef, files[key]) for key in sorted(files) if key.startswith("target")
            ],
        )
    except (KeyError, TypeError) as exc:
        raise ApiBadResponse() from exc


def _task(data: Any) -> Task:
    plain = build(Task, data)
    if not isinstance(plain.documents, list):
        raise ApiBadResponse()
    return Task(
        id=plain.id,
        status=plain.status,
        verification_id=plain.verification_id or None,
        error=plain.error or "",
        documents=[_task_document(document) for document in plain.documents],
    )


def _fields(data: Any) -> list[Field]:
    """The ``fields`` of a JSON object (an export, a layout)."""
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        raise ApiBadResponse()
    return [_field(item) for item in data["fields"]]


def _verification(data: Any) -> list[VerificationDocument]:
    if not isinstance(data, dict):
        raise ApiBadResponse()
    return [
        VerificationDocument(
            file_id=plain.file_id,
            name=plain.name,
            fields=build_list(VerificationField, plain.fields),
        )
        for plain in build_list(VerificationDocument, data.get("documents"))
    ]


def _layout(data: Any) -> Layout:
    return Layout(pages=build_list(LayoutPage, build(Layout, data).pages), fields=_fields(data))


class NotNowRetry(Retry):
    """urllib3's Retry, and also the vendor's two answers that leave nothing done and
    ask to come back: 409 (not ready yet) and 429 (too many requests). Those are retried
    whatever the method (a POST too), waiting as the vendor recommends: 5 s, then twice
    as long each time up to a minute, or what Retry-After asks (at most a minute)."""

    NOT_NOW = frozenset({409, 429})
    FIRST_WAIT = 5.0
    LONGEST_WAIT = 60

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        return status_code in self.NOT_NOW or super().is_retry(method, status_code, has_retry_after)

    def get_backoff_time(self) -> float:
        in_a_row = len(
            list(takewhile(lambda answer: answer.status in self.NOT_NOW, reversed(self.history)))
        )
        if not in_a_row:
            return super().get_backoff_time()
        return min(self.LONGEST_WAIT, self.FIRST_WAIT * 2 ** (in_a_row - 1))


class FlexiCaptureClient(HttpApi):
    """One ``requests.Session`` with the application's Basic credentials; its tasks
    capture invoices of ``region`` (US, EU, AU or CA) and ask for ``verification_type``
    (NoVerification, Troubleshooting or UserVerification)."""

    retry_class = NotNowRetry
    errors_by_status = {**ERRORS_BY_STATUS, 409: ApiNotReady, 429: ApiBusy}
    # Answers retried at most (waits of 5, 10, 20, 40 and 60 s for 409 and 429).
    NOT_NOW_RETRIES = 5

    def __init__(
        self,
        *,
        base_url: str,
        app_id: str,
        token: str,
        region: str,
        verification_type: str = "Troubleshooting",
        **options: Any,
    ) -> None:
        credentials = base64.b64encode(f"{app_id}:{token}".encode()).decode()
        super().__init__(
            base_url=base_url, headers={"Authorization": f"Basic {credentials}"}, **options
        )
        self.region = region
        self.verification_type = verification_type

    @classmethod
    def from_settings(
        cls, *, base_url: str = "", app_id: str = "", token: str = "", region: str = ""
    ) -> FlexiCaptureClient:
        """A client of the application given, or where a value is empty, of the
        installation's (``CAPTURE_API_*``)."""
        return cls(
            base_url=base_url or settings.CAPTURE_API_URL,
            app_id=app_id or settings.CAPTURE_API_APP_ID,
            token=token or settings.CAPTURE_API_TOKEN,
            region=region or settings.CAPTURE_API_REGION,
            verification_type=settings.CAPTURE_API_VERIFICATION_TYPE,
            connect_timeout=settings.TRAINER_API_CONNECT_TIMEOUT,
            read_timeout=settings.TRAINER_API_READ_TIMEOUT,
            retries=settings.TRAINER_API_RETRIES,
        )

    @classmethod
    def _retry_options(cls, retries: int) -> dict[str, Any]:
        """``retries`` failed connections; and :data:`NOT_NOW_RETRIES` answers in all,
        409 or 429 to any method (:class:`NotNowRetry`), 502, 503 or 504 to a GET."""
        return {
            **super()._retry_options(retries),
            "total": retries + cls.NOT_NOW_RETRIES,
            "connect": retries,
            "read": retries,
            "status": cls.NOT_NOW_RETRIES,
            "retry_after_max": NotNowRetry.LONGEST_WAIT,
        }

    @staticmethod
    def _problem(payload: dict) -> tuple[Any, Any]:
        """The vendor's error bodies carry no field errors: ``error_description`` (a 500:
        ``message``) is the message, and a 400's names the field at fault."""
        return payload.get("error_description") or payload.get("message"), None

    # -- files -------------------------------------------------------------------

    def upload_file(self, *, file: BinaryIO, filename: str) -> CaptureFile:
        """Store ``file`` at the service (streamed from its current position, never
        retried: a lost answer may hide a stored file). The service answers a list of
        file descriptors, one per file sent: this one is the first."""
        stored = self._upload("v2", "file", fields={}, file=file, filename=filename)
        if not isinstance(stored, list) or not stored:
            raise ApiBadResponse()
        return build(CaptureFile, stored[0])

    def get_file(self, file_id: str, token: str) -> CaptureFile:
        return build(
            CaptureFile, self._request("GET", "v2", "file", file_id, Secret(token), "info")
        )

    def delete_file(self, file_id: str, token: str) -> None:
        self._request("DELETE", "v2", "file", file_id, Secret(token))

    def get_export(self, target: FileRef) -> list[Field]:
        """The fields of a JSON export (a task document's ``target`` file), each with
        its value, confidence and rectangles."""
        return _fields(self._request("GET", "v2", "file", target.id, Secret(target.token)))

    # -- tasks -------------------------------------------------------------------

    def create_task(self, document_type: str, *, files: list[CaptureFile]) -> Task:
        """Capture ``files`` with the document type's model, with the three properties the
        vendor requires (the client's region and verification type, :data:`EXPORT_FORMAT`);
        the service answers the task, Submitted."""
        body = {
            "files": [{"id": f.id, "token": f.token} for f in files],
            "properties": {
                "region": self.region,
                "export_format": EXPORT_FORMAT,
                "verification_type": self.verification_type,
            },
        }
        return _task(self._request("POST", "v2", "task", "capture", document_type, json=body))

    def get_task(self, task_id: str) -> Task:
        return _task(self._request("GET", "v2", "task", task_id))

    def delete_task(self, task_id: str) -> None:
        self._request("DELETE", "v2", "task", task_id)

    # -- the embedded service's extensions ---------------------------------------

    def get_extensions(self) -> frozenset[str]:
        """The extensions the service announces (``GET /v2/extensions``); none where
        the path is unknown (404), as at the vendor's cloud."""
        try:
            data = self._request("GET", "v2", "extensions")
        except ApiNotFound:
            return frozenset()
        extensions = data.get("extensions") if isinstance(data, dict) else None
        if not isinstance(extensions, list):
            raise ApiBadResponse()
        return frozenset(str(name) for name in extensions)

    def get_verification(self, task_id: str) -> list[VerificationDocument]:
        """What a person verifies in a task at WaitForAction: each document's fields
        with value, confidence and whether required (the verification extension)."""
        return _verification(self._request("GET", "v2", "task", task_id, "verification"))

    def verify(self, task_id: str, *, values: dict[str, dict[str, str]]) -> Task:
        """Finish the verification of a task at WaitForAction with the values a person
        confirmed or corrected (``{file_id: {field name: value}}``); the task is then
        Done (the verification extension)."""
        body = {
            "documents": [
                {
                    "file_id": file_id,
                    "fields": [{"name": name, "value": value} for name, value in fields.items()],
                }
                for file_id, fields in values.items()
            ]
        }
        return _task(self._request("POST", "v2", "task", task_id, "verification", json=body))

    # -- training ----------------------------------------------------------------

    def get_layout(self, task_id: str, file_id: str) -> Layout:
        return _layout(self._request("GET", "v2", "training", "layout", task_id, file_id))

    def train(self, spec: TrainingSpec) -> None:
        """``POST /v2/training``: 204 on success; a 400 raises ApiValidationError whose
        message (the vendor's error_description) says what is wrong; the embedded
        service's names the field, e.g. ``fields[0].rectangles[1].x2``."""
        self._request("POST", "v2", "training", json=spec.to_json())
