"""Reads of the capture wing. Every page, partial and action passes through
:func:`capture_project_get_for_member`."""

from __future__ import annotations

import re

from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..access import User, role_check
from ..charts import ChartPoint, ChartSeries, line_chart
from ..formats import percent
from ..models import (
    CAPTURE_FINAL_STATUSES,
    CAPTURE_PROCESSED_STATUSES,
    CaptureDocument,
    CaptureProject,
    Role,
)
from .words import drawing_texts


def capture_project_list_for_user(*, user: User) -> list[CaptureProject]:
    """The user's capture projects, each with ``user_role``, ``role_label``,
    ``document_count`` and ``field_count``. One query."""
    if not user.is_authenticated:
        return []
    projects = list(
        CaptureProject.objects.filter(memberships__user=user)
        .annotate(
            user_role=F("memberships__role"),
            document_count=Count("documents", distinct=True),
            field_count=Count("fields", distinct=True),
        )
        .order_by("name", "id")
    )
    for project in projects:
        project.role_label = Role(project.user_role).label
    return projects


def capture_project_get_for_member(
    *, project_id: int, user: User, min_role: int = Role.READ_ONLY
) -> CaptureProject:
    """THE access gate of capture projects, as :func:`project_get_for_member` is for
    text projects: 404 for a non-member, 403 for a too-low role. Sets ``user_role``,
    ``role_label``, ``can_upload`` and ``can_verify`` (annotator and up) and
    ``can_manage``."""
    if not user.is_authenticated:
        raise Http404(_("No such project."))
    project = (
        CaptureProject.objects.filter(pk=project_id, memberships__user=user)
        .annotate(user_role=F("memberships__role"))
        .first()
    )
    if project is None:
        raise Http404(_("No such project."))
    role_check(project.user_role, min_role=min_role)
    project.role_label = Role(project.user_role).label
    project.can_upload = Role.at_least(project.user_role, Role.ANNOTATOR)
    project.can_verify = project.can_upload
    project.can_manage = Role.at_least(project.user_role, Role.MANAGER)
    return project


def capture_document_get_for_member(
    *, project_id: int, document_id: int, user: User, min_role: int = Role.READ_ONLY
) -> CaptureDocument:
    """One document of a capture project the user may see; ``document.project`` is
    the gated project."""
    project = capture_project_get_for_member(project_id=project_id, user=user, min_role=min_role)
    document = (
        CaptureDocument.objects.filter(project=project, pk=document_id)
        .select_related("uploaded_by")
        .first()
    )
    if document is None:
        raise Http404(_("No such document."))
    document.project = project
    return document


def capture_document_list(*, project: CaptureProject) -> QuerySet[CaptureDocument]:
    return CaptureDocument.objects.filter(project=project).select_related("uploaded_by")


def capture_documents_in_flight() -> QuerySet[CaptureDocument]:
    """Documents whose capture task is not over: being captured, or waiting for a person."""
    return (
        CaptureDocument.objects.exclude(status__in=CAPTURE_FINAL_STATUSES)
        .select_related("project")
        .order_by("pk")
    )


def capture_drawing(*, document: CaptureDocument) -> list[dict]:
    """The rectangles to start drawing from: the last training that succeeded,
    else what the capture found."""
    trained = document.trainings.filter(response_status=204).order_by("-created", "-id").first()
    if trained is not None:
        return trained.payload["fields"]
    return [
        {"name": f["name"], "rectangles": f["rectangles"]}
        for f in document.layout.get("fields", [])
        if f.get("rectangles")
    ]


_TRAINING_ERROR_KEY = re.compile(r"^fields\[(\d+)\](?:\.rectangles\[(\d+)\])?")


def capture_training_errors(*, payload: dict, field_errors: dict[str, list[str]]) -> dict:
    """A 400's field errors placed where the viewer shows them: ``by_field``
    ``{name: [{"rectangle": index or None, "key", "message"}]}`` for the errors
    inside ``fields[i]``, ``general`` ``[(key, message)]`` for the others."""
    fields = payload.get("fields", [])
    by_field: dict[str, list[dict]] = {}
    general = []
    for key, messages in field_errors.items():
        match = _TRAINING_ERROR_KEY.match(key)
        index = int(match.group(1)) if match else None
        if index is None or index >= len(fields):
            general.extend((key, message) for message in messages)
            continue
        rectangle = int(match.group(2)) if match.group(2) is not None else None
        by_field.setdefault(fields[index]["name"], []).extend(
            {"rectangle": rectangle, "key": key, "message": message} for message in messages
        )
    return {"by_field": by_field, "general": general}


def capture_viewer_state(
    *, document: CaptureDocument, drawing: list[dict], errors: dict | None = None
) -> dict:
    """What static/dashboard/capture.js draws: the pages (with the URL of the image
    the dashboard renders) and the project's fields, each with its rectangles, the
    text under them and which of them have none (``blank``, see
    :func:`~.words.drawing_texts`), its errors, its label (the last part
    of its path: ``Total`` for ``Root/Invoice Layout/Total``) and whether the capture
    found it unsure (below the document type's threshold, as its export says)."""
    project = document.project
    rectangles: dict[str, list[dict]] = {}
    for item in drawing:
        rectangles.setdefault(item["name"], []).extend(item["rectangles"])
    names = [(f.name, f.required) for f in project.fields.all()]
    known = {name for name, _required in names}
    names += [
        (f["name"], False) for f in document.layout.get("fields", []) if f["name"] not in known
    ]
    pages = [
        {
            "id": page["id"],
            "number": page["number"],
            "width": page["width"],
            "height": page["height"],
            "image": reverse(
                "dashboard:capture-page-image", args=[project.pk, document.pk, page["id"]]
            ),
        }
        for page in document.layout.get("pages", [])
    ]
    unsure = {f["name"] for f in document.fields_found if f.get("unsure")}
    texts = drawing_texts(
        document=document, drawing=[{"name": n, "rectangles": r} for n, r in rectangles.items()]
    )
    by_field = (errors or {}).get("by_field", {})
    return {
        "pages": pages,
        "fields": [
            {
                "name": name,
                "label": field_label(name),
                "required": required,
                "unsure": name in unsure,
                "rectangles": rectangles.get(name, []),
                **texts.get(name, {"text": "", "blank": []}),
                "errors": by_field.get(name, []),
            }
            for name, required in names
        ],
    }


def field_label(name: str) -> str:
    """The last part of a field's path: ``Total`` for ``Root/Invoice Layout/Total``."""
    return name.rpartition("/")[2]


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def capture_accuracy(*, project: CaptureProject) -> dict:
    """How well the capture did on each trained document before it was corrected,
    by the number of documents trained before it was captured.

    For each document with a successful training, each field drawn in that
    training is *found* when the capture gave it a value and *correct* when that
    value is the text trained. Returns ``per_field`` ``[(name, found, correct,
    total)]``, ``points`` ``[{"samples", "accuracy", "fields"}]`` and their ``chart``
    (see :func:`trainer.dashboard.charts.line_chart`).
    """
    documents = list(
        CaptureDocument.objects.filter(
            project=project, status__in=CAPTURE_PROCESSED_STATUSES, trainings__response_status=204
        )
        .distinct()
        .prefetch_related("trainings")
    )
    first_trained = {
        document.pk: min(
            (t for t in document.trainings.all() if t.succeeded), key=lambda t: (t.created, t.pk)
        )
        for document in documents
    }
    trained_at = sorted(training.created for training in first_trained.values())
    names = list(project.fields.values_list("name", flat=True))
    per_field = {name: [0, 0, 0] for name in names}
    by_samples: dict[int, list[int]] = {}
    for document in documents:
        training = first_trained[document.pk]
        found = {f["name"]: f.get("value") or "" for f in document.fields_found}
        samples = sum(1 for when in trained_at if when < document.created)
        counts = by_samples.setdefault(samples, [0, 0])
        for name, truth in training.values.items():
            if not truth:
                continue
            value = found.get(name, "")
            correct = _normalized(value) == _normalized(truth)
            tally = per_field.setdefault(name, [0, 0, 0])
            tally[0] += bool(value)
            tally[1] += correct
            tally[2] += 1
            counts[0] += correct
            counts[1] += 1
    points = [
        {"samples": samples, "accuracy": correct / total, "fields": total}
        for samples, (correct, total) in sorted(by_samples.items())
        if total
    ]
    most = max(by_samples, default=0) or 1
    chart = line_chart(
        title=_("Accuracy by the number of documents trained"),
        label_heading=_("Fields checked"),
        x_label=_("Documents trained"),
        y_label=_("Accuracy"),
        x_ticks=[
            (str(samples), samples / most)
            for samples in sorted({0, most if by_samples else 0, *by_samples})
        ],
        y_ticks=[(percent(share * 100), share) for share in (0, 0.5, 1)],
        series=[
            ChartSeries(
                name="",
                points=[
                    ChartPoint(
                        x=point["samples"] / most,
                        y=point["accuracy"],
                        label=ngettext(
                            "%(count)d field checked", "%(count)d fields checked", point["fields"]
                        )
                        % {"count": point["fields"]},
                        x_text=str(point["samples"]),
                        y_text=percent(point["accuracy"] * 100),
                    )
                    for point in points
                ],
            )
        ],
    )
    return {
        "per_field": [(name, *tally) for name, tally in per_field.items() if tally[2]],
        "points": points,
        "chart": chart,
    }
