"""Small factory functions for the dashboard's rows and the service's JSON answers."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from django.contrib.auth import get_user_model

from trainer.dashboard.models import (
    LabelingSession,
    Membership,
    Project,
    Role,
    TrainedModel,
)

_ids = itertools.count(1000)  # clear of the small ids that tests spell out

PASSWORD = "correct-horse-battery"


def next_id() -> int:
    return next(_ids)


# -- dashboard rows --------------------------------------------------------------------


def make_user(*, username: str | None = None, password: str = PASSWORD, **extra: Any):
    username = username or f"user{next_id()}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_project(
    *, remote_id: int | None = None, name: str = "Support inbox", **extra: Any
) -> Project:
    return Project.objects.create(remote_id=remote_id or next_id(), name=name, **extra)


def make_membership(*, user, project: Project, role: int = Role.READ_ONLY) -> Membership:
    return Membership.objects.create(user=user, project=project, role=role)


def make_member(*, project: Project, role: int = Role.READ_ONLY, **extra: Any):
    user = make_user(**extra)
    make_membership(user=user, project=project, role=role)
    return user


def make_session(
    *,
    project: Project,
    remote_id: int | None = None,
    name: str | None = None,
    type: str = "CLASS",
    documents: int = 40,
    **extra: Any,
) -> LabelingSession:
    remote_id = remote_id or next_id()
    return LabelingSession.objects.create(
        project=project,
        remote_id=remote_id,
        name=name or f"Session {remote_id}",
        type=type,
        documents=documents,
        **extra,
    )


def make_model(
    *,
    project: Project,
    remote_id: int | None = None,
    status: str = "TRAINING",
    name: str | None = None,
    **extra: Any,
) -> TrainedModel:
    remote_id = remote_id or next_id()
    values = {
        "uuid": uuid.uuid4(),
        "name": name or f"model-{remote_id}",
        "display_name": f"Model {remote_id}",
        "language": "en",
        "type": "CLASS",
        "progress": 40.0 if status == "TRAINING" else 0.0,
        **extra,
    }
    return TrainedModel.objects.create(
        project=project, remote_id=remote_id, status=status, **values
    )


# -- the service's JSON (the contract's shapes) ----------------------------------------


def project_json(**overrides: Any) -> dict:
    return {
        "id": next_id(),
        "name": "Support inbox",
        "description": "",
        "role": "MANAGER",
    } | overrides


def session_json(**overrides: Any) -> dict:
    """The vendor's LabelingSession."""
    remote_id = overrides.pop("id", None) or next_id()
    return {
        "id": remote_id,
        "uuid": str(uuid.uuid4()),
        "name": f"Session {remote_id}",
        "description": "",
        "type": "CLASS",
        "status": "FINISHED",
        "mode": "ANNOTATION",
        "document_count": 40,
        "classes": ["billing", "refund"],
        "labels": [],
        "progress": 100.0,
        "created": "2025-11-20T10:00:00Z",
        "finished": "2025-11-20T10:00:01Z",
        "user_id": 7,
        "project_id": 1,
        "model_id": None,
        "organization_id": None,
        "document_group_id": None,
    } | overrides


def base_model_json(**overrides: Any) -> dict:
    remote_id = overrides.pop("id", None) or next_id()
    return {
        "id": remote_id,
        "name": f"base-{remote_id}",
        "display_name": f"Base {remote_id}",
        "type": "BASE",
        "language": "en",
    } | overrides


def catalog_json(*models: dict, offset: int = 0, has_more: bool = False) -> dict:
    """One page of ``GET /models``: the vendor's envelope around ``models``."""
    return {
        "models": list(models),
        "count": len(models),
        "offset": offset,
        "limit": 100,
        "has_more": has_more,
    }


def model_json(**overrides: Any) -> dict:
    remote_id = overrides.pop("id", None) or next_id()
    return {
        "id": remote_id,
        "uuid": str(uuid.uuid4()),
        "project_id": 1,
        "name": f"model-{remote_id}",
        "display_name": f"Model {remote_id}",
        "short_description": "",
        "long_description": "",
        "language": "en",
        "type": "CLASS",
        "base": "",
        "owner": "dashboard",
        "created": "2025-11-24T12:00:00Z",
        "status": "CREATED",
        "progress": 0.0,
        "score": None,
    } | overrides
