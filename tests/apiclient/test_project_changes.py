"""The client's calls that create and change a project, its classes and its labels,
as the vendor's generated client spells them (``docs/ProjectsApi.md``, ``ClassesApi.md``,
``LabelsApi.md``): what is sent, and what comes back."""

import json

import pytest
import responses

from trainer.apiclient.deepopinion import DeepOpinionClient, Project, Tag
from trainer.apiclient.errors import ApiConflict, ApiValidationError

BASE = "http://vendor.test/api/"


def _client() -> DeepOpinionClient:
    return DeepOpinionClient(base_url=BASE, token="t", retries=0)


@responses.activate
def test_create_project_posts_the_name_and_the_type_and_reads_the_project():
    call = responses.post(
        BASE + "projects",
        json={"id": 9, "name": "Reviews", "type": "CLASS", "classes": [], "labels": []},
        status=201,
    )

    project = _client().create_project(name="Reviews", type="CLASS")

    assert json.loads(call.calls[0].request.body) == {"name": "Reviews", "type": "CLASS"}
    assert project == Project(id=9, name="Reviews", type="CLASS")


@responses.activate
def test_a_refused_project_raises_with_the_field_the_service_names():
    responses.post(
        BASE + "projects",
        json={"detail": "Invalid input.", "errors": {"type": ["Must be one of ABSA, CLASS."]}},
        status=400,
    )

    with pytest.raises(ApiValidationError) as refused:
        _client().create_project(name="Reviews", type="SPAN")

    assert refused.value.field_errors == {"type": ["Must be one of ABSA, CLASS."]}


@responses.activate
def test_update_project_puts_the_new_name():
    call = responses.put(BASE + "projects/9", json={"id": 9, "name": "Hotel reviews"})

    project = _client().update_project(9, name="Hotel reviews")

    assert json.loads(call.calls[0].request.body) == {"name": "Hotel reviews"}
    assert project.name == "Hotel reviews"


@responses.activate
def test_delete_project_deletes_it_at_the_service():
    call = responses.delete(BASE + "projects/9", status=204)

    _client().delete_project(9)

    assert call.call_count == 1


@responses.activate
def test_list_tags_reads_classes_and_labels_with_their_ids():
    responses.get(
        BASE + "projects/9/classes",
        json=[{"id": 1, "name": "Staff", "description": "", "example": ""}],
    )
    responses.get(BASE + "projects/9/labels", json=[{"id": 4, "name": "positive"}])

    assert _client().list_tags(9, "classes") == [Tag(id=1, name="Staff")]
    assert _client().list_tags(9, "labels") == [Tag(id=4, name="positive")]


@responses.activate
def test_create_tag_posts_the_name():
    call = responses.post(BASE + "projects/9/classes", json={"id": 2, "name": "Room"}, status=201)

    assert _client().create_tag(9, "classes", name="Room") == Tag(id=2, name="Room")
    assert json.loads(call.calls[0].request.body) == {"name": "Room"}


@responses.activate
def test_deleting_an_absa_label_raises_the_services_conflict():
    message = "An ABSA project's labels are its polarities; none can be deleted."
    responses.delete(BASE + "projects/9/labels/4", json={"detail": message}, status=409)

    with pytest.raises(ApiConflict) as refused:
        _client().delete_tag(9, "labels", 4)

    assert refused.value.message == message


def test_a_kind_of_tag_that_is_neither_classes_nor_labels_is_a_programming_error():
    with pytest.raises(ValueError):
        _client().list_tags(9, "aspects")
