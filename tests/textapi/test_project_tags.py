"""A project's type, classes and labels: filled for existing projects by a migration,
and added to by every labeling session created or imported later."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from trainer.learning.documents import Document, Tag, whole
from trainer.textapi import labeling, services
from trainer.textapi.models import (
    ModelType,
    ProjectClass,
    ProjectLabel,
    Role,
    SegmentTag,
    TextProject,
)

from .helpers import url

BEFORE = ("textapi", "0006_session_import_heartbeat")


def _tags(project) -> tuple[list[str], list[str]]:
    return (
        list(ProjectClass.objects.filter(project=project).values_list("name", flat=True)),
        list(ProjectLabel.objects.filter(project=project).values_list("name", flat=True)),
    )


# -- the migration -----------------------------------------------------------------------


def _old_world(make_user):
    """Projects as they were before 0007, made with the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    Project = apps.get_model("textapi", "TextProject")
    Session = apps.get_model("textapi", "LabelingSession")
    Document = apps.get_model("textapi", "Document")
    Model = apps.get_model("textapi", "TextModel")
    owner = make_user()

    def session(project, type_, documents, class_counts=None):
        made = Session.objects.create(
            project=project,
            name=f"{type_} batch",
            type=type_,
            language="en",
            class_counts=class_counts or {},
            document_count=len(documents),
        )
        Document.objects.bulk_create(
            Document(session=made, text=text, classes=classes, spans=spans)
            for text, classes, spans in documents
        )

    mixed = Project.objects.create(name="Mixed")
    text = "The pasta was great but the waiter ignored us."
    absa_spans = [
        {"start": 4, "end": 9, "label": "food", "polarity": "positive"},
        {"start": 28, "end": 34, "label": "service", "polarity": "negative"},
    ]
    session(mixed, "ABSA", [(text, [], absa_spans)])
    session(mixed, "ABSA", [(text, [], absa_spans[:1])])
    session(mixed, "CLASS", [("Rain in Berlin", ["weather"], [])], {"weather": 1})
    session(
        mixed,
        "LABEL",
        [("Ada met Bob", [], [{"start": 0, "end": 3, "label": "PER"}])],
    )
    models_only = Project.objects.create(name="Models only")
    Model.objects.create(
        project=models_only, name="old-label", type="LABEL", language="en", owner_id=owner.pk
    )
    empty = Project.objects.create(name="Empty")
    return mixed.pk, models_only.pk, empty.pk


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("textapi"))


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_project_its_type_classes_and_labels(make_user):
    mixed, models_only, empty = _old_world(make_user)

    _migrate_to_latest()

    assert TextProject.objects.get(pk=mixed).type == "ABSA"  # two ABSA sessions of four
    assert _tags(mixed) == (["food", "service", "weather"], ["PER", "negative", "positive"])
    assert TextProject.objects.get(pk=models_only).type == "LABEL"
    assert _tags(models_only) == ([], [])
    assert TextProject.objects.get(pk=empty).type == "CLASS"
    assert _tags(empty) == ([], [])


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_session_and_document(make_user):
    mixed, _models_only, _empty = _old_world(make_user)

    _migrate_to_latest()

    project = TextProject.objects.get(pk=mixed)
    sessions = project.labeling_sessions.order_by("id")
    assert [s.type for s in sessions] == ["ABSA", "ABSA", "CLASS", "LABEL"]
    assert [s.documents.count() for s in sessions] == [1, 1, 1, 1]
    assert [
        tag.label_name for tag in SegmentTag.objects.filter(segment__document__session=sessions[0])
    ] == ["positive", "negative"]


# -- sessions made later ------------------------------------------------------------------


def test_an_absa_project_is_made_with_the_polarities_as_labels(db):
    project = services.project_create(name="Hotels", type=ModelType.ABSA)

    assert _tags(project) == ([], ["conflict", "negative", "neutral", "positive"])


def test_a_new_session_adds_the_classes_and_labels_the_project_lacks(project):
    ProjectClass.objects.create(project=project, name="sport", description="Games")
    project.type = "CLASSLABEL"
    text = "Ada met Bob in Rome"
    documents = [
        Document(text, whole(text, [Tag("sport", "positive"), Tag("travel", "neutral")])),
        Document(text, whole(text, [Tag("travel", "negative")])),
    ]

    labeling.labeling_session_create(project=project, name="s", owner=None, documents=documents)

    assert _tags(project) == (["sport", "travel"], ["negative", "neutral", "positive"])
    assert ProjectClass.objects.get(project=project, name="sport").description == "Games"


def test_an_absa_session_adds_its_aspects_as_classes_and_polarities_as_labels(
    project, session_factory
):
    text = "The pasta was great."
    spans = [{"start": 4, "end": 9, "label": "food", "polarity": "positive"}]

    session_factory(type="ABSA", documents=[{"text": text, "spans": spans}])

    assert _tags(project) == (["food"], ["positive"])


def test_a_session_adds_its_tags_in_one_statement_each_whatever_its_size(project, session_factory):
    documents = [{"text": f"Item {n}", "classes": [f"class {n % 7}"]} for n in range(300)]

    with CaptureQueriesContext(connection) as queries:
        session_factory(documents=documents)

    inserts = [
        q["sql"] for q in queries if "INSERT" in q["sql"] and "textapi_projectclass" in q["sql"]
    ]
    assert len(inserts) == 1
    assert len(_tags(project)[0]) == 7


def test_an_uploaded_file_adds_its_classes_to_the_project(client_for, project):
    annotator = client_for(Role.ANNOTATOR)
    lines = [
        {"text": "Rain in Berlin", "classes": ["weather"]},
        {"text": "Goal", "classes": ["sport"]},
    ]
    content = "\n".join(json.dumps(line) for line in lines).encode()
    data = {"file": SimpleUploadedFile("up.jsonl", content)}

    response = annotator.post(url(f"projects/{project.pk}/annotations/upload"), data)

    assert response.status_code == 201, response.content
    assert _tags(project) == (["sport", "weather"], [])


def test_a_refused_file_adds_nothing_to_the_project(client_for, project):
    annotator = client_for(Role.ANNOTATOR)
    content = b'{"text": "Rain", "classes": ["weather"]}\n{"text": "cut short\n'
    data = {"file": SimpleUploadedFile("up.jsonl", content)}

    response = annotator.post(url(f"projects/{project.pk}/annotations/upload"), data)

    assert response.status_code == 400
    assert _tags(project) == ([], [])
