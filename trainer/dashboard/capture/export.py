"""The values a capture project's documents came out with, as a table: one row per
document (its name, status, upload and uploader), one column per field of the project,
and the fields the capture was unsure of. The dashboard's mirror holds the values
(``fields_found``, synced from the service), so the table asks the service nothing.

A field is headed by its label (``Total`` for ``Root/Invoice Layout/Total``) unless two
fields share one; then by its whole name. A field found more than once (a repeating
field) gives its values joined by ``; ``.

A cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, and not a plain number) gets a leading ``'``, as
OWASP advises against CSV injection: a document's text is anyone's to write.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from ..models import CaptureProject
from . import selectors

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[\d\s.,]*\d[\d\s.,]*")
FOUND_SEPARATOR = "; "


def cell(value: str) -> str:
    """``value``, made safe to open in a spreadsheet (see the module doc)."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def rows(*, project: CaptureProject) -> Iterator[list[str]]:
    """The header, then one row per document, newest first (as the documents page), in
    the language active now: a streamed response reads the rows after the view returns."""
    names = [field.name for field in project.fields.all()]
    labels = [selectors.field_label(name) for name in names]
    heads = dict(zip(names, labels if len(set(labels)) == len(labels) else names, strict=True))
    header = [_("Document"), _("Status"), _("Uploaded"), _("Uploaded by"), *heads.values()]
    header.append(_("Unsure"))
    documents = _document_rows(project=project, heads=heads, language=translation.get_language())
    return itertools.chain([header], documents)


def _document_rows(
    *, project: CaptureProject, heads: dict[str, str], language: str
) -> Iterator[list[str]]:
    documents = selectors.capture_document_list(project=project).only(
        "name", "status", "created", "fields_found", "uploaded_by__username"
    )
    with translation.override(language):
        for document in documents.iterator(chunk_size=500):
            found: dict[str, list[str]] = {}
            for item in document.fields_found:
                found.setdefault(item["name"], []).append(str(item.get("value") or ""))
            unsure = [
                heads.get(item["name"], selectors.field_label(item["name"]))
                for item in document.fields_found
                if item.get("unsure")
            ]
            yield [
                cell(document.name),
                str(document.get_status_display()),
                document.created.isoformat(timespec="seconds"),
                cell(document.uploaded_by.get_username() if document.uploaded_by else ""),
                *(cell(FOUND_SEPARATOR.join(found.get(name, []))) for name in heads),
                cell(FOUND_SEPARATOR.join(dict.fromkeys(unsure))),
            ]
