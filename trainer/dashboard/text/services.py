"""Writes. Keyword-only, typed; the only code that changes the dashboard's rows.

The service's answers are mirrored as they are; a model that the service no
longer knows (404 on GET, or missing from the project's list) is kept, marked
FAILED with :data:`DELETED_REMOTELY`, so that its history and training request
stay visible and polling stops.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import time
import uuid as uuid_lib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.debug import sensitive_variables

from trainer.apiclient import deepopinion as remote_api
from trainer.apiclient import webhooks as webhooks_api
from trainer.apiclient.deepopinion import DeepOpinionClient, TrainingSpec
from trainer.apiclient.errors import ApiError, ApiNotFound, ApiUnavailable

from .. import sync_health
from ..mirror import DELETED_REMOTELY, SyncResult, values_apply
from ..models import (
    IMPORTING_STATUSES,
    IN_FLIGHT_STATUSES,
    WEBHOOK_EVENT_OF_STATUS,
    AuditEvent,
    LabelingSession,
    Membership,
    ModelStatus,
    Project,
    Role,
    SessionStatus,
    TrainedModel,
    TrainingRequest,
    UserPreferences,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from ..polling import cache as poll_cache
from ..polling.selectors import model_poll_columns
from .selectors import (
    model_list_in_flight,
)

logger = logging.getLogger(__name__)


# -- helpers ---------------------------------------------------------------------------


def _uuid_or_none(value: Any) -> uuid_lib.UUID | None:
    try:
        return uuid_lib.UUID(str(value)) if value else None
    except ValueError:
        return None


def _model_values(remote: remote_api.Model) -> dict[str, Any]:
    """TrainedModel field values from the service's answer."""
    return {
        "uuid": _uuid_or_none(remote.uuid),
        "name": remote.name or "",
        "display_name": remote.display_name or "",
        "short_description": remote.short_description or "",
        "long_description": remote.long_description or "",
        "language": remote.language or "",
        "type": remote.type or "",
        "base": remote.base or "",
        "owner": remote.owner or "",
        "created": remote.created,
        "status": remote.status,
        "progress": float(remote.progress or 0.0),
        "score": None if remote.score is None else float(remote.score),
        "error": remote.error or "",
        "metrics": remote.metrics if isinstance(remote.metrics, dict) else {},
    }


def _session_values(remote: remote_api.LabelingSession) -> dict[str, Any]:
    return {
        "name": remote.name or "",
        "type": remote.type or "",
        "language": remote.language or "",
        "documents": int(remote.documents or 0),
        "labels": int(remote.labels or 0),
        "classes": remote.classes if isinstance(remote.classes, dict) else {},
        "created": remote.created,
        "owner": remote.owner or "",
        "status": remote.status or SessionStatus.FINISHED,
        "progress": float(remote.progress or 0.0),
        "error": remote.error or "",
    }


def _model_save(*, model: TrainedModel, values: dict[str, Any]) -> TrainedModel:
    """Save the fields of ``values`` that changed; a new status is timed."""
    changed = values_apply(model, values)
    model.last_synced_at = timezone.now()
    if "status" in changed:
        model.status_changed_at = model.last_synced_at
        changed.append("status_changed_at")
    model.save(update_fields=[*changed, "last_synced_at"])
    if "status" in changed:
        _webhooks_notify(model=model)
    return model


def _model_store(*, model: TrainedModel, remote: remote_api.Model) -> TrainedModel:
    """Save the service's answer into ``model``, only the fields that changed."""
    return _model_save(model=model, values=_model_values(remote))


@transaction.atomic
def _models_store(*, pairs: Sequence[tuple[TrainedModel, remote_api.Model]]) -> None:
    """:func:`_model_store` for models read together (a list of the service's), in one
    transaction (one commit, not one per model), with no write per unchanged model:
    those get ``last_synced_at`` in one UPDATE. Once committed, their states go to the
    status poll's cache, read back in one query (a failure there is logged: polls
    then read the database)."""
    unchanged = []
    for model, remote in pairs:
        values = _model_values(remote)
        if any(getattr(model, name) != value for name, value in values.items()):
            _model_save(model=model, values=values)
        else:
            unchanged.append(model.pk)
    if unchanged:
        TrainedModel.objects.filter(pk__in=unchanged).update(last_synced_at=timezone.now())
    if poll_cache.enabled():
        model_ids = [model.pk for model, _remote in pairs]
        transaction.on_commit(
            lambda: poll_cache.publish(model_poll_columns(model_ids=model_ids)), robust=True
        )


def _model_mark_deleted_remotely(*, model: TrainedModel) -> TrainedModel:
    return _model_save(
        model=model, values={"status": ModelStatus.FAILED, "error": DELETED_REMOTELY}
    )


def _audit(
    *,
    project: Project,
    user: AbstractBaseUser,
    action: str,
    model: TrainedModel | None = None,
    subject: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        project=project,
        project_name=project.name,
        user=user,
        action=action,
        model=model,
        subject=subject or (str(model) if model else ""),
    )


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def model_name_suggest(*, display_name: str) -> str:
    """An internal name made from the display name, unique enough to not clash."""
    stem = slugify(display_name)[:60].strip("-") or "model"
    return f"{stem}-{timezone.now():%Y%m%d-%H%M%S}"


# -- projects and labeling sessions ----------------------------------------------------


@transaction.atomic
def _project_store(
    *, remote: remote_api.Project, sessions: Sequence[remote_api.LabelingSession]
) -> Project:
    """Create or update one project and make its sessions exactly ``sessions``."""
    project, created = Project.objects.get_or_create(
        remote_id=remote.id,
        defaults={"name": remote.name, "description": remote.description or ""},
    )
    changed = (
        []
        if created
        else values_apply(project, {"name": remote.name, "description": remote.description or ""})
    )
    project.last_synced_at = timezone.now()
    project.save(update_fields=[*changed, "last_synced_at"])

    existing = {session.remote_id: session for session in project.sessions.all()}
    for remote_session in sessions:
        values = _session_values(remote_session)
        local = existing.pop(remote_session.id, None)
        if local is None:
            LabelingSession.objects.create(project=project, remote_id=remote_session.id, **values)
        elif changed_fields := values_apply(local, values):
            local.save(update_fields=changed_fields)
    if existing:
        LabelingSession.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    return project


def _project_models_store(*, project: Project, remote_models: Sequence[remote_api.Model]) -> None:
    """Mirror the project's models: new ones created, known ones updated, gone ones marked."""
    existing = {model.remote_id: model for model in project.trained_models.all()}
    known = []
    for remote in remote_models:
        local = existing.pop(remote.id, None)
        if local is None:
            now = timezone.now()
            TrainedModel.objects.create(
                project=project,
                remote_id=remote.id,
                last_synced_at=now,
                status_changed_at=now,
                **_model_values(remote),
            )
        else:
            known.append((local, remote))
    _models_store(pairs=known)
    for gone in existing.values():
        if gone.error != DELETED_REMOTELY:
            _model_mark_deleted_remotely(model=gone)


def _project_pull(*, remote: remote_api.Project, client: DeepOpinionClient) -> Project:
    """Read a project's sessions and models from the service, then store all in one go."""
    sessions = client.list_sessions(remote.id)
    remote_models = client.list_models(remote.id)
    with transaction.atomic():
        project = _project_store(remote=remote, sessions=sessions)
        _project_models_store(project=project, remote_models=remote_models)
    return project


def project_register(*, remote_id: int, name: str, description: str = "") -> Project:
    """Know a project by its id at the service before the first sync fills it in."""
    project, _created = Project.objects.get_or_create(
        remote_id=remote_id, defaults={"name": name, "description": description}
    )
    return project


def project_sync(*, project: Project, client: DeepOpinionClient) -> Project:
    """Refresh one project, its labeling sessions (removing those gone) and its models."""
    return _project_pull(remote=client.get_project(project.remote_id), client=client)


def project_refresh(
    *, project: Project, user: AbstractBaseUser, client: DeepOpinionClient
) -> Project:
    """A person's refresh of the project from the service, kept in the audit log."""
    project = project_sync(project=project, client=client)
    _audit(project=project, user=user, action=AuditEvent.Action.PROJECT_REFRESHED)
    return project


@transaction.atomic
def project_delete(*, project: Project, user: AbstractBaseUser) -> None:
    """Delete the project here, with its members, mirrors and requests (the
    service's project is untouched). Its audit log stays, with the deletion as
    its last event, each event keeping the project's name."""
    logger.warning(
        "%s deletes project %s (%s; id %s at the service) with %d models",
        user,
        project.pk,
        project.name,
        project.remote_id,
        project.trained_models.count(),
    )
    _audit(project=project, user=user, action=AuditEvent.Action.PROJECT_DELETED)
    project.delete()


def projects_sync(*, client: DeepOpinionClient) -> list[Project]:
    """Import or refresh every project the service account sees, with its labeling
    sessions (those gone remotely are removed) and its models.

    A project that cannot be read is skipped and logged; the others are still
    refreshed (an unreachable service stops the run: ApiUnavailable is raised).
    Projects gone at the service are kept here: their members and history stay.
    """
    synced = []
    for remote in client.list_projects():
        try:
            synced.append(_project_pull(remote=remote, client=client))
        except ApiUnavailable:
            raise
        except ApiError as exc:
            logger.warning("Project %s not refreshed: %s", remote.id, exc.message)
    return synced


def labeling_session_upload(
    *,
    project: Project,
    user: AbstractBaseUser,
    file: UploadedFile,
    name: str,
    type: str,  # noqa: A002 - the contract's field name
    language: str,
    format: str = "",  # noqa: A002 - the contract's field name
    client: DeepOpinionClient,
) -> LabelingSession:
    """Create a labeling session at the service from ``file`` and mirror it.

    The file is streamed from where Django keeps it (memory, or a temporary file
    for a large upload). The new session is stored from the service's answer,
    then the project's sessions are refreshed; a failed refresh is only logged.
    """
    logger.info("%s uploads %s to project %s", user, file.name, project.remote_id)
    remote = client.upload_session(
        project.remote_id,
        name=name,
        type=type,
        language=language,
        file=file,
        filename=file.name,
        format=format or None,
    )
    session, _created = LabelingSession.objects.update_or_create(
        project=project, remote_id=remote.id, defaults=_session_values(remote)
    )
    _audit(
        project=project, user=user, action=AuditEvent.Action.SESSION_UPLOADED, subject=session.name
    )
    try:
        project_sync(project=project, client=client)
    except ApiError as exc:
        logger.warning("Project %s not refreshed after upload: %s", project.remote_id, exc.message)
    return session


def sessions_sync_importing(*, client: DeepOpinionClient) -> int:
    """Refresh the projects that have a labeling session whose file is being
    imported (its progress, then FINISHED or FAILED); the number refreshed."""
    projects = Project.objects.filter(sessions__status__in=IMPORTING_STATUSES).distinct()
    for project in projects:
        project_sync(project=project, client=client)
    return len(projects)


def labeling_session_delete(
    *, session: LabelingSession, user: AbstractBaseUser, client: DeepOpinionClient
) -> None:
    """Delete a labeling session at the service, with its documents, and here."""
    logger.info("%s deletes labeling session %s", user, session.remote_id)
    with contextlib.suppress(ApiNotFound):  # gone at the service already: only the mirror
        client.delete_session(session.project.remote_id, session.remote_id)
    _audit(
        project=session.project,
        user=user,
        action=AuditEvent.Action.SESSION_DELETED,
        subject=session.name,
    )
    session.delete()


def membership_set(*, project: Project, user: AbstractBaseUser, role: int) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": Role(role)}
    )
    return membership


def user_language_set(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the language a person chose for the dashboard, on every browser."""
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})


# -- training --------------------------------------------------------------------------


class TrainingAlreadyRequested(Exception):
    """The same form was sent before (a double submit); ``request`` is the first one."""

    def __init__(self, request: TrainingRequest) -> None:
        super().__init__(f"training request {request.pk} has the same key")
        self.request = request


def _training_request_create(*, idempotency_key: uuid_lib.UUID | None, **values) -> TrainingRequest:
    """The request, committed; TrainingAlreadyRequested if one with the key is pending or done."""
    try:
        with transaction.atomic():
            return TrainingRequest.objects.create(idempotency_key=idempotency_key, **values)
    except IntegrityError:
        earlier = TrainingRequest.objects.filter(idempotency_key=idempotency_key, error="").first()
        if earlier is None:
            raise
        raise TrainingAlreadyRequested(earlier) from None


def _training_send(
    *, project: Project, spec: TrainingSpec, client: DeepOpinionClient
) -> remote_api.Model:
    """POST the training. Without an answer (a timeout, a dropped connection) the
    service may have created the model all the same: it is looked up by its name,
    unique at the service, and adopted rather than sent a second time."""
    try:
        return client.train_model(project.remote_id, spec)
    except ApiUnavailable as lost:
        try:
            found = [m for m in client.list_models(project.remote_id) if m.name == spec.name]
        except ApiError:
            raise lost from None
        if not found:
            raise
        logger.warning("Training %s: answer lost; model %s adopted by name", spec.name, found[0].id)
        return found[0]


def training_start(
    *,
    project: Project,
    user: AbstractBaseUser,
    display_name: str,
    language: str,
    name: str = "",
    base_id: int | None = None,
    mode: str = TrainingRequest.Mode.POOL,
    pool_sessions: Iterable[LabelingSession] = (),
    train_sessions: Iterable[LabelingSession] = (),
    test_sessions: Iterable[LabelingSession] = (),
    idempotency_key: uuid_lib.UUID | None = None,
    client: DeepOpinionClient,
) -> TrainedModel:
    """Ask the service to train a model; return its mirror.

    The TrainingRequest with the exact payload is committed *before* the call,
    so that even a request that never returns leaves a trace; one whose answer was
    lost is reconciled by the model's name (:func:`_training_send`). A second request
    with the same ``idempotency_key`` raises TrainingAlreadyRequested before
    anything is sent (unless the first one failed). Any ApiError is
    recorded on it and re-raised (ApiValidationError carries the contract's
    field names in ``field_errors``). On success a ``model_sync`` task is
    enqueued once the transaction commits.
    """
    pool = list(pool_sessions) if mode == TrainingRequest.Mode.POOL else []
    train = list(train_sessions) if mode == TrainingRequest.Mode.SPLIT else []
    test = list(test_sessions) if mode == TrainingRequest.Mode.SPLIT else []
    spec = TrainingSpec(
        name=name or model_name_suggest(display_name=display_name),
        display_name=display_name,
        language=language,
        base_id=base_id,
        annotation_ids=[session.remote_id for session in pool],
        trainset_annotation_ids=[session.remote_id for session in train],
        testset_annotation_ids=[session.remote_id for session in test],
    )
    request = _training_request_create(
        idempotency_key=idempotency_key,
        project=project,
        user=user,
        payload=spec.to_json(),
        mode=mode,
        pool_session_ids=[session.pk for session in pool],
        train_session_ids=[session.pk for session in train],
        test_session_ids=[session.pk for session in test],
    )
    try:
        remote = _training_send(project=project, spec=spec, client=client)
    except ApiError as exc:
        request.response_status = exc.status
        request.response_body = {"detail": exc.message, "errors": exc.field_errors}
        request.error = exc.message
        request.save(update_fields=["response_status", "response_body", "error"])
        raise

    from ..tasks import model_sync as model_sync_task  # the tasks module imports services

    with transaction.atomic():
        model, _created = TrainedModel.objects.update_or_create(
            project=project,
            remote_id=remote.id,
            defaults={
                **_model_values(remote),
                "started_by": user,
                "last_synced_at": timezone.now(),
                "status_changed_at": timezone.now(),
            },
        )
        _audit(project=project, user=user, action=AuditEvent.Action.TRAINING_STARTED, model=model)
        request.response_status = 201
        request.response_body = _json_safe(asdict(remote))
        request.model = model
        request.save(update_fields=["response_status", "response_body", "model"])
        model_sync_task.delay_on_commit(model_id=model.pk)
    return model


# -- models ----------------------------------------------------------------------------


def model_sync(*, model: TrainedModel, client: DeepOpinionClient) -> TrainedModel:
    """Refresh one model from the service; a model the service no longer knows is
    marked FAILED with :data:`DELETED_REMOTELY`."""
    try:
        remote = client.get_model(model.project.remote_id, model.remote_id)
    except ApiNotFound:
        return _model_mark_deleted_remotely(model=model)
    return _model_store(model=model, remote=remote)


def models_sync_in_flight(*, client: DeepOpinionClient) -> SyncResult:
    """Refresh every model that is not terminal yet.

    Per project: one ``list_models`` filtered by the in-flight statuses, stored
    with a write only for the models that changed (one UPDATE stamps the others);
    the models absent from that answer have moved on (or are gone) and get one GET
    each. An error on one project or model is logged and the others go on; if
    nothing could be refreshed because the service is unreachable, the
    ApiUnavailable is raised so the task can retry.
    """
    result = SyncResult()
    by_project: dict[int, list[TrainedModel]] = defaultdict(list)
    for model in model_list_in_flight():
        by_project[model.project_id].append(model)

    for models in by_project.values():
        project = models[0].project
        try:
            remote_models = client.list_models(
                project.remote_id, statuses=[str(status) for status in IN_FLIGHT_STATUSES]
            )
        except ApiError as exc:
            logger.warning("Models of project %s not listed: %s", project.remote_id, exc.message)
            result.errors.append(exc)
            remote_models = []
        remote_by_id = {remote.id: remote for remote in remote_models}
        listed = [
            (model, remote_by_id[model.remote_id])
            for model in models
            if model.remote_id in remote_by_id
        ]
        _models_store(pairs=listed)
        result.updated += len(listed)
        for model in models:
            if model.remote_id in remote_by_id:
                continue
            try:
                model_sync(model=model, client=client)
            except ApiError as exc:
                logger.warning("Model %s not refreshed: %s", model.remote_id, exc.message)
                result.failed += 1
                result.errors.append(exc)
            else:
                result.updated += 1

    unavailable = [exc for exc in result.errors if isinstance(exc, ApiUnavailable)]
    if by_project:
        sync_health.unreachable_record(
            service=sync_health.TEXT, unreachable=bool(unavailable) and not result.updated
        )
    if unavailable and not result.updated:
        raise unavailable[0]
    return result


def model_activate(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s activates model %s", user, model.pk)
    remote = client.activate_model(model.project.remote_id, model.remote_id)
    _audit(project=model.project, user=user, action=AuditEvent.Action.MODEL_ACTIVATED, model=model)
    return _model_store(model=model, remote=remote)


def model_publish(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s publishes model %s", user, model.pk)
    remote = client.publish_model(model.project.remote_id, model.remote_id)
    _audit(project=model.project, user=user, action=AuditEvent.Action.MODEL_PUBLISHED, model=model)
    return _model_store(model=model, remote=remote)


def model_cancel(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s cancels model %s", user, model.pk)
    remote = client.cancel_model(model.project.remote_id, model.remote_id)
    _audit(
        project=model.project, user=user, action=AuditEvent.Action.TRAINING_CANCELLED, model=model
    )
    return _model_store(model=model, remote=remote)


def model_delete(*, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient) -> None:
    """Delete at the service, then here; a model the service no longer knows is removed too."""
    logger.info("%s deletes model %s", user, model.pk)
    with contextlib.suppress(ApiNotFound):
        client.delete_model(model.project.remote_id, model.remote_id)
    with transaction.atomic():
        _audit(
            project=model.project, user=user, action=AuditEvent.Action.MODEL_DELETED, model=model
        )
        model.delete()


# -- webhooks --------------------------------------------------------------------------


class WebhookDeliveryFailed(Exception):
    """An attempt that may succeed later (no answer, 5xx, 408, 429): the task retries."""


def webhook_create(*, project: Project, user: AbstractBaseUser, url: str, secret: str) -> Webhook:
    with transaction.atomic():
        webhook = Webhook.objects.create(project=project, url=url, secret=secret)
        _audit(
            project=project, user=user, action=AuditEvent.Action.WEBHOOK_ADDED, subject=url[:200]
        )
    logger.info("%s adds webhook %s to project %s", user, webhook.pk, project.pk)
    return webhook


def webhook_update(
    *, webhook: Webhook, user: AbstractBaseUser, url: str, secret: str = ""
) -> Webhook:
    """A new URL, and a new secret when one is given (empty keeps the one set)."""
    changed = values_apply(webhook, {"url": url, **({"secret": secret} if secret else {})})
    if changed:
        with transaction.atomic():
            webhook.save(update_fields=changed)
            _audit(
                project=webhook.project,
                user=user,
                action=AuditEvent.Action.WEBHOOK_CHANGED,
                subject=url[:200],
            )
        logger.info("%s changes webhook %s", user, webhook.pk)
    return webhook


def webhook_delete(*, webhook: Webhook, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        _audit(
            project=webhook.project,
            user=user,
            action=AuditEvent.Action.WEBHOOK_REMOVED,
            subject=webhook.url[:200],
        )
        webhook.delete()
    logger.info("%s removes a webhook of project %s", user, webhook.project.pk)


def _webhook_body(*, model: TrainedModel, event: str, delivery_uuid: uuid_lib.UUID) -> str:
    """The JSON sent, made once: every attempt sends (and signs) these exact bytes."""
    project = model.project
    return json.dumps(
        {
            "id": str(delivery_uuid),
            "event": event,
            "occurred_at": (model.status_changed_at or timezone.now()).isoformat(),
            "project": {"id": project.pk, "remote_id": project.remote_id, "name": project.name},
            "model": {
                "id": model.pk,
                "remote_id": model.remote_id,
                "uuid": str(model.uuid) if model.uuid else None,
                "name": model.name,
                "display_name": model.display_name,
                "type": model.type,
                "language": model.language,
                "status": model.status,
                "score": model.score,
                "error": model.error,
            },
        },
        ensure_ascii=False,
    )


def _webhooks_notify(*, model: TrainedModel) -> list[WebhookDelivery]:
    """Queue the event of the status ``model`` has just reached (READY, FAILED,
    PUBLISHED) for each webhook of its project, sent once the transaction commits.
    One delivery per webhook, model and event: an event learnt twice is sent once."""
    event = WEBHOOK_EVENT_OF_STATUS.get(model.status)
    if event is None:
        return []
    from ..tasks import webhook_deliver as deliver_task  # the tasks module imports services

    deliveries = []
    for webhook in Webhook.objects.filter(project_id=model.project_id):
        delivery_uuid = uuid_lib.uuid4()
        body = _webhook_body(model=model, event=event, delivery_uuid=delivery_uuid)
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    webhook=webhook, model=model, event=event, uuid=delivery_uuid, body=body
                )
        except IntegrityError:
            continue  # queued already
        deliver_task.delay_on_commit(delivery_id=delivery.pk)
        deliveries.append(delivery)
    return deliveries


@sensitive_variables("secret")
def webhook_signature(*, secret: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``body`` keyed with ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_deliver(*, delivery: WebhookDelivery) -> WebhookAttempt | None:
    """POST the delivery to its webhook once and record the attempt; None if it was
    delivered already. Raises WebhookDeliveryFailed when a later try may succeed."""
    if delivery.attempts.filter(status_code__gte=200, status_code__lt=300).exists():
        return None
    webhook = delivery.webhook
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Trainer-Webhooks/1",
        "X-Trainer-Event": delivery.event,
        "X-Trainer-Delivery": str(delivery.uuid),
        "X-Trainer-Timestamp": str(int(time.time())),
        "X-Trainer-Signature": webhook_signature(secret=webhook.secret, body=body),
    }
    result = webhooks_api.deliver(
        webhook.url, body, headers, allow_private=settings.TRAINER_WEBHOOKS_ALLOW_PRIVATE
    )
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts.count() + 1,
        url=webhook.url,
        status_code=result.status_code,
        response_body=result.body,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    if not attempt.ok and result.retryable:
        raise WebhookDeliveryFailed(
            f"Webhook delivery {delivery.uuid}, attempt {attempt.number}: "
            f"{result.status_code or result.error}"
        )
    return attempt
