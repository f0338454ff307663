"""The text wing's mirror of the training service: projects, their labeling sessions
and models stored as the service answers, by Celery's sync and after a person's
action (:mod:`.services`).

The service's answers are mirrored as they are; a model that the service no
longer knows (404 on GET, or missing from the project's list) is kept, marked
FAILED with :data:`~trainer.dashboard.mirror.DELETED_REMOTELY`, so that its history
and training request stay visible and polling stops.
"""

from __future__ import annotations

import logging
import uuid as uuid_lib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from trainer.apiclient import deepopinion as remote_api
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.apiclient.errors import ApiError, ApiNotFound, ApiUnavailable

from .. import sync_health
from ..mirror import DELETED_REMOTELY, SyncResult, values_apply
from ..models import (
    IMPORTING_STATUSES,
    IN_FLIGHT_STATUSES,
    PREDICTING_STATUSES,
    LabelingSession,
    ModelStatus,
    ModelType,
    Project,
    SessionMode,
    SessionStatus,
    TrainedModel,
)
from ..polling import cache as poll_cache
from ..polling.selectors import model_poll_columns
from ..webhooks import webhooks_notify
from .selectors import model_list_in_flight

logger = logging.getLogger(__name__)


def _uuid_or_none(value: Any) -> uuid_lib.UUID | None:
    try:
        return uuid_lib.UUID(str(value)) if value else None
    except ValueError:
        return None


def model_values(remote: remote_api.Model) -> dict[str, Any]:
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


def _names(value: Any) -> list[str]:
    return [name for name in value if isinstance(name, str)] if isinstance(value, list) else []


def session_values(
    remote: remote_api.LabelingSession, *, model_ids: Mapping[int, int]
) -> dict[str, Any]:
    """LabelingSession field values from the service's answer; a correction session's
    model is found in ``model_ids`` (the project's models' ids here by their ids at
    the service)."""
    correction = remote.mode == SessionMode.CORRECTION
    return {
        "mode": SessionMode.CORRECTION if correction else SessionMode.ANNOTATION,
        "model_id": model_ids.get(remote.model_id) if correction else None,
        "name": remote.name or "",
        "type": remote.type or "",
        "documents": int(remote.document_count or 0),
        "classes": _names(remote.classes),
        "labels": _names(remote.labels),
        "created": remote.created,
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
        webhooks_notify(model=model)
    return model


def model_store(*, model: TrainedModel, remote: remote_api.Model) -> TrainedModel:
    """Save the service's answer into ``model``, only the fields that changed."""
    return _model_save(model=model, values=model_values(remote))


@transaction.atomic
def _models_store(*, pairs: Sequence[tuple[TrainedModel, remote_api.Model]]) -> None:
    """:func:`model_store` for models read together (a list of the service's), in one
    transaction (one commit, not one per model), with no write per unchanged model:
    those get ``last_synced_at`` in one UPDATE. Once committed, their states go to the
    status poll's cache, read back in one query (a failure there is logged: polls
    then read the database)."""
    unchanged = []
    for model, remote in pairs:
        values = model_values(remote)
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


@transaction.atomic
def _project_store(
    *,
    remote: remote_api.Project,
    sessions: Sequence[remote_api.LabelingSession],
    remote_models: Sequence[remote_api.Model],
) -> Project:
    """Create or update one project, its models (before the sessions, which name the
    model that corrects them), and make its sessions exactly ``sessions``."""
    values = {
        "name": remote.name,
        "description": remote.description or "",
        "type": remote.type if remote.type in ModelType.values else "",
    }
    project, created = Project.objects.get_or_create(remote_id=remote.id, defaults=values)
    changed = [] if created else values_apply(project, values)
    project.last_synced_at = timezone.now()
    project.save(update_fields=[*changed, "last_synced_at"])
    _project_models_store(project=project, remote_models=remote_models)

    model_ids = dict(project.trained_models.values_list("remote_id", "pk"))
    existing = {session.remote_id: session for session in project.sessions.all()}
    for remote_session in sessions:
        values = session_values(remote_session, model_ids=model_ids)
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
                **model_values(remote),
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
    return _project_store(remote=remote, sessions=sessions, remote_models=remote_models)


def project_register(*, remote_id: int, name: str, description: str = "") -> Project:
    """Know a project by its id at the service before the first sync fills it in."""
    project, _created = Project.objects.get_or_create(
        remote_id=remote_id, defaults={"name": name, "description": description}
    )
    return project


def project_sync(*, project: Project, client: DeepOpinionClient) -> Project:
    """Refresh one project, its labeling sessions (removing those gone) and its models."""
    return _project_pull(remote=client.get_project(project.remote_id), client=client)


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


def sessions_sync_importing(*, client: DeepOpinionClient) -> int:
    """Refresh the projects that have a labeling session whose file is being
    imported (its progress, then FINISHED or FAILED), or whose documents a model is
    pre-labeling (then ANNOTATING); the number refreshed."""
    waiting = (*IMPORTING_STATUSES, *PREDICTING_STATUSES)
    projects = Project.objects.filter(sessions__status__in=waiting).distinct()
    for project in projects:
        project_sync(project=project, client=client)
    return len(projects)


def model_sync(*, model: TrainedModel, client: DeepOpinionClient) -> TrainedModel:
    """Refresh one model from the service; a model the service no longer knows is
    marked FAILED with :data:`DELETED_REMOTELY`."""
    try:
        remote = client.get_model(model.project.remote_id, model.remote_id)
    except ApiNotFound:
        return _model_mark_deleted_remotely(model=model)
    return model_store(model=model, remote=remote)


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
