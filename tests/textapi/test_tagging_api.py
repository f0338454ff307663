"""The vendor's tagging paths: a segment's tags (GET, POST), one tag (GET, PUT, DELETE),
and the statuses of a segment and a document (POST)."""

import pytest

from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi import labeling
from trainer.textapi.models import ProjectClass, Role, SegmentTag

from .helpers import assert_error, post_json, url

TEXT = "The soup was cold but the staff were kind."


@pytest.fixture
def absa(project):
    project.type = "ABSA"
    project.save(update_fields=["type"])
    session = labeling.labeling_session_create(
        project=project,
        name="Reviews",
        owner=None,
        documents=[Document(TEXT, (Segment(4, 8, (Tag("food", "negative"),)), Segment(26, 31)))],
        labels=["negative", "positive"],
    )
    ProjectClass.objects.create(project=project, name="service")
    document = session.documents.get()
    soup, staff = document.segments.order_by("start")
    return {"session": session, "document": document, "soup": soup, "staff": staff}


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


def _path(project, absa, segment="staff", rest="tags"):
    session, document = absa["session"], absa["document"]
    return (
        f"projects/{project.pk}/annotations/{session.pk}/documents/{document.pk}"
        f"/segments/{absa[segment].pk}/{rest}"
    )


def test_an_annotator_tags_a_segment(annotator, project, absa):
    response = post_json(annotator, _path(project, absa), {"class": "service", "label": "positive"})

    assert response.status_code == 201, response.content
    tag = SegmentTag.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": tag.pk,
        "class": "service",
        "label": "positive",
        "status": "READY",
    }
    listed = annotator.get(url(_path(project, absa))).json()
    assert listed == [response.json()]
    absa["session"].refresh_from_db()
    assert absa["session"].classes == ["food", "service"]


def test_a_tag_is_read_changed_and_deleted_by_its_id(annotator, project, absa):
    [tag] = absa["soup"].tags.all()
    path = url(_path(project, absa, "soup", f"tags/{tag.pk}"))

    assert annotator.get(path).json() == {
        "id": tag.pk,
        "class": "food",
        "label": "negative",
        "status": "READY",
    }
    changed = annotator.put(
        path, {"class": "food", "label": "positive"}, content_type="application/json"
    )
    assert changed.json()["label"] == "positive"
    assert annotator.delete(path).status_code == 204
    assert not SegmentTag.objects.filter(pk=tag.pk).exists()
    assert_error(annotator.get(path), 404)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"class": "weather", "label": "positive"}, "class", "weather is not a class"),
        ({"class": "service", "label": "great"}, "label", "great is not a label"),
        ({}, "class", "a class, a label, or both"),
        ({"class": "service"}, "tags", "every tag of a ABSA document has a class and a label"),
        ({"class": 3, "label": "positive"}, "class", "string"),
    ],
)
def test_a_tag_that_is_not_the_projects_or_does_not_fit_the_type_is_refused(
    annotator, project, absa, body, field, words
):
    response = post_json(annotator, _path(project, absa), body)

    payload = assert_error(response, 400, field=field)
    assert words in payload["errors"][field][0]
    assert not absa["staff"].tags.exists()


def test_a_label_document_keeps_one_label(annotator, project):
    project.type = "LABEL"
    project.save(update_fields=["type"])
    session = labeling.labeling_session_create(
        project=project,
        name="Sentiment",
        owner=None,
        documents=[Document("Great!", (Segment(0, 6, (Tag(label="positive"),)),))],
        labels=["positive", "negative"],
    )
    document = session.documents.get()
    segment = document.segments.get()
    path = (
        f"projects/{project.pk}/annotations/{session.pk}/documents/{document.pk}"
        f"/segments/{segment.pk}/tags"
    )

    body = assert_error(post_json(annotator, path, {"label": "negative"}), 400, field="tags")

    assert "exactly one label; this one has 2" in body["errors"]["tags"][0]
    [tag] = segment.tags.all()
    assert annotator.delete(url(f"{path}/{tag.pk}")).status_code == 204
    assert post_json(annotator, path, {"label": "negative"}).status_code == 201


def test_a_segment_and_a_document_are_marked_annotated(annotator, project, absa):
    document_path = _path(project, absa).rsplit("/segments/", 1)[0] + "/statuses"

    segment = post_json(annotator, _path(project, absa, rest="statuses"), {"name": "ANNOTATED"})
    document = post_json(annotator, document_path, {"name": "ANNOTATED"})

    assert segment.status_code == 201, segment.content
    assert segment.json() | {"created": None} == {
        "annotation_id": absa["session"].pk,
        "document_id": absa["document"].pk,
        "segment_id": absa["staff"].pk,
        "name": "ANNOTATED",
        "created": None,
    }
    assert document.json()["name"] == "ANNOTATED"
    absa["staff"].refresh_from_db()
    absa["document"].refresh_from_db()
    assert (absa["staff"].status, absa["document"].status) == ("ANNOTATED", "ANNOTATED")
    assert_error(post_json(annotator, document_path, {"name": "DONE"}), 400, field="name")


@pytest.mark.parametrize("method", ["post_tag", "status"])
def test_readers_read_tags_but_do_not_write(client_for, project, absa, method):
    reader = client_for(Role.READ_ONLY)
    assert reader.get(url(_path(project, absa, "soup"))).status_code == 200

    rest, body = (
        ("tags", {"class": "service", "label": "positive"})
        if method == "post_tag"
        else ("statuses", {"name": "ANNOTATED"})
    )
    response = post_json(reader, _path(project, absa, rest=rest), body)

    payload = assert_error(response, 403)
    assert "minimal project role ANNOTATOR" in payload["detail"]


def test_a_segment_of_another_document_is_not_found(annotator, project, absa, session_factory):
    other = session_factory(in_project=project, type="ABSA", documents=[{"text": "Fine."}])
    segment = other.documents.get().segments.get()
    session, document = absa["session"], absa["document"]

    response = annotator.get(
        url(
            f"projects/{project.pk}/annotations/{session.pk}/documents/{document.pk}"
            f"/segments/{segment.pk}/tags"
        )
    )

    assert_error(response, 404)
