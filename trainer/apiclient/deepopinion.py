"""Client of DeepOpinion Studio's API (``../shared/contracts/text-training-api.md``),
which the embedded text service (``trainer.textapi``) also speaks.

Nothing else in the dashboard builds URLs or reads JSON from the service: it
calls these methods and gets dataclasses back, or one of the typed errors of
:mod:`trainer.apiclient.errors`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, BinaryIO

import requests
from django.conf import settings
from django.core.cache import cache

from .errors import ApiAuthError, ApiBadResponse
from .http import HttpApi, MultipartUpload
from .http import build as _build
from .http import build_list as _build_list

logger = logging.getLogger(__name__)

MODEL_TYPES = ("ABSA", "CLASS", "LABEL", "CLASSLABEL")
LANGUAGES = ("en", "de", "ar")
# GET /models is read in pages of this size (the embedded service's largest), at most
# this many: a thousand base models are more than a form's select can offer.
BASE_MODEL_PAGE_SIZE = 100
BASE_MODEL_PAGES = 10
# Beyond the vendor's API, announced in GET /info: cancelling a training, and a model's
# metrics per class or label, with a confusion matrix and the test-set size.
CANCEL_EXTENSION = "cancel"
METRICS_DETAIL_EXTENSION = "metrics-detail"
# A session's documents are read this many at a time (the embedded service's largest
# page), with their segments, tags and status.
DOCUMENT_PAGE_SIZE = 100
DOCUMENT_DETAILS = ("segments", "tags", "meta")
# A session's mode: people label (``annotations``), or a model pre-labels and people
# correct it (``corrections``); the documents and tagging paths are the same below either.
ANNOTATION = "ANNOTATION"
CORRECTION = "CORRECTION"
SESSION_PATHS = {ANNOTATION: "annotations", CORRECTION: "corrections"}
# A correction session's tag: the model's suggestion until a person confirms it.
IN_CORRECTION = "IN_CORRECTION"
TAG_READY = "READY"
TERMINAL_STATUSES = frozenset({"FAILED", "READY", "ACTIVE", "PUBLISHED"})
IN_FLIGHT_STATUSES = frozenset({"CREATED", "QUEUED", "TRAINING"})


@dataclass(frozen=True)
class Project:
    """The vendor's Project (``type``: its classification type; ``classes`` and
    ``labels``: their names), with the caller's ``role`` and the ``description`` where
    the service says them. A service that omits a field gives its default."""

    id: int
    name: str
    type: str = ""
    classes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    description: str = ""
    role: str = ""


@dataclass(frozen=True)
class Tag:
    """One of a project's classes (``GET …/classes``: ModelClass) or labels (``GET
    …/labels``: Label), by its id at the service."""

    id: int
    name: str


@dataclass(frozen=True)
class LabelingSession:
    """The vendor's LabelingSession, the fields the dashboard reads (it has no language:
    a model's language is chosen when it is trained)."""

    id: int
    name: str
    type: str
    document_count: int = 0
    # The session's class and label names (those it was made with, else the project's).
    classes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    created: datetime | None = None
    user_id: int | None = None
    # CREATED while an uploaded file is imported (``progress`` percent done), then
    # FINISHED, or FAILED with ``error`` (the reason, from the embedded service).
    status: str = "FINISHED"
    progress: float = 100.0
    error: str = ""
    # ANNOTATION, or CORRECTION with the model that pre-labels it (``model_id``).
    mode: str = ANNOTATION
    model_id: int | None = None


@dataclass(frozen=True)
class Correction(LabelingSession):
    """The vendor's Correction: a labeling session whose documents ``model`` (``{id,
    display_name}``) pre-labels (PREDICTING, then ANNOTATING), and the score the
    service projects for a model trained with the corrections (``predicted_score``)."""

    mode: str = CORRECTION
    model: dict = field(default_factory=dict)
    predicted_score: int | None = None


def _correction(data: Any) -> Correction:
    correction = _build(Correction, data)
    model_id = correction.model.get("id") if isinstance(correction.model, dict) else None
    if correction.model_id is None and type(model_id) is int:
        correction = replace(correction, model_id=model_id)
    return correction


@dataclass(frozen=True)
class BaseModel:
    """A pre-trained model to start from (``base_id``): one of ``GET /models`` of type
    BASE. ``language`` is empty where the service does not say it."""

    id: int
    name: str
    type: str = "BASE"
    language: str = ""
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
class SegmentTag:
    """One tag of a segment: a class, a label, or a class with its label (JSON
    ``{"class"?, "label"?}``); ``id`` is what the tagging paths address it by (a tag
    of an analysis has none)."""

    cls: str | None = None
    label: str | None = None
    id: int | None = None
    # In a correction session: IN_CORRECTION (the model's, not confirmed yet) or READY.
    status: str = ""

    @property
    def suggested(self) -> bool:
        return self.status == IN_CORRECTION


@dataclass(frozen=True)
class Segment:
    """A piece of a text (``text[start:end]``) with its tags; ``id`` as the tag's;
    ``status`` ANNOTATED once marked (a correction session's segment: corrected)."""

    start: int
    end: int
    tags: tuple[SegmentTag, ...] = ()
    id: int | None = None
    status: str = ""


ANNOTATED = "ANNOTATED"


@dataclass(frozen=True)
class LabeledDocument:
    """A document of a labeling session (the vendor's LabelledDocument with the ``id``
    and ``status`` the tagging paths use): its text and its segments with their tags."""

    id: int
    text: str
    segments: tuple[Segment, ...] = ()
    status: str = ""

    @property
    def annotated(self) -> bool:
        """Marked done: the document, or each of its segments (a correction session
        marks segments corrected, it has no document status)."""
        if self.status == ANNOTATED:
            return True
        return bool(self.segments) and all(s.status == ANNOTATED for s in self.segments)


@dataclass(frozen=True)
class DocumentPage:
    """One page of a session's documents and how many there are in all."""

    documents: tuple[LabeledDocument, ...]
    total: int


def _tag(data: Any) -> SegmentTag:
    """A :class:`SegmentTag` from one item of a segment's ``tags``, or ApiBadResponse."""
    if not isinstance(data, dict):
        raise ApiBadResponse()
    cls, label = data.get("class"), data.get("label")
    if cls is None and label is None:
        raise ApiBadResponse()
    status = data.get("status") or ""
    if not all(value is None or isinstance(value, str) for value in (cls, label, status)):
        raise ApiBadResponse()
    return SegmentTag(cls=cls, label=label, id=_id(data), status=status)


def _id(data: dict) -> int | None:
    """The ``id`` of an item, where the service gives one."""
    value = data.get("id")
    if value is not None and type(value) is not int:
        raise ApiBadResponse()
    return value


def _segment(data: Any) -> Segment:
    """A :class:`Segment` from one item of a document's ``segments``, or ApiBadResponse."""
    if not isinstance(data, dict):
        raise ApiBadResponse()
    span, tags = data.get("span"), data.get("tags", [])  # none unless asked for
    if not (
        isinstance(span, list)
        and len(span) == 2
        and all(type(offset) is int for offset in span)
        and isinstance(tags, list)
    ):
        raise ApiBadResponse()
    status = data.get("status") or ""
    if not isinstance(status, str):
        raise ApiBadResponse()
    return Segment(
        start=span[0],
        end=span[1],
        tags=tuple(_tag(tag) for tag in tags),
        id=_id(data),
        status=status,
    )


def _document(data: Any) -> LabeledDocument:
    """A :class:`LabeledDocument` from one item of a session's ``documents``."""
    if not isinstance(data, dict) or type(data.get("id")) is not int:
        raise ApiBadResponse()
    text, segments, status = data.get("text"), data.get("segments", []), data.get("status", "")
    if not (isinstance(text, str) and isinstance(segments, list) and isinstance(status, str)):
        raise ApiBadResponse()
    return LabeledDocument(
        id=data["id"], text=text, segments=tuple(_segment(s) for s in segments), status=status
    )


def _tag_answer(data: Any) -> SegmentTag:
    """The tag a tagging path answers: itself, or a correction session's ``{tag, …}``."""
    if isinstance(data, dict) and isinstance(data.get("tag"), dict):
        return _tag(data["tag"])
    return _tag(data)


def _tag_body(cls: str | None, label: str | None) -> dict[str, str]:
    """The body of a tag's POST or PUT: the class and the label given."""
    return {key: value for key, value in (("class", cls), ("label", label)) if value}


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


# How long a token from POST /auth/login is kept for the other processes; one refused
# earlier is replaced at once (the client logs in again by itself).
TOKEN_CACHE_SECONDS = 60 * 60


class DeepOpinionClient(HttpApi):
    """DeepOpinion Studio: one ``requests.Session`` with timeouts and GET retries (and
    one without retries for uploads, whose body is read only once).

    Built from a connection: the base URL and either a pasted ``token`` or an account's
    ``email`` and ``password``. With an account it logs in (``POST /auth/login``), keeps
    the token in Django's cache for every process (keyed by URL and e-mail, never the
    password), and when the service refuses the token it logs in again once by itself
    and repeats the call."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str = "",
        email: str = "",
        password: str = "",
        connect_timeout: float = 3.05,
        read_timeout: float = 15.0,
        upload_read_timeout: float = 300.0,
        retries: int = 3,
    ) -> None:
        super().__init__(
            base_url=base_url,
            headers={},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            upload_read_timeout=upload_read_timeout,
            retries=retries,
        )
        self._token = token
        self._email = email
        self._password = password
        address = f"{self.base_url}\n{email}".encode()
        self._token_key = f"deepopinion-token:{hashlib.sha256(address).hexdigest()}"

    @classmethod
    def from_settings(
        cls, *, base_url: str = "", email: str = "", password: str = "", token: str = ""
    ) -> DeepOpinionClient:
        """A client of the account given (an e-mail and its password, else a token), or
        where none is given, of the installation's (``TRAINER_API_*``); and of
        ``base_url``, or the installation's."""
        if not (email or token):
            email, password = settings.TRAINER_API_EMAIL, settings.TRAINER_API_PASSWORD
            token = settings.TRAINER_API_TOKEN
        return cls(
            base_url=base_url or settings.TRAINER_API_URL,
            token="" if email else token,
            email=email,
            password=password if email else "",
            connect_timeout=settings.TRAINER_API_CONNECT_TIMEOUT,
            read_timeout=settings.TRAINER_API_READ_TIMEOUT,
            retries=settings.TRAINER_API_RETRIES,
        )

    # -- log-in ----------------------------------------------------------------

    @property
    def _logs_in(self) -> bool:
        return bool(self._email)

    def _login(self) -> str:
        """A new token from ``POST /auth/login``, kept for the other processes."""
        response = super()._send(
            "POST", "auth", "login", json={"email": self._email, "password": self._password}
        )
        try:
            token = response.json().get("auth_token")
        except (ValueError, AttributeError) as exc:
            raise ApiBadResponse(status=response.status_code) from exc
        if not isinstance(token, str) or not token:
            raise ApiBadResponse(status=response.status_code)
        logger.info("Logged in to %s", self.base_url)
        cache.set(self._token_key, token, TOKEN_CACHE_SECONDS)
        return token

    def _current_token(self) -> str:
        if not self._logs_in:
            return self._token
        return cache.get(self._token_key) or self._login()

    def _send(self, method: str, *parts: object, **kwargs: Any) -> requests.Response:
        """With an account, a refused token means: log in again once and repeat the
        call (a streamed upload is sent again by :meth:`_upload`, its body is spent)."""
        headers = kwargs.pop("headers", {})
        auth = {"Authorization": f"Bearer {self._current_token()}"}
        try:
            return super()._send(method, *parts, headers={**headers, **auth}, **kwargs)
        except ApiAuthError:
            if not self._logs_in:
                raise
            auth = {"Authorization": f"Bearer {self._login()}"}
            if isinstance(kwargs.get("data"), MultipartUpload):
                raise
        return super()._send(method, *parts, headers={**headers, **auth}, **kwargs)

    def _upload(self, *parts: object, fields: dict[str, str], file: BinaryIO, filename: str) -> Any:
        start = file.tell()
        try:
            return super()._upload(*parts, fields=fields, file=file, filename=filename)
        except ApiAuthError:
            if not self._logs_in:
                raise
        file.seek(start)
        return super()._upload(*parts, fields=fields, file=file, filename=filename)

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

    def upload_session(self, project_id: int, *, file: BinaryIO, filename: str) -> LabelingSession:
        """Create a labeling session of the project's type from ``file`` (the vendor's
        upload takes the file alone; the session is named after it). The file is read
        from its current position, streamed, never retried: a lost answer may hide a
        created session."""
        return _build(
            LabelingSession,
            self._upload(
                "projects",
                project_id,
                "annotations",
                "upload",
                fields={},
                file=file,
                filename=filename,
            ),
        )

    def delete_session(self, project_id: int, session_id: int) -> None:
        self._request("DELETE", "projects", project_id, "annotations", session_id)

    # -- correction sessions ------------------------------------------------------

    def create_correction(
        self, project_id: int, *, model_id: int, name: str = "", sample_size: int | None = None
    ) -> Correction:
        """``POST …/corrections`` ``{model_id, name?, sample_size?}``: a session whose
        documents the model pre-labels (PREDICTING at first). Not retried: a lost answer
        may hide a created session."""
        body: dict[str, Any] = {"model_id": model_id}
        if name:
            body["name"] = name
        if sample_size is not None:
            body["sample_size"] = sample_size
        return _correction(self._request("POST", "projects", project_id, "corrections", json=body))

    def get_correction(self, project_id: int, correction_id: int) -> Correction:
        return _correction(
            self._request("GET", "projects", project_id, "corrections", correction_id)
        )

    def delete_correction(self, project_id: int, correction_id: int) -> None:
        self._request("DELETE", "projects", project_id, "corrections", correction_id)

    # -- a session's documents, and tagging them --------------------------------------
    # The same paths under ``annotations`` and ``corrections``: ``mode`` says which.

    def list_documents(
        self,
        project_id: int,
        session_id: int,
        *,
        offset: int = 0,
        limit: int = DOCUMENT_PAGE_SIZE,
        details: tuple[str, ...] = DOCUMENT_DETAILS,
        mode: str = ANNOTATION,
    ) -> DocumentPage:
        """``GET …/{annotations|corrections}/{s}/documents``: the documents from
        ``offset`` on (at most ``limit``), in the service's order (a correction
        session's: the model's least sure first), with the ``details`` asked for
        (``segments``, ``tags``, ``meta``: the status), and their number
        (``document_total``, else the session's ``document_count``)."""
        params = {"offset": offset, "limit": limit, "details": ",".join(details)}
        answer = self._request(
            *_session_path(project_id, session_id, mode), "documents", params=params
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("documents"), list):
            raise ApiBadResponse()
        total = answer.get("document_total", answer.get("document_count"))
        if type(total) is not int:
            raise ApiBadResponse()
        return DocumentPage(tuple(_document(d) for d in answer["documents"]), total)

    def get_document(self, project_id: int, session_id: int, document_id: int) -> LabeledDocument:
        """One document of a session, read under ``annotations`` whatever its mode: the
        vendor's correction paths have no path of one document, and a correction
        session is a labeling session (``GET …/annotations?mode=`` lists it)."""
        path = _document_path(project_id, session_id, document_id, ANNOTATION)
        return _document(self._request(*path, params={"details": ",".join(DOCUMENT_DETAILS)}))

    def add_segment_tag(
        self,
        project_id: int,
        session_id: int,
        document_id: int,
        segment_id: int,
        *,
        cls: str | None = None,
        label: str | None = None,
        mode: str = ANNOTATION,
    ) -> SegmentTag:
        """``POST …/segments/{s}/tags``: a new tag of the segment; 400 (ApiValidationError)
        when a name is not the project's or the document would not fit its type."""
        path = _document_path(project_id, session_id, document_id, mode, "POST")
        answer = self._request(*path, "segments", segment_id, "tags", json=_tag_body(cls, label))
        return _tag_answer(answer)

    def change_segment_tag(
        self,
        project_id: int,
        session_id: int,
        document_id: int,
        segment_id: int,
        tag_id: int,
        *,
        cls: str | None = None,
        label: str | None = None,
        span: tuple[int, int] | None = None,
        mode: str = ANNOTATION,
    ) -> SegmentTag:
        """``PUT …/tags/{t}`` (the vendor's ChangeAnnotationTag): the tag's class and label
        as given, moved to the segment of ``span`` (``(start, end)`` in the document's
        text, made if there is none) when one is given; 400 (ApiValidationError) when the
        service refuses the span."""
        path = _document_path(project_id, session_id, document_id, mode, "PUT")
        body: dict[str, Any] = _tag_body(cls, label)
        if span is not None:
            body["span"] = list(span)
        answer = self._request(*path, "segments", segment_id, "tags", tag_id, json=body)
        return _tag_answer(answer)

    def delete_segment_tag(
        self,
        project_id: int,
        session_id: int,
        document_id: int,
        segment_id: int,
        tag_id: int,
        *,
        mode: str = ANNOTATION,
    ) -> None:
        path = _document_path(project_id, session_id, document_id, mode, "DELETE")
        self._request(*path, "segments", segment_id, "tags", tag_id)

    def confirm_segment_tag(
        self, project_id: int, correction_id: int, document_id: int, segment_id: int, tag_id: int
    ) -> None:
        """``POST …/corrections/…/tags/{t}/statuses`` ``{"status": "READY"}``: the
        model's tag is right (a correction session's only)."""
        path = _document_path(project_id, correction_id, document_id, CORRECTION, "POST")
        self._request(
            *path, "segments", segment_id, "tags", tag_id, "statuses", json={"status": TAG_READY}
        )

    def mark_segment_corrected(
        self, project_id: int, correction_id: int, document_id: int, segment_id: int
    ) -> None:
        """``POST …/corrections/…/segments/{s}/statuses`` ``{"name": "ANNOTATED"}``."""
        path = _document_path(project_id, correction_id, document_id, CORRECTION, "POST")
        self._request(*path, "segments", segment_id, "statuses", json={"name": ANNOTATED})

    def mark_document_annotated(
        self, project_id: int, session_id: int, document_id: int, *, mode: str = ANNOTATION
    ) -> None:
        """``POST …/documents/{d}/statuses`` ``{"name": "ANNOTATED"}``: the document is done."""
        path = _document_path(project_id, session_id, document_id, mode, "POST")
        self._request(*path, "statuses", json={"name": ANNOTATED})

    def list_base_models(self) -> list[BaseModel]:
        """The public models of type BASE (``GET /models``), page after page up to
        :data:`BASE_MODEL_PAGES` pages."""
        base_models: list[BaseModel] = []
        for page in range(BASE_MODEL_PAGES):
            params = {
                "type": "BASE",
                "public": "true",
                "offset": page * BASE_MODEL_PAGE_SIZE,
                "limit": BASE_MODEL_PAGE_SIZE,
            }
            answer = self._request("GET", "models", params=params)
            if not isinstance(answer, dict):
                raise ApiBadResponse()
            base_models += _build_list(BaseModel, answer.get("models"))
            if answer.get("has_more") is not True:
                break
        return base_models

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

    def update_model(self, project_id: int, model_id: int, **changes: Any) -> Model:
        """The vendor's ``PUT``: any Model fields (names, descriptions, ``status``)."""
        return _build(
            Model,
            self._request("PUT", "projects", project_id, "models", model_id, json=changes),
        )

    def activate_model(self, project_id: int, model_id: int) -> Model:
        """READY → ACTIVE (409, ApiConflict, from any other status)."""
        return self.update_model(project_id, model_id, status="ACTIVE")

    def publish_model(self, project_id: int, model_id: int) -> Model:
        """ACTIVE → PUBLISHED (409, ApiConflict, from any other status)."""
        return self.update_model(project_id, model_id, status="PUBLISHED")

    def cancel_model(self, project_id: int, model_id: int) -> Model:
        """QUEUED or TRAINING → FAILED: the :data:`CANCEL_EXTENSION`, only where
        :meth:`get_extensions` announces it."""
        return _build(
            Model, self._request("POST", "projects", project_id, "models", model_id, "cancel")
        )

    def delete_model(self, project_id: int, model_id: int) -> None:
        self._request("DELETE", "projects", project_id, "models", model_id)

    def analyze(self, model_name: str, texts: list[str]) -> list[tuple[Segment, ...]]:
        """``POST /analyze``: each text's segments with their tags, in order; 409
        (ApiConflict) when the model cannot analyze (yet)."""
        body = {"model": model_name, "documents": [{"text": text} for text in texts]}
        answer = self._request("POST", "analyze", json=body)
        documents = answer.get("documents") if isinstance(answer, dict) else None
        if not isinstance(documents, list) or len(documents) != len(texts):
            raise ApiBadResponse()
        if not all(isinstance(d, dict) and isinstance(d.get("segments"), list) for d in documents):
            raise ApiBadResponse()
        return [tuple(_segment(item) for item in d["segments"]) for d in documents]

    # -- the service -------------------------------------------------------------

    def get_extensions(self) -> frozenset[str]:
        """The extensions the service announces in ``GET /info``; none where it lists
        none (the vendor's cloud)."""
        data = self._request("GET", "info")
        extensions = data.get("extensions", []) if isinstance(data, dict) else None
        if not isinstance(extensions, list):
            raise ApiBadResponse()
        return frozenset(str(name) for name in extensions)

    # -- creating and changing projects, their classes and labels ---------------

    def create_project(self, *, name: str, type: str) -> Project:  # noqa: A002 - the vendor's
        """``POST /projects`` ``{name, type}`` (the vendor's Body1); the caller owns it."""
        return _build(Project, self._request("POST", "projects", json={"name": name, "type": type}))

    def update_project(self, project_id: int, *, name: str) -> Project:
        return _build(Project, self._request("PUT", "projects", project_id, json={"name": name}))

    def delete_project(self, project_id: int) -> None:
        """``DELETE /projects/{id}`` with all it holds (the OWNER's call)."""
        self._request("DELETE", "projects", project_id)

    def list_tags(self, project_id: int, kind: str) -> list[Tag]:
        """The project's classes (``kind`` ``"classes"``) or labels (``"labels"``)."""
        return _build_list(Tag, self._request("GET", "projects", project_id, _tag_path(kind)))

    def create_tag(self, project_id: int, kind: str, *, name: str) -> Tag:
        """Add a class or a label; an ABSA project's labels are fixed (409, ApiConflict)."""
        return _build(
            Tag,
            self._request("POST", "projects", project_id, _tag_path(kind), json={"name": name}),
        )

    def delete_tag(self, project_id: int, kind: str, tag_id: int) -> None:
        """Delete a class or a label; an ABSA project's labels stay (409, ApiConflict)."""
        self._request("DELETE", "projects", project_id, _tag_path(kind), tag_id)


def _session_path(project_id: int, session_id: int, mode: str, method: str = "GET") -> tuple:
    """The method and path of a session of ``mode`` (ANNOTATION or CORRECTION)."""
    if mode not in SESSION_PATHS:
        raise ValueError(f"no such mode of session: {mode!r}")
    return (method, "projects", project_id, SESSION_PATHS[mode], session_id)


def _document_path(
    project_id: int, session_id: int, document_id: int, mode: str, method: str = "GET"
) -> tuple:
    return (*_session_path(project_id, session_id, mode, method), "documents", document_id)


TAG_KINDS = ("classes", "labels")


def _tag_path(kind: str) -> str:
    if kind not in TAG_KINDS:
        raise ValueError(f"no such kind of tag: {kind!r}")
    return kind
