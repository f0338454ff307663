"""Migration 0013: the documents that were training data before training took only
ANNOTATED ones are marked ANNOTATED (a sentence without opinions among tagged ones
too); texts nobody labeled stay NOT_ANNOTATED."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("textapi", "0012_correction_sessions")


def _migrate(target) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_documents_that_trained_before_are_annotated_after():
    apps = _migrate([BEFORE])
    Project = apps.get_model("textapi", "TextProject")
    Session = apps.get_model("textapi", "LabelingSession")
    Document = apps.get_model("textapi", "Document")
    Segment = apps.get_model("textapi", "Segment")
    SegmentTag = apps.get_model("textapi", "SegmentTag")
    project = Project.objects.create(name="Old", type="CLASS")

    def document(session, text, *tags):
        row = Document.objects.create(session=session, text=text, status="NOT_ANNOTATED")
        segment = Segment.objects.create(document=row, start=0, end=len(text))
        for class_name, label_name in tags:
            SegmentTag.objects.create(segment=segment, class_name=class_name, label_name=label_name)
        return row.pk

    classes = Session.objects.create(project=project, name="Classes", type="CLASS")
    labels = Session.objects.create(project=project, name="Labels", type="LABEL")
    plain = Session.objects.create(project=project, name="Plain", type="CLASS")
    opinions = Session.objects.create(project=project, name="Opinions", type="ABSA")
    made = {
        "tagged later": document(classes, "Rain today.", ("weather", "")),
        "no class": document(classes, "Nothing to say."),
        "labeled later": document(labels, "Great.", ("", "positive")),
        "label to give": document(labels, "Hmm."),
        "plain text": document(plain, "Just a text."),
        "opinion": document(opinions, "Good food.", ("FOOD#QUALITY", "positive")),
        "no opinion": document(opinions, "We went on a Monday."),
    }

    latest = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("textapi"))

    statuses = dict(latest.get_model("textapi", "Document").objects.values_list("pk", "status"))
    assert {name: statuses[pk] for name, pk in made.items()} == {
        "tagged later": "ANNOTATED",
        "no class": "ANNOTATED",
        "labeled later": "ANNOTATED",
        "label to give": "NOT_ANNOTATED",
        "plain text": "NOT_ANNOTATED",
        "opinion": "ANNOTATED",
        "no opinion": "ANNOTATED",
    }
