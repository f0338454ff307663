"""How sure the capture is of each field: a calibrated probability that its value is right.

Each finder scores a value by its evidence (:data:`FEATURES`: the weight of the
anchor or label words found where they belong, the place on the page, how far the
value beats the next best one, how many trained examples agree); a logistic curve
turns the evidence into the probability that the value is right. The coefficients
were fitted with ``python -m tests.benchmarks.bench_capture --calibrate`` on the
development documents, each layout's documents scored by a fit that never saw
that layout; only these numbers come from them.

A field with a confidence below :data:`UNSURE_BELOW` should be checked by a person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

TRAINED, DEFAULT = "trained", "default"
FEATURES = {
    # anchors: share of the anchors' weight found where the best example expects them;
    # position: 1 at the trained place, 0 far from it; margin: score above the next
    # other value; agreement: share of the examples that found the same value.
    TRAINED: ("anchors", "position", "margin", "agreement"),
    # label: score of the label words beside the value; margin: as above.
    DEFAULT: ("label", "margin"),
}
# Per finder: the intercept, then one coefficient per feature.
COEFFICIENTS = {
    TRAINED: (-4.0, 6.0, 1.0, 4.0, 2.0),
    DEFAULT: (-3.0, 4.0, 4.0),
}
UNSURE_BELOW = 0.8


def confidence(finder: str, evidence: Sequence[float]) -> float:
    """The probability (two decimals) that a value found by ``finder`` with
    ``evidence`` (the features of :data:`FEATURES`, in order) is right."""
    intercept, *weights = COEFFICIENTS[finder]
    z = intercept + sum(w * x for w, x in zip(weights, evidence, strict=True))
    return round(1 / (1 + math.exp(-z)), 2)
