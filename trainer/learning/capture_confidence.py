"""How sure the capture is of each field: a calibrated probability that its value is right.

Each finder scores a value by its evidence (:data:`FEATURES`: the weight of the
anchor or label words found where they belong, the place on the page, how far the
value beats the next best one, how many trained examples agree, how surely its words
were read); a logistic curve turns the evidence into the probability that the value is
right. The coefficients were fitted with ``python -m tests.benchmarks.bench_capture
--calibrate`` on the development documents (generated invoices, ZUGFeRD and generic PDF
invoices, scanned receipts; only these numbers come from them). Scored by fits that
left their layout out, fields at or above :data:`UNSURE_BELOW` were wrong for 0 % of
the generated fields, of the ZUGFeRD invoices' and of the receipts', and 1.8 % of the
generic invoices' (before the reading and a date's check counted on their own: 0 %,
0 %, 2.2 % and 1.8 %; the receipts' fields below it, for a person to check, went from
64 to 68 %, the ZUGFeRD invoices' from 28 to 6 %). Which features to use was decided on
these held-out figures too, so they flatter the confidence a little. What is left:
vendors named otherwise than printed ("Flipkart" for "WS Retail Services Pvt. Ltd.");
many a right value of a scan is still checked by a person.

A field with a confidence below :data:`UNSURE_BELOW` should be checked by a person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

TRAINED, DEFAULT = "trained", "default"
FEATURES = {
    # anchors: share of the anchors' weight found where the best example expects them,
    # times how surely the value was read (see :func:`reading`: a value found by its
    # place alone gains nothing from a sure reading, an unsure reading takes the
    # anchors' word away); position: 1 at the trained place, 0 far from it; margin:
    # score above the next other value; agreement: share of the examples that found the
    # same value; echo: for a name, 1 when it reads as a trained one, -1 when almost
    # (misread), else 0; read: how surely the value was read (see :func:`reading`) when
    # any anchor word was found (else 0: a value found by its place alone is a guess
    # however surely it was read), on its own, since a scan's values are less sure than
    # a text layer's with the same anchors: Tesseract's sure misreads, wrong rows;
    # checked: 1 for a date, whose kind checks its reading (its day and month must be
    # possible, which a misread seldom keeps; an amount's or a code's digits are any
    # digits), else 0.
    TRAINED: ("anchors", "position", "margin", "agreement", "echo", "read", "checked"),
    # label: score of the label words beside the value; margin: as above; typed: for a
    # date, an amount, a code or a currency, how surely it was read; 0 for a name (its
    # label says less than a typed value's kind).
    DEFAULT: ("label", "margin", "typed"),
}
# Per finder: the intercept, then one coefficient per feature (none negative: more
# evidence never makes a value less sure).
COEFFICIENTS = {
    TRAINED: (-0.34, 0.87, 0.57, 0.87, 0.11, 1.27, 1.42, 0.69),
    DEFAULT: (0.08, 0.36, 0.27, 2.02),
}
UNSURE_BELOW = 0.8
# OCR's confidence in a word is high even for many a misread (0.9 and more): raised to
# this power it tells a scan's values from a text layer's, and the sure from the unsure
# among them. Chosen among 1, 4, 6, 10, 15, 20 and 30 on the held-out figures of the
# development documents (so these flatter it a little), with the read as a feature of
# its own: the receipts' fields sure and wrong went from 7.0 % (1) to 2.0 % (15), 1.3 %
# (30), the right ones that were sure from 69 % to 45 %, 38 %.
READ_POWER = 15


def reading(read: float) -> float:
    """How surely a value was read, from OCR's confidence (0 to 1) in its least sure
    word (1 for a PDF's text layer)."""
    return read**READ_POWER


def confidence(finder: str, evidence: Sequence[float]) -> float:
    """The probability (two decimals) that a value found by ``finder`` with
    ``evidence`` (the features of :data:`FEATURES`, in order) is right."""
    intercept, *weights = COEFFICIENTS[finder]
    z = intercept + sum(w * x for w, x in zip(weights, evidence, strict=True))
    return round(1 / (1 + math.exp(-z)), 2)
