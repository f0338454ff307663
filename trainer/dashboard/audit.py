"""The audit log: who did what, when (the project page shows the newest events).
Written by the text wing's services, the webhooks' settings and the members' changes
(:mod:`.members`, of text and capture projects alike)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from .models import AuditEvent, CaptureProject, Project, TrainedModel


def audit_event_create(
    *,
    project: Project | CaptureProject,
    user: AbstractBaseUser,
    action: str,
    model: TrainedModel | None = None,
    subject: str = "",
) -> AuditEvent:
    capture = isinstance(project, CaptureProject)
    return AuditEvent.objects.create(
        project=None if capture else project,
        capture_project=project if capture else None,
        project_name=project.name,
        user=user,
        action=action,
        model=model,
        subject=subject or (str(model) if model else ""),
    )


def audit_event_list_for_project(
    *, project: Project | CaptureProject, limit: int = 20
) -> list[AuditEvent]:
    """The project's newest audit events, newest first."""
    where = (
        {"capture_project": project}
        if isinstance(project, CaptureProject)
        else {"project": project}
    )
    return list(
        AuditEvent.objects.filter(**where)
        .select_related("user", "model")
        .order_by("-created", "-id")[:limit]
    )
