"""A model's metrics shaped for display (labels, counts and ratios, tables), for the
model page of the text wing and the model's card that the status poll renders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
# Metrics that count documents or labels; every other number is a ratio.
COUNT_METRICS = frozenset({"test_documents", "support", "confusion"})
POLARITY_LABELS = {
    "positive": _("positive"),
    "negative": _("negative"),
    "neutral": _("neutral"),
    "conflict": _("conflict"),
}


def _metric_number(key: str, value):
    """A count as an int, a ratio as a float (JSON may send 1 for 1.0), so that the
    ``metric`` filter shows "12" and "1.000"; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return int(value) if key in COUNT_METRICS else float(value)


PER_ROW_COLUMNS = ("precision", "recall", "f1", "support")
# A confusion cell is shaded by its share of its row (the gold class's documents), in
# this many steps: right answers (the diagonal) in one colour, mistakes in another.
SHADES = 4


def _confusion_shade(*, gold: str, predicted: str, count, row_total) -> str:
    """The CSS class of a confusion cell: ``confusion-hit-N`` on the diagonal,
    ``confusion-miss-N`` off it, N from 1 to :data:`SHADES`; "" for an empty cell."""
    if not isinstance(count, int | float) or not count or not row_total:
        return ""
    level = max(1, round(SHADES * count / row_total))
    return f"confusion-{'hit' if gold == predicted else 'miss'}-{level}"


def model_metrics_for_display(*, metrics: dict) -> dict:
    """The model's metrics shaped for tables: ``scalars`` ``[(label, value)]`` and
    ``tables`` ``[{"title", "columns", "rows": [(label, [(value, shade)])]}]``; counts
    are ints and ratios floats (see ``COUNT_METRICS``), polarities are translated, and
    a confusion table's cells carry their shade (:func:`_confusion_shade`; "" in other
    tables)."""
    scalars, tables = [], []
    for key, value in (metrics or {}).items():
        label = METRIC_LABELS.get(key, key.replace("_", " ").capitalize())
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            scalars.append((label, _metric_number(key, value)))
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            columns = []
            for row in value.values():
                columns.extend(column for column in row if column not in columns)
            if key == "confusion":
                columns = sorted(set(columns) | set(value))
                column_labels = columns
            else:
                # PostgreSQL's jsonb does not keep key order: put the known columns first.
                columns.sort(
                    key=lambda c: (
                        (PER_ROW_COLUMNS.index(c), "")
                        if c in PER_ROW_COLUMNS
                        else (len(PER_ROW_COLUMNS), c)
                    )
                )
                column_labels = [METRIC_LABELS.get(column, column) for column in columns]
            missing = 0 if key == "confusion" else ""
            row_labels = POLARITY_LABELS if key == "per_polarity" else {}
            # A confusion table counts in every cell; other tables say per column.
            kinds = [key if key == "confusion" else column for column in columns]
            rows = []
            for name, row in value.items():
                numbers = [
                    _metric_number(kind, row.get(column, missing))
                    for kind, column in zip(kinds, columns, strict=True)
                ]
                total = sum(n for n in numbers if isinstance(n, int)) if key == "confusion" else 0
                shades = [
                    _confusion_shade(gold=name, predicted=column, count=number, row_total=total)
                    if key == "confusion"
                    else ""
                    for column, number in zip(columns, numbers, strict=True)
                ]
                rows.append((row_labels.get(name, name), list(zip(numbers, shades, strict=True))))
            tables.append({"title": label, "columns": column_labels, "rows": rows})
    return {"scalars": scalars, "tables": tables}
