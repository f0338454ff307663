"""Client of the Text Training API (``../shared/contracts/text-training-api.md``).

Nothing else in the dashboard builds URLs or reads JSON from the service: it
calls these methods and gets dataclasses back, or one of the typed errors of
:mod:`trainer.apiclient.errors`.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any
from urllib.parse import quote, urljoin

import requests
from django.conf import settings
from django.utils.dateparse import parse_datetime
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .errors import (
    ERRORS_BY_STATUS,
    ApiBadResponse,
    ApiError,
    ApiServerError,
    ApiTimeout,
    ApiUnavailable,
)

logger = logging.getLogger(__name__)

MODEL_TYPES = ("ABSA", "CLASS", "LABEL", "CLASSLABEL")
LANGUAGES = ("en", "de", "ar")
TERMINAL_STATUSES = frozenset({"FAILED", "READY", "ACTIVE", "PUBLISHED"})
IN_FLIGHT_STATUSES = frozenset({"CREATED", "QUEUED", "TRAINING"})


def _build(cls, data: Any):
    """Make dataclass ``cls`` from a JSON object, or raise ApiBadResponse."""
    if not isinstance(data, dict):
        raise ApiBadResponse()
    values = {}
    for f in fields(cls):
        if f.name in data:
            value = data[f.name]
            if f.type in ("datetime | None",) and isinstance(value, str):
                value = parse_datetime(value)
            values[f.name] = value
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise ApiBadResponse() from exc


def _build_list(cls, data: Any) -> list:
    if not isinstance(data, list):
        raise ApiBadResponse()
    return [_build(cls, item) for item in data]


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    description: str = ""
    role: str = ""


@dataclass(frozen=True)
class LabelingSession:
    id: int
    name: str
    type: str
    language: str
    documents: int = 0
    labels: int = 0
    created: datetime | None = None
    owner: str = ""


@dataclass(frozen=True)
class BaseModel:
    id: int
    name: str
    type: str
    language: str
    display_name: str = ""


@dataclass(frozen=True)
class Model:
    id: int
    name: str
    type: str
    language: str
    status: str
    uuid: str = ""
    project_id: int | None = None
    display_name: str = ""
    short_description: str = ""
    long_description: str = ""
    base: str = ""
    owner: str = ""
    created: datetime | None = None
    progress: float = 0.0
    score: float | None = None
    error: str = ""
    metrics: dict = field(default_factory=dict)

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


@dataclass(frozen=True)
class TrainingSpec:
    """The body of ``POST /projects/{id}/models``, field for field (source contract)."""

    name: str
    display_name: str
    language: str
    base_id: int | None = None
    annotation_ids: list[int] = field(default_factory=list)
    trainset_annotation_ids: list[int] = field(default_factory=list)
    testset_annotation_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The exact JSON sent: empty selections and an absent base are left out."""
        return {key: value for key, value in asdict(self).items() if value not in (None, [])}


class TextApiClient:
    """One ``requests.Session`` with the Bearer token, timeouts and GET retries."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        connect_timeout: float = 3.05,
        read_timeout: float = 15.0,
        retries: int = 3,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        )
        retry = Retry(
            total=retries,
            backoff_factor=0.3,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD", "OPTIONS"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    @classmethod
    def from_settings(cls) -> TextApiClient:
        return cls(
            base_url=settings.TRAINER_API_URL,
            token=settings.TRAINER_API_TOKEN,
            connect_timeout=settings.TRAINER_API_CONNECT_TIMEOUT,
            read_timeout=settings.TRAINER_API_READ_TIMEOUT,
            retries=settings.TRAINER_API_RETRIES,
        )

    # -- transport ---------------------------------------------------------

    def _url(self, *parts: object) -> str:
        return urljoin(self.base_url, "/".join(quote(str(part), safe="") for part in parts))

    def _request(self, method: str, *parts: object, **kwargs: Any) -> Any:
        url = self._url(*parts)
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            logger.warning("%s %s timed out", method, url)
            raise ApiTimeout() from exc
        except requests.RequestException as exc:
            logger.warning("%s %s failed: %s", method, url, type(exc).__name__)
            raise ApiUnavailable() from exc
        if response.status_code == 204:
            return None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.ok:
            if payload is None:
                logger.warning("%s %s answered %s without JSON", method, url, response.status_code)
                raise ApiBadResponse(status=response.status_code)
            return payload
        raise self._error(method, url, response.status_code, payload)

    @staticmethod
    def _error(method: str, url: str, status: int, payload: Any) -> ApiError:
        logger.warning("%s %s answered %s", method, url, status)
        error_class = ERRORS_BY_STATUS.get(status)
        if error_class is None:
            error_class = ApiServerError if status >= 500 else ApiError
        detail = payload.get("detail") if isinstance(payload, dict) else None
        errors = payload.get("errors") if isinstance(payload, dict) else None
        field_errors = {
            str(key): [str(message) for message in (value if isinstance(value, list) else [value])]
            for key, value in (errors or {}).items()
        }
        message = detail if isinstance(detail, str) and detail else None
        return error_class(message, status=status, field_errors=field_errors)

    # -- projects and labeled data ------------------------------------------

    def list_projects(self) -> list[Project]:
        return _build_list(Project, self._request("GET", "projects"))

    def get_project(self, project_id: int) -> Project:
        return _build(Project, self._request("GET", "projects", project_id))

    def list_sessions(self, project_id: int) -> list[LabelingSession]:
        return _build_list(
            LabelingSession, self._request("GET", "projects", project_id, "annotations")
        )

    def get_session(self, project_id: int, session_id: int) -> LabelingSession:
        return _build(
            LabelingSession,
            self._request("GET", "projects", project_id, "annotations", session_id),
        )

    def list_base_models(self) -> list[BaseModel]:
        return _build_list(BaseModel, self._request("GET", "base-models"))

    # -- models --------------------------------------------------------------

    def list_models(self, project_id: int, *, statuses: list[str] | None = None) -> list[Model]:
        params = {"status": statuses} if statuses else None
        return _build_list(
            Model, self._request("GET", "projects", project_id, "models", params=params)
        )

    def get_model(self, project_id: int, model_id: int) -> Model:
        return _build(Model, self._request("GET", "projects", project_id, "models", model_id))

    def train_model(self, project_id: int, spec: TrainingSpec) -> Model:
        return _build(
            Model, self._request("POST", "projects", project_id, "models", json=spec.to_json())
        )

    def _transition(self, project_id: int, model_id: int, action: str) -> Model:
        return _build(
            Model, self._request("POST", "projects", project_id, "models", model_id, action)
        )

    def activate_model(self, project_id: int, model_id: int) -> Model:
        return self._transition(project_id, model_id, "activate")

    def publish_model(self, project_id: int, model_id: int) -> Model:
        return self._transition(project_id, model_id, "publish")

    def cancel_model(self, project_id: int, model_id: int) -> Model:
        return self._transition(project_id, model_id, "cancel")

    def delete_model(self, project_id: int, model_id: int) -> None:
        self._request("DELETE", "projects", project_id, "models", model_id)
