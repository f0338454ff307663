"""Guess the format of an uploaded file: by content first, then by file name."""

from __future__ import annotations

import json
import re

from .base import FormatError, check_no_nul, clip, split_lines
from .conll import looks_like_tag, split_columns
from .delimited import sniff_header

SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 200
HEAD_BYTES = SAMPLE_BYTES + 1  # what detect_format reads: the sample, and whether more follows

XML_ROOTS = {"sentences": "semeval2014", "reviews": "semeval2016", "documents": "germeval2017"}
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".conll": "conll",
    ".conll03": "conll",
    ".bio": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".json": "labelstudio",
}
# An unclosed declaration, comment or DOCTYPE runs to the end (no rescanning for each "<?").
_MARKUP_NOISE = re.compile(
    r"<\?.*?(?:\?>|\Z)|<!--.*?(?:-->|\Z)|<!DOCTYPE[^>]*(?:>|\Z)", re.DOTALL | re.IGNORECASE
)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def detect_format(data: bytes, filename: str = "") -> str:
    """The name of the format in FORMATS that ``data`` is written in.

    XML is told apart by its root element (``<sentences>`` SemEval-2014, or
    SemEval-2016 when it holds ``<Opinions>``; ``<Reviews>`` SemEval-2016;
    ``<Documents>`` GermEval 2017; another root is a FormatError), a JSON array
    is a Label Studio export, a file starting with ``{`` is JSON Lines (or one
    pretty-printed Label Studio task), lines that mostly end in BIO tags are
    CoNLL and a header row with a text column is CSV/TSV. Otherwise the file
    name's extension decides; FormatError when neither does. Only the first
    HEAD_BYTES of ``data`` count.
    """
    sample = data[:SAMPLE_BYTES].decode("utf-8-sig", errors="replace")
    check_no_nul(sample)
    found = _by_content(sample, truncated=len(data) > SAMPLE_BYTES)
    if found is None:
        extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
        found = EXTENSIONS.get(extension)
    if found is None:
        if not sample.strip():
            raise FormatError("the file is empty", "line 1")
        raise FormatError(
            "the format could not be recognised (expected JSON Lines, CSV with a text column, "
            "CoNLL, SemEval-2014/2016 or GermEval 2017 XML, or a Label Studio JSON export)",
            "line 1",
        )
    return found


def _by_content(sample: str, truncated: bool) -> str | None:
    head = sample.lstrip()
    if head.startswith("<"):
        return _xml_format(head)
    if head.startswith("["):
        return "labelstudio"
    if head.startswith("{"):
        return _json_format(head)
    lines = split_lines(sample)
    if truncated:
        lines = lines[:-1]  # the last line may be cut off
    lines = [line for line in lines if line.strip()][:SAMPLE_LINES]
    if not lines:
        return None
    if _looks_like_conll(lines):
        return "conll"
    if sniff_header(lines[0]):
        return "csv"
    return None


def _xml_format(head: str) -> str:
    stripped = _MARKUP_NOISE.sub("", head)
    match = _FIRST_ELEMENT.search(stripped)
    if match is None:
        raise FormatError("the XML has no root element", "line 1")
    found = XML_ROOTS.get(match.group(1).lower())
    if found is None:
        raise FormatError(
            f"<{clip(match.group(1))}> is not the root element of a known XML format "
            "(<sentences>, <Reviews> or <Documents>)",
            "line 1",
        )
    if found == "semeval2014" and "<Opinions" in stripped:
        return "semeval2016"
    return found


def _json_format(head: str) -> str:
    """JSON Lines, unless the whole (pretty-printed) file is one Label Studio task."""
    first = split_lines(head)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):  # the parser says which line is wrong
        try:
            task = json.loads(head)
        except (ValueError, RecursionError):
            return "jsonl"
        if isinstance(task, dict) and "data" in task:
            return "labelstudio"
    return "jsonl"


def _looks_like_conll(lines: list[str]) -> bool:
    lines = [line for line in lines if not line.lstrip().startswith("-DOCSTART-")]
    if not lines:
        return False
    tabs = "\t" in lines[0].strip()
    tagged = total = 0
    for line in lines:
        total += 1
        columns = split_columns(line, tabs)
        if len(columns) >= 2 and looks_like_tag(columns[-1]):
            tagged += 1
    return total > 0 and tagged >= 0.8 * total
