"""The pages of a capture document, drawn by the dashboard from the file it uploaded.

The capture service's layout names each page (``id``, ``number`` from 1) and its
size in pixels at its resolution, but holds no image: the vendor's cloud sends
none. So the dashboard renders the pages itself from the document's source file,
PDFs with pypdfium2 and images (PNG, JPEG, TIFF: one page per frame) with
Pillow, in the layout's pixels or fewer: never more than :data:`MAX_PIXELS`, so
that a huge page cannot exhaust a web worker's memory (the browser stretches the
image to the layout's size, over which the rectangles are drawn).

The messages of :class:`UnreadablePage` are for the log, not for a person.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a page is read, so web workers stay small
    import pypdfium2 as pdfium
    from PIL import Image

    from ..models import CaptureDocument

# The most pixels of a page drawn: an A4 page at 300 dpi has 8.7 million.
MAX_PIXELS = 10_000_000
# The largest image frame decoded: a small file can announce a huge one.
MAX_FRAME_PIXELS = 50_000_000
PDF_MAGIC = b"%PDF-"


class UnreadablePage(Exception):
    """The page cannot be drawn or read from the document's file."""


@dataclass(frozen=True)
class SourcePage:
    """One page of a document's file, ``width`` × ``height`` pixels in the layout:
    a PDF page (``pdf``) or an image frame (``frame``)."""

    width: int
    height: int
    pdf: pdfium.PdfPage | None = None
    frame: Image.Image | None = None

    def image(self) -> Image.Image:
        """The page in the layout's pixels, or fewer: at most MAX_PIXELS, and an
        image is never enlarged."""
        if self.pdf is not None:
            points_wide, points_high = self.pdf.get_size()
            if points_wide <= 0 or points_high <= 0:
                raise UnreadablePage("The PDF page has no size.")
            scale = min(self.width / points_wide, _scale_within(points_wide, points_high))
            return self.pdf.render(scale=scale).to_pil()
        frame = self.frame
        factor = min(
            1.0, self.width / frame.width, math.sqrt(MAX_PIXELS / (frame.width * frame.height))
        )
        size = (max(1, math.floor(frame.width * factor)), max(1, math.floor(frame.height * factor)))
        try:
            frame.draft("RGB", size)  # a JPEG is decoded at a fraction of its size
            image = frame.convert("RGB")
        except (OSError, ValueError) as exc:  # truncated, or of a mode Pillow cannot convert
            raise UnreadablePage(f"The image cannot be decoded ({exc}).") from exc
        return image if image.size == size else image.resize(size)


def _scale_within(wide: float, high: float) -> float:
    """The largest scale at which a page ``wide`` × ``high`` has at most MAX_PIXELS
    pixels, each side rounded up as pdfium does: (wide·s + 1)(high·s + 1) ≤ MAX_PIXELS."""
    a, b, c = wide * high, wide + high, 1 - MAX_PIXELS
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


@contextmanager
def source_page(*, document: CaptureDocument, page: dict) -> Iterator[SourcePage]:
    """The page of the document's file that is ``page`` of its layout (by number)."""
    if not document.source:
        raise UnreadablePage(f"The file of document {document.pk} is not kept.")
    with document.source.open("rb") as handle:
        data = handle.read()
    number, width, height = page["number"], page["width"], page["height"]
    if data.startswith(PDF_MAGIC):
        with _pdf_page(data, number) as pdf_page:
            yield SourcePage(width=width, height=height, pdf=pdf_page)
    else:
        with _image_frame(data, number) as frame:
            yield SourcePage(width=width, height=height, frame=frame)


@contextmanager
def _pdf_page(data: bytes, number: int) -> Iterator[pdfium.PdfPage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadablePage(f"The PDF cannot be read ({exc}).") from exc
    try:
        if not 1 <= number <= len(pdf):
            raise UnreadablePage(f"The PDF has no page {number}.")
        pdf_page = pdf[number - 1]
        try:
            yield pdf_page
        finally:
            pdf_page.close()
    finally:
        pdf.close()


@contextmanager
def _image_frame(data: bytes, number: int) -> Iterator[Image.Image]:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError) as exc:
        raise UnreadablePage(f"The image cannot be read ({exc}).") from exc
    with image:
        try:
            image.seek(number - 1)
        except (EOFError, ValueError) as exc:
            raise UnreadablePage(f"The image has no page {number}.") from exc
        if image.width * image.height > MAX_FRAME_PIXELS:
            raise UnreadablePage(
                f"Page {number} is too large to read ({image.width} × {image.height} pixels)."
            )
        yield image


def page_png(*, document: CaptureDocument, page: dict) -> bytes:
    """Page ``page`` of the document's layout as a PNG (see :meth:`SourcePage.image`)."""
    with source_page(document=document, page=page) as source:
        image = source.image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
