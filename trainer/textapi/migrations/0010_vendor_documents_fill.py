"""The vendor's document, part 2: every document of the old shape (``classes`` and
``spans``) becomes segments with tags, as the old answer already wrote it
(``{"text", "segments": [{"span", "tags"}]}``); nothing is dropped:

- the document's classes: one segment over the whole text, tagged ``{class}``;
- an ABSA span: a segment tagged ``{class: aspect, label: polarity}`` (``{class}``
  alone for a span without a polarity);
- any other span (LABEL, CLASSLABEL: named-entity span labelling, which no vendor type
  holds): a segment tagged ``{label: entity}``, so that the data is kept; training such
  a session fails with the learning layer's sentence naming the document;
- a document with none of these: one segment over the whole text, without tags, which
  people can tag (as :func:`trainer.textapi.documents.documents_add` gives one).

Tags of one stretch share its segment. Every document and segment is ANNOTATED (it
came labelled). A session's ``classes`` and ``labels`` become the names its documents
carry, sorted; it gets its own ``uuid``, and a FINISHED one its ``created`` as ``finished``. Documents are read a session at a time, in chunks.
"""

import uuid

from django.db import migrations

ANNOTATED = "ANNOTATED"
CHUNK = 2000


def _segments(text: str, classes, spans, *, absa: bool) -> dict[tuple[int, int], list]:
    """{(start, end): [(class, label), …]} of one old document, tags in their order."""
    segments: dict[tuple[int, int], list] = {}
    if not classes and not spans:
        return {(0, len(text)): []}
    for name in classes or ():
        segments.setdefault((0, len(text)), []).append((name, ""))
    for span in spans or ():
        tag = (span["label"], span.get("polarity") or "") if absa else ("", span["label"])
        tags = segments.setdefault((span["start"], span["end"]), [])
        if tag not in tags:
            tags.append(tag)
    return segments


def _fill_session(apps, session) -> None:
    Document = apps.get_model("textapi", "Document")
    Segment = apps.get_model("textapi", "Segment")
    SegmentTag = apps.get_model("textapi", "SegmentTag")
    rows = (
        Document.objects.filter(session_id=session.pk)
        .order_by("pk")
        .values_list("pk", "text", "classes", "spans")
    )
    classes, labels = set(), set()
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        made = []  # (Segment, its tags)
        for pk, text, doc_classes, spans in chunk:
            found = _segments(text, doc_classes, spans, absa=session.type == "ABSA")
            for (start, end), tags in sorted(found.items()):
                made.append((Segment(document_id=pk, start=start, end=end, status=ANNOTATED), tags))
                classes.update(name for name, _label in tags if name)
                labels.update(label for _name, label in tags if label)
        Segment.objects.bulk_create([segment for segment, _tags in made])
        SegmentTag.objects.bulk_create(
            SegmentTag(segment_id=segment.pk, class_name=name, label_name=label)
            for segment, tags in made
            for name, label in tags
        )
    Document.objects.filter(session_id=session.pk).update(status=ANNOTATED)
    session.classes = sorted(classes)
    session.labels = sorted(labels)
    session.uuid = uuid.uuid4()
    # A session whose documents were all in: when it was made is the best known.
    session.finished = session.created if session.status == "FINISHED" else None
    session.save(update_fields=["classes", "labels", "uuid", "finished"])


def fill(apps, schema_editor):
    LabelingSession = apps.get_model("textapi", "LabelingSession")
    for session in LabelingSession.objects.order_by("pk").iterator():
        _fill_session(apps, session)


class Migration(migrations.Migration):
    dependencies = [("textapi", "0009_vendor_documents")]

    # Backwards: the new rows go with 0009; the old fields still hold the data until 0011.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
