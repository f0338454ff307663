"""How sure the capture is of each field: a calibrated probability that its value is right.

Each finder scores a value by its evidence (:data:`FEATURES`: the weight of the
anchor or label words found where they belong, the place on the page, how far the
value beats the next best one, how many trained examples agree); a logistic curve
turns the evidence into the probability that the value is right. The coefficients
were fitted with ``python -m tests.benchmarks.bench_capture --calibrate`` on the
development documents (generated invoices, ZUGFeRD and generic PDF invoices, scanned
receipts; only these numbers come from them). Scored by fits that left their layout
out, fields at or above :data:`UNSURE_BELOW` were wrong for 0 % of the generated
fields, 3.6 % of the generic invoices', 5.5 % of the ZUGFeRD invoices' and 2.6 % of
the receipts' (what is left: misreads of Tesseract, whose own confidence per word is
not passed on; ZUGFeRD pages whose text layer puts words out of place; vendors named
otherwise than printed, "Flipkart" for "WS Retail Services Pvt. Ltd.").

A field with a confidence below :data:`UNSURE_BELOW` should be checked by a person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

TRAINED, DEFAULT = "trained", "default"
FEATURES = {
    # anchors: share of the anchors' weight found where the best example expects them;
    # position: 1 at the trained place, 0 far from it; margin: score above the next
    # other value; agreement: share of the examples that found the same value; echo:
    # for a name, 1 when it reads as a trained one, -1 when almost (misread), else 0.
    TRAINED: ("anchors", "position", "margin", "agreement", "echo"),
    # label: score of the label words beside the value; margin: as above.
    DEFAULT: ("label", "margin"),
}
# Per finder: the intercept, then one coefficient per feature (none negative: more
# evidence never makes a value less sure).
COEFFICIENTS = {
    TRAINED: (-0.90, 0.78, 0.63, 1.47, 0.36, 1.49),
    DEFAULT: (0.19, 0.75, 0.93),
}
UNSURE_BELOW = 0.8


def confidence(finder: str, evidence: Sequence[float]) -> float:
    """The probability (two decimals) that a value found by ``finder`` with
    ``evidence`` (the features of :data:`FEATURES`, in order) is right."""
    intercept, *weights = COEFFICIENTS[finder]
    z = intercept + sum(w * x for w, x in zip(weights, evidence, strict=True))
    return round(1 / (1 + math.exp(-z)), 2)
