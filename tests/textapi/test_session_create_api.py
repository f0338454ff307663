"""The vendor's JSON create and change of a labeling session (``POST …/annotations``,
``PUT …/annotations/{a}``), and the documents of a session as LabelingSessionWithDocs."""

import pytest

from trainer.textapi.models import Document, LabelingSession, ProjectClass, Role

from .helpers import assert_error, post_json, url

SOUP = "The soup was cold but the staff were kind."


def _absa(project):
    project.type = "ABSA"
    project.save(update_fields=["type"])
    return project


def _absa_document(text=SOUP):
    return {
        "text": text,
        "segments": [
            {"text": "soup", "span": [4, 8], "tags": [{"class": "food", "label": "negative"}]},
            {"span": [26, 31], "tags": [{"class": "service", "label": "positive"}]},
        ],
    }


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


def test_an_annotator_creates_a_session_from_labelled_documents(annotator, project):
    _absa(project)

    response = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {"name": "Reviews", "documents": [_absa_document(), {"text": "Nothing yet."}]},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["type"], body["document_count"]) == ("Reviews", "ABSA", 2)
    assert body["classes"] == ["food", "service"]
    documents = annotator.get(url(f"projects/{project.pk}/annotations/{body['id']}/documents"))
    first, second = documents.json()["documents"]
    assert [(s["span"], [t["class"] for t in s["tags"]]) for s in first["segments"]] == [
        ([4, 8], ["food"]),
        ([26, 31], ["service"]),
    ]
    assert (second["status"], [s["span"] for s in second["segments"]]) == (
        "NOT_ANNOTATED",
        [[0, 12]],
    )


def test_a_session_can_name_its_classes_and_labels(annotator, project):
    response = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {"name": "To do", "documents": [{"text": "Rain"}], "classes": ["weather", "sport"]},
    )

    assert response.json()["classes"] == ["sport", "weather"]
    assert set(ProjectClass.objects.values_list("name", flat=True)) == {"sport", "weather"}


def test_a_session_of_document_ids_annotates_their_texts_anew(annotator, project, session):
    ids = list(session.documents.order_by("id").values_list("id", flat=True)[:3])

    body = post_json(
        annotator, f"projects/{project.pk}/annotations", {"name": "Again", "document_ids": ids}
    ).json()

    copies = Document.objects.filter(session_id=body["id"]).order_by("id")
    assert [d.text for d in copies] == [Document.objects.get(pk=pk).text for pk in ids]
    assert {d.status for d in copies} == {"NOT_ANNOTATED"}


def test_a_sample_keeps_that_many_documents_in_their_order(annotator, project):
    documents = [{"text": f"Item {n}"} for n in range(10)]

    body = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {"name": "Sample", "documents": documents, "sample_size": 4},
    ).json()

    texts = list(Document.objects.filter(session_id=body["id"]).values_list("text", flat=True))
    assert len(texts) == 4
    assert texts == sorted(texts, key=lambda text: int(text.split()[1]))


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"documents": [{"text": "x"}]}, "name", "name"),
        ({"name": "s"}, "documents", "at least one"),
        (
            {"name": "s", "documents": [{"text": "x", "segments": [{"span": [0, 9]}]}]},
            "documents",
            "Document 1: the span [0, 9] lies outside",
        ),
        ({"name": "s", "documents": [{"text": "a\u0000b"}]}, "documents", "NUL"),
        ({"name": "s", "document_ids": [999999]}, "document_ids", "No document 999999"),
        ({"name": "s", "documents": [{"text": "x"}], "auto": True}, "auto", "correction session"),
        ({"name": "s", "documents": [{"text": "x"}], "language": "en"}, "language", "Unknown"),
        ({"name": "s", "documents": [{"text": "x"}], "classes": [""]}, "classes", "names"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field_and_keeps_nothing(
    annotator, project, body, field, words
):
    response = post_json(annotator, f"projects/{project.pk}/annotations", body)

    payload = assert_error(response, 400, field=field)
    assert words in " ".join(payload["errors"][field])
    assert not LabelingSession.objects.exists()


def test_a_document_that_does_not_fit_the_projects_type_is_refused(annotator, project):
    response = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {"name": "s", "documents": [_absa_document()]},  # a CLASS project
    )

    body = assert_error(response, 400, field="documents")
    assert "a CLASS document's tags carry a class only" in body["errors"]["documents"][0]


def test_read_only_members_get_the_vendors_403(client_for, project):
    response = post_json(
        client_for(Role.READ_ONLY),
        f"projects/{project.pk}/annotations",
        {"name": "s", "documents": [{"text": "x"}]},
    )

    body = assert_error(response, 403)
    assert body["detail"] == (
        "User is read-only or does not have the minimal project role ANNOTATOR"
    )


def test_put_renames_names_and_adds_documents(annotator, project, session):
    response = annotator.put(
        url(f"projects/{project.pk}/annotations/{session.pk}"),
        {"name": "Renamed", "labels": ["urgent"], "documents": [{"text": "One more"}]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["labels"], body["document_count"]) == ("Renamed", ["urgent"], 37)
    assert session.documents.filter(text="One more").exists()


def test_put_by_a_reader_is_refused(reader, project, session):
    response = reader.put(
        url(f"projects/{project.pk}/annotations/{session.pk}"),
        {"name": "Renamed"},
        content_type="application/json",
    )

    assert_error(response, 403)


def test_the_documents_answer_names_the_classes_as_the_projects_and_obeys_details(
    reader, project, session
):
    path = url(f"projects/{project.pk}/annotations/{session.pk}/documents")

    full = reader.get(path, {"limit": 1}).json()
    bare = reader.get(path, {"limit": 1, "details": "meta"}).json()

    assert [c["name"] for c in full["classes"]] == ["food", "sports", "weather"]
    assert set(full["classes"][0]) == {"id", "name", "description", "example"}
    assert set(full["documents"][0]) == {"id", "text", "status", "segments"}
    assert set(bare["documents"][0]) == {"id", "text", "status"}
    assert_error(reader.get(path, {"details": "everything"}), 400, field="details")


def test_one_document_is_read_by_its_id(reader, project, session):
    document = session.documents.order_by("id").first()

    response = reader.get(
        url(f"projects/{project.pk}/annotations/{session.pk}/documents/{document.pk}")
    )

    assert response.json()["text"] == document.text
    missing = reader.get(url(f"projects/{project.pk}/annotations/{session.pk}/documents/99999"))
    assert_error(missing, 404)


def test_a_session_of_plain_texts_holds_them_not_annotated(annotator, project):
    project.type = "LABEL"
    project.save(update_fields=["type"])

    response = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {"name": "Inbox", "documents": [{"text": "Fine."}, {"text": "Not sure."}]},
    )

    assert response.status_code == 201, response.content
    session = LabelingSession.objects.get(pk=response.json()["id"])
    assert list(session.documents.values_list("status", flat=True)) == ["NOT_ANNOTATED"] * 2


def test_a_class_document_given_a_segment_without_tags_has_no_class(annotator, project):
    text = "Nothing to report."

    response = post_json(
        annotator,
        f"projects/{project.pk}/annotations",
        {
            "name": "Topics",
            "documents": [
                {"text": text, "segments": [{"span": [0, len(text)], "tags": []}]},
                {"text": "To be read."},
            ],
        },
    )

    session = LabelingSession.objects.get(pk=response.json()["id"])
    statuses = dict(session.documents.values_list("text", "status"))
    assert statuses == {text: "ANNOTATED", "To be read.": "NOT_ANNOTATED"}
