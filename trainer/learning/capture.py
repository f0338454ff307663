"""Capture models: where each field of a document type lies, learnt from corrected documents.

Plain Python. Coordinates are pixels of a page at its resolution, origin top
left; the model keeps them as fractions of the page, so that pages rendered at
another resolution still match.

Learning keeps one *example* per trained document: for each rectangle of a field,
the kind of value it held (date, amount, code or text, see
:mod:`.capture_values`), its place on the page and its *anchor words*: the words
nearest to it that lie in no field, labels first (a word to the left on its line
or above it), each with its offset to the value. Extraction lets each example
score every value of the field's kind on a new page: an anchor word found again
at about the same offset (its text compared loosely, so a changed or misread
label word still counts a little) adds its weight, and the place on the page
breaks ties. So a totals row that moves down, a longer title or a template that
changes one word still lead to the value; the example whose anchors agree best
gives the field. A text value that started its column when it was learnt (a name
under a label) is looked for only where a column starts; a name that the examples
read alike keeps their reading of a word this page misread by a letter (OCR).
Fields no example knows
come from the out-of-the-box finder when the document type has one
(:mod:`.capture_invoice`), and so do typed fields whose anchors are all lost (see
:data:`LOST_ANCHORS`). Confidences are calibrated (:mod:`.capture_confidence`).
Examples learnt before kinds were kept (format 1) take a value of any kind.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from . import capture_confidence, capture_invoice
from .capture_pages import (
    NOT_FOUND,
    Extraction,
    Page,
    Rectangle,
    Sheet,
    Word,
    anchor_key,
    bounds,
    lines_of,
    read_of,
    reading_order,
    same_line,
    starts_after,
    text_of,
    words_in,
)
from .capture_values import (
    AMOUNT,
    DATE,
    KINDS,
    TEXT,
    Value,
    amount_text,
    fold,
    kind_of,
    value_at,
)

__all__ = [
    "Extraction",
    "Page",
    "Rectangle",
    "Word",
    "example_learn",
    "extract",
    "model_add",
    "model_samples",
    "reading_order",
    "text_of",
    "words_in",
]

FORMAT = 2
MAX_EXAMPLES = 25  # the newest examples are kept
ANCHORS_PER_RECTANGLE = 8
# How far (in fractions of the page) an anchor may lie from where the example
# expects it, across and down.
SLACK_X = 0.08
SLACK_Y = 0.012
# The weight of the place on the page beside the anchors (which sum to 1), and
# the distance (fraction of the page) at which the place no longer counts.
POSITION_WEIGHT = 0.2
POSITION_RANGE = 0.3
# A word above the value counts as this much farther than one to its left on its
# line; a word right of it or below, as this much farther again.
ABOVE_COST = 2.0
AFTER_COST = 3.0
# A name read this alike to a trained one, but not the same, was likely misread.
ECHO_ALIKE = 0.75
# A trained field of a typed kind (a date, an amount, a code) whose best example finds
# less than this share of its anchors' weight (the template changed its wording or its
# language), counted as surely as the value was read (OCR), gives way to the
# out-of-the-box finder when that finds it beside a label that surely names it (a label
# score of SURE_LABEL or more). Names do not: a name's label says less than the kind of
# a typed value.
LOST_ANCHORS = 0.2
SURE_LABEL = 0.85

# -- learning ---------------------------------------------------------------------------


def _label_distance(word: Word, r: Rectangle) -> float:
    """How far a word lies from a value, labels (left on its line, then above) nearest."""
    dx = max(r.x1 - word.x2, word.x1 - r.x2, 0.0)
    dy = max(r.y1 - word.y2, word.y1 - r.y2, 0.0)
    if dy == 0:
        return dx * (1 if word.x2 <= r.x1 + 1 else AFTER_COST)
    return (dx * dx + (ABOVE_COST * dy) ** 2) ** 0.5 * (1 if word.y2 <= r.y1 + 1 else AFTER_COST)


def _is_label_like(word: Word) -> bool:
    """A word that may point to a value: not an amount nor a date (they change from one
    document to the next) and not a stray mark."""
    return (
        len(anchor_key(word.text)) >= 2
        and amount_text(word.text) is None
        and value_at([word], 0, DATE) is None
    )


def _anchors(page: Page, value: Rectangle, in_fields: set[Word]) -> list[dict]:
    """The words that best point to ``value`` (labels first), with their offsets to it
    (from its left edge and from its right edge) and their weights."""
    candidates = [w for w in page.words if w not in in_fields and _is_label_like(w)]
    candidates.sort(key=lambda w: (_label_distance(w, value), w.y1, w.x1))
    anchors = []
    for word in candidates[:ANCHORS_PER_RECTANGLE]:
        distance = _label_distance(word, value) / page.width
        anchors.append(
            {
                "text": anchor_key(word.text),
                "dx": (value.x1 - word.x1) / page.width,
                "dx2": (value.x2 - word.x1) / page.width,
                "dy": (value.y1 - word.y1) / page.height,
                "weight": round(1 / (1 + distance / 0.02), 4),
                "follows": same_line(word, value) and word.x1 >= value.x2,
            }
        )
    return anchors


def _starts_column(page: Page, first: Word) -> bool:
    """Whether ``first`` starts a column's text: no word just before it on its line."""
    before = [w for w in page.words if same_line(w, first) and w.x2 <= first.x1 + 1 and w != first]
    return not before or starts_after(max(before, key=lambda w: w.x2), first)


def _learnt_rectangle(page: Page, r: Rectangle, in_fields: set[Word]) -> dict:
    found = words_in(page.words, r)
    value = bounds(r.page, found) if found else r
    lines = lines_of(found)
    kind, currency = kind_of(lines[0]) if len(lines) == 1 else (TEXT, None)
    return {
        "starts": bool(found) and _starts_column(page, found[0]),
        "page": r.page,
        "box": [
            value.x1 / page.width,
            value.y1 / page.height,
            value.x2 / page.width,
            value.y2 / page.height,
        ],
        "kind": kind,
        "currency": currency,
        "text": text_of(found),
        "lines": max(1, len(lines)),
        "anchors": _anchors(page, value, in_fields),
    }


def example_learn(pages: Sequence[Page], fields: Mapping[str, Sequence[Rectangle]]) -> dict:
    """One example (JSON-ready) from a document's pages and its fields' rectangles."""
    by_number = {page.number: page for page in pages}
    in_fields = {
        word
        for rectangles in fields.values()
        for r in rectangles
        for word in words_in(by_number[r.page].words, r)
    }
    return {
        name: [_learnt_rectangle(by_number[r.page], r, in_fields) for r in rectangles]
        for name, rectangles in fields.items()
    }


def model_add(model: Mapping | None, *, key: str, example: dict) -> dict:
    """The model with ``example`` learnt under ``key`` (a document learnt again
    replaces its earlier example); only the newest examples are kept."""
    examples = [e for e in (model or {}).get("examples", []) if e["key"] != key]
    examples.append({"key": key, "fields": example})
    return {"format": FORMAT, "examples": examples[-MAX_EXAMPLES:]}


def model_samples(model: Mapping | None) -> int:
    return len((model or {}).get("examples", []))


# -- extraction -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """One example's answer for one rectangle: the value's words and its evidence."""

    page: int
    text: str
    words: tuple[Word, ...]
    anchors: float  # 0 to 1: the weight of the anchors found where expected
    position: float  # 0 to 1: how near the trained place
    margin: float  # score above the best other value (0 until compared)

    @property
    def score(self) -> float:
        return self.anchors + POSITION_WEIGHT * self.position


def _block(sheet: Sheet, start: Value, learnt: dict) -> Value:
    """A value of several lines: the words below ``start`` within the trained size."""
    page, (bx1, by1, bx2, by2) = sheet.page, learnt["box"]
    first = start.words[0]
    r = Rectangle(
        page.number,
        first.x1 - first.height,
        first.y1,
        first.x1 + (bx2 - bx1) * page.width,
        first.y1 + (by2 - by1) * page.height,
    )
    found = words_in(page.words, r)
    return Value(TEXT, text_of(found), tuple(found))


def _cut(value: Value, stop: set[str]) -> Value | None:
    """A text value up to the first of its words (after the first) in ``stop``: the words
    that followed it on its line when it was learnt."""
    end = next(
        (i for i, word in enumerate(value.words) if i and anchor_key(word.text) in stop),
        len(value.words),
    )
    return value if end == len(value.words) else value_at(value.words[:end], 0, TEXT)


def _candidates(sheet: Sheet, learnt: dict) -> list[Value]:
    """The page's values of the learnt kind; text starts a column when it did so when
    learnt, and stops at the field's anchor words (a label or column that followed it
    when it was learnt)."""
    kind = learnt.get("kind")
    if kind is None:  # learnt before kinds were kept: any kind
        return [value for each in KINDS for value in sheet.values(each)]
    found = sheet.values(kind, learnt.get("currency") if kind == AMOUNT else None)
    if learnt.get("lines", 1) > 1:
        return [_block(sheet, value, learnt) for value in found]
    if kind == TEXT:
        if learnt.get("starts"):  # learnt at the start of its column: starts one
            found = [value for value in found if value.words[0] in sheet.column_starts]
        stop = {anchor["text"] for anchor in learnt["anchors"] if anchor.get("follows", True)}
        return [cut for value in found if (cut := _cut(value, stop)) is not None]
    return found


def _anchor_support(
    sheet: Sheet, anchors: Sequence[dict], value: Rectangle, *, right_aligned: bool
) -> float:
    """The share of the anchors' weight found at their offset from ``value`` (from its
    left edge, or for an amount from either edge: amounts are often right-aligned)."""
    page = sheet.page
    slack_y = max(SLACK_Y, 0.8 * (value.y2 - value.y1) / page.height)
    support = 0.0
    for anchor in anchors:
        best = 0.0
        for word, alike in sheet.matches(anchor["text"]):
            off_y = abs((value.y1 - word.y1) / page.height - anchor["dy"])
            if off_y >= slack_y:
                continue
            off_x = abs((value.x1 - word.x1) / page.width - anchor["dx"])
            if right_aligned:
                off_x = min(off_x, abs((value.x2 - word.x1) / page.width - anchor["dx2"]))
            if off_x < SLACK_X:
                best = max(best, alike * (1 - off_x / SLACK_X) * (1 - off_y / slack_y))
        support += anchor.get("weight", 1.0) * best
    total = sum(anchor.get("weight", 1.0) for anchor in anchors)
    return support / total if total else 0.0


def _position(page: Page, learnt: dict, value: Rectangle) -> float:
    bx1, by1, bx2, by2 = learnt["box"]
    dx = (value.x1 + value.x2) / 2 / page.width - (bx1 + bx2) / 2
    dy = (value.y1 + value.y2) / 2 / page.height - (by1 + by2) / 2
    return max(0.0, 1 - (dx * dx + dy * dy) ** 0.5 / POSITION_RANGE)


def _find(sheet: Sheet, learnt: dict) -> _Found | None:
    """The value of the page that best fits one learnt rectangle, or None."""
    found = []
    for value in _candidates(sheet, learnt):
        if not value.words:
            continue
        r = bounds(sheet.page.number, value.words)
        anchors = _anchor_support(
            sheet, learnt["anchors"], r, right_aligned=learnt.get("kind") == AMOUNT
        )
        position = _position(sheet.page, learnt, r)
        found.append(_Found(sheet.page.number, value.text, value.words, anchors, position, 0.0))
    if not found:
        return None
    found.sort(key=lambda f: -f.score)
    best = found[0]
    other = next((f.score for f in found[1:] if f.text != best.text), 0.0)
    return replace(best, margin=best.score - other)


def _from_example(learnt: list[dict], sheets: Mapping[int, Sheet]) -> list[_Found] | None:
    """The field's rectangles as one example finds them; None if its pages are missing."""
    if not learnt or any(r["page"] not in sheets for r in learnt):
        return None
    found = [_find(sheets[r["page"]], r) for r in learnt]
    return [f for f in found if f is not None]


def _mean(numbers: Sequence[float]) -> float:
    return sum(numbers) / len(numbers) if numbers else 0.0


def _plain(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _trained_texts(learnt: Sequence[list[dict]]) -> list[str] | None:
    """What each example that knows the field read in it, when all are names or
    addresses (text); None otherwise."""
    learnt = [rectangles for rectangles in learnt if rectangles]
    if not learnt or not all(
        r.get("kind") == TEXT and "text" in r for rectangles in learnt for r in rectangles
    ):
        return None
    return [" ".join(r["text"] for r in rectangles) for rectangles in learnt]


def _alike(a: str, b: str) -> float:
    """How alike two texts read by their letters and digits (difflib's ratio)."""
    return difflib.SequenceMatcher(None, _plain(a), _plain(b)).ratio()


def _echo(value: str, learnt: Sequence[list[dict]]) -> float:
    """For a name or address: 1 when it reads as a trained one, -1 when it reads almost
    so (a misread word of a name that does not change), else 0; 0 for other kinds."""
    texts = _trained_texts(learnt)
    if texts is None:
        return 0.0
    if _plain(value) in {_plain(text) for text in texts}:
        return 1.0
    return -1.0 if max(_alike(value, text) for text in texts) >= ECHO_ALIKE else 0.0


def _in_place(own: Sequence[str], other: Sequence[str]) -> list[str | None]:
    """For each of ``own``'s words, the word of ``other`` in its place, or None: the two
    reads aligned word by word (difflib), words read the same or a run of misread words
    as long in both; a word one read has and the other lacks has no counterpart."""
    matcher = difflib.SequenceMatcher(
        None, [_plain(w) for w in own], [_plain(w) for w in other], autojunk=False
    )
    placed: list[str | None] = [None] * len(own)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            placed[i1:i2] = other[j1:j2]
    return placed


def _voted(value: str, learnt: Sequence[list[dict]]) -> str:
    """A name or address read as most reads of it read: the value and the trained texts,
    when there are two or more of them, all of text and alike (see :data:`ECHO_ALIKE`: a
    name that does not change, misread here or there). Word by word (the reads aligned,
    see :func:`_in_place`, so a word one read lost does not shift the others), the
    value's word gives way to one that most reads agree on in its place and that it
    reads almost as (a misread letter), never to another word ("Denis" stays)."""
    texts = _trained_texts(learnt)
    if texts is None or len(texts) < 2 or any(_alike(value, text) < ECHO_ALIKE for text in texts):
        return value
    words = value.split()
    placed = [_in_place(words, text.split()) for text in texts]
    voted = []
    for own, others in zip(words, zip(*placed, strict=True), strict=True):
        most = max(others, key=others.count)
        misread = (
            most is not None
            and others.count(most) > len(others) / 2
            and _alike(own, most) >= ECHO_ALIKE
        )
        voted.append(most if misread and others.count(most) > others.count(own) else own)
    return " ".join(voted)


def _trained_field(
    examples: Sequence[dict], name: str, sheets: Mapping[int, Sheet]
) -> Extraction | None:
    """The field as the example that best finds it says, or None when no example knows it."""
    answers = []
    for example in reversed(examples):  # the newest wins a tie
        found = _from_example(example["fields"].get(name, []), sheets)
        if found is not None:
            answers.append(found)
    if not answers:
        return None
    best = max(answers, key=lambda found: _mean([f.score for f in found]))
    if not best:
        return NOT_FOUND
    value = " ".join(f.text for f in best)
    agreement = sum(" ".join(f.text for f in a) == value for a in answers) / len(answers)
    learnt = [example["fields"].get(name, []) for example in examples]
    read = capture_confidence.reading(read_of([word for f in best for word in f.words]))
    anchors = _mean([f.anchors for f in best])
    evidence = (
        anchors * read,
        _mean([f.position for f in best]),
        min(f.margin for f in best),
        agreement,
        _echo(value, learnt),  # as read: a corrected misread stays less sure
        read if anchors else 0.0,  # by its place alone: no surer for a sure reading
        float(all(kind_of(f.words)[0] == DATE for f in best)),
    )
    rectangles = [bounds(f.page, f.words) for f in best]
    return Extraction(
        value=_voted(value, learnt),
        rectangles=rectangles,
        confidence=capture_confidence.confidence(capture_confidence.TRAINED, evidence),
        finder=capture_confidence.TRAINED,
        evidence=evidence,
    )


def extract(
    model: Mapping | None,
    pages: Sequence[Page],
    field_names: Sequence[str],
    *,
    document_type: str | None = None,
) -> dict[str, Extraction]:
    """Every field of ``field_names``: value, rectangles and confidence (0 to 1).

    A field that no example knows comes from the out-of-the-box finder of
    ``document_type`` when it has one (``invoices``), and so does a trained one whose
    anchors are lost (see :data:`LOST_ANCHORS`) when that finder is sure of its label;
    otherwise, like a field whose value is not on the page, it comes back with an empty
    value and no rectangles.
    """
    sheets = {page.number: Sheet(page) for page in pages}
    examples = list((model or {}).get("examples", []))
    found = {name: _trained_field(examples, name, sheets) for name in field_names}
    if document_type == capture_invoice.DOCUMENT_TYPE:
        asked = [name for name, extraction in found.items() if _lost(name, extraction)]
        for name, default in capture_invoice.find(asked, list(sheets.values())).items():
            if found[name] is None or (default.evidence and default.evidence[0] >= SURE_LABEL):
                found[name] = default
    return {name: extraction or NOT_FOUND for name, extraction in found.items()}


def _lost(name: str, extraction: Extraction | None) -> bool:
    """Whether no example knows the field, or it holds a typed value that the best
    example did not find or found with few of its anchors (or read unsurely)."""
    if extraction is None:
        return True
    typed = capture_invoice.kind_of_field(name) not in (None, TEXT)
    return typed and (not extraction.value or extraction.evidence[0] < LOST_ANCHORS)
