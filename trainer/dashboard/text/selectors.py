"""Reads of the text wing. Every page, partial and action passes through
:func:`project_get_for_member`, the status poll too (:mod:`..polling.selectors`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.core.cache import cache
from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from trainer.apiclient.deepopinion import (
    CANCEL_EXTENSION,
    DOCUMENT_DETAILS,
    METRICS_DETAIL_EXTENSION,
    BaseModel,
    DeepOpinionClient,
    LabeledDocument,
)
from trainer.apiclient.errors import ApiError

from .. import metrics
from ..access import User, role_check
from ..models import (
    IN_FLIGHT_STATUSES,
    AuditEvent,
    LabelingSession,
    ModelStatus,
    Project,
    Role,
    SessionStatus,
    TrainedModel,
    TrainingRequest,
)


def _status_key(status: str) -> str:
    return f"models_{status.lower()}"


def project_list_for_user(*, user: User) -> list[Project]:
    """The user's projects, each with ``user_role``, ``session_count``, ``model_count``,
    ``status_counts`` (``[(status, label, count), …]`` for the statuses present),
    ``newest_model_created`` and ``newest_event`` (the newest audit event or None).

    Two queries, whatever the number of projects.
    """
    if not user.is_authenticated:
        return []
    per_status = {
        _status_key(status): Count(
            "trained_models", filter=Q(trained_models__status=status), distinct=True
        )
        for status in ModelStatus.values
    }
    newest_event = (
        AuditEvent.objects.filter(project=OuterRef("pk")).order_by("-created", "-id").values("pk")
    )
    projects = list(
        Project.objects.filter(memberships__user=user)
        .annotate(
            user_role=F("memberships__role"),
            session_count=Count("sessions", distinct=True),
            model_count=Count("trained_models", distinct=True),
            newest_model_created=Max("trained_models__created"),
            newest_event_id=Subquery(newest_event[:1]),
            **per_status,
        )
        .order_by("name", "id")
    )
    events = AuditEvent.objects.select_related("user").in_bulk(
        [project.newest_event_id for project in projects if project.newest_event_id]
    )
    for project in projects:
        project.newest_event = events.get(project.newest_event_id)
        project.role_label = Role(project.user_role).label
        project.status_counts = [
            (status, label, getattr(project, _status_key(status)))
            for status, label in ModelStatus.choices
            if getattr(project, _status_key(status))
        ]
    return projects


def project_get_for_member(
    *, project_id: int, user: User, min_role: int = Role.READ_ONLY
) -> Project:
    """THE access gate: the project, with ``user_role``, ``can_label`` and ``can_manage`` set.

    Raises Http404 for anyone who is not a member (staff and superusers too:
    membership is what counts) and PermissionDenied when the role is too low.
    """
    if not user.is_authenticated:
        raise Http404(_("No such project."))
    project = (
        Project.objects.filter(pk=project_id, memberships__user=user)
        .annotate(user_role=F("memberships__role"))
        .first()
    )
    if project is None:
        raise Http404(_("No such project."))
    return _gated(project, min_role=min_role)


def _gated(project: Project, *, min_role: int) -> Project:
    """``project``, annotated with the caller's ``user_role``, if that role suffices."""
    role_check(project.user_role, min_role=min_role)
    project.role_label = Role(project.user_role).label
    project.can_label = Role.at_least(project.user_role, Role.ANNOTATOR)
    project.can_manage = Role.at_least(project.user_role, Role.MANAGER)
    return project


def model_get_for_member(
    *, project_id: int, model_id: int, user: User, min_role: int = Role.READ_ONLY
) -> TrainedModel:
    """One model of a project the user may see; ``model.project`` is the gated project.

    One query (the model, its project and the caller's membership joined; unordered,
    as ``get`` is), since status polling calls this every 2 s per model; only when
    it finds nothing does :func:`project_get_for_member` run, to answer 404 or 403.
    """
    if not user.is_authenticated:
        raise Http404(_("No such project."))
    try:
        model = (
            TrainedModel.objects.filter(
                pk=model_id, project_id=project_id, project__memberships__user=user
            )
            .annotate(user_role=F("project__memberships__role"))
            .select_related("project", "started_by")
            .get()
        )
    except TrainedModel.DoesNotExist:
        project_get_for_member(project_id=project_id, user=user, min_role=min_role)
        raise Http404(_("No such model.")) from None
    model.project.user_role = model.user_role
    _gated(model.project, min_role=min_role)
    return model


# The columns the project page's tables sort by (``sort``, or ``-sort`` descending).
SESSION_ORDERINGS = {
    "name": ["name"],
    "type": ["type"],
    "documents": ["documents"],
    "created": ["created"],
}
MODEL_ORDERINGS = {
    "name": ["display_name", "name"],
    "type": ["type"],
    "language": ["language"],
    "status": ["status"],
    "score": ["score"],
    "created": ["created"],
}


def _ordered(queryset: QuerySet, orderings: dict[str, list[str]], sort: str) -> QuerySet:
    """``queryset`` sorted by the column ``sort`` names (empty values last, then by id)."""
    descending = sort.startswith("-")
    fields = orderings[sort.removeprefix("-")]
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return queryset.order_by(*order, "-pk" if descending else "pk")


def session_list_for_project(
    *, project: Project, type: str = "", sort: str = "name"
) -> QuerySet[LabelingSession]:
    """The project's labeling sessions (with a correction session's model), of one type
    if given."""
    sessions = LabelingSession.objects.filter(project=project).select_related("model")
    if type:
        sessions = sessions.filter(type=type)
    return _ordered(sessions, SESSION_ORDERINGS, sort)


def session_list_for_training(*, project: Project) -> QuerySet[LabelingSession]:
    """The sessions a model can be trained on: those whose data is all there (a
    correction session's once the model has pre-labeled it: its corrections are
    training data like any other)."""
    return session_list_for_project(project=project).filter(
        status__in=(SessionStatus.FINISHED, SessionStatus.ANNOTATING)
    )


def session_get_for_member(
    *, project_id: int, session_id: int, user: User, min_role: int = Role.READ_ONLY
) -> LabelingSession:
    """One labeling session of a project the user may see (404 or 403 otherwise)."""
    project = project_get_for_member(project_id=project_id, user=user, min_role=min_role)
    session = LabelingSession.objects.filter(project=project, pk=session_id).first()
    if session is None:
        raise Http404(_("No such labeling session."))
    session.project = project  # the gated project, with the caller's role
    return session


def session_documents(
    *,
    session: LabelingSession,
    client: DeepOpinionClient,
    details: tuple[str, ...] = DOCUMENT_DETAILS,
    start: int = 0,
) -> Iterator[LabeledDocument]:
    """The session's documents from the ``start``-th on (every one by default), in the
    service's order, read from the service a page at a time with the ``details`` asked
    for."""
    offset, total = start, start + 1
    while offset < total:
        page = client.list_documents(
            session.project.remote_id,
            session.remote_id,
            offset=offset,
            details=details,
            mode=session.mode,
        )
        if not page.documents:
            break
        yield from page.documents
        offset, total = offset + len(page.documents), page.total


def model_list_for_project(
    *,
    project: Project,
    status: str = "",
    type: str = "",
    language: str = "",
    sort: str = "-created",
) -> QuerySet[TrainedModel]:
    """The project's models (with who started them), filtered by what is given."""
    models = TrainedModel.objects.filter(project=project).select_related("started_by")
    if status:
        models = models.filter(status=status)
    if type:
        models = models.filter(type=type)
    if language:
        models = models.filter(language=language)
    return _ordered(models, MODEL_ORDERINGS, sort)


def model_list_finished_for_user(
    *, user: User, since: datetime, until: datetime
) -> QuerySet[TrainedModel]:
    """The models ``user`` started that became READY or FAILED in (since, until], in
    projects the user is still a member of (the toasts; one query)."""
    return (
        TrainedModel.objects.filter(
            started_by=user,
            status__in=(ModelStatus.READY, ModelStatus.FAILED),
            status_changed_at__gt=since,
            status_changed_at__lte=until,
            project__memberships__user=user,
        )
        .select_related("project")
        .order_by("status_changed_at", "pk")
    )


def model_list_in_flight() -> QuerySet[TrainedModel]:
    """Models the service has not finished with, grouped by project."""
    return (
        TrainedModel.objects.filter(status__in=IN_FLIGHT_STATUSES)
        .select_related("project")
        .order_by("project_id", "remote_id")
    )


TEXT_EXTENSIONS_KEY = "dashboard:text-extensions"
TEXT_EXTENSIONS_SECONDS = 15 * 60


def text_extensions(*, client: DeepOpinionClient | None = None) -> frozenset[str]:
    """The extensions the text service announces (``GET /info``), kept a while in the
    cache for every process. Without a client (a status poll, which reads no API) only
    what is kept; none while the service cannot say."""
    extensions = cache.get(TEXT_EXTENSIONS_KEY)
    if extensions is None and client is not None:
        try:
            extensions = client.get_extensions()
        except ApiError:
            return frozenset()
        cache.set(TEXT_EXTENSIONS_KEY, extensions, TEXT_EXTENSIONS_SECONDS)
    return extensions or frozenset()


CANCELLABLE = (ModelStatus.QUEUED, ModelStatus.TRAINING)


def model_cancel_offered(*, model: TrainedModel, client: DeepOpinionClient | None = None) -> bool:
    """Whether the model's card offers Cancel: to a manager, while the model trains, where
    the service announces the extension (a poll passes no client: it reads no API)."""
    if model.status not in CANCELLABLE or not model.project.can_manage:
        return False
    return CANCEL_EXTENSION in text_extensions(client=client)


def metrics_detail_offered(*, client: DeepOpinionClient | None = None) -> bool:
    """Whether the service announces the metrics-detail extension: a model's figures per
    class and label, its confusion matrix and test-set size are shown only then."""
    return METRICS_DETAIL_EXTENSION in text_extensions(client=client)


def model_metrics(*, model: TrainedModel, client: DeepOpinionClient | None = None) -> dict:
    """The model's figures for its card (:func:`..metrics.model_metrics_for_display`),
    the metrics-detail ones where the service announces that extension (a poll passes
    no client: only what is kept)."""
    detail = metrics.has_detail(
        model_type=model.type, metrics=model.metrics
    ) and metrics_detail_offered(client=client)
    return metrics.model_metrics_for_display(
        model_type=model.type, metrics=model.metrics, detail=detail
    )


def base_model_list(*, client: DeepOpinionClient, language: str | None = None) -> list[BaseModel]:
    """The service's base models, optionally only those that may be of one language
    (one that does not say its language may be of any)."""
    base_models = client.list_base_models()
    if language:
        base_models = [base for base in base_models if base.language in ("", language)]
    return sorted(base_models, key=lambda base: (base.language, base.display_name or base.name))


def _classes_missing_from_test(
    *, train: Sequence[LabelingSession], test: Sequence[LabelingSession]
) -> list[str]:
    """The classes of the train set's sessions that no session of the test set names;
    none when a test session names no class (a service without ``classes``)."""
    if not test or not all(session.classes for session in test):
        return []

    def named(sessions: Sequence[LabelingSession]) -> set[str]:
        return {name for session in sessions for name in session.classes}

    return sorted(named(train) - named(test))


def training_summary(
    *,
    mode: str,
    pool: Sequence[LabelingSession],
    train: Sequence[LabelingSession],
    test: Sequence[LabelingSession],
) -> dict:
    """What a training would use, for the form's live summary: ``rows`` of
    ``{"label", "sessions", "documents"}``, the names of the sessions
    chosen for both sets (``overlap``), the classes of the train set missing from
    the test set (``missing_in_test``, split mode only) and ``notes``."""

    def row(label: str, sessions: Sequence[LabelingSession]) -> dict:
        return {
            "label": label,
            "sessions": len(sessions),
            "documents": sum(session.documents for session in sessions),
        }

    if mode == TrainingRequest.Mode.SPLIT:
        rows = [row(_("Train set"), train), row(_("Test set"), test)] if train or test else []
        overlap = sorted({session.name for session in train} & {session.name for session in test})
        notes = [] if test or not train else [_("No test set: the service holds one out.")]
        missing_in_test = _classes_missing_from_test(train=train, test=test)
    else:
        rows = [row(_("Split automatically"), pool)] if pool else []
        overlap = []
        notes = [_("The service splits these into a train set and a test set.")] if pool else []
        missing_in_test = []
    return {
        "rows": rows,
        "overlap": overlap,
        "missing_in_test": missing_in_test,
        "notes": notes,
    }


def training_settings_of(*, project: Project, model_id: int) -> dict:
    """The training form's values that trained the project's model ``model_id`` (as
    its training request stored them), for "Train again": the same name to show,
    language, base model and sessions. A model trained elsewhere gives its name and
    language; an unknown one nothing."""
    model = TrainedModel.objects.filter(project=project, pk=model_id).first()
    if model is None:
        return {}
    request = model.training_requests.filter(error="").order_by("-created").first()
    if request is None:
        return {"display_name": str(model), "language": model.language}
    return {
        "display_name": request.payload.get("display_name") or str(model),
        "language": request.payload.get("language", model.language),
        "base_model": request.payload.get("base_id"),
        "mode": request.mode,
        "pool_sessions": request.pool_session_ids,
        "train_sessions": request.train_session_ids,
        "test_sessions": request.test_session_ids,
    }
