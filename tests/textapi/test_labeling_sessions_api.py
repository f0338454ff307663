import pytest

from trainer.textapi import services
from trainer.textapi.errors import Invalid
from trainer.textapi.models import Role

from .helpers import assert_error, url


def test_session_list_shows_the_contract_fields(reader, project, session):
    response = reader.get(url(f"projects/{project.pk}/annotations"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": session.pk,
            "project_id": project.pk,
            "name": session.name,
            "type": "CLASS",
            "language": "en",
            "status": "FINISHED",
            "progress": 100.0,
            "error": "",
            "document_count": session.document_count,
            "mode": "ANNOTATION",
            "user_id": session.owner.pk,
            "documents": session.document_count,
            "labels": session.label_count,
            "created": session.created.isoformat(),
            "owner": session.owner.username,
            "classes": {"food": 12, "sports": 12, "weather": 12},
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


def test_session_counts_documents_and_labels(project, make_user):
    documents = [
        {"text": "Rain in Berlin", "classes": ["weather"], "spans": []},
        {
            "text": "Goal for Berlin",
            "classes": ["sports", "city"],
            "spans": [{"start": 9, "end": 15, "label": "LOC"}],
        },
        {"text": "Nothing labelled yet"},
    ]

    session = services.labeling_session_create(
        project=project, name="s", type="CLASSLABEL", language="en", owner=None, documents=documents
    )

    assert session.document_count == len(documents)
    assert session.label_count == 4


def test_session_with_an_invalid_document_is_not_kept(project):
    documents = [
        {"text": "fine", "classes": ["a"]},
        {"text": "bad span", "spans": [{"start": 5, "end": 99, "label": "X"}]},
    ]

    with pytest.raises(Invalid) as caught:
        services.labeling_session_create(
            project=project, name="s", type="LABEL", language="en", owner=None, documents=documents
        )

    assert "Document 2" in caught.value.errors["documents"][0]
    assert project.labeling_sessions.count() == 0
