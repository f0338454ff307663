"""Migrations 0009–0011: every document of the old shape (``classes``, ``spans``)
becomes segments with tags, nothing dropped; sessions lose their language and get
their class and label names, a uuid of their own, and ``finished``."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi.documents import session_documents
from trainer.textapi.models import LabelingSession

BEFORE = ("textapi", "0008_project_type_classes_labels_fill")

SOUP = "The soup was cold but the staff were kind."
ADA = "Ada met Bob in Rome"


def _old_world(make_user) -> dict[str, int]:
    """Sessions of every type as they were before 0009, made with that state's models."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    Project = apps.get_model("textapi", "TextProject")
    Session = apps.get_model("textapi", "LabelingSession")
    OldDocument = apps.get_model("textapi", "Document")
    owner = make_user()
    project = Project.objects.create(name="Old", type="ABSA")
    made = {}

    def session(type_, documents, status="FINISHED"):
        row = Session.objects.create(
            project=project,
            name=type_,
            type=type_,
            language="de",
            owner_id=owner.pk,
            status=status,
            document_count=len(documents),
            label_count=7,
            class_counts={"stale": 1},
        )
        OldDocument.objects.bulk_create(
            OldDocument(session=row, text=text, classes=classes, spans=spans)
            for text, classes, spans in documents
        )
        made[type_] = row.pk

    session("CLASS", [(SOUP, ["food", "service"], []), ("Nothing here", [], [])])
    session(
        "ABSA",
        [
            (
                SOUP,
                [],
                [
                    {"start": 4, "end": 8, "label": "food", "polarity": "negative"},
                    {"start": 4, "end": 8, "label": "temperature", "polarity": "negative"},
                    {"start": 26, "end": 31, "label": "service", "polarity": "positive"},
                    {"start": 0, "end": 3, "label": "other"},  # no polarity
                ],
            )
        ],
    )
    session(
        "LABEL",
        [
            (
                ADA,
                [],
                [{"start": 0, "end": 3, "label": "PER"}, {"start": 15, "end": 19, "label": "LOC"}],
            )
        ],
    )
    session(
        "CLASSLABEL",
        [(ADA, ["travel"], [{"start": 0, "end": 19, "label": "TRIP"}])],
        status="FAILED",
    )
    return made


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("textapi"))


@pytest.mark.django_db(transaction=True)
def test_every_old_document_becomes_segments_with_tags(make_user):
    made = _old_world(make_user)

    _migrate_to_latest()

    def documents(type_):
        return list(session_documents([made[type_]]))

    assert documents("CLASS") == [
        Document(SOUP, (Segment(0, len(SOUP), (Tag("food"), Tag("service"))),)),
        Document("Nothing here", (Segment(0, 12),)),  # a segment to tag
    ]
    assert documents("ABSA") == [
        Document(
            SOUP,
            (
                Segment(0, 3, (Tag("other"),)),
                Segment(4, 8, (Tag("food", "negative"), Tag("temperature", "negative"))),
                Segment(26, 31, (Tag("service", "positive"),)),
            ),
        )
    ]
    # Named-entity spans, which no vendor type holds, are kept as labels.
    assert documents("LABEL") == [
        Document(ADA, (Segment(0, 3, (Tag(label="PER"),)), Segment(15, 19, (Tag(label="LOC"),))))
    ]
    # A class and a span over the whole text share its segment.
    assert documents("CLASSLABEL") == [
        Document(ADA, (Segment(0, 19, (Tag("travel"), Tag(label="TRIP"))),))
    ]


@pytest.mark.django_db(transaction=True)
def test_sessions_get_their_names_uuids_and_statuses(make_user):
    made = _old_world(make_user)

    _migrate_to_latest()

    sessions = {s.type: s for s in LabelingSession.objects.all()}
    assert (sessions["CLASS"].classes, sessions["CLASS"].labels) == (["food", "service"], [])
    assert (sessions["ABSA"].classes, sessions["ABSA"].labels) == (
        ["food", "other", "service", "temperature"],
        ["negative", "positive"],
    )
    assert (sessions["LABEL"].classes, sessions["LABEL"].labels) == ([], ["LOC", "PER"])
    assert len({s.uuid for s in sessions.values()}) == 4
    assert sessions["CLASS"].finished == sessions["CLASS"].created
    assert sessions["CLASSLABEL"].finished is None  # it FAILED
    assert {s.pk for s in sessions.values()} == set(made.values())
    statuses = {d.status for s in sessions.values() for d in s.documents.all()}
    assert statuses == {"ANNOTATED"}
    assert not hasattr(sessions["CLASS"], "language")
