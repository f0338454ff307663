"""Pages as the capture learners read them: words with their boxes, lines, rectangles.

Plain Python. Coordinates are pixels of a page at its resolution, origin top left.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .capture_values import WORD_GAP, Value, fold, values

# How alike two words must be to count as one (difflib's ratio: "Rechnungsnr" and
# "Rechnungsnummer" are 0.85, "SANYO" and "SANYU" 0.8).
ALIKE = 0.75

_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Word:
    """A word and its box; ``read`` is how sure its reading is (OCR's confidence, 0 to
    1; a PDF's text layer is sure)."""

    text: str
    x1: float
    y1: float
    x2: float
    y2: float
    read: float = 1.0

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
    """A field's value, where it is, and how sure the finder is (0 to 1); ``finder`` and
    ``evidence`` say what the confidence was calibrated from (see
    :mod:`.capture_confidence`)."""

    value: str
    rectangles: list[Rectangle]
    confidence: float
    finder: str = ""
    evidence: tuple[float, ...] = ()


NOT_FOUND = Extraction(value="", rectangles=[], confidence=0.0)


def anchor_key(text: str) -> str:
    """How anchor words are compared: folded, without punctuation at the ends."""
    return _EDGE_PUNCTUATION.sub("", fold(text))


def _overlaps(word: Word, r: Rectangle) -> bool:
    """The word's middle line lies in the rectangle's height and the two overlap across."""
    return r.y1 <= word.center_y <= r.y2 and word.x1 < r.x2 and word.x2 > r.x1


def same_line(a: Word | Rectangle, b: Word | Rectangle) -> bool:
    """Whether two words (or a word and a rectangle) overlap by half the lower's height."""
    overlap = min(a.y2, b.y2) - max(a.y1, b.y1)
    return overlap >= 0.5 * min(a.y2 - a.y1, b.y2 - b.y1)


def lines_of(words: Iterable[Word]) -> list[list[Word]]:
    """Words line by line, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.center_y, w.x1)):
        if lines and same_line(lines[-1][0], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x1) for line in lines]


def reading_order(words: Iterable[Word]) -> list[Word]:
    """Words line by line, top to bottom, each line left to right."""
    return [word for line in lines_of(words) for word in line]


def words_in(words: Iterable[Word], rectangle: Rectangle) -> list[Word]:
    """The words a rectangle covers, in reading order."""
    return reading_order(w for w in words if _overlaps(w, rectangle))


def starts_after(before: Word, word: Word) -> bool:
    """Whether ``word`` starts a column's text after ``before``, its left neighbour."""
    return word.x1 - before.x2 > WORD_GAP * max(word.height, before.height)


def text_of(words: Iterable[Word]) -> str:
    return " ".join(word.text for word in words)


def read_of(words: Iterable[Word]) -> float:
    """How sure the reading of a value's words is: that of its least sure word."""
    return min((word.read for word in words), default=1.0)


def bounds(page_number: int, words: Sequence[Word]) -> Rectangle:
    return Rectangle(
        page=page_number,
        x1=min(w.x1 for w in words),
        y1=min(w.y1 for w in words),
        x2=max(w.x2 for w in words),
        y2=max(w.y2 for w in words),
    )


class Sheet:
    """A page read for extraction: its lines, its words by their folded text, and its
    values by kind, each worked out once."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.lines = lines_of(page.words)
        self._by_key: dict[str, list[Word]] = {}
        for word in page.words:
            self._by_key.setdefault(anchor_key(word.text), []).append(word)
        self._matches: dict[str, list[tuple[Word, float]]] = {}
        self._values: dict[tuple[str, str | None], list[Value]] = {}

    def matches(self, key: str) -> list[tuple[Word, float]]:
        """The words that read ``key``, each with how alike it is (1 when equal)."""
        if key not in self._matches:
            found = [(word, 1.0) for word in self._by_key.get(key, ())]
            for other, words in self._by_key.items():
                if other != key and abs(len(other) - len(key)) <= len(key) // 3 + 1:
                    ratio = difflib.SequenceMatcher(None, key, other).ratio()
                    if ratio >= ALIKE:
                        found.extend((word, ratio) for word in words)
            self._matches[key] = found
        return self._matches[key]

    @functools.cached_property
    def column_starts(self) -> set[Word]:
        """The words that start a column's text on their line: first on it, or after a
        gap wider than a space (see :data:`.capture_values.WORD_GAP`)."""
        return {
            word
            for line in self.lines
            for before, word in zip([None, *line], line, strict=False)
            if before is None or starts_after(before, word)
        }

    def values(self, kind: str, currency: str | None = None) -> list[Value]:
        """Every value of ``kind`` on the page (see :func:`.capture_values.values`)."""
        key = (kind, currency)
        if key not in self._values:
            self._values[key] = values(self.lines, kind, currency)
        return self._values[key]
