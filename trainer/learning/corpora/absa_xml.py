"""The XML formats of aspect-based sentiment shared tasks.

- SemEval-2014 Task 4 (``<sentences><sentence id><text/><aspectTerms>…``):
  each aspect term is a span labelled ``ASPECT`` with its polarity; the
  categories of ``<aspectCategories>`` become the document classes, and those
  with a polarity also ``(category, polarity)`` class labels.
- SemEval-2016 Task 5, sentence level (``<Reviews><Review><sentences>…<Opinions>``):
  each opinion with a real target (not ``NULL``, from != to) is a span labelled
  with its category and carrying its polarity; an opinion without a target
  (implicit) with a polarity is a ``(category, polarity)`` class label; the
  categories of all opinions become the classes. Review-level opinions (the
  text-level subtask) are ignored.
- GermEval 2017 (``<Documents><Document id><Opinions><Opinion category from to
  target polarity/></Opinions><relevance/><sentiment/><text/>``): as SemEval-2016,
  opinions with a target become spans labelled with the category, all opinion
  categories become the classes. The document ``relevance`` and ``sentiment``
  are not kept. The original GermEval offsets are known to be shifted, so a
  target that does not match ``text[from:to]`` is searched for in the text and
  the occurrence nearest to ``from`` is used; only a target that is nowhere in
  the text is an error.

Each sentence (document) becomes one Document, including those without any
aspect; identical spans are kept once. Offsets count code points.

An XML file is read whole (its documents come once all of it is parsed).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - entity declarations are refused below
from collections.abc import Iterator
from typing import BinaryIO

from .base import (
    Document,
    FormatError,
    Span,
    check_span,
    check_text,
    clip,
    line_at,
    make_document,
    parse_offset,
    read_text,
    shown,
)

NULL_TARGET = "NULL"
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def parse_xml(stream: BinaryIO) -> ET.Element:
    """The root element of a well-formed UTF-8 XML file without entity declarations."""
    text = read_text(stream)
    declaration = _ENTITY_DECLARATION.search(text)
    if declaration:
        raise FormatError(
            "XML entity declarations are not accepted", f"line {line_at(text, declaration.start())}"
        )
    try:
        return ET.fromstring(text)  # noqa: S314 - no entities can be declared (checked above)
    except ET.ParseError as error:
        line, column = error.position
        message = str(error).split(":")[0]
        raise FormatError(
            f"the XML is not well-formed ({message}, column {column + 1})", f"line {line}"
        ) from None


def _expect_root(root: ET.Element, names: tuple[str, ...]) -> None:
    if root.tag not in names:
        wanted = " or ".join(f"<{name}>" for name in names)
        raise FormatError(
            f"expected {wanted} as the root element, found <{clip(root.tag)}>", "line 1"
        )


def _text_of(element: ET.Element, location: str) -> str:
    text_element = element.find("text")
    if text_element is None:
        raise FormatError("no <text> element", location)
    return check_text(text_element.text or "", location)


def _where(element: ET.Element, kind: str, index: int) -> str:
    identifier = element.get("id")
    return f"{kind} id={clip(identifier)}" if identifier else f"{kind} {index}"


def read_semeval2014(stream: BinaryIO) -> Iterator[Document]:
    root = parse_xml(stream)
    _expect_root(root, ("sentences",))
    for index, sentence in enumerate(root.iter("sentence"), start=1):
        location = _where(sentence, "sentence", index)
        text = _text_of(sentence, location)
        spans = []
        for number, term in enumerate(sentence.iterfind("aspectTerms/aspectTerm"), start=1):
            where = f"{location}, aspectTerm {number}"
            surface = term.get("term")
            if surface is None:
                raise FormatError("the aspectTerm has no 'term' attribute", where)
            span = Span(
                start=parse_offset(term.get("from"), "from", where),
                end=parse_offset(term.get("to"), "to", where),
                label="ASPECT",
                polarity=term.get("polarity") or None,
            )
            spans.append(check_span(text, span, where, surface))
        classes, class_labels = [], []
        for number, item in enumerate(
            sentence.iterfind("aspectCategories/aspectCategory"), start=1
        ):
            category = (item.get("category") or "").strip()
            if not category:
                raise FormatError(
                    "the aspectCategory has no 'category'", f"{location}, aspectCategory {number}"
                )
            classes.append(category)
            if item.get("polarity"):
                class_labels.append((category, item.get("polarity")))
        yield make_document(text, classes, spans, class_labels, location=location)


def _opinions(opinions, text: str, location: str, *, correct_offsets: bool) -> Document:
    classes, spans, class_labels = [], [], []
    for number, opinion in enumerate(opinions, start=1):
        where = f"{location}, Opinion {number}"
        category = (opinion.get("category") or "").strip()
        if not category:
            raise FormatError("the Opinion has no 'category'", where)
        classes.append(category)
        polarity = opinion.get("polarity") or None
        target = opinion.get("target")
        if target is None or target == NULL_TARGET:
            start = end = 0
        else:
            start = parse_offset(opinion.get("from"), "from", where)
            end = parse_offset(opinion.get("to"), "to", where)
        if start == end:
            if polarity:
                class_labels.append((category, polarity))
            continue
        if correct_offsets and text[start:end] != target:
            start, end = _nearest(text, target, start, where)
        spans.append(check_span(text, Span(start, end, category, polarity), where, target))
    return make_document(text, classes, spans, class_labels, location=location)


def _nearest(text: str, target: str, near: int, where: str) -> tuple[int, int]:
    """The occurrence of target nearest to the given offset (GermEval's offset correction)."""
    if not target:
        raise FormatError("the Opinion has an empty target", where)
    found, best = text.find(target), None
    while found != -1:
        if best is None or abs(found - near) < abs(best - near):
            best = found
        found = text.find(target, found + 1)
    if best is None:
        raise FormatError(f"the target {shown(target)} does not occur in the text", where)
    return best, best + len(target)


def read_semeval2016(stream: BinaryIO) -> Iterator[Document]:
    root = parse_xml(stream)
    _expect_root(root, ("Reviews", "sentences"))
    for index, sentence in enumerate(root.iter("sentence"), start=1):
        location = _where(sentence, "sentence", index)
        text = _text_of(sentence, location)
        yield _opinions(
            sentence.iterfind("Opinions/Opinion"), text, location, correct_offsets=False
        )


def read_germeval2017(stream: BinaryIO) -> Iterator[Document]:
    root = parse_xml(stream)
    _expect_root(root, ("Documents",))
    for index, document in enumerate(root.iter("Document"), start=1):
        location = _where(document, "Document", index)
        text = _text_of(document, location)
        yield _opinions(document.iterfind("Opinions/Opinion"), text, location, correct_offsets=True)
