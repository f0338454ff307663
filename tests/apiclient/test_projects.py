"""The client's Project: the vendor's fields it reads (type, classes, labels), from
the vendor's JSON and from the embedded service over real HTTP."""

import pytest
import responses

from trainer.apiclient.deepopinion import DeepOpinionClient, Project
from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi import labeling, services
from trainer.textapi.models import Role

BASE = "http://vendor.test/api/"

# A Project as the vendor's docs/Project.md spells it: no description, no role.
VENDOR_PROJECT = {
    "id": 4,
    "name": "Hotel reviews",
    "status": "ACTIVE",
    "type": "ABSA",
    "classes": ["Staff", "Room"],
    "labels": ["positive", "negative", "neutral"],
    "models": [],
    "created": "2026-11-24T10:00:00Z",
}


@responses.activate
def test_a_vendor_project_gives_its_type_classes_and_labels():
    responses.get(BASE + "projects/4", json=VENDOR_PROJECT)

    project = DeepOpinionClient(base_url=BASE, token="t").get_project(4)

    assert project == Project(
        id=4,
        name="Hotel reviews",
        type="ABSA",
        classes=["Staff", "Room"],
        labels=["positive", "negative", "neutral"],
    )


@responses.activate
def test_a_project_without_type_classes_and_labels_gets_the_defaults():
    responses.get(BASE + "projects", json=[{"id": 4, "name": "Old service"}])

    [project] = DeepOpinionClient(base_url=BASE, token="t").list_projects()

    assert (project.type, project.classes, project.labels) == ("", [], [])


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_answers_the_fields_the_client_reads_in_the_vendors_types(
    live_server, django_user_model
):
    user = django_user_model.objects.create_user(username="reader")
    project = services.project_create(name="Hotels", type="ABSA", description="Reviews")
    services.member_set(project=project, user=user, role=Role.READ_ONLY)
    labeling.labeling_session_create(
        project=project,
        name="Batch",
        owner=user,
        documents=[Document("The staff was rude.", (Segment(4, 9, (Tag("Staff", "negative"),)),))],
    )
    _token, raw = services.token_create(user=user, name="test")
    client = DeepOpinionClient(base_url=f"{live_server.url}/api/text/", token=raw)

    [listed] = client.list_projects()
    one = client.get_project(project.pk)

    assert listed == one
    assert (one.id, one.name, one.type, one.description, one.role) == (
        project.pk,
        "Hotels",
        "ABSA",
        "Reviews",
        "READ_ONLY",
    )
    assert one.classes == ["Staff"]
    assert one.labels == ["conflict", "negative", "neutral", "positive"]
    assert all(isinstance(name, str) for name in [*one.classes, *one.labels])
    [session] = client.list_sessions(project.pk)
    assert (session.name, session.type, session.status, session.document_count) == (
        "Batch",
        "ABSA",
        "FINISHED",
        1,
    )
    assert (session.classes, session.labels, session.user_id) == (
        ["Staff"],
        ["conflict", "negative", "neutral", "positive"],
        user.pk,
    )
    assert client.get_session(project.pk, session.id) == session
