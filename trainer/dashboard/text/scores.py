"""Reads of the text models' scores: the project page's chart of them over time, and
two models of one type compared side by side on that type's figures (first the
project's newest with a score and the newest of its type before it)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import prefetch_related_objects
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..charts import ChartPoint, ChartSeries, line_chart
from ..metrics import MODEL_TYPE_FIGURES, TABLE_TITLES, f1_per_item, ratio
from ..models import USABLE_STATUSES, LabelingSession, ModelType, Project, TrainedModel

PER_ITEM_TABLES = ("per_class", "per_label")  # compared by F1; a confusion matrix is not
SCORED_STATUSES = USABLE_STATUSES  # trained to the end: a test score, and usable


def model_pair_newest(*, project: Project) -> list[TrainedModel]:
    """The project's newest scored model and the newest of its type before it (or only
    the first, or none): what the comparison shows first. Two queries."""
    scored = TrainedModel.objects.filter(project=project, status__in=SCORED_STATUSES).order_by(
        "-created", "-pk"
    )
    newest = scored.first()
    if newest is None:
        return []
    return [newest, *scored.filter(type=newest.type).exclude(pk=newest.pk)[:1]]


SCORE_CHART_MODELS = 100


def model_score_chart(*, project: Project) -> dict | None:
    """The scores of the project's newest scored models (at most
    ``SCORE_CHART_MODELS``) by when they were created, one series per model type,
    as :func:`trainer.dashboard.charts.line_chart` draws it; None without any. One
    query."""
    models = list(
        TrainedModel.objects.filter(
            project=project,
            status__in=SCORED_STATUSES,
            score__isnull=False,
            created__isnull=False,
        )
        .only("display_name", "name", "type", "score", "created")
        .order_by("-created", "-pk")[:SCORE_CHART_MODELS]
    )
    if not models:
        return None
    models.reverse()
    first, last = models[0].created, models[-1].created
    seconds = (last - first).total_seconds()

    def share(when: datetime) -> float:
        return (when - first).total_seconds() / seconds if seconds else 0.5

    tick_format = "SHORT_DATE_FORMAT" if seconds >= 24 * 3600 else "TIME_FORMAT"
    x_ticks = [(date_format(localtime(first), tick_format), share(first))]
    last_tick = (date_format(localtime(last), tick_format), share(last))
    if last_tick[0] != x_ticks[0][0]:  # not twice the same minute or day
        x_ticks.append(last_tick)
    series = [
        ChartSeries(
            name=label,
            points=[
                ChartPoint(
                    x=share(model.created),
                    y=min(max(model.score, 0.0), 1.0),
                    label=str(model),
                    x_text=date_format(localtime(model.created), "SHORT_DATETIME_FORMAT"),
                    y_text=number_format(model.score, 3),
                )
                for model in models
                if model.type == model_type
            ],
        )
        for model_type, label in ModelType.choices
        if any(model.type == model_type for model in models)
    ]
    return line_chart(
        title=_("Scores of the models over time"),
        label_heading=_("Model"),
        x_label=_("Created"),
        y_label=_("Score"),
        x_ticks=x_ticks,
        y_ticks=[(number_format(share, 1), share) for share in (0.0, 0.5, 1.0)],
        series=series,
    )


def _training_data(model: TrainedModel, sessions: dict[int, str]) -> list[tuple[str, list[str]]]:
    """``[(set label, [session names])]`` of the request that trained ``model``."""
    request = next(iter(model.training_requests.all()), None)
    if request is None:
        return []
    sets = [
        (_("Split automatically"), request.pool_session_ids),
        (_("Train set"), request.train_session_ids),
        (_("Test set"), request.test_session_ids),
    ]
    return [(label, [sessions.get(pk, _("(removed)")) for pk in ids]) for label, ids in sets if ids]


def _delta(values: list) -> float | None:
    return None if None in values else values[1] - values[0]


def _figure_rows(models: list[TrainedModel], *, detail: bool) -> tuple[list, list]:
    """The two models' summary figures ``[(label, first, second, delta)]`` (those either
    has) and, with ``detail``, their F1 per class or per label ``[{"title", "rows"}]``."""
    figures = MODEL_TYPE_FIGURES.get(models[0].type)
    if figures is None:
        return [], []
    summary = []
    for key, label in figures.summary:
        values = [ratio(model.metrics.get(key)) for model in models]
        if values != [None, None]:
            summary.append((label, *values, _delta(values)))
    per_item = []
    for key in PER_ITEM_TABLES if detail else ():
        if key not in figures.tables:
            continue
        f1 = [f1_per_item(model.metrics.get(key)) for model in models]
        rows = []
        for name in sorted(f1[0].keys() | f1[1].keys()):
            values = [scores.get(name) for scores in f1]
            rows.append((name, *values, _delta(values)))
        if rows:
            per_item.append({"title": TABLE_TITLES[key], "rows": rows})
    return summary, per_item


def model_comparison(*, first: TrainedModel, second: TrainedModel, detail: bool) -> dict:
    """Two models of one type side by side: ``models``, the score ``delta`` (second −
    first), ``figures`` ``[(label, first, second, delta)]`` of their type's summary,
    ``per_item`` ``[{"title", "rows": [(name, f1 first, f1 second, delta)]}]`` per class
    and per label where ``detail`` (the metrics-detail extension is announced), and
    ``training_data`` per model. Three queries."""
    models = [first, second]
    prefetch_related_objects(models, "training_requests", "started_by")
    requests = [request for model in models for request in model.training_requests.all()]
    session_ids = {
        pk
        for request in requests
        for pk in (*request.pool_session_ids, *request.train_session_ids, *request.test_session_ids)
    }
    sessions = dict(LabelingSession.objects.filter(pk__in=session_ids).values_list("pk", "name"))
    figures, per_item = _figure_rows(models, detail=detail)
    return {
        "models": models,
        "delta": _delta([model.score for model in models]),
        "figures": figures,
        "per_item": per_item,
        "training_data": [_training_data(model, sessions) for model in models],
    }
