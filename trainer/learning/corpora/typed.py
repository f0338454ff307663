"""The documents of a file as the vendor's documents of one model type.

Every format is read into :class:`~.base.Document` (classes, spans, class
labels); :func:`as_type` maps one to :class:`trainer.learning.documents.Document`
where its data fits the type, and raises :class:`~.base.FormatError` naming the
line or element where it does not:

- LABEL: the document's one class is its label (CSV/TSV label column, JSON
  Lines ``classes``, Label Studio choices, an XML sentence of one category); a
  document of no class is not labelled yet (no tags).
- CLASS: the document's classes, none or more.
- CLASSLABEL: each class with its polarity: a ``(class, polarity)`` class label
  (SemEval-2014 categories, opinions without a target), or a span labelled with
  one of the document's classes and carrying a polarity (SemEval-2016 and
  GermEval targets, JSON Lines and Label Studio spans). A class given two
  polarities gets ``conflict``, as SemEval-2014 writes it; a class without one
  is refused.
- ABSA: each span labelled with one of the document's classes and carrying a
  polarity is a segment tagged ``{class, label}``; the class labels no stretch
  carries are tags of a segment over the whole text.

Spans whose label is no class of their document (SemEval-2014 aspect terms,
labelled ``ASPECT``; CoNLL entities) name no class: no vendor type holds them.
A CoNLL file (span labelling only) is refused for every type; see
``docs/text-types.md``.
"""

from __future__ import annotations

from .. import documents as vendor
from .base import Document, FormatError

CONFLICT = "conflict"


def _opinions(document: Document) -> list[tuple[int, int, str, str]]:
    """``(start, end, class, polarity)`` of the document's opinions; 0, 0 for no stretch."""
    classes = set(document.classes)
    opinions = [(0, 0, name, polarity) for name, polarity in document.class_labels]
    for span in document.spans:
        if span.label in classes:
            if not span.polarity:
                raise FormatError(
                    f"the span {span.start}-{span.end} of class {span.label!r} has no polarity",
                    document.location,
                )
            opinions.append((span.start, span.end, span.label, span.polarity))
    return opinions


def _label(document: Document) -> tuple[vendor.Segment, ...]:
    if len(document.classes) > 1:
        found = f" ({', '.join(document.classes)})" if document.classes else ""
        raise FormatError(
            f"a LABEL document has exactly one label; this one has {len(document.classes)}{found}",
            document.location,
        )
    return vendor.whole(document.text, [vendor.Tag(label=name) for name in document.classes])


def _class(document: Document) -> tuple[vendor.Segment, ...]:
    return vendor.whole(document.text, (vendor.Tag(cls=name) for name in document.classes))


def _classlabel(document: Document) -> tuple[vendor.Segment, ...]:
    polarities: dict[str, set[str]] = {name: set() for name in document.classes}
    for _start, _end, name, polarity in _opinions(document):
        polarities.setdefault(name, set()).add(polarity)
    missing = [name for name, found in polarities.items() if not found]
    if missing:
        raise FormatError(
            f"the class {missing[0]!r} has no polarity (a CLASSLABEL document gives each "
            "class its label)",
            document.location,
        )
    return vendor.whole(
        document.text,
        (
            vendor.Tag(name, found.pop() if len(found) == 1 else CONFLICT)
            for name, found in polarities.items()
        ),
    )


def _absa(document: Document) -> tuple[vendor.Segment, ...]:
    stretches: dict[tuple[int, int], list[vendor.Tag]] = {}
    for start, end, name, polarity in _opinions(document):
        where = (start, end) if start < end else (0, len(document.text))
        stretches.setdefault(where, []).append(vendor.Tag(name, polarity))
    return tuple(
        vendor.Segment(start, end, vendor.unique(tags))
        for (start, end), tags in sorted(stretches.items())
    )


_MAPPINGS = {"LABEL": _label, "CLASS": _class, "CLASSLABEL": _classlabel, "ABSA": _absa}


def as_type(document: Document, model_type: str) -> vendor.Document:
    """The vendor's document of ``model_type`` for a parsed document (see module doc)."""
    mapping = _MAPPINGS.get(model_type)
    if mapping is None:
        raise ValueError(f"unknown model type {model_type!r}")
    return vendor.Document(document.text, mapping(document))


def refuse_format(format: str, model_type: str) -> None:  # noqa: A002 - the importer's word
    """FormatError for a format whose data fits no vendor type."""
    if format == "conll":
        raise FormatError(
            f"a CoNLL file labels spans of text (named entities) with no sentiment; no model "
            f"type of the vendor holds span labelling, so it cannot make {model_type} documents",
            "file",
        )
