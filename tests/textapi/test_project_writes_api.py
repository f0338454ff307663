"""The vendor's project endpoints: Project answers with type, classes, labels and
models; POST, PUT and DELETE /projects; /permissions."""

import pytest

from trainer.textapi import services
from trainer.textapi.models import LabelingSession, ProjectMember, Role, TextModel, TextProject
from trainer.textapi.storage import artifact_save, artifact_storage

from .helpers import MODEL_REQUIRED_FIELDS, assert_error, bearer_client, post_json, url

NOT_MANAGER = "User is read-only or does not have the minimal project role MANAGER"
PROJECT_FIELDS = {"id", "name", "type", "classes", "labels", "models", "created"}


def _put(client, path: str, body):
    return client.put(url(path), data=body, content_type="application/json")


def _assert_project(body: dict) -> None:
    """The vendor's Project, field by field, plus the description and the caller's role."""
    assert set(body) == PROJECT_FIELDS | {"description", "role"}
    assert isinstance(body["id"], int) and isinstance(body["name"], str)
    assert body["type"] in ("ABSA", "LABEL", "CLASS", "CLASSLABEL")
    for field in ("classes", "labels"):
        assert all(isinstance(name, str) for name in body[field])
    assert all(set(model) >= MODEL_REQUIRED_FIELDS for model in body["models"])
    assert isinstance(body["created"], str)
    assert body["role"] in Role.values


# -- reading ------------------------------------------------------------------------------


def test_a_project_answers_with_its_type_classes_labels_and_models(
    reader, project, session_factory, model_factory
):
    session_factory(
        type="ABSA",
        documents=[
            {
                "text": "Ada met Bob",
                "spans": [{"start": 0, "end": 3, "label": "people", "polarity": "positive"}],
            }
        ],
    )
    model = model_factory(status="READY")

    body = reader.get(url(f"projects/{project.pk}")).json()

    _assert_project(body)
    assert (body["type"], body["classes"], body["labels"]) == ("ABSA", ["people"], ["positive"])
    assert [m["id"] for m in body["models"]] == [model.pk]
    assert body["models"][0]["name"] == model.name


def test_listing_projects_reads_their_classes_labels_and_models_in_a_few_queries(
    make_user, django_assert_max_num_queries, model_factory
):
    user = make_user()
    client = bearer_client(user)
    for number in range(5):
        project = services.project_create(name=f"P{number}", type="ABSA")
        services.member_set(project=project, user=user, role=Role.READ_ONLY)
        model_factory(in_project=project)

    with django_assert_max_num_queries(8):
        body = client.get(url("projects")).json()

    assert len(body) == 5
    assert all(len(p["labels"]) == 4 and len(p["models"]) == 1 for p in body)


# -- creating -------------------------------------------------------------------------------


def test_any_user_creates_a_project_of_a_type_and_owns_it(make_user):
    user = make_user()
    client = bearer_client(user)

    response = post_json(client, "projects", {"name": "  Hotels ", "type": "ABSA"})

    assert response.status_code == 201, response.content
    body = response.json()
    _assert_project(body)
    assert (body["name"], body["type"], body["role"]) == ("Hotels", "ABSA", "OWNER")
    assert body["labels"] == ["conflict", "negative", "neutral", "positive"]
    assert (body["classes"], body["models"]) == ([], [])
    assert ProjectMember.objects.get(project_id=body["id"]).user == user
    assert [p["id"] for p in client.get(url("projects")).json()] == [body["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Hotels"}, "type"),
        ({"name": "Hotels", "type": "BASE"}, "type"),
        ({"name": "Hotels", "type": "span"}, "type"),
        ({"name": "  ", "type": "CLASS"}, "name"),
        ({"type": "CLASS"}, "name"),
        ({"name": 7, "type": "CLASS"}, "name"),
        ({"name": "x" * 201, "type": "CLASS"}, "name"),
        # Counted as given, as the OpenAPI document's maxLength is (found by its fuzzer).
        ({"name": "\u001f" + "x" * 200, "type": "CLASS"}, "name"),
        ({"name": "Ho\u0000tels", "type": "CLASS"}, "name"),  # no database stores a NUL
        ({"name": "Hotels", "type": "CLASS", "colour": "red"}, "colour"),
    ],
)
def test_a_project_without_a_valid_name_or_type_is_refused_naming_the_field(make_user, body, field):
    response = post_json(bearer_client(make_user()), "projects", body)

    errors = assert_error(response, 400, field=field)["errors"]
    assert list(errors) == [field]
    assert not TextProject.objects.exists()


def test_a_project_body_that_is_no_object_is_refused(make_user):
    response = post_json(bearer_client(make_user()), "projects", ["Hotels", "CLASS"])

    assert_error(response, 400)


# -- changing ---------------------------------------------------------------------------------


def test_a_manager_renames_a_project_and_changes_its_description(manager, project):
    body = {"name": "Wire", "description": "Agency items", "type": "CLASS", "id": 1}

    response = _put(manager, f"projects/{project.pk}", body)

    assert response.status_code == 200, response.content
    answer = response.json()
    _assert_project(answer)
    assert (answer["id"], answer["name"], answer["description"]) == (
        project.pk,
        "Wire",
        "Agency items",
    )
    project.refresh_from_db()
    assert (project.name, project.description) == ("Wire", "Agency items")


def test_a_put_without_a_field_leaves_the_project_as_it_is(manager, project):
    response = _put(manager, f"projects/{project.pk}", {})

    assert response.json()["name"] == "Newsroom"


def test_a_projects_type_does_not_change(manager, project):
    response = _put(manager, f"projects/{project.pk}", {"type": "ABSA"})

    assert_error(response, 400, field="type")
    project.refresh_from_db()
    assert project.type == "CLASS"


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_a_put_is_refused_in_the_vendors_words(client_for, project, role):
    response = _put(client_for(role), f"projects/{project.pk}", {"name": "Mine"})

    assert assert_error(response, 403)["detail"] == NOT_MANAGER
    project.refresh_from_db()
    assert project.name == "Newsroom"


# -- deleting --------------------------------------------------------------------------------


def test_the_owner_deletes_a_project_with_all_it_holds(client_for, project, session, model_factory):
    owner = client_for(Role.OWNER)
    model_factory()

    response = owner.delete(url(f"projects/{project.pk}"))

    assert response.status_code == 204
    assert not TextProject.objects.filter(pk=project.pk).exists()
    assert not LabelingSession.objects.exists() and not TextModel.objects.exists()
    assert_error(owner.get(url(f"projects/{project.pk}")), 404)


def test_a_manager_may_not_delete_a_project(manager, project):
    response = manager.delete(url(f"projects/{project.pk}"))

    assert "OWNER" in assert_error(response, 403)["detail"]
    assert TextProject.objects.filter(pk=project.pk).exists()


def test_deleting_a_project_deletes_its_models_files_once_committed(
    client_for, project, model_factory, django_capture_on_commit_callbacks
):
    model = model_factory()
    model.artifact = artifact_save(f"{model.uuid}.joblib", {"format": 0})
    model.save(update_fields=["artifact"])

    with django_capture_on_commit_callbacks(execute=True):
        client_for(Role.OWNER).delete(url(f"projects/{project.pk}"))

    assert not artifact_storage().exists(model.artifact)


# -- permissions --------------------------------------------------------------------------------


def test_permissions_list_each_member_with_role_and_display_name(client_for, project, make_user):
    reader = client_for(Role.READ_ONLY)
    ada = make_user("ada", first_name="Ada", last_name="Lovelace")
    services.member_set(project=project, user=ada, role=Role.MANAGER)

    response = reader.get(url(f"projects/{project.pk}/permissions"))

    assert response.status_code == 200
    reader_id = ProjectMember.objects.get(user=reader.user).pk
    ada_id = ProjectMember.objects.get(user=ada).pk
    assert response.json() == [
        {"id": reader_id, "role": "READ_ONLY", "user": reader.user.username},
        {"id": ada_id, "role": "MANAGER", "user": "Ada Lovelace"},
    ]


def test_permissions_of_a_project_one_is_not_in_are_not_found(client_for, other_project):
    response = client_for(Role.OWNER).get(url(f"projects/{other_project.pk}/permissions"))

    assert_error(response, 404)
