"""The Members pages of text and capture projects: what each person sees, the forms'
answers, the messages, the confirmation step, htmx and the page without JavaScript.
Who may reach which URL at all is the permission matrix
(tests/security/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests import factories
from trainer.dashboard.models import AuditEvent, CaptureProject, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["project", "capture"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def project(kind):
    if kind == "capture":
        return CaptureProject.objects.create(name="Supplier invoices", document_type="invoices")
    return factories.make_project(name="Support inbox")


def _member(project, role, username):
    user = factories.make_user(username=username, email=f"{username}@example.com")
    project.memberships.create(user=user, role=role)
    return user


@pytest.fixture
def owner(project):
    return _member(project, Role.OWNER, "olga")


@pytest.fixture
def manager(project, owner):
    return _member(project, Role.MANAGER, "maria")


@pytest.fixture
def reader(project, owner):
    return _member(project, Role.READ_ONLY, "rita")


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(kind, action, project, membership=None) -> str:
    name = f"dashboard:{kind}-{action}"
    args = [project.pk] + ([membership.pk] if membership else [])
    return reverse(name, args=args)


def _project_url(kind, project) -> str:
    return reverse(
        "dashboard:project" if kind == "project" else "dashboard:capture-project", args=[project.pk]
    )


def _told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# -- the page -------------------------------------------------------------------------------


def test_every_member_sees_the_members_and_their_roles_without_controls(kind, project, reader):
    response = _browser(reader).get(_url(kind, "members", project))

    assert response.status_code == 200
    page = response.text
    assert "olga" in page and "rita" in page
    assert "Owner" in page and "Read-only" in page
    assert 'name="person"' not in page
    assert "Change role" not in page
    assert _url(kind, "member-remove", project, project.memberships.get(user=reader)) not in page


def test_the_project_page_links_to_its_members(kind, project, reader):
    page = _browser(reader).get(_project_url(kind, project)).text

    assert _url(kind, "members", project) in page


def test_a_manager_sees_controls_but_none_for_an_owner_nor_the_owner_role(
    kind, project, owner, manager, reader
):
    page = _browser(manager).get(_url(kind, "members", project)).text

    reader_row = project.memberships.get(user=reader)
    owner_row = project.memberships.get(user=owner)
    assert _url(kind, "member-role", project, reader_row) in page
    assert _url(kind, "member-remove", project, reader_row) in page
    assert _url(kind, "member-role", project, owner_row) not in page
    assert _url(kind, "member-remove", project, owner_row) not in page
    assert f'value="{Role.OWNER}"' not in page
    assert 'for="role-' in page  # each role's select has a label


def test_an_owner_is_offered_the_owner_role(kind, project, owner, reader):
    page = _browser(owner).get(_url(kind, "members", project)).text

    assert f'value="{Role.OWNER}"' in page


def test_a_non_member_gets_404(kind, project, owner):
    outsider = factories.make_user()

    assert _browser(outsider).get(_url(kind, "members", project)).status_code == 404


# -- adding -------------------------------------------------------------------------------------


def test_a_manager_adds_a_user_by_e_mail_and_is_told(kind, project, manager):
    nina = factories.make_user(username="nina", email="nina@example.com")

    response = _browser(manager).post(
        _url(kind, "members", project), {"person": "NINA@example.com", "role": Role.ANNOTATOR}
    )

    assert response.status_code == 302
    assert response["Location"] == _url(kind, "members", project)
    assert project.memberships.get(user=nina).role == Role.ANNOTATOR
    assert _told(response) == ["nina is now a member, as Annotator."]


@pytest.mark.parametrize(
    ("person", "error"),
    [
        ("nobody", "No user has this user name or e-mail."),
        ("team@example.com", "Several users have this user name or e-mail"),
        ("rita", "rita is a member of this project already."),
    ],
)
def test_a_refused_addition_says_why_in_the_form(kind, project, manager, reader, person, error):
    factories.make_user(username="sam", email="team@example.com")
    factories.make_user(username="sasha", email="team@example.com")
    count = project.memberships.count()

    response = _browser(manager).post(
        _url(kind, "members", project), {"person": person, "role": Role.READ_ONLY}
    )

    assert response.status_code == 400
    assert error in response.text
    assert 'role="alert"' in response.text
    assert project.memberships.count() == count


def test_a_manager_posting_the_owner_role_is_refused_with_a_message(kind, project, manager):
    nina = factories.make_user(username="nina")

    response = _browser(manager).post(
        _url(kind, "members", project), {"person": "nina", "role": Role.OWNER}
    )

    assert response.status_code == 400
    assert "Only an owner can make someone an owner." in response.text
    assert not project.memberships.filter(user=nina).exists()


# -- changing a role ------------------------------------------------------------------------


def test_without_javascript_a_role_change_reloads_the_page_with_a_message(
    kind, project, manager, reader
):
    membership = project.memberships.get(user=reader)
    browser = _browser(manager)

    response = browser.post(
        _url(kind, "member-role", project, membership), {"role": Role.ANNOTATOR}, follow=True
    )

    assert response.redirect_chain == [(_url(kind, "members", project), 302)]
    assert "rita&#x27;s role is now Annotator." in response.text
    membership.refresh_from_db()
    assert membership.role == Role.ANNOTATOR


def test_with_htmx_a_role_change_swaps_the_list_with_its_message(kind, project, manager, reader):
    membership = project.memberships.get(user=reader)

    response = _browser(manager).post(
        _url(kind, "member-role", project, membership),
        {"role": Role.MANAGER},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="member-list"')
    assert "<html" not in response.text
    assert "rita&#x27;s role is now Manager." in response.text
    assert 'role="status"' in response.text


def test_a_refused_role_change_says_why(kind, project, manager, owner):
    membership = project.memberships.get(user=owner)

    response = _browser(manager).post(
        _url(kind, "member-role", project, membership),
        {"role": Role.READ_ONLY},
        headers={"HX-Request": "true"},
    )

    assert "Only an owner can change or remove an owner." in response.text
    assert 'role="alert"' in response.text
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_the_last_owner_is_told_to_make_another_owner_first(kind, project, owner):
    membership = project.memberships.get(user=owner)

    response = _browser(owner).post(
        _url(kind, "member-role", project, membership), {"role": Role.MANAGER}
    )

    assert _told(response) == [
        "A project keeps at least one owner: make someone else an owner first."
    ]
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_a_role_that_is_no_role_is_refused(kind, project, manager, reader):
    membership = project.memberships.get(user=reader)

    response = _browser(manager).post(_url(kind, "member-role", project, membership), {"role": 99})

    assert _told(response) == ["Choose one of the roles."]
    membership.refresh_from_db()
    assert membership.role == Role.READ_ONLY


def test_a_membership_of_another_project_gets_404(kind, project, manager):
    other = (
        CaptureProject.objects.create(name="Other", document_type="other")
        if kind == "capture"
        else factories.make_project(name="Other")
    )
    foreign = other.memberships.create(user=factories.make_user(), role=Role.READ_ONLY)

    response = _browser(manager).post(
        _url(kind, "member-role", project, foreign), {"role": Role.ANNOTATOR}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.READ_ONLY


# -- removing -----------------------------------------------------------------------------


def test_removal_asks_first_and_removes_only_when_confirmed(kind, project, manager, reader):
    membership = project.memberships.get(user=reader)
    browser = _browser(manager)
    url = _url(kind, "member-remove", project, membership)

    confirm = browser.get(url)

    assert confirm.status_code == 200
    assert "Remove this member?" in confirm.text
    assert f'action="{url}"' in confirm.text
    assert 'name="csrfmiddlewaretoken"' in confirm.text
    assert project.memberships.filter(user=reader).exists()

    response = browser.post(url)

    assert response.status_code == 302
    assert response["Location"] == _url(kind, "members", project)
    assert _told(response) == ["rita is no longer a member of this project."]
    assert not project.memberships.filter(user=reader).exists()


def test_the_confirmation_of_a_refused_removal_is_not_shown(kind, project, manager, owner):
    membership = project.memberships.get(user=owner)

    response = _browser(manager).get(_url(kind, "member-remove", project, membership))

    assert response.status_code == 302
    assert _told(response) == ["Only an owner can change or remove an owner."]


def test_a_manager_who_removes_themselves_goes_home(kind, project, manager):
    membership = project.memberships.get(user=manager)

    response = _browser(manager).post(_url(kind, "member-remove", project, membership))

    assert response["Location"] == reverse("dashboard:home")
    assert not project.memberships.filter(user=manager).exists()


def test_the_actions_need_the_csrf_token(kind, project, manager, reader):
    membership = project.memberships.get(user=reader)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)

    response = browser.post(_url(kind, "member-remove", project, membership))

    assert response.status_code == 403
    assert project.memberships.filter(user=reader).exists()


# -- the activity log ---------------------------------------------------------------------


def test_the_changes_show_in_the_projects_activity(kind, project, owner, reader):
    browser = _browser(owner)
    factories.make_user(username="nina")
    browser.post(_url(kind, "members", project), {"person": "nina", "role": Role.READ_ONLY})
    membership = project.memberships.get(user=reader)
    browser.post(_url(kind, "member-role", project, membership), {"role": Role.ANNOTATOR})
    browser.post(_url(kind, "member-remove", project, membership))

    page = browser.get(_project_url(kind, project)).text

    assert AuditEvent.objects.count() == 3
    assert "added the member" in page and "<bdi>nina</bdi>" in page
    assert "changed the role of" in page and "removed the member" in page
    assert "<bdi>rita</bdi>" in page
