"""The vendor's labelled document: a text, its segments and their tags.

DeepOpinion Studio writes every document as ``{text, segments: [{text, span:
[start, end], tags: [{class?, label?}]}]}``; :class:`Document` is that shape
(offsets in code points, ``end`` exclusive; a segment's ``text`` is derived from
its span). What the tags mean depends on the model type (help.deepopinion.ai):

- ``LABEL``: exactly one label per document (sentiment); tags carry a label only.
- ``CLASS``: none, one or more classes per document; tags carry a class only.
- ``CLASSLABEL``: classes, each with its one label, per document.
- ``ABSA``: segments of the text, each with classes and their labels; every tag
  carries both.

For the document-level types (LABEL, CLASS, CLASSLABEL) the tags of all
segments belong to the document; a learner answers with one segment over the
whole text. :func:`problem` says why a document does not fit a type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .common import TrainingDataError

MODEL_TYPES = ("LABEL", "CLASS", "CLASSLABEL", "ABSA")


class DocumentError(ValueError):
    """A document that is not the vendor's shape, or does not fit a model type; says why."""


@dataclass(frozen=True)
class Tag:
    """A class, a label, or a class with its label (``cls`` for the JSON key ``class``)."""

    cls: str | None = None
    label: str | None = None

    def to_json(self) -> dict:
        return {
            **({"class": self.cls} if self.cls is not None else {}),
            **({"label": self.label} if self.label is not None else {}),
        }

    @classmethod
    def from_json(cls, value: object) -> Tag:
        if not isinstance(value, dict):
            raise DocumentError("a tag must be an object with a class, a label or both")
        found = {}
        for key in ("class", "label"):
            item = value.get(key)
            if item is not None and (not isinstance(item, str) or not item.strip()):
                raise DocumentError(f'a tag\'s "{key}" must be a non-empty string')
            found[key] = item.strip() if item is not None else None
        if found["class"] is None and found["label"] is None:
            raise DocumentError("a tag has neither a class nor a label")
        return cls(found["class"], found["label"])

    def __str__(self) -> str:
        return "/".join(part for part in (self.cls, self.label) if part is not None)


@dataclass(frozen=True)
class Segment:
    """The stretch ``text[start:end]`` of a document with its tags."""

    start: int
    end: int
    tags: tuple[Tag, ...] = ()

    def to_json(self, text: str) -> dict:
        return {
            "text": text[self.start : self.end],
            "span": [self.start, self.end],
            "tags": [tag.to_json() for tag in self.tags],
        }

    @classmethod
    def from_json(cls, value: object, text: str) -> Segment:
        if not isinstance(value, dict):
            raise DocumentError("a segment must be an object with a span and tags")
        span = value.get("span")
        if not (
            isinstance(span, list)
            and len(span) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in span)
        ):
            raise DocumentError('a segment\'s "span" must be two whole numbers [start, end]')
        start, end = span
        if not 0 <= start < end <= len(text):
            raise DocumentError(
                f"the span [{start}, {end}] lies outside the text of {len(text)} characters "
                "or is empty"
            )
        written = value.get("text")
        if written is not None and written != text[start:end]:
            raise DocumentError(
                f'the segment\'s "text" is not the text at [{start}, {end}] '
                f"({text[start:end][:40]!r})"
            )
        tags = value.get("tags", [])
        if not isinstance(tags, list):
            raise DocumentError('a segment\'s "tags" must be a list')
        return cls(start, end, unique(Tag.from_json(tag) for tag in tags))


@dataclass(frozen=True)
class Document:
    """A text with its tagged segments (the vendor's LabelledDocument)."""

    text: str
    segments: tuple[Segment, ...] = ()

    @property
    def tags(self) -> tuple[Tag, ...]:
        """The tags of all segments, each once, in order."""
        return unique(tag for segment in self.segments for tag in segment.tags)

    def to_json(self) -> dict:
        return {"text": self.text, "segments": [s.to_json(self.text) for s in self.segments]}

    @classmethod
    def from_json(cls, value: object) -> Document:
        """The document of the vendor's JSON; DocumentError saying what is wrong."""
        if not isinstance(value, dict):
            raise DocumentError('a document must be an object with a "text"')
        text = value.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DocumentError('the "text" is missing, empty or not a string')
        segments = value.get("segments", [])
        if not isinstance(segments, list):
            raise DocumentError('"segments" must be a list')
        return cls(text, tuple(Segment.from_json(s, text) for s in segments))


def whole(text: str, tags: Iterable[Tag]) -> tuple[Segment, ...]:
    """One segment over all of ``text`` with ``tags``, or none when there are no tags."""
    tags = unique(tags)
    return (Segment(0, len(text), tags),) if tags else ()


def unique(items: Iterable) -> tuple:
    """Repeats dropped, the first occurrence's order kept."""
    return tuple(dict.fromkeys(items))


def labels_of(document: Document) -> list[str]:
    """The labels of a document's tags, each once."""
    return list(unique(tag.label for tag in document.tags if tag.label is not None))


def classes_of(document: Document) -> list[str]:
    """The classes of a document's tags, each once."""
    return list(unique(tag.cls for tag in document.tags if tag.cls is not None))


def class_labels_of(document: Document) -> dict[str, str]:
    """``{class: label}`` of a CLASSLABEL document (check it with :func:`problem` first)."""
    return {tag.cls: tag.label for tag in document.tags if tag.cls and tag.label}


def problem(document: Document, model_type: str) -> str | None:
    """Why ``document`` does not fit ``model_type`` (a sentence), or None when it does."""
    tags = document.tags
    if model_type == "LABEL":
        if any(tag.cls is not None for tag in tags):
            return "a LABEL document's tags carry a label only, not a class"
        labels = labels_of(document)
        if len(labels) != 1:
            found = f" ({', '.join(labels)})" if labels else ""
            return f"a LABEL document has exactly one label; this one has {len(labels)}{found}"
        return None
    if model_type == "CLASS":
        if any(tag.label is not None for tag in tags):
            return "a CLASS document's tags carry a class only, not a label"
        return None
    if model_type in ("CLASSLABEL", "ABSA"):
        incomplete = next((tag for tag in tags if tag.cls is None or tag.label is None), None)
        if incomplete is not None:
            return f"every tag of a {model_type} document has a class and a label, not {incomplete}"
        if model_type == "CLASSLABEL":
            seen: dict[str, str] = {}
            for tag in tags:
                if seen.setdefault(tag.cls, tag.label) != tag.label:
                    return (
                        f"a CLASSLABEL document gives each class one label; {tag.cls!r} has "
                        f"{seen[tag.cls]!r} and {tag.label!r}"
                    )
        return None
    raise ValueError(f"unknown model type {model_type!r}")


def check(documents: Iterable[Document], model_type: str, what: str = "document") -> None:
    """TrainingDataError naming the first of ``documents`` (from 1) that does not fit
    the type."""
    for number, document in enumerate(documents, start=1):
        reason = problem(document, model_type)
        if reason:
            raise TrainingDataError(f"{what} {number} ({document.text[:40]!r}): {reason}")
