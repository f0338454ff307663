"""Training now takes only a session's ANNOTATED documents (and those all of whose
segments are); before, it took every document. So that every model trains on what it
trained on before, the documents that were training data are marked ANNOTATED:

- a document with tags (people may have tagged it without marking it annotated);
- in a CLASS, CLASSLABEL or ABSA session that tags some document with a class, a
  document without tags (it had none of the classes, which training learnt too: a
  SemEval sentence without opinions, say).

A session that tags nothing could train no model: its documents stay NOT_ANNOTATED,
texts to label (or to correct with a model). Nothing is removed.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef

# The types whose documents may have no tag (textapi.documents.TAGLESS_LABELED, as it
# was when this was written).
TAGLESS_LABELED = ("CLASS", "CLASSLABEL", "ABSA")


def mark(apps, schema_editor):
    Document = apps.get_model("textapi", "Document")
    SegmentTag = apps.get_model("textapi", "SegmentTag")
    waiting = Document.objects.filter(status="NOT_ANNOTATED")
    tagged = SegmentTag.objects.filter(segment__document=OuterRef("pk"))
    waiting.filter(Exists(tagged)).update(status="ANNOTATED")
    classes_given = SegmentTag.objects.filter(
        segment__document__session=OuterRef("session")
    ).exclude(class_name="")
    waiting.filter(session__type__in=TAGLESS_LABELED).filter(Exists(classes_given)).update(
        status="ANNOTATED"
    )


class Migration(migrations.Migration):
    dependencies = [("textapi", "0012_correction_sessions")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop, elidable=True)]
