"""Deleting is never one click away and never silent: projects (admin) and models
(dashboard and admin) are deleted after a confirmation page, and the deletion is
recorded in the audit log (which outlives the project), the admin's log and the
application log."""

import logging

import pytest
import responses as responses_lib
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from trainer.dashboard.models import AuditEvent, Project, Role, TrainedModel

pytestmark = pytest.mark.django_db

API = "http://testserver/api/text/"


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api():
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def project(db):
    return factories.make_project(remote_id=7, name="Support inbox")


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=31, status="READY", name="topics-v1")


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_user("admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


# -- projects, in the admin ----------------------------------------------------------------


def test_deleting_a_project_in_the_admin_asks_for_confirmation_first(admin, project, model):
    response = admin.get(reverse("admin:dashboard_project_delete", args=[project.pk]))

    assert response.status_code == 200
    assert "Are you sure you want to delete the project" in response.text
    assert str(model) in response.text  # what goes with it is listed
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_confirmed_project_deletion_is_recorded_with_who_did_it(admin, project, caplog):
    caplog.set_level(logging.WARNING)

    admin.post(reverse("admin:dashboard_project_delete", args=[project.pk]), {"post": "yes"})

    assert not Project.objects.filter(pk=project.pk).exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert (entry.user, entry.object_repr) == (admin.user, "Support inbox")
    assert "admin deletes project" in caplog.text
    assert "Support inbox" in caplog.text


def test_a_deleted_project_leaves_its_audit_log_ending_with_the_deletion(admin, project, model):
    manager = factories.make_member(project=project, role=Role.MANAGER, username="mia")
    AuditEvent.objects.create(
        project=project, project_name=project.name, user=manager, action="model_activated"
    )

    admin.post(reverse("admin:dashboard_project_delete", args=[project.pk]), {"post": "yes"})

    events = AuditEvent.objects.order_by("created", "id")
    assert [(e.action, e.user, e.project_name, e.project) for e in events] == [
        ("model_activated", manager, "Support inbox", None),
        ("project_deleted", admin.user, "Support inbox", None),
    ]


def test_deleting_projects_in_bulk_asks_first_and_records_each(admin, caplog):
    projects = [factories.make_project(name=f"Team {n}") for n in (1, 2)]
    url = reverse("admin:dashboard_project_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [p.pk for p in projects]}
    caplog.set_level(logging.WARNING)

    asked = admin.post(url, chosen)
    assert "Are you sure" in asked.text
    assert Project.objects.count() == 2
    admin.post(url, {**chosen, "post": "yes"})

    assert not Project.objects.exists()
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 2
    assert caplog.text.count("admin deletes project") == 2
    deleted = AuditEvent.objects.filter(action=AuditEvent.Action.PROJECT_DELETED)
    assert sorted(deleted.values_list("project_name", flat=True)) == ["Team 1", "Team 2"]


# -- models, in the admin -----------------------------------------------------------------


def test_deleting_a_model_in_the_admin_asks_first(admin, model):
    response = admin.get(reverse("admin:dashboard_trainedmodel_delete", args=[model.pk]))

    assert "Are you sure" in response.text
    assert TrainedModel.objects.filter(pk=model.pk).exists()


def test_a_model_deleted_in_the_admin_is_deleted_at_the_service_and_audited(admin, api, model):
    deleted = api.delete(f"{API}projects/7/models/31", status=204)

    admin.post(reverse("admin:dashboard_trainedmodel_delete", args=[model.pk]), {"post": "yes"})

    assert deleted.call_count == 1
    assert not TrainedModel.objects.filter(pk=model.pk).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.subject) == ("model_deleted", admin.user, str(model))


def test_a_model_the_service_refuses_to_delete_stays_with_the_reason_shown(admin, api, model):
    api.delete(
        f"{API}projects/7/models/31",
        status=409,
        json={"detail": "A PUBLISHED model cannot be deleted.", "errors": {}},
    )

    response = admin.post(
        reverse("admin:dashboard_trainedmodel_delete", args=[model.pk]),
        {"post": "yes"},
        follow=True,
    )

    assert TrainedModel.objects.filter(pk=model.pk).exists()
    assert "A PUBLISHED model cannot be deleted." in response.text
    assert not AuditEvent.objects.exists()


# -- models, on the dashboard -------------------------------------------------------------


def test_the_dashboard_asks_before_deleting_a_model_and_audits_the_deletion(
    client, api, project, model
):
    manager = factories.make_member(project=project, role=Role.MANAGER, username="manager")
    api.delete(f"{API}projects/7/models/31", status=204)
    client.force_login(manager)
    url = reverse("dashboard:model-delete", args=[project.pk, model.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert TrainedModel.objects.filter(pk=model.pk).exists()
    client.post(url)

    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.subject, event.model) == (
        "model_deleted",
        manager,
        str(model),
        None,  # the model is gone; the event keeps its name
    )
