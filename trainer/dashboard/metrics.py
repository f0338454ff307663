"""A text model's metrics shaped for display, by the vendor's model type, for the model
page of the text wing, the model's card that the status poll renders and the comparison.

What each type means and which figures of the service's ``metrics`` it has are in
:data:`MODEL_TYPE_FIGURES` (docs/text-types.md, "Metrics"): a summary that any service
may send, and the ``metrics-detail`` extension's test-set size and tables (per class, per
label, the confusion matrix of a single-label type), read only where the service
announces that extension."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ModelType


@dataclass(frozen=True)
class TypeFigures:
    """What a model type is and the figures its ``metrics`` hold."""

    meaning: Promise  # what a document of the type holds, as the vendor means it
    score: Promise  # what the model's score is
    summary: tuple[tuple[str, Promise], ...]  # (metrics key, label), in the order shown
    tables: tuple[str, ...]  # the metrics-detail tables, in the order shown


MODEL_TYPE_FIGURES = {
    ModelType.LABEL: TypeFigures(
        meaning=_("Exactly one label per document, such as positive, negative or neutral."),
        score=_("The score is the accuracy: the share of test documents given the right label."),
        summary=(("accuracy", _("Accuracy")), ("macro_f1", _("Macro F1 (mean over labels)"))),
        tables=("per_label", "confusion"),
    ),
    ModelType.CLASS: TypeFigures(
        meaning=_("None, one or more classes per document, such as Staff or Room."),
        score=_("The score is the micro F1 over every class found or missed."),
        summary=(
            ("micro_f1", _("Micro F1")),
            ("micro_precision", _("Micro precision")),
            ("micro_recall", _("Micro recall")),
            ("macro_f1", _("Macro F1 (mean over classes)")),
            ("accuracy", _("Exact-set accuracy (all of a document's classes right)")),
        ),
        tables=("per_class",),
    ),
    ModelType.CLASSLABEL: TypeFigures(
        meaning=_("Classes per document, each with its label, such as Staff: positive."),
        score=_("The score is the F1 of classes found with the right label."),
        summary=(
            ("joint_f1", _("Class and label F1")),
            ("class_f1", _("Class F1")),
            ("label_accuracy", _("Label accuracy (on the right classes)")),
        ),
        tables=("per_class", "per_label"),
    ),
    ModelType.ABSA: TypeFigures(
        meaning=_(
            "Aspect-based sentiment: the text is cut into segments, and each segment "
            "carries classes with their labels."
        ),
        score=_("The score is the F1 of the class-and-label pairs of each text's segments."),
        summary=(
            ("pair_f1", _("Class and label F1")),
            ("segment_f1", _("Segment F1 (span, class and label)")),
            ("class_f1", _("Class F1")),
            ("label_accuracy", _("Label accuracy")),
        ),
        tables=("per_class", "per_label"),
    ),
}


def type_meaning(model_type: str) -> str:
    """What a document of ``model_type`` holds, as the vendor means it; "" for another."""
    figures = MODEL_TYPE_FIGURES.get(model_type)
    return figures.meaning if figures else ""


TABLE_TITLES = {
    "per_class": _("Per class"),
    "per_label": _("Per label"),
    "confusion": _("Confusion (rows: gold, columns: predicted)"),
}
TEST_DOCUMENTS = "test_documents"  # the test-set size, a metrics-detail figure
PER_ROW_COLUMNS = (
    ("precision", _("Precision")),
    ("recall", _("Recall")),
    ("f1", _("F1")),
    ("support", _("Support")),
)
# A confusion cell is shaded by its share of its row (the gold label's documents), in
# this many steps: right answers (the diagonal) in one colour, mistakes in another.
SHADES = 4


def _number(value) -> int | float | None:
    """A JSON number, else None (a bool is no number)."""
    return None if isinstance(value, bool) or not isinstance(value, int | float) else value


def ratio(value) -> float | None:
    """A ratio as a float (JSON may send 1 for 1.0), so the ``metric`` filter shows "1.000"."""
    number = _number(value)
    return None if number is None else float(number)


def _count(value) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _confusion_shade(*, hit: bool, count: int, row_total: int) -> str:
    """The CSS class of a confusion cell: ``confusion-hit-N`` on the diagonal,
    ``confusion-miss-N`` off it, N from 1 to :data:`SHADES`; "" for an empty cell."""
    if not count or not row_total:
        return ""
    level = max(1, round(SHADES * count / row_total))
    return f"confusion-{'hit' if hit else 'miss'}-{level}"


def _rows(value) -> dict[str, dict]:
    """A table's rows ``{name: {column: value}}``, sorted by name (PostgreSQL's jsonb
    keeps no order); {} when ``value`` is not that shape."""
    if not isinstance(value, dict) or not all(isinstance(row, dict) for row in value.values()):
        return {}
    return dict(sorted(value.items()))


def per_item_table(value) -> dict | None:
    """A ``per_class`` or ``per_label`` table: precision, recall and F1 as ratios,
    support as a count; None when empty or not that shape."""
    rows = _rows(value)
    if not rows:
        return None
    return {
        "columns": [label for _key, label in PER_ROW_COLUMNS],
        "rows": [
            (
                name,
                [
                    ((_count if key == "support" else ratio)(row.get(key)), "")
                    for key, _label in PER_ROW_COLUMNS
                ],
            )
            for name, row in rows.items()
        ],
    }


def f1_per_item(value) -> dict[str, float | None]:
    """``{name: F1}`` of a ``per_class`` or ``per_label`` table; {} when not that shape."""
    return {name: ratio(row.get("f1")) for name, row in _rows(value).items()}


def confusion_table(value) -> dict | None:
    """``{gold: {predicted: count}}`` as a square table over every label either way,
    each cell shaded by its share of its gold row (:func:`_confusion_shade`)."""
    rows = _rows(value)
    if not rows:
        return None
    names = sorted({*rows, *(column for row in rows.values() for column in row)})
    table_rows = []
    for gold in names:
        counts = [_count(rows.get(gold, {}).get(predicted, 0)) or 0 for predicted in names]
        total = sum(counts)
        shades = [
            _confusion_shade(hit=gold == predicted, count=count, row_total=total)
            for predicted, count in zip(names, counts, strict=True)
        ]
        table_rows.append((gold, list(zip(counts, shades, strict=True))))
    return {"columns": names, "rows": table_rows}


TABLE_SHAPERS = {
    "per_class": per_item_table,
    "per_label": per_item_table,
    "confusion": confusion_table,
}


def has_detail(*, model_type: str, metrics: dict) -> bool:
    """Whether ``metrics`` holds any of the metrics-detail figures of ``model_type``
    (only then does it matter whether the service announces the extension)."""
    figures = MODEL_TYPE_FIGURES.get(model_type)
    keys = (TEST_DOCUMENTS, *figures.tables) if figures else ()
    return isinstance(metrics, dict) and any(key in metrics for key in keys)


def model_metrics_for_display(*, model_type: str, metrics: dict, detail: bool) -> dict:
    """The figures of ``metrics`` that a model of ``model_type`` has: what its
    ``score`` is, ``scalars`` ``[(label, value)]`` (the type's summary; with
    ``detail``, the metrics-detail extension announced, also the test-set size) and,
    with ``detail``, ``tables`` ``[{"title", "columns", "rows": [(name, [(value,
    shade)])]}]``. A figure the service did not send, or sent in another shape, is
    left out."""
    figures = MODEL_TYPE_FIGURES.get(model_type)
    metrics = metrics if isinstance(metrics, dict) else {}
    if figures is None:
        return {"score": "", "scalars": [], "tables": []}
    scalars = [(label, ratio(metrics.get(key))) for key, label in figures.summary]
    tables = []
    if detail:
        scalars.append((_("Test documents"), _count(metrics.get(TEST_DOCUMENTS))))
        for key in figures.tables:
            table = TABLE_SHAPERS[key](metrics.get(key))
            if table:
                tables.append({"title": TABLE_TITLES[key], **table})
    return {
        "score": figures.score,
        "scalars": [(label, value) for label, value in scalars if value is not None],
        "tables": tables,
    }
