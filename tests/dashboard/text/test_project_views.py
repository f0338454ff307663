"""A text project made and changed from the dashboard: who may, what is sent to the
service (mocked at the HTTP boundary), what is mirrored and logged, and how a refusal
is shown without losing what was typed."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.capture import services as capture_services
from trainer.dashboard.models import AuditEvent, Membership, Project, Role

pytestmark = pytest.mark.django_db

NEW = reverse("dashboard:project-new")


def _sent(mock, method: str, url: str) -> list:
    return [
        json.loads(call.request.body or "null")
        for call in mock.calls
        if call.request.method == method and call.request.url == url
    ]


def test_a_manager_of_a_project_sees_new_project_on_the_home_page(client, manager):
    client.force_login(manager)

    assert reverse("dashboard:project-new") in client.get(reverse("dashboard:home")).text


def test_a_reader_sees_no_new_project_and_may_not_create_one(client, reader):
    client.force_login(reader)

    assert NEW not in client.get(reverse("dashboard:home")).text
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"name": "Mine", "type": "CLASS"}).status_code == 403


def test_a_manager_of_a_capture_project_may_create_a_text_project(client, outsider):
    capture = capture_services.capture_project_define(
        name="Invoices", document_type="invoices", fields=[]
    )
    capture_services.capture_membership_set(project=capture, user=outsider, role=Role.MANAGER)
    client.force_login(outsider)

    assert client.get(NEW).status_code == 200


def test_the_permission_to_add_projects_lets_a_newcomer_create(client, outsider):
    outsider.user_permissions.add(Permission.objects.get(codename="add_project"))
    client.force_login(outsider)

    assert client.get(NEW).status_code == 200


def test_creating_a_project_makes_it_with_its_classes_and_labels_and_the_creator_owns_it(
    client, manager, api
):
    api.post(f"{API}projects", json={"id": 41, "name": "Hotel reviews", "type": "CLASSLABEL"})
    api.post(f"{API}projects/41/classes", json={"id": 1, "name": "x"}, status=201)
    api.post(f"{API}projects/41/labels", json={"id": 1, "name": "x"}, status=201)
    client.force_login(manager)

    response = client.post(
        NEW,
        {
            "name": "Hotel reviews",
            "type": "CLASSLABEL",
            "classes": "Staff\n\n Room \n",
            "labels": "positive\nnegative",
        },
    )

    project = Project.objects.get(remote_id=41)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:project", args=[project.pk])
    assert _sent(api, "POST", f"{API}projects") == [{"name": "Hotel reviews", "type": "CLASSLABEL"}]
    assert _sent(api, "POST", f"{API}projects/41/classes") == [{"name": "Staff"}, {"name": "Room"}]
    assert _sent(api, "POST", f"{API}projects/41/labels") == [
        {"name": "positive"},
        {"name": "negative"},
    ]
    assert (project.name, project.type) == ("Hotel reviews", "CLASSLABEL")
    assert Membership.objects.get(project=project, user=manager).role == Role.OWNER
    event = AuditEvent.objects.get(project=project)
    assert (event.action, event.user) == (AuditEvent.Action.PROJECT_CREATED, manager)


def test_the_services_refusal_shows_on_the_form_with_everything_typed(client, manager, api):
    api.post(
        f"{API}projects",
        json={"detail": "Invalid input.", "errors": {"name": ["This name is taken."]}},
        status=400,
    )
    client.force_login(manager)

    response = client.post(
        NEW, {"name": "Hotel reviews", "type": "CLASS", "classes": "Staff\nRoom"}
    )

    assert response.status_code == 400
    assert "This name is taken." in response.text
    assert 'value="Hotel reviews"' in response.text
    assert "Staff\nRoom</textarea>" in response.text
    assert not Project.objects.filter(name="Hotel reviews").exists()


def test_a_class_refused_deletes_the_new_project_at_the_service_again(client, manager, api):
    api.post(f"{API}projects", json={"id": 41, "name": "Hotel reviews", "type": "CLASS"})
    api.post(
        f"{API}projects/41/classes",
        json={"detail": "Invalid input.", "errors": {"name": ["Too odd."]}},
        status=400,
    )
    deleted = api.delete(f"{API}projects/41", status=204)
    client.force_login(manager)

    response = client.post(NEW, {"name": "Hotel reviews", "type": "CLASS", "classes": "Staff"})

    assert response.status_code == 400
    assert "Staff: Too odd." in response.text
    assert deleted.call_count == 1
    assert not Project.objects.filter(remote_id=41).exists()


@pytest.mark.parametrize(
    ("kind", "field", "names"),
    [("LABEL", "classes", "Staff"), ("CLASS", "labels", "positive"), ("ABSA", "labels", "good")],
)
def test_names_a_type_has_no_use_for_are_refused_before_anything_is_sent(
    client, manager, api, kind, field, names
):
    client.force_login(manager)

    response = client.post(NEW, {"name": "Typed", "type": kind, field: names})

    assert response.status_code == 400
    assert "leave this empty" in response.text
    assert not _sent(api, "POST", f"{API}projects")


def test_a_name_typed_twice_is_refused_by_name(client, manager, api):
    client.force_login(manager)

    response = client.post(NEW, {"name": "Twice", "type": "CLASS", "classes": "Staff\nstaff"})

    assert response.status_code == 400
    assert "Each name once, please" in response.text


# -- the settings page -------------------------------------------------------------------


@pytest.fixture
def absa_project(db):
    return factories.make_project(remote_id=8, name="Hotels", type="ABSA")


def test_the_settings_page_shows_the_projects_classes_and_labels_from_the_service(
    client, manager, project, api
):
    api.get(
        f"{API}projects/7",
        json={"id": 7, "name": "Support inbox", "classes": ["Billing"], "labels": ["urgent"]},
    )
    client.force_login(manager)

    page = client.get(reverse("dashboard:project-settings", args=[project.pk])).text

    assert "Billing</textarea>" in page
    assert "urgent</textarea>" in page


def test_saving_the_settings_renames_and_adds_and_removes_classes_each_in_the_log(
    client, manager, project, api
):
    api.get(f"{API}projects/7/labels", json=[])
    api.get(f"{API}projects/7/classes", json=[{"id": 3, "name": "Billing"}, {"id": 4, "name": "X"}])
    removed = api.delete(f"{API}projects/7/classes/4", status=204)
    api.post(f"{API}projects/7/classes", json={"id": 5, "name": "Refunds"}, status=201)
    api.put(f"{API}projects/7", json={"id": 7, "name": "Support"})
    client.force_login(manager)

    response = client.post(
        reverse("dashboard:project-change", args=[project.pk]),
        {"name": "Support", "classes": "Billing\nRefunds", "labels": ""},
    )

    assert response.status_code == 302
    assert removed.call_count == 1
    assert _sent(api, "POST", f"{API}projects/7/classes") == [{"name": "Refunds"}]
    project.refresh_from_db()
    assert project.name == "Support"
    assert sorted(AuditEvent.objects.values_list("action", "subject")) == sorted(
        [
            (AuditEvent.Action.CLASS_REMOVED, "X"),
            (AuditEvent.Action.CLASS_ADDED, "Refunds"),
            (AuditEvent.Action.PROJECT_RENAMED, "Support"),
        ]
    )


def test_an_absa_projects_labels_refused_by_the_service_are_shown_on_the_labels(
    client, absa_project, api
):
    owner = factories.make_member(project=absa_project, role=Role.OWNER, username="owner")
    message = "An ABSA project's labels are its polarities; none can be deleted."
    api.get(f"{API}projects/8/labels", json=[{"id": 1, "name": "positive"}])
    api.delete(f"{API}projects/8/labels/1", json={"detail": message}, status=409)
    client.force_login(owner)

    response = client.post(
        reverse("dashboard:project-change", args=[absa_project.pk]),
        {"name": "Hotels renamed", "classes": "", "labels": "good"},
    )

    assert response.status_code == 400
    assert f"positive: {message}" in response.text.replace("&#x27;", "'")
    assert 'value="Hotels renamed"' in response.text
    absa_project.refresh_from_db()
    assert absa_project.name == "Hotels"
    assert not AuditEvent.objects.exists()


def test_a_reader_may_not_change_the_project(client, reader, project, api):
    client.force_login(reader)

    response = client.post(
        reverse("dashboard:project-change", args=[project.pk]),
        {"name": "Mine", "classes": "", "labels": ""},
    )

    assert response.status_code == 403
    assert not _sent(api, "PUT", f"{API}projects/7")
