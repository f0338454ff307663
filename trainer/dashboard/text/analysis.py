"""What a model finds in a few texts (``POST /analyze``), shaped for its "try it" box:
the text with its segments marked and each segment's tags shown with it; the tags of
segments over the whole text (a document-level type's answer) on a line of their own."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from trainer.apiclient.deepopinion import DeepOpinionClient, Segment, SegmentTag

from ..models import TrainedModel
from .forms import isolated

# Labels that read as a sentiment get its colour; the tag's words are always shown too.
POLARITIES = frozenset({"positive", "negative", "neutral", "conflict"})


def _tag(tag: SegmentTag) -> dict:
    """``{"text", "kind"}``: "Staff: positive" (each name isolated, so that an Arabic
    class does not reorder the label after it), "Staff" or "positive"; ``kind`` the
    polarity of its label, else "label" or "class"."""
    if tag.cls is not None and tag.label is not None:
        text = _("%(class)s: %(label)s") % {
            "class": isolated(tag.cls),
            "label": isolated(tag.label),
        }
    else:
        text = tag.cls if tag.label is None else tag.label
    if tag.label in POLARITIES:
        return {"text": text, "kind": tag.label}
    return {"text": text, "kind": "class" if tag.label is None else "label"}


def _pieces(text: str, segments: Sequence[Segment]) -> list[dict]:
    """``text`` cut into pieces ``{"text"}`` and marked pieces ``{"text", "tags",
    "kind"}`` (the template escapes each; ``kind`` the tags' one kind, else "mixed"); a
    segment outside the text or overlapping an earlier one is left out."""
    pieces, position = [], 0
    for segment in sorted(segments, key=lambda segment: (segment.start, segment.end)):
        if not position <= segment.start < segment.end <= len(text):
            continue
        if segment.start > position:
            pieces.append({"text": text[position : segment.start]})
        tags = [_tag(tag) for tag in segment.tags]
        kinds = {tag["kind"] for tag in tags}
        pieces.append(
            {
                "text": text[segment.start : segment.end],
                "tags": tags,
                "kind": kinds.pop() if len(kinds) == 1 else "mixed",
            }
        )
        position = segment.end
    if position < len(text):
        pieces.append({"text": text[position:]})
    return pieces


def model_analysis(
    *, model: TrainedModel, texts: list[str], client: DeepOpinionClient
) -> list[dict]:
    """What ``model`` finds in each text (one ``POST /analyze``): ``{"pieces"}`` (the
    text with the segments that cover part of it marked, see :func:`_pieces`),
    ``"document_tags"`` (the tags of the segments over the whole text, ``{"text",
    "kind"}``) and ``"found"`` (whether the model found any tag)."""
    results = []
    for text, segments in zip(texts, client.analyze(model.name, texts), strict=True):
        whole = [s for s in segments if (s.start, s.end) == (0, len(text))]
        parts = [s for s in segments if (s.start, s.end) != (0, len(text)) and s.tags]
        pieces = _pieces(text, parts)
        document_tags = [_tag(tag) for segment in whole for tag in segment.tags]
        results.append(
            {
                "pieces": pieces,
                "document_tags": document_tags,
                "found": bool(document_tags) or any("tags" in piece for piece in pieces),
            }
        )
    return results
