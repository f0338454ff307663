import pytest

from trainer.learning.documents import Document, Tag, whole
from trainer.textapi import labeling
from trainer.textapi.errors import Invalid
from trainer.textapi.models import ProjectClass, Role

from .helpers import assert_error, url


def test_session_list_shows_the_vendors_fields(reader, project, session):
    response = reader.get(url(f"projects/{project.pk}/annotations"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": session.pk,
            "uuid": str(session.uuid),
            "name": session.name,
            "description": "",
            "type": "CLASS",
            "status": "FINISHED",
            "mode": "ANNOTATION",
            "document_count": 36,
            "classes": ["food", "sports", "weather"],
            "labels": [],
            "progress": 100.0,
            "created": session.created.isoformat(),
            "finished": session.finished.isoformat(),
            "user_id": session.owner.pk,
            "project_id": project.pk,
            "model_id": None,
            "organization_id": None,
            "document_group_id": None,
            "error": "",
        }
    ]


def test_session_list_is_newest_first(reader, project, session_factory):
    first = session_factory(name="first")
    second = session_factory(name="second")

    ids = [item["id"] for item in reader.get(url(f"projects/{project.pk}/annotations")).json()]

    assert ids == [second.pk, first.pk]


def test_session_detail_shows_one_session(reader, project, session):
    response = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}"))

    assert response.status_code == 200
    assert response.json()["id"] == session.pk


def test_session_of_another_project_is_not_found(
    client_for, project, other_project, session_factory
):
    foreign = session_factory(in_project=other_project)
    client = client_for(Role.OWNER)

    response = client.get(url(f"projects/{project.pk}/annotations/{foreign.pk}"))

    assert_error(response, 404)


def test_non_member_cannot_list_sessions(client_for, project, session):
    client = client_for(None)

    response = client.get(url(f"projects/{project.pk}/annotations"))

    assert_error(response, 404)


def test_a_session_counts_its_documents_and_names_the_projects_classes(project):
    ProjectClass.objects.create(project=project, name="politics")
    documents = [
        Document("Rain in Berlin", whole("Rain in Berlin", [Tag("weather")])),
        Document("Goal for Berlin", whole("Goal for Berlin", [Tag("sports"), Tag("city")])),
        Document("Nothing labelled yet"),
    ]

    session = labeling.labeling_session_create(
        project=project, name="s", owner=None, documents=documents
    )

    assert session.document_count == 3
    assert (session.classes, session.labels) == (["city", "politics", "sports", "weather"], [])
    assert [d.status for d in session.documents.order_by("id")] == [
        "ANNOTATED",
        "ANNOTATED",
        "NOT_ANNOTATED",
    ]
    # A document without segments gets one over its text, to be tagged.
    untagged = session.documents.order_by("id").last().segments.get()
    assert (untagged.start, untagged.end, untagged.status) == (0, 20, "NOT_ANNOTATED")


def test_a_session_keeps_the_classes_it_is_given(project):
    text = "Rain in Berlin"
    session = labeling.labeling_session_create(
        project=project,
        name="s",
        owner=None,
        documents=[Document(text, whole(text, [Tag("weather")]))],
        classes=["weather", "climate"],
    )

    assert session.classes == ["climate", "weather"]
    assert set(project.classes.values_list("name", flat=True)) == {"climate", "weather"}


def test_a_session_with_a_document_that_does_not_fit_the_type_is_not_kept(project):
    project.type = "LABEL"
    project.save(update_fields=["type"])
    documents = [
        Document("fine", whole("fine", [Tag(label="positive")])),
        Document("two labels", whole("two labels", [Tag(label="positive"), Tag(label="negative")])),
    ]

    with pytest.raises(Invalid) as caught:
        labeling.labeling_session_create(project=project, name="s", owner=None, documents=documents)

    assert caught.value.errors["documents"] == [
        "Document 2 (“two labels…”): a LABEL document has exactly one label; this one has 2 "
        "(positive, negative)."
    ]
    assert project.labeling_sessions.count() == 0
