"""Projects and people without the admin, in Chromium against the embedded text
service: a manager creates a text project and finds it; its owner adds a member and
changes their role on the Members page; a refused upload keeps its file."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests import factories
from trainer.dashboard.models import AuditEvent, Membership, Project, Role
from trainer.dashboard.text import sync as dashboard_sync
from trainer.textapi import services as text_services
from trainer.textapi.models import Role as ApiRole
from trainer.textapi.models import TextProject

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"


@pytest.fixture
def dashboard_account(live_api):
    """The dashboard's account at the embedded text service (its token, as settings say)."""
    account = get_user_model().objects.create_user("dashboard-account")
    text_services.token_create(user=account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
    return account


def test_a_manager_creates_a_text_project_with_its_classes_and_labels_and_sees_it(
    dashboard_account, page_as
):
    elsewhere = factories.make_project(name="Customer support")
    factories.make_member(
        project=elsewhere, role=Role.MANAGER, username="planner", password=DEMO_PASSWORD
    )
    page = page_as("planner")

    page.get_by_role("link", name="New project").click()
    page.get_by_label(re.compile(r"^Name")).fill("Hotel reviews")
    page.get_by_label("Classes with their labels").check()
    page.get_by_label("Classes, one a line").fill("Staff\nRoom\nBreakfast")
    page.get_by_label("Labels, one a line").fill("positive\nnegative")
    page.get_by_role("button", name="Create project").click()

    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hotel reviews")
    expect(page.get_by_role("status").first).to_contain_text("you are its owner")
    project = Project.objects.get(name="Hotel reviews")
    assert project.type == "CLASSLABEL"
    assert Membership.objects.get(project=project).role == Role.OWNER
    remote = TextProject.objects.get(pk=project.remote_id)
    assert sorted(remote.classes.values_list("name", flat=True)) == ["Breakfast", "Room", "Staff"]
    assert sorted(remote.labels.values_list("name", flat=True)) == ["negative", "positive"]

    page.get_by_role("link", name="Projects").first.click()
    expect(page.get_by_role("link", name="Hotel reviews")).to_be_visible()

    page.get_by_role("link", name="Hotel reviews").click()
    page.get_by_role("link", name="Settings").click()
    # As the service lists them: by name.
    expect(page.get_by_label("Classes, one a line")).to_have_value("Breakfast\nRoom\nStaff")


def test_an_absa_project_refuses_labels_and_keeps_what_was_typed(dashboard_account, page_as):
    elsewhere = factories.make_project(name="Customer support")
    factories.make_member(
        project=elsewhere, role=Role.OWNER, username="planner", password=DEMO_PASSWORD
    )
    page = page_as("planner")
    page.goto("/projects/new")

    page.get_by_label(re.compile(r"^Name")).fill("Hotel aspects")
    page.get_by_label("Aspect-based sentiment").check()
    page.get_by_label("Classes, one a line").fill("Staff\nRoom")
    page.get_by_label("Labels, one a line").fill("good")
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_text("leave this empty")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Name"))).to_have_value("Hotel aspects")
    expect(page.get_by_label("Classes, one a line")).to_have_value("Staff\nRoom")
    assert not TextProject.objects.filter(name="Hotel aspects").exists()


def test_an_owner_adds_a_member_and_changes_their_role(page_as):
    project = factories.make_project(name="Customer support")
    factories.make_member(
        project=project, role=Role.OWNER, username="owner", password=DEMO_PASSWORD
    )
    newcomer = factories.make_user(username="newcomer", email="newcomer@example.com")
    page = page_as("owner")

    page.get_by_role("link", name="Customer support").click()
    page.get_by_role("link", name="Members").click()
    page.get_by_label("User name or e-mail").fill("newcomer@example.com")
    page.get_by_label("Role:", exact=True).select_option(label="Annotator")
    page.get_by_role("button", name="Add", exact=True).click()

    row = page.get_by_role("row", name=re.compile("newcomer"))
    expect(row).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("newcomer is now a member")
    membership = Membership.objects.get(project=project, user=newcomer)
    assert membership.role == Role.ANNOTATOR

    page.evaluate("window.notReloaded = true")
    row.get_by_label("Role of newcomer").select_option(label="Manager")
    row.get_by_role("button", name="Change role").click()

    expect(page.get_by_text("newcomer's role is now Manager.")).to_be_visible()
    assert page.evaluate("window.notReloaded")  # htmx swapped the list only
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    assert list(AuditEvent.objects.filter(project=project).values_list("action", flat=True)) == [
        AuditEvent.Action.MEMBER_ROLE_CHANGED,
        AuditEvent.Action.MEMBER_ADDED,
    ]


def test_a_refused_upload_keeps_the_file_and_sends_it_once_the_service_takes_it(
    dashboard_account, page_as
):
    remote = text_services.project_create(name="Support", type="CLASS")
    # The dashboard's account may not write at the service (yet): it refuses the upload.
    text_services.member_set(project=remote, user=dashboard_account, role=ApiRole.READ_ONLY)
    project = dashboard_sync.project_register(remote_id=remote.pk, name=remote.name)
    factories.make_member(
        project=project, role=Role.ANNOTATOR, username="annotator", password=DEMO_PASSWORD
    )
    page = page_as("annotator")
    page.goto(f"/projects/{project.pk}/sessions/upload")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("File:", exact=True).set_input_files(CORPORA / "documents.csv")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("alert")).to_contain_text("minimal project role ANNOTATOR")
    expect(page.locator("[data-kept-file]")).to_contain_text("documents.csv")
    assert page.evaluate("window.notReloaded")  # the refusal swapped the form only
    text_services.member_set(project=remote, user=dashboard_account, role=ApiRole.MANAGER)
    page.get_by_role("button", name="Upload").click()  # no file chosen again

    page.wait_for_url(re.compile(rf"/projects/{project.pk}/(#.*)?$"))
    expect(page.get_by_role("row", name=re.compile("documents"))).to_be_visible()
    session = remote.labeling_sessions.get()
    assert "documents" in session.name
    assert session.documents.count() > 0
