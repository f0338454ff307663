"""A labeling session's documents as a JSON Lines file that the session upload takes
back: one ``{"text", "classes"?, "spans"?}`` object a line, the format the embedded service
reads (``trainer.learning.corpora.jsonl``), so that what people labeled here can be
kept, edited elsewhere, or uploaded to another project of the type.

Only the documents marked done go out: they are the session's labeled data, what
training reads. One not done yet (a correction session's document whose tags are still
the model's suggestions, say) is left out, since the file could not say so: uploaded
again, a text without tags in a file that tags others counts as done and speaking of no
class, where the type allows that (CLASS, CLASSLABEL, ABSA), which is what a done
document without tags goes out as.

By the project's type, a document's tags become:

- LABEL, CLASS: its labels or classes, as ``classes``;
- CLASSLABEL, ABSA: its classes, and each tag a span of its segment (a CLASSLABEL
  document's one segment is its whole text) labelled with the class, with the label as
  its ``polarity``.
"""

from __future__ import annotations

import io
import json
import tempfile
from typing import IO

from trainer.apiclient.deepopinion import DeepOpinionClient, LabeledDocument

from ..models import LabelingSession
from . import selectors

MEDIA_TYPE = "application/x-ndjson; charset=utf-8"
IN_MEMORY_BYTES = 8 * 1024 * 1024
SPAN_TYPES = frozenset({"CLASSLABEL", "ABSA"})


def document_record(document: LabeledDocument, *, model_type: str) -> dict:
    """One line of the file for the done ``document``, of a project of ``model_type``."""
    record: dict = {"text": document.text}
    tags = [(segment, tag) for segment in document.segments for tag in segment.tags]
    names = [tag.label if model_type == "LABEL" else tag.cls for _segment, tag in tags]
    classes = list(dict.fromkeys(name for name in names if name))
    if classes:
        record["classes"] = classes
    if model_type in SPAN_TYPES and tags:
        record["spans"] = [
            {"start": segment.start, "end": segment.end, "label": tag.cls, "polarity": tag.label}
            for segment, tag in tags
        ]
    return record


def session_file(*, session: LabelingSession, client: DeepOpinionClient) -> tuple[IO[bytes], int]:
    """The file of the session's done documents, read from the service a page at a time,
    at its start, and how many documents it holds. It is written whole before it is sent,
    so that a service error mid-way (:class:`ApiError`, raised) gives a message, not half
    a file; in memory up to :data:`IN_MEMORY_BYTES`, then in a temporary file."""
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - returned
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    count = 0
    try:
        for document in selectors.session_documents(session=session, client=client):
            if not document.annotated:
                continue
            record = document_record(document, model_type=session.type)
            text.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    except BaseException:
        text.close()
        raise
    text.flush()
    text.detach().seek(0)
    return spool, count
