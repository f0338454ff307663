"""Reads. Every page, partial and action passes through :func:`project_get_for_member`."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from trainer.apiclient.text import BaseModel, TextApiClient

from .models import (
    IN_FLIGHT_STATUSES,
    LabelingSession,
    ModelStatus,
    Project,
    Role,
    TrainedModel,
)

User = AbstractBaseUser | AnonymousUser


def _status_key(status: str) -> str:
    return f"models_{status.lower()}"


def project_list_for_user(*, user: User) -> list[Project]:
    """The user's projects, each with ``user_role``, ``session_count``, ``model_count``
    and ``status_counts`` (``[(status, label, count), …]`` for the statuses present).

    One query, whatever the number of projects.
    """
    if not user.is_authenticated:
        return []
    per_status = {
        _status_key(status): Count(
            "trained_models", filter=Q(trained_models__status=status), distinct=True
        )
        for status in ModelStatus.values
    }
    projects = list(
        Project.objects.filter(memberships__user=user)
        .annotate(
            user_role=F("memberships__role"),
            session_count=Count("sessions", distinct=True),
            model_count=Count("trained_models", distinct=True),
            **per_status,
        )
        .order_by("name", "id")
    )
    for project in projects:
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
    """THE access gate: the project, with ``user_role`` and ``can_manage`` set.

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
    if not Role.at_least(project.user_role, min_role):
        raise PermissionDenied(_("Your role in this project does not allow this."))
    project.role_label = Role(project.user_role).label
    project.can_manage = Role.at_least(project.user_role, Role.MANAGER)
    return project


def model_get_for_member(
    *, project_id: int, model_id: int, user: User, min_role: int = Role.READ_ONLY
) -> TrainedModel:
    """One model of a project the user may see; ``model.project`` is the gated project."""
    project = project_get_for_member(project_id=project_id, user=user, min_role=min_role)
    model = (
        TrainedModel.objects.filter(project=project, pk=model_id)
        .select_related("started_by")
        .first()
    )
    if model is None:
        raise Http404(_("No such model."))
    model.project = project
    return model


def session_list_for_project(*, project: Project) -> QuerySet[LabelingSession]:
    return LabelingSession.objects.filter(project=project).order_by("name", "remote_id")


def model_list_for_project(*, project: Project) -> QuerySet[TrainedModel]:
    return TrainedModel.objects.filter(project=project).select_related("started_by")


def model_list_in_flight() -> QuerySet[TrainedModel]:
    """Models the service has not finished with, grouped by project."""
    return (
        TrainedModel.objects.filter(status__in=IN_FLIGHT_STATUSES)
        .select_related("project")
        .order_by("project_id", "remote_id")
    )


def base_model_list(*, client: TextApiClient, language: str | None = None) -> list[BaseModel]:
    """The service's base models (one API call), optionally for one language only."""
    base_models = client.list_base_models()
    if language:
        base_models = [base for base in base_models if base.language == language]
    return sorted(base_models, key=lambda base: (base.language, base.display_name or base.name))


METRIC_LABELS = {
    "score": _("Score"),
    "test_documents": _("Test documents"),
    "accuracy": _("Accuracy"),
    "macro_f1": _("Macro F1"),
    "span_f1": _("Span F1 (exact match)"),
    "aspect_extraction_f1": _("Aspect extraction F1"),
    "polarity_accuracy": _("Polarity accuracy"),
    "pair_f1": _("Aspect and polarity F1"),
    "per_class": _("Per class"),
    "per_label": _("Per label"),
    "per_polarity": _("Per polarity"),
    "confusion": _("Confusion (rows: gold, columns: predicted)"),
    "precision": _("Precision"),
    "recall": _("Recall"),
    "f1": _("F1"),
    "support": _("Support"),
}


def model_metrics_for_display(*, metrics: dict) -> dict:
    """The model's metrics shaped for tables: ``scalars`` ``[(label, value)]`` and
    ``tables`` ``[{"title", "columns", "rows": [(label, [values])]}]``."""
    scalars, tables = [], []
    for key, value in (metrics or {}).items():
        label = METRIC_LABELS.get(key, key.replace("_", " ").capitalize())
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            scalars.append((label, value))
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            columns = []
            for row in value.values():
                columns.extend(column for column in row if column not in columns)
            if key == "confusion":
                columns = sorted(set(columns) | set(value))
                column_labels = columns
            else:
                column_labels = [METRIC_LABELS.get(column, column) for column in columns]
            missing = 0 if key == "confusion" else ""
            rows = [
                (name, [row.get(column, missing) for column in columns])
                for name, row in value.items()
            ]
            tables.append({"title": label, "columns": column_labels, "rows": rows})
    return {"scalars": scalars, "tables": tables}
