"""Writes of the text wing that a person asks for: create, change, refresh or delete a
project (its name, classes and labels), upload or delete a labeling session, start a
correction session of a model, start a training, activate, publish, cancel or delete
a model. Each is kept in the audit log. How the service's answers are stored is
:mod:`.sync`."""

from __future__ import annotations

import contextlib
import logging
import uuid as uuid_lib
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from trainer.apiclient import deepopinion as remote_api
from trainer.apiclient.deepopinion import TAG_KINDS, DeepOpinionClient, TrainingSpec
from trainer.apiclient.errors import ApiError, ApiNotFound, ApiUnavailable

from ..audit import audit_event_create
from ..models import (
    AuditEvent,
    LabelingSession,
    Membership,
    Project,
    Role,
    TrainedModel,
    TrainingRequest,
)
from ..tasks import model_sync as model_sync_task
from .sync import model_store, model_values, project_sync, session_values

logger = logging.getLogger(__name__)


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


# What adding and removing a class or a label is called in the audit log.
TAG_ACTIONS = {
    "classes": (AuditEvent.Action.CLASS_ADDED, AuditEvent.Action.CLASS_REMOVED),
    "labels": (AuditEvent.Action.LABEL_ADDED, AuditEvent.Action.LABEL_REMOVED),
}


def _tag_refused(exc: ApiError, *, kind: str, name: str) -> ApiError:
    """The service's refusal of one class or label (``kind``), its messages told on
    the form's field of that kind, after the name refused."""
    said = [message for messages in exc.field_errors.values() for message in messages]
    exc.field_errors = {
        kind: [
            gettext("%(name)s: %(message)s") % {"name": name, "message": message}
            for message in said or [exc.message]
        ]
    }
    return exc


def _tag_create(*, project_remote_id: int, kind: str, name: str, client: DeepOpinionClient) -> None:
    try:
        client.create_tag(project_remote_id, kind, name=name)
    except ApiError as exc:
        raise _tag_refused(exc, kind=kind, name=name) from None


def project_create(
    *,
    user: AbstractBaseUser,
    name: str,
    type: str,  # noqa: A002 - the vendor's field name
    classes: Iterable[str] = (),
    labels: Iterable[str] = (),
    client: DeepOpinionClient,
) -> Project:
    """Create the project at the service (``POST /projects``), then its classes and
    labels, and mirror it here with ``user`` as its OWNER. All or nothing: when the
    service refuses a class or a label, the project it has just made is deleted there
    again and the refusal raised (its ``field_errors`` name ``classes`` or ``labels``)."""
    remote = client.create_project(name=name, type=type)
    logger.info("%s created project %s at the service", user, remote.id)
    try:
        for kind, names in (("classes", classes), ("labels", labels)):
            for tag in names:
                _tag_create(project_remote_id=remote.id, kind=kind, name=tag, client=client)
    except ApiError:
        try:
            client.delete_project(remote.id)
        except ApiError as exc:
            logger.warning("Project %s left at the service: %s", remote.id, exc.message)
        raise
    with transaction.atomic():
        # The sync may have mirrored it already (it sees what the dashboard's account made).
        project, _created = Project.objects.update_or_create(
            remote_id=remote.id,
            defaults={"name": remote.name or name, "type": type, "last_synced_at": timezone.now()},
        )
        membership_set(project=project, user=user, role=Role.OWNER)
        audit_event_create(project=project, user=user, action=AuditEvent.Action.PROJECT_CREATED)
    return project


def project_change(
    *,
    project: Project,
    user: AbstractBaseUser,
    name: str,
    classes: Sequence[str],
    labels: Sequence[str],
    client: DeepOpinionClient,
) -> Project:
    """Make the project's labels, classes and name at the service what the person
    typed, each change in the audit log. The labels go first: the service refuses
    any change of an ABSA project's labels (409) before anything else has changed.
    A refusal is raised as it comes (what was done before it stays done)."""
    wanted = {"classes": list(classes), "labels": list(labels)}
    for kind in reversed(TAG_KINDS):  # labels, then classes
        added, removed = TAG_ACTIONS[kind]
        current = client.list_tags(project.remote_id, kind)
        for tag in current:
            if tag.name not in wanted[kind]:
                try:
                    client.delete_tag(project.remote_id, kind, tag.id)
                except ApiError as exc:
                    raise _tag_refused(exc, kind=kind, name=tag.name) from None
                audit_event_create(project=project, user=user, action=removed, subject=tag.name)
        have = {tag.name for tag in current}
        for tag in wanted[kind]:
            if tag not in have:
                _tag_create(project_remote_id=project.remote_id, kind=kind, name=tag, client=client)
                audit_event_create(project=project, user=user, action=added, subject=tag)
    if name != project.name:
        remote = client.update_project(project.remote_id, name=name)
        project.name = remote.name or name
        project.save(update_fields=["name"])
        audit_event_create(
            project=project, user=user, action=AuditEvent.Action.PROJECT_RENAMED, subject=name
        )
    return project


def project_refresh(
    *, project: Project, user: AbstractBaseUser, client: DeepOpinionClient
) -> Project:
    """A person's refresh of the project from the service, kept in the audit log."""
    project = project_sync(project=project, client=client)
    audit_event_create(project=project, user=user, action=AuditEvent.Action.PROJECT_REFRESHED)
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
    audit_event_create(project=project, user=user, action=AuditEvent.Action.PROJECT_DELETED)
    project.delete()


def labeling_session_upload(
    *,
    project: Project,
    user: AbstractBaseUser,
    file: UploadedFile,
    client: DeepOpinionClient,
) -> LabelingSession:
    """Create a labeling session at the service from ``file`` (of the project's type,
    named after the file) and mirror it.

    The file is streamed from where Django keeps it (memory, or a temporary file
    for a large upload). The new session is stored from the service's answer,
    then the project's sessions are refreshed; a failed refresh is only logged.
    """
    logger.info("%s uploads %s to project %s", user, file.name, project.remote_id)
    remote = client.upload_session(project.remote_id, file=file, filename=file.name)
    session, _created = LabelingSession.objects.update_or_create(
        project=project, remote_id=remote.id, defaults=session_values(remote, model_ids={})
    )
    audit_event_create(
        project=project, user=user, action=AuditEvent.Action.SESSION_UPLOADED, subject=session.name
    )
    try:
        project_sync(project=project, client=client)
    except ApiError as exc:
        logger.warning("Project %s not refreshed after upload: %s", project.remote_id, exc.message)
    return session


def correction_session_create(
    *,
    model: TrainedModel,
    user: AbstractBaseUser,
    name: str = "",
    sample_size: int | None = None,
    client: DeepOpinionClient,
) -> LabelingSession:
    """Ask the service for a session whose documents ``model`` pre-labels for people to
    correct, and mirror it (PREDICTING at first: the project page follows it)."""
    project = model.project
    logger.info("%s starts a correction session of model %s", user, model.remote_id)
    remote = client.create_correction(
        project.remote_id, model_id=model.remote_id, name=name, sample_size=sample_size
    )
    session, _created = LabelingSession.objects.update_or_create(
        project=project,
        remote_id=remote.id,
        defaults=session_values(remote, model_ids={model.remote_id: model.pk}),
    )
    audit_event_create(
        project=project,
        user=user,
        action=AuditEvent.Action.CORRECTION_STARTED,
        model=model,
        subject=session.name,
    )
    return session


def labeling_session_delete(
    *, session: LabelingSession, user: AbstractBaseUser, client: DeepOpinionClient
) -> None:
    """Delete a labeling session at the service, with its documents, and here."""
    logger.info("%s deletes labeling session %s", user, session.remote_id)
    delete = client.delete_correction if session.is_correction else client.delete_session
    with contextlib.suppress(ApiNotFound):  # gone at the service already: only the mirror
        delete(session.project.remote_id, session.remote_id)
    audit_event_create(
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

    with transaction.atomic():
        model, _created = TrainedModel.objects.update_or_create(
            project=project,
            remote_id=remote.id,
            defaults={
                **model_values(remote),
                "started_by": user,
                "last_synced_at": timezone.now(),
                "status_changed_at": timezone.now(),
            },
        )
        audit_event_create(
            project=project, user=user, action=AuditEvent.Action.TRAINING_STARTED, model=model
        )
        request.response_status = 201
        request.response_body = _json_safe(asdict(remote))
        request.model = model
        request.save(update_fields=["response_status", "response_body", "model"])
        model_sync_task.delay_on_commit(model_id=model.pk)
    return model


# -- model lifecycle -------------------------------------------------------------------


def model_activate(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s activates model %s", user, model.pk)
    remote = client.activate_model(model.project.remote_id, model.remote_id)
    audit_event_create(
        project=model.project, user=user, action=AuditEvent.Action.MODEL_ACTIVATED, model=model
    )
    return model_store(model=model, remote=remote)


def model_publish(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s publishes model %s", user, model.pk)
    remote = client.publish_model(model.project.remote_id, model.remote_id)
    audit_event_create(
        project=model.project, user=user, action=AuditEvent.Action.MODEL_PUBLISHED, model=model
    )
    return model_store(model=model, remote=remote)


def model_cancel(
    *, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient
) -> TrainedModel:
    logger.info("%s cancels model %s", user, model.pk)
    remote = client.cancel_model(model.project.remote_id, model.remote_id)
    audit_event_create(
        project=model.project, user=user, action=AuditEvent.Action.TRAINING_CANCELLED, model=model
    )
    return model_store(model=model, remote=remote)


def model_delete(*, model: TrainedModel, user: AbstractBaseUser, client: DeepOpinionClient) -> None:
    """Delete at the service, then here; a model the service no longer knows is removed too."""
    logger.info("%s deletes model %s", user, model.pk)
    with contextlib.suppress(ApiNotFound):
        client.delete_model(model.project.remote_id, model.remote_id)
    with transaction.atomic():
        audit_event_create(
            project=model.project, user=user, action=AuditEvent.Action.MODEL_DELETED, model=model
        )
        model.delete()
