"""Reading uploaded documents: the type from the content, each page's size and words.

Nothing here needs Django set up (the capture benchmark uses this module
alone; only an error message is translated). A PDF page is measured in pixels at a
fixed resolution (as pypdfium2 would render it) and its words come from the PDF's
text layer; an image keeps its pixels and its words come from Tesseract OCR, when
it is installed, read from a grey copy levelled and enlarged as needed (see
:func:`_for_ocr`), each word given in the image's own pixels. No page is kept as an
image: a client that shows pages renders them from the file (the vendor's layout has
no images either).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from trainer.learning.capture import Word

if TYPE_CHECKING:  # imported where a document is read, so web workers stay small
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

POINTS_PER_INCH = 72
# The largest page read, in pixels: an A4 page at 600 dpi has 35 million. A small
# file can announce a huge page (a PDF's page size, an image's header); it is
# refused before a pixel is decoded.
MAX_PAGE_PIXELS = 50_000_000
# Tesseract reads best when a line of text is about this many pixels high: a scan whose
# lines are lower is enlarged (at most MAX_UPSCALE times) before it is read. A line is
# a run of at least MIN_LINE_HEIGHT rows with ink on more than INKED_ROW of their pixels.
OCR_LINE_HEIGHT = 24
MAX_UPSCALE = 3.0
MIN_LINE_HEIGHT = 4
INKED_ROW = 0.005
# A scan askew by MIN_SKEW degrees or more (found up to MAX_SKEW, in steps of SKEW_STEP,
# on a copy SKEW_WIDTH pixels wide) is levelled before it is read.
MAX_SKEW = 5.0
SKEW_STEP = 0.25
MIN_SKEW = 0.5
SKEW_WIDTH = 600
# Tesseract's page segmentation: one column of text of varying sizes (--psm 4) reads a
# receipt's lines whole, where the automatic one (3) cut them into blocks.
TESSERACT_CONFIG = "--psm 4"
# Tesseract reads with one thread unless OMP_THREAD_LIMIT says otherwise: its OpenMP
# threads fight for the cores with the other workers (on two busy cores a receipt took
# 4.3 s with them, 1.8 s with one).
TESSERACT_THREADS = "1"


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str
    is_pdf: bool


PDF = FileKind("application/pdf", "pdf", True)
KINDS = {
    b"%PDF-": PDF,
    b"\x89PNG\r\n\x1a\n": FileKind("image/png", "png", False),
    b"\xff\xd8\xff": FileKind("image/jpeg", "jpg", False),
    b"II*\x00": FileKind("image/tiff", "tiff", False),
    b"MM\x00*": FileKind("image/tiff", "tiff", False),
}
SNIFF_BYTES = 8


def sniff(head: bytes) -> FileKind | None:
    """The kind of a file from its first bytes (its magic number), or None."""
    for magic, kind in KINDS.items():
        if head.startswith(magic):
            return kind
    return None


class UnreadableDocument(Exception):
    """The document cannot be read; the message says why, for a person."""


def _check_page_size(number: int, width: float, height: float) -> None:
    if width * height > MAX_PAGE_PIXELS:
        raise UnreadableDocument(
            _("Page %(number)d is too large to read (%(width)d × %(height)d pixels).")
            % {"number": number, "width": width, "height": height}
        )


@dataclass(frozen=True)
class ReadPage:
    number: int
    resolution: int
    width: int
    height: int
    words: list[Word]


def _characters(textpage: pdfium.PdfTextPage) -> Iterator[tuple[int, str]]:
    """Each character of the text layer with its index. PDFium counts UTF-16 units, so
    a character beyond them (an emoji such as 📞) is a surrogate pair of indexes, or a
    lone surrogate, which is no character (U+FFFD). The text of ``get_text_range`` is
    decoded, so its positions drift from the indexes after such a character."""
    import pypdfium2.raw as pdfium_raw

    count = textpage.count_chars()
    index = 0
    while index < count:
        unit = pdfium_raw.FPDFText_GetUnicode(textpage, index)
        if 0xD800 <= unit < 0xDC00 and index + 1 < count:
            low = pdfium_raw.FPDFText_GetUnicode(textpage, index + 1)
            if 0xDC00 <= low < 0xE000:
                yield index, chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                index += 2
                continue
        yield index, "\ufffd" if 0xD800 <= unit < 0xE000 else chr(unit)
        index += 1


def _pdf_words(page: pdfium.PdfPage, *, scale: float) -> list[Word]:
    """Words of the PDF's text layer, in pixels at ``scale`` pixels per point."""
    textpage = page.get_textpage()
    page_height = page.get_height()
    words: list[Word] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []

    def flush() -> None:
        if chars:
            left = min(b[0] for b in boxes)
            bottom = min(b[1] for b in boxes)
            right = max(b[2] for b in boxes)
            top = max(b[3] for b in boxes)
            words.append(
                Word(
                    text="".join(chars),
                    x1=left * scale,
                    y1=(page_height - top) * scale,
                    x2=right * scale,
                    y2=(page_height - bottom) * scale,
                )
            )
            chars.clear()
            boxes.clear()

    for index, char in _characters(textpage):
        if char.isspace() or char == "\x00":
            flush()
            continue
        left, _bottom, right, _top = textpage.get_charbox(index)
        _left, bottom, _right, top = textpage.get_charbox(index, loose=True)
        chars.append(char)
        boxes.append((left, bottom, right, top))
    flush()
    textpage.close()
    return words


def pdf_pages(data: bytes, *, dpi: int, max_pages: int) -> Iterator[ReadPage]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(_("The PDF cannot be read (%(error)s).") % {"error": exc}) from exc
    try:
        if len(document) > max_pages:
            raise UnreadableDocument(
                _("The PDF has %(count)d pages; at most %(max)d are read.")
                % {"count": len(document), "max": max_pages}
            )
        scale = dpi / POINTS_PER_INCH
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            _check_page_size(index + 1, width * scale, height * scale)
            yield ReadPage(
                number=index + 1,
                resolution=dpi,
                # pypdfium2's size of the page rendered at this scale
                width=math.ceil(width * scale),
                height=math.ceil(height * scale),
                words=_pdf_words(page, scale=scale),
            )
            page.close()
    finally:
        document.close()


def _tesseract_missing() -> str:
    return _(
        "Tesseract OCR is needed to read images but is not installed: install it with "
        "`apt-get install tesseract-ocr` (and `pip install pytesseract`)."
    )


def _ink(gray: Image.Image) -> np.ndarray:
    """Which pixels are ink: darker than Otsu's threshold."""
    import numpy as np

    pixels = np.asarray(gray)
    histogram = np.bincount(pixels.ravel(), minlength=256) / pixels.size
    below = np.cumsum(histogram)
    mean_below = np.cumsum(histogram * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_below[-1] * below - mean_below) ** 2 / (below * (1 - below))
    return pixels < int(np.nanargmax(between))


def _line_height(ink: np.ndarray) -> float | None:
    """The usual height in pixels of a line of text: the median run of rows with ink,
    or None on a page without text lines."""
    import numpy as np

    inked = ink.mean(axis=1) > INKED_ROW
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    runs = runs[runs >= MIN_LINE_HEIGHT]
    return float(np.median(runs)) if runs.size else None


def _skew(ink: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's lines: the one, in
    steps of :data:`SKEW_STEP` up to :data:`MAX_SKEW`, whose rows of ink are the most
    uneven (lines and the gaps between them, rather than smeared rows)."""
    import numpy as np
    from PIL import Image

    mask = Image.fromarray(ink.astype(np.uint8) * 255)
    mask.thumbnail((SKEW_WIDTH, SKEW_WIDTH * 4))
    steps = round(MAX_SKEW / SKEW_STEP)
    angles = [step * SKEW_STEP for step in range(-steps, steps + 1)]
    spread = [
        np.asarray(mask.rotate(angle)).sum(axis=1, dtype=np.float64).var() for angle in angles
    ]
    return angles[int(np.argmax(spread))]


@dataclass(frozen=True)
class _ForOcr:
    """A page as Tesseract reads it best (see :func:`_for_ocr`), and how to find the
    page's pixels from it."""

    image: Image.Image
    scale: float  # how much it was enlarged
    angle: float  # degrees it was turned, counter-clockwise, about the page's middle
    middle: tuple[float, float]

    def page_box(self, left: float, top: float, width: float, height: float) -> tuple:
        """(x1, y1, x2, y2) in the page's pixels of a box read on :attr:`image`."""
        turn = math.radians(self.angle)
        cos, sin = math.cos(turn), math.sin(turn)
        mx, my = self.middle
        xs, ys = [], []
        for x, y in (
            (left, top),
            (left + width, top),
            (left, top + height),
            (left + width, top + height),
        ):
            dx, dy = x / self.scale - mx, y / self.scale - my
            xs.append(mx + dx * cos - dy * sin)
            ys.append(my + dx * sin + dy * cos)
        return min(xs), min(ys), max(xs), max(ys)


def _for_ocr(image: Image.Image) -> _ForOcr:
    """The page in grey, levelled when its lines are askew (at least
    :data:`MIN_SKEW` degrees), and small text (lines under :data:`OCR_LINE_HEIGHT`
    pixels) enlarged up to that."""
    from PIL import Image, ImageOps

    gray = ImageOps.grayscale(image)
    ink = _ink(gray)
    middle = (gray.width / 2, gray.height / 2)
    angle = _skew(ink)
    if abs(angle) >= MIN_SKEW:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        ink = _ink(gray)
    else:
        angle = 0.0
    height = _line_height(ink)
    scale = min(MAX_UPSCALE, OCR_LINE_HEIGHT / height) if height else 1.0
    if scale <= 1.05:
        return _ForOcr(gray, 1.0, angle, middle)
    size = (round(gray.width * scale), round(gray.height * scale))
    return _ForOcr(gray.resize(size, Image.Resampling.LANCZOS), scale, angle, middle)


def ocr_words(image: Image.Image, *, tesseract_cmd: str, languages: str) -> list[Word]:
    """Words read by Tesseract (see :func:`_for_ocr`) with the language packs
    ``languages`` (``eng``, ``deu+fra``), in pixels of ``image``."""
    try:
        import pytesseract  # optional: only images need it
    except ImportError as exc:
        raise UnreadableDocument(_tesseract_missing()) from exc
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
    os.environ.setdefault("OMP_THREAD_LIMIT", TESSERACT_THREADS)  # pytesseract passes it on
    prepared = _for_ocr(image)
    try:
        data = pytesseract.image_to_data(
            prepared.image,
            lang=languages,
            config=TESSERACT_CONFIG,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise UnreadableDocument(_tesseract_missing()) from exc
    except pytesseract.TesseractError as exc:
        raise UnreadableDocument(
            _("Tesseract cannot read with the languages %(languages)s (%(error)s).")
            % {"languages": languages, "error": exc.message}
        ) from exc
    return [
        Word(text.strip(), *prepared.page_box(left, top, width, height), float(confidence) / 100)
        for text, left, top, width, height, confidence in zip(
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


def image_pages(
    data: bytes, *, dpi: int, max_pages: int, tesseract_cmd: str, languages: str
) -> Iterator[ReadPage]:
    """Each frame of a PNG, JPEG or TIFF as a page, read in ``languages`` (see
    :func:`ocr_words`); ``dpi`` when the file names none."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise UnreadableDocument(_("The image is too large to read.")) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableDocument(
            _("The image cannot be read (%(error)s).") % {"error": exc}
        ) from exc
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > max_pages:
            raise UnreadableDocument(
                _("The image has %(count)d pages; at most %(max)d are read.")
                % {"count": frames, "max": max_pages}
            )
        resolution = round(image.info.get("dpi", (dpi, dpi))[0]) or dpi
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            _check_page_size(number, frame.width, frame.height)
            page = frame.convert("RGB")
            yield ReadPage(
                number=number,
                resolution=resolution,
                width=page.width,
                height=page.height,
                words=ocr_words(page, tesseract_cmd=tesseract_cmd, languages=languages),
            )


def read_pages(
    data: bytes, *, kind: FileKind, dpi: int, max_pages: int, tesseract_cmd: str, languages: str
) -> Iterator[ReadPage]:
    if kind.is_pdf:
        return pdf_pages(data, dpi=dpi, max_pages=max_pages)
    return image_pages(
        data, dpi=dpi, max_pages=max_pages, tesseract_cmd=tesseract_cmd, languages=languages
    )
