from trainer.textapi import services
from trainer.textapi.models import Role

from .helpers import assert_error, url


def test_project_list_shows_the_callers_projects_with_the_callers_role(client_for, project):
    client = client_for(Role.ANNOTATOR)

    response = client.get(url("projects"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": project.pk,
            "name": project.name,
            "type": "CLASS",
            "classes": [],
            "labels": [],
            "models": [],
            "created": project.created.isoformat(),
            "description": project.description,
            "role": Role.ANNOTATOR,
        }
    ]


def test_project_list_leaves_out_projects_the_caller_is_not_a_member_of(client_for, other_project):
    client = client_for(Role.OWNER)

    ids = [item["id"] for item in client.get(url("projects")).json()]

    assert other_project.pk not in ids


def test_project_list_is_empty_for_a_user_without_memberships(client_for):
    client = client_for(None)

    response = client.get(url("projects"))

    assert response.status_code == 200
    assert response.json() == []


def test_project_detail_includes_the_callers_role(client_for, project):
    client = client_for(Role.MANAGER)

    body = client.get(url(f"projects/{project.pk}")).json()

    assert body["id"] == project.pk
    assert body["role"] == Role.MANAGER


def test_non_member_gets_not_found_for_an_existing_project(client_for, project):
    client = client_for(None)

    response = client.get(url(f"projects/{project.pk}"))

    assert_error(response, 404)


def test_unknown_project_answers_the_same_not_found_as_a_hidden_one(client_for, project):
    client = client_for(None)
    hidden = client.get(url(f"projects/{project.pk}")).json()["detail"]

    missing = client.get(url(f"projects/{project.pk + 1000}")).json()["detail"]

    assert hidden.replace(str(project.pk), "ID") == missing.replace(str(project.pk + 1000), "ID")


def test_project_id_beyond_the_database_range_is_not_found(reader):
    response = reader.get(url(f"projects/{2**70}"))

    assert_error(response, 404)


def test_membership_of_another_project_gives_no_access(client_for, other_project):
    client = client_for(Role.OWNER)
    services.member_set(project=other_project, user=client.user, role=Role.READ_ONLY)

    listed = {item["id"]: item["role"] for item in client.get(url("projects")).json()}

    assert listed[other_project.pk] == Role.READ_ONLY
