"""A labeling session's ``classes`` and ``labels``: name lists, as the vendor answers
them (those given when the session was made, else the project's); the dashboard's
test-set check reads them."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from trainer.textapi.models import ProjectClass, Role

from .helpers import url


def _documents(*classes_per_document: list[str]) -> list[dict]:
    return [
        {"text": f"document {number}", "classes": classes, "spans": []}
        for number, classes in enumerate(classes_per_document)
    ]


def test_a_session_names_the_projects_classes(reader, project, session_factory):
    ProjectClass.objects.create(project=project, name="spam")
    session = session_factory(documents=_documents(["billing"], ["billing", "urgent"], ["refund"]))

    answer = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}")).json()

    assert (answer["classes"], answer["labels"]) == (["billing", "refund", "spam", "urgent"], [])


def test_an_absa_session_names_its_classes_and_polarities(reader, project, session_factory):
    spans = [{"start": 0, "end": 8, "label": "food", "polarity": "positive"}]
    session = session_factory(
        type="ABSA", documents=[{"text": "The soup was good", "spans": spans}]
    )

    answer = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}")).json()

    assert (answer["classes"], answer["labels"]) == (["food"], ["positive"])


def test_an_uploaded_session_answers_with_its_classes(client_for, project):
    annotator = client_for(Role.ANNOTATOR)
    lines = [
        {"text": "The invoice is wrong", "classes": ["billing"]},
        {"text": "Send my money back", "classes": ["refund"]},
        {"text": "Charged twice", "classes": ["billing"]},
    ]
    content = "\n".join(json.dumps(line) for line in lines).encode()

    response = annotator.post(
        url(f"projects/{project.pk}/annotations/upload"),
        {"file": SimpleUploadedFile("tickets.jsonl", content)},
    )

    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["classes"]) == (
        "tickets",
        ["billing", "refund"],
    )


def test_the_openapi_document_describes_the_classes_as_names(client):
    schema = client.get(url("openapi.json")).json()["components"]["schemas"]["LabelingSession"]

    for field in ("classes", "labels"):
        assert schema["properties"][field] == {
            "type": "array",
            "items": {"type": "string"},
            "description": schema["properties"][field]["description"],
        }
        assert field in schema["required"]
    assert "language" not in schema["properties"]
