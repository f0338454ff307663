"""The vendor's class and label endpoints: /projects/{id}/classes[/{class_id}] and
/projects/{id}/labels[/{label_id}]. Members read; managers write (the vendor's 403
sentence below MANAGER); a name is once per project; an ABSA project's labels are its
polarities, which are neither added to nor deleted."""

import pytest

from trainer.textapi import services
from trainer.textapi.models import ProjectClass, ProjectLabel, Role

from .helpers import assert_error, post_json, url

NOT_MANAGER = "User is read-only or does not have the minimal project role MANAGER"


def _put(client, path: str, body):
    return client.put(url(path), data=body, content_type="application/json")


@pytest.fixture
def staff_class(project):
    return ProjectClass.objects.create(
        project=project, name="Staff", description="The people", example="Friendly staff"
    )


@pytest.fixture
def absa_project(db):
    return services.project_create(name="Hotels", type="ABSA")


# -- classes --------------------------------------------------------------------------------


def test_members_list_the_projects_classes_as_the_vendors_model_class(reader, project, staff_class):
    ProjectClass.objects.create(project=project, name="Room")

    response = reader.get(url(f"projects/{project.pk}/classes"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": ProjectClass.objects.get(name="Room").pk,
            "name": "Room",
            "description": "",
            "example": "",
        },
        {
            "id": staff_class.pk,
            "name": "Staff",
            "description": "The people",
            "example": "Friendly staff",
        },
    ]


def test_a_member_gets_one_class(reader, project, staff_class):
    response = reader.get(url(f"projects/{project.pk}/classes/{staff_class.pk}"))

    assert response.json() == {
        "id": staff_class.pk,
        "name": "Staff",
        "description": "The people",
        "example": "Friendly staff",
    }


def test_a_class_of_another_project_is_not_found(reader, other_project):
    elsewhere = ProjectClass.objects.create(project=other_project, name="Staff")
    project_id = reader.get(url("projects")).json()[0]["id"]

    response = reader.get(url(f"projects/{project_id}/classes/{elsewhere.pk}"))

    assert str(elsewhere.pk) in assert_error(response, 404)["detail"]


def test_a_manager_adds_a_class(manager, project):
    body = {"name": " Room ", "description": "Where one sleeps", "example": "A quiet room"}

    response = post_json(manager, f"projects/{project.pk}/classes", body)

    assert response.status_code == 201, response.content
    made = ProjectClass.objects.get(project=project)
    assert response.json() == {
        "id": made.pk,
        "name": "Room",
        "description": "Where one sleeps",
        "example": "A quiet room",
    }
    assert manager.get(url(f"projects/{project.pk}")).json()["classes"] == ["Room"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": ["Room"]}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Room", "description": 3}, "description"),
        ({"name": "Room", "colour": "red"}, "colour"),
    ],
)
def test_an_invalid_class_is_refused_naming_the_field(manager, project, body, field):
    response = post_json(manager, f"projects/{project.pk}/classes", body)

    assert list(assert_error(response, 400, field=field)["errors"]) == [field]
    assert not ProjectClass.objects.exists()


def test_a_class_name_the_project_has_is_refused_naming_name(manager, project, staff_class):
    response = post_json(manager, f"projects/{project.pk}/classes", {"name": "Staff"})

    assert_error(response, 400, field="name")
    assert ProjectClass.objects.count() == 1


def test_another_project_may_have_a_class_of_the_same_name(client_for, other_project, staff_class):
    manager = client_for(Role.MANAGER, in_project=other_project)

    response = post_json(manager, f"projects/{other_project.pk}/classes", {"name": "Staff"})

    assert response.status_code == 201


def test_a_manager_changes_a_class(manager, project, staff_class):
    response = _put(
        manager, f"projects/{project.pk}/classes/{staff_class.pk}", {"name": "Team", "example": ""}
    )

    assert response.json() == {
        "id": staff_class.pk,
        "name": "Team",
        "description": "The people",
        "example": "",
    }
    staff_class.refresh_from_db()
    assert (staff_class.name, staff_class.example) == ("Team", "")


def test_a_class_renamed_to_another_of_the_project_is_refused(manager, project, staff_class):
    room = ProjectClass.objects.create(project=project, name="Room")

    response = _put(manager, f"projects/{project.pk}/classes/{room.pk}", {"name": "Staff"})

    assert_error(response, 400, field="name")
    room.refresh_from_db()
    assert room.name == "Room"


def test_a_manager_deletes_a_class(manager, project, staff_class):
    response = manager.delete(url(f"projects/{project.pk}/classes/{staff_class.pk}"))

    assert response.status_code == 204
    assert not ProjectClass.objects.exists()


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_no_class_is_added_changed_or_deleted(client_for, project, staff_class, role):
    client = client_for(role)
    path = f"projects/{project.pk}/classes"

    answers = [
        post_json(client, path, {"name": "Room"}),
        _put(client, f"{path}/{staff_class.pk}", {"name": "Team"}),
        client.delete(url(f"{path}/{staff_class.pk}")),
    ]

    assert [assert_error(a, 403)["detail"] for a in answers] == [NOT_MANAGER] * 3
    assert list(ProjectClass.objects.values_list("name", flat=True)) == ["Staff"]


def test_classes_of_a_project_one_is_not_in_are_not_found(client_for, other_project):
    response = client_for(Role.OWNER).get(url(f"projects/{other_project.pk}/classes"))

    assert_error(response, 404)


# -- labels ---------------------------------------------------------------------------------


def test_a_manager_adds_changes_and_deletes_a_label(manager, project):
    path = f"projects/{project.pk}/labels"

    made = post_json(manager, path, {"name": "positive"})
    label_id = made.json()["id"]
    changed = _put(manager, f"{path}/{label_id}", {"name": "good"})
    listed = manager.get(url(path)).json()
    deleted = manager.delete(url(f"{path}/{label_id}"))

    assert (made.status_code, made.json()) == (201, {"id": label_id, "name": "positive"})
    assert changed.json() == {"id": label_id, "name": "good"}
    assert listed == [{"id": label_id, "name": "good"}]
    assert deleted.status_code == 204
    assert not ProjectLabel.objects.exists()


def test_a_label_name_the_project_has_is_refused_naming_name(manager, project):
    ProjectLabel.objects.create(project=project, name="positive")

    response = post_json(manager, f"projects/{project.pk}/labels", {"name": "positive"})

    assert_error(response, 400, field="name")


def test_a_label_has_no_description(manager, project):
    response = post_json(
        manager, f"projects/{project.pk}/labels", {"name": "positive", "description": "Good"}
    )

    assert_error(response, 400, field="description")


def test_an_absa_projects_labels_are_its_polarities_and_none_is_added(client_for, absa_project):
    manager = client_for(Role.MANAGER, in_project=absa_project)

    response = post_json(manager, f"projects/{absa_project.pk}/labels", {"name": "mixed"})

    assert "ABSA" in assert_error(response, 409)["detail"]
    listed = manager.get(url(f"projects/{absa_project.pk}/labels")).json()
    assert [label["name"] for label in listed] == ["conflict", "negative", "neutral", "positive"]


def test_no_label_of_an_absa_project_is_deleted(client_for, absa_project):
    manager = client_for(Role.MANAGER, in_project=absa_project)
    positive = ProjectLabel.objects.get(project=absa_project, name="positive")

    response = manager.delete(url(f"projects/{absa_project.pk}/labels/{positive.pk}"))

    assert "ABSA" in assert_error(response, 409)["detail"]
    assert ProjectLabel.objects.filter(pk=positive.pk).exists()


def test_a_label_of_another_project_is_not_found(manager, project, absa_project):
    elsewhere = ProjectLabel.objects.filter(project=absa_project).first()

    response = manager.delete(url(f"projects/{project.pk}/labels/{elsewhere.pk}"))

    assert_error(response, 404)
    assert ProjectLabel.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_no_label_is_added(client_for, project, role):
    response = post_json(client_for(role), f"projects/{project.pk}/labels", {"name": "positive"})

    assert assert_error(response, 403)["detail"] == NOT_MANAGER
    assert not ProjectLabel.objects.exists()
