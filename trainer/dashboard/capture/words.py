"""The words on a capture document's pages, and the text under a rectangle: the one
place the dashboard reads them. The page viewer shows what :func:`drawing_texts`
finds under what is drawn (the browser computes nothing), and a training keeps the
same text as the values it taught.

A page's words come from the PDF's text layer (pypdfium2: each character and its
box, words split at spaces) or, for a scan (an image, or a PDF page without
text), from Tesseract OCR (Debian's ``tesseract-ocr`` and the ``ocr`` extra's
pytesseract). Each page is read once and kept as a :class:`CapturePage`.
Scans are read in Tesseract's default language (English): the capture service reads
them in its document type's recognition languages, but the vendor's API does not say
which they are (they belong to the Document Definition), so the dashboard cannot know.
Coordinates are pixels of the layout's page, origin top left.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..models import CaptureDocument, CapturePage
from .pages import SourcePage, UnreadablePage, source_page

logger = logging.getLogger(__name__)


class Word(NamedTuple):
    text: str
    x1: float
    y1: float
    x2: float
    y2: float


def _word(text: str, x1: float, y1: float, x2: float, y2: float) -> Word:
    return Word(text, round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1))


def _text_layer(source: SourcePage) -> list[Word]:
    """The words of a PDF page's text layer: each character's box (tight across,
    the font's full height up and down), joined into words at spaces."""
    pdf_page = source.pdf
    points_wide, points_high = pdf_page.get_size()
    across, down = source.width / points_wide, source.height / points_high
    textpage = pdf_page.get_textpage()
    words: list[Word] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []

    def flush() -> None:
        if chars:
            words.append(
                _word(
                    "".join(chars),
                    min(b[0] for b in boxes) * across,
                    (points_high - max(b[3] for b in boxes)) * down,
                    max(b[2] for b in boxes) * across,
                    (points_high - min(b[1] for b in boxes)) * down,
                )
            )
            chars.clear()
            boxes.clear()

    try:
        text = textpage.get_text_range()
        for index in range(min(len(text), textpage.count_chars())):
            char = text[index]
            if char.isspace() or char == "\x00":
                flush()
                continue
            left, _bottom, right, _top = textpage.get_charbox(index)
            _left, bottom, _right, top = textpage.get_charbox(index, loose=True)
            chars.append(char)
            boxes.append((left, bottom, right, top))
        flush()
    finally:
        textpage.close()
    return words


def _ocr(source: SourcePage) -> list[Word]:
    """The words Tesseract reads on the page's image."""
    try:
        import pytesseract  # the ocr extra: only scans need it
    except ImportError as exc:
        raise UnreadablePage("pytesseract is not installed (the ocr extra).") from exc
    image = source.image()
    across, down = source.width / image.width, source.height / image.height
    try:
        data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise UnreadablePage("Tesseract OCR is not installed (Debian: tesseract-ocr).") from exc
    except pytesseract.TesseractError as exc:
        raise UnreadablePage(f"Tesseract OCR failed ({exc}).") from exc
    return [
        _word(text.strip(), left * across, top * down, (left + w) * across, (top + h) * down)
        for text, left, top, w, h, confidence in zip(
            data["text"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["conf"],
            strict=True,
        )
        if text.strip() and float(confidence) >= 0
    ]


def _read(source: SourcePage) -> list[Word]:
    """A PDF page by its text layer, unless it has none; a scan by OCR."""
    words = _text_layer(source) if source.pdf is not None else []
    return words or _ocr(source)


def _page_words(document: CaptureDocument, page_ids: Iterable[int]) -> dict[int, list[Word]]:
    """The words of each of these pages of the document's layout (none on a page
    that is not in it or cannot be read), reading and keeping those not read yet."""
    page_ids = set(page_ids)
    kept = {
        page.page_id: page.words
        for page in CapturePage.objects.filter(document=document, page_id__in=page_ids)
    }
    layout = {page["id"]: page for page in document.layout.get("pages", [])}
    for page_id in sorted((page_ids - kept.keys()) & layout.keys()):
        try:
            with source_page(document=document, page=layout[page_id]) as source:
                words = _read(source)
        except UnreadablePage as exc:
            logger.warning("Page %s of capture document %s: %s", page_id, document.pk, exc)
            continue  # not kept: read again once the cause is mended
        page, _created = CapturePage.objects.get_or_create(
            document=document, page_id=page_id, defaults={"words": [list(w) for w in words]}
        )
        kept[page_id] = page.words
    return {page_id: [Word(*word) for word in kept.get(page_id, [])] for page_id in page_ids}


def _under(word: Word, rectangle: dict) -> bool:
    """The rule: a word is under a rectangle when the middle line of the word lies
    inside it and the word overlaps it across."""
    middle = (word.y1 + word.y2) / 2
    return (
        rectangle["y1"] <= middle <= rectangle["y2"]
        and word.x1 < rectangle["x2"]
        and word.x2 > rectangle["x1"]
    )


def _reading_order(words: Sequence[Word]) -> list[Word]:
    """Line by line (words overlapping by half their height share a line), left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y1 + w.y2, w.x1)):
        first = lines[-1][0] if lines else None
        height = min(word.y2 - word.y1, first.y2 - first.y1) if first else 0
        if first and min(word.y2, first.y2) - max(word.y1, first.y1) >= height / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [word for line in lines for word in sorted(line, key=lambda w: w.x1)]


def text_under(words: Sequence[Word], rectangle: dict) -> str:
    """The text under ``rectangle`` (``x1, y1, x2, y2``) among the words of its page."""
    return " ".join(
        word.text for word in _reading_order([w for w in words if _under(w, rectangle)])
    )


def drawing_texts(*, document: CaptureDocument, drawing: Sequence[dict]) -> dict[str, dict]:
    """For each field drawn on the document (``[{name, rectangles: [{page_id, x1, y1,
    x2, y2}]}]``): ``{"text": the text under its rectangles, one after the other,
    "blank": the indexes of its rectangles with no text under them}``."""
    words = _page_words(document, (r["page_id"] for item in drawing for r in item["rectangles"]))
    texts = {}
    for item in drawing:
        under = [text_under(words[r["page_id"]], r) for r in item["rectangles"]]
        texts[item["name"]] = {
            "text": " ".join(text for text in under if text),
            "blank": [index for index, text in enumerate(under) if not text],
        }
    return texts
