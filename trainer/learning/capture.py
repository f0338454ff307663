"""Capture models: where each field of a document type lies, learnt from corrected documents.

Plain Python. Coordinates are pixels of a page at its resolution, origin top
left; the model keeps them as fractions of the page, so that pages rendered at
another resolution still match.

Learning keeps one *example* per trained document: for each field, its
rectangles, each with its place on the page and the *anchor words* around it
(the nearest words that lie in no field, such as the label "Total:"), with the
offset from each anchor to the rectangle. Extraction lets each example predict
every rectangle on a new page: each anchor word found there again votes for the
rectangle at the same offset; the place most anchors agree on wins, and
without any anchor found the rectangle keeps its place on the page. The example
whose anchors agree best gives the field. The value is the text of the words in
the predicted rectangle, extended along the line to words of a longer value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

FORMAT = 1
MAX_EXAMPLES = 25  # the newest examples are kept
ANCHORS_PER_RECTANGLE = 8
# Two predictions closer than this (in fractions of the page) agree.
AGREEMENT = 0.012
# A word follows the previous one on its line when the gap is at most this many
# times the line's height (a space is about a third of it).
WORD_GAP = 0.9
# Confidence of a rectangle found by its place on the page alone, and the number
# of agreeing anchors that gives full confidence.
POSITION_ONLY_CONFIDENCE = 0.4
FULL_SUPPORT = 2

_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Word:
    text: str
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    @property
    def center_y(self) -> float:
        return (self.y1 + self.y2) / 2


@dataclass(frozen=True)
class Page:
    """One page: its number (from 1), its size in pixels and its words."""

    number: int
    width: float
    height: float
    words: Sequence[Word]


@dataclass(frozen=True)
class Rectangle:
    """A rectangle on page ``page`` (its number, from 1), in pixels of that page."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Extraction:
    value: str
    rectangles: list[Rectangle]
    confidence: float


# -- geometry ---------------------------------------------------------------------------


def anchor_key(text: str) -> str:
    """How anchor words are compared: case-folded, without punctuation at the ends."""
    return _EDGE_PUNCTUATION.sub("", text.casefold())


def _overlaps(word: Word, x1: float, y1: float, x2: float, y2: float) -> bool:
    """The word's middle line lies in the rectangle's height and the two overlap across."""
    return y1 <= word.center_y <= y2 and word.x1 < x2 and word.x2 > x1


def _same_line(a: Word, b: Word) -> bool:
    overlap = min(a.y2, b.y2) - max(a.y1, b.y1)
    return overlap >= 0.5 * min(a.height, b.height)


def reading_order(words: Iterable[Word]) -> list[Word]:
    """Words line by line, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.center_y, w.x1)):
        if lines and _same_line(lines[-1][0], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [word for line in lines for word in sorted(line, key=lambda w: w.x1)]


def words_in(words: Iterable[Word], rectangle: Rectangle) -> list[Word]:
    """The words a rectangle covers, in reading order."""
    r = rectangle
    return reading_order(w for w in words if _overlaps(w, r.x1, r.y1, r.x2, r.y2))


def text_of(words: Iterable[Word]) -> str:
    return " ".join(word.text for word in words)


def _grown(selected: list[Word], words: Sequence[Word], stop: set[str]) -> list[Word]:
    """``selected`` with the words that continue it along its lines (a longer value
    than the trained one), stopping at words in ``stop`` (the field's anchors)."""
    chosen = set(selected)
    grew = True
    while grew:
        grew = False
        for word in words:
            if word in chosen or anchor_key(word.text) in stop:
                continue
            for near in chosen:
                gap = max(word.x1 - near.x2, near.x1 - word.x2)
                if _same_line(word, near) and gap <= WORD_GAP * max(word.height, near.height):
                    chosen.add(word)
                    grew = True
                    break
    return reading_order(chosen)


def _bounds(page_number: int, words: Sequence[Word]) -> Rectangle:
    return Rectangle(
        page=page_number,
        x1=min(w.x1 for w in words),
        y1=min(w.y1 for w in words),
        x2=max(w.x2 for w in words),
        y2=max(w.y2 for w in words),
    )


# -- learning ---------------------------------------------------------------------------


def _distance(word: Word, r: Rectangle) -> float:
    dx = max(r.x1 - word.x2, word.x1 - r.x2, 0.0)
    dy = max(r.y1 - word.y2, word.y1 - r.y2, 0.0)
    return (dx * dx + dy * dy) ** 0.5


def _anchors(page: Page, rectangle: Rectangle, in_fields: set[Word]) -> list[dict]:
    """The nearest words around ``rectangle`` that lie in no field, with their offsets."""
    candidates = [w for w in page.words if w not in in_fields and anchor_key(w.text)]
    candidates.sort(key=lambda w: (_distance(w, rectangle), w.y1, w.x1))
    return [
        {
            "text": anchor_key(w.text),
            "dx": (rectangle.x1 - w.x1) / page.width,
            "dy": (rectangle.y1 - w.y1) / page.height,
        }
        for w in candidates[:ANCHORS_PER_RECTANGLE]
    ]


def example_learn(pages: Sequence[Page], fields: Mapping[str, Sequence[Rectangle]]) -> dict:
    """One example (JSON-ready) from a document's pages and its fields' rectangles."""
    by_number = {page.number: page for page in pages}
    in_fields = {
        word
        for rectangles in fields.values()
        for r in rectangles
        for word in words_in(by_number[r.page].words, r)
    }
    example: dict[str, list[dict]] = {}
    for name, rectangles in fields.items():
        example[name] = []
        for r in rectangles:
            page = by_number[r.page]
            example[name].append(
                {
                    "page": r.page,
                    "box": [
                        r.x1 / page.width,
                        r.y1 / page.height,
                        r.x2 / page.width,
                        r.y2 / page.height,
                    ],
                    "anchors": _anchors(page, r, in_fields),
                }
            )
    return example


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
class _Prediction:
    rectangle: Rectangle
    support: int  # anchors that agree on the place
    anchors: frozenset[str]


def _predict(learnt: dict, page: Page, index: Mapping[str, list[Word]]) -> _Prediction:
    """Where one learnt rectangle lies on ``page``."""
    bx1, by1, bx2, by2 = learnt["box"]
    votes: list[tuple[float, float, str]] = []
    for anchor in learnt["anchors"]:
        for word in index.get(anchor["text"], ()):
            votes.append(
                (
                    word.x1 / page.width + anchor["dx"],
                    word.y1 / page.height + anchor["dy"],
                    anchor["text"],
                )
            )
    best, best_support = (bx1, by1), 0
    for x, y, _text in votes:
        agreeing = {
            t for vx, vy, t in votes if abs(vx - x) <= AGREEMENT and abs(vy - y) <= AGREEMENT
        }
        closer = abs(x - bx1) + abs(y - by1) < abs(best[0] - bx1) + abs(best[1] - by1)
        if len(agreeing) > best_support or (len(agreeing) == best_support and closer):
            best, best_support = (x, y), len(agreeing)
    x, y = best
    rectangle = Rectangle(
        page=page.number,
        x1=x * page.width,
        y1=y * page.height,
        x2=(x + bx2 - bx1) * page.width,
        y2=(y + by2 - by1) * page.height,
    )
    anchors = frozenset(anchor["text"] for anchor in learnt["anchors"])
    return _Prediction(rectangle=rectangle, support=best_support, anchors=anchors)


def _index(page: Page) -> dict[str, list[Word]]:
    index: dict[str, list[Word]] = {}
    for word in page.words:
        index.setdefault(anchor_key(word.text), []).append(word)
    return index


def _field_from_example(
    learnt: list[dict], pages: Mapping[int, Page], indexes: Mapping[int, dict]
) -> tuple[float, Extraction] | None:
    """The field as one example predicts it, with a score; None if its pages are missing."""
    if not learnt or any(r["page"] not in pages for r in learnt):
        return None
    parts, rectangles, scores = [], [], []
    for r in learnt:
        page = pages[r["page"]]
        prediction = _predict(r, page, indexes[r["page"]])
        found = words_in(page.words, prediction.rectangle)
        scores.append(min(1.0, prediction.support / FULL_SUPPORT) if prediction.support else 0.0)
        if found:
            found = _grown(found, page.words, prediction.anchors)
            parts.append(text_of(found))
            rectangles.append(_bounds(page.number, found))
    score = sum(scores) / len(scores)
    if not rectangles:
        return score, Extraction(value="", rectangles=[], confidence=0.0)
    confidence = POSITION_ONLY_CONFIDENCE + (1 - POSITION_ONLY_CONFIDENCE) * score
    return score, Extraction(
        value=" ".join(parts), rectangles=rectangles, confidence=round(confidence, 2)
    )


def extract(
    model: Mapping | None, pages: Sequence[Page], field_names: Sequence[str]
) -> dict[str, Extraction]:
    """Every field of ``field_names``: value, rectangles and confidence (0 to 1).

    A field that no example knows, or whose rectangles hold no words, comes back
    with an empty value and no rectangles.
    """
    by_number = {page.number: page for page in pages}
    indexes = {number: _index(page) for number, page in by_number.items()}
    examples = list((model or {}).get("examples", []))
    result = {}
    for name in field_names:
        best: tuple[float, Extraction] | None = None
        for example in reversed(examples):  # the newest wins a tie
            candidate = _field_from_example(example["fields"].get(name, []), by_number, indexes)
            if candidate is not None and (best is None or candidate[0] > best[0]):
                best = candidate
        result[name] = best[1] if best else Extraction(value="", rectangles=[], confidence=0.0)
    return result
