"""The audit log of text projects: who did what, when (the project page shows the
newest events). Written by the text wing's services and by the webhooks' settings."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from .models import AuditEvent, Project, TrainedModel


def audit_event_create(
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


def audit_event_list_for_project(*, project: Project, limit: int = 20) -> list[AuditEvent]:
    """The project's newest audit events, newest first."""
    return list(
        AuditEvent.objects.filter(project=project)
        .select_related("user", "model")
        .order_by("-created", "-id")[:limit]
    )
