"""A labeling session's ``classes``: documents per class, this project's extension of
the contract (the dashboard warns with it when a class is missing from a test set)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from trainer.textapi.models import Role

from .helpers import url


def _documents(*classes_per_document: list[str]) -> list[dict]:
    return [
        {"text": f"document {number}", "classes": classes, "spans": []}
        for number, classes in enumerate(classes_per_document)
    ]


def test_a_session_counts_its_documents_per_class(reader, project, session_factory):
    session = session_factory(
        documents=_documents(["billing"], ["billing", "urgent"], ["refund"], ["billing"])
    )

    response = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}"))

    assert response.json()["classes"] == {"billing": 3, "refund": 1, "urgent": 1}


def test_the_session_list_carries_the_classes_of_each_session(reader, project, session_factory):
    first = session_factory(name="first", documents=_documents(["a"], ["b"]))
    second = session_factory(name="second", documents=_documents(["c"], ["c"]))

    listed = {
        item["id"]: item["classes"]
        for item in reader.get(url(f"projects/{project.pk}/annotations")).json()
    }

    assert listed == {first.pk: {"a": 1, "b": 1}, second.pk: {"c": 2}}


def test_a_span_session_has_no_classes(reader, project, session_factory):
    spans = [{"start": 0, "end": 8, "label": "ITEM"}]
    session = session_factory(
        type="LABEL",
        documents=[{"text": "document with a span", "classes": ["stray"], "spans": spans}],
    )

    response = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}"))

    assert response.json()["classes"] == {}


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
        {
            "name": "Tickets",
            "type": "CLASS",
            "language": "en",
            "file": SimpleUploadedFile("tickets.jsonl", content),
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["classes"] == {"billing": 2, "refund": 1}


def test_the_openapi_document_describes_the_classes_as_counts_by_class(client):
    schema = client.get(url("openapi.json")).json()["components"]["schemas"]["LabelingSession"]

    classes = schema["properties"]["classes"]
    assert classes["type"] == "object"
    assert classes["additionalProperties"]["type"] == "integer"
    assert "classes" not in schema["required"]  # other services need not send it
