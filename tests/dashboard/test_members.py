"""The rules of members' changes, in the services: text and capture projects alike."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests import factories
from trainer.dashboard import audit, members
from trainer.dashboard.models import (
    AuditEvent,
    CaptureMembership,
    CaptureProject,
    Membership,
    Role,
)

pytestmark = pytest.mark.django_db


def _text_project():
    return factories.make_project(name="Support inbox")


def _capture_project():
    return CaptureProject.objects.create(name="Supplier invoices", document_type="invoices")


@pytest.fixture(params=["text", "capture"])
def project(request):
    return _text_project() if request.param == "text" else _capture_project()


def _member(project, role, username=None):
    user = factories.make_user(username=username)
    project.memberships.create(user=user, role=role)
    return user


def _membership(project, user):
    return project.memberships.get(user=user)


def _actions(project) -> list[tuple[str, str, str]]:
    return [
        (event.user.get_username(), event.action, event.subject)
        for event in reversed(audit.audit_event_list_for_project(project=project))
    ]


# -- adding -------------------------------------------------------------------------------


def test_a_manager_adds_a_member_with_a_role_and_the_log_says_so(project):
    manager = _member(project, Role.MANAGER, "maria")
    newcomer = factories.make_user(username="nina")

    membership = members.member_add(
        project=project, actor=manager, user=newcomer, role=Role.ANNOTATOR
    )

    assert membership.role == Role.ANNOTATOR
    assert _membership(project, newcomer) == membership
    assert _actions(project) == [("maria", AuditEvent.Action.MEMBER_ADDED, "nina")]


def test_the_audit_event_belongs_to_the_project_of_its_kind(project):
    owner = _member(project, Role.OWNER)
    members.member_add(
        project=project, actor=owner, user=factories.make_user(), role=Role.READ_ONLY
    )

    event = AuditEvent.objects.get()
    if isinstance(project, CaptureProject):
        assert (event.project, event.capture_project) == (None, project)
    else:
        assert (event.project, event.capture_project) == (project, None)
    assert event.project_name == project.name


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_nobody_adds_members(project, role):
    someone = _member(project, role)

    with pytest.raises(PermissionDenied):
        members.member_add(
            project=project, actor=someone, user=factories.make_user(), role=Role.READ_ONLY
        )

    assert project.memberships.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_non_member_adds_nobody(project):
    stranger = factories.make_user()

    with pytest.raises(PermissionDenied):
        members.member_add(
            project=project, actor=stranger, user=factories.make_user(), role=Role.READ_ONLY
        )


def test_a_manager_cannot_add_an_owner(project):
    manager = _member(project, Role.MANAGER)
    newcomer = factories.make_user()

    with pytest.raises(members.MemberChangeRefused, match="Only an owner"):
        members.member_add(project=project, actor=manager, user=newcomer, role=Role.OWNER)

    assert not project.memberships.filter(user=newcomer).exists()


def test_an_owner_adds_an_owner(project):
    owner = _member(project, Role.OWNER)
    newcomer = factories.make_user()

    members.member_add(project=project, actor=owner, user=newcomer, role=Role.OWNER)

    assert _membership(project, newcomer).role == Role.OWNER


def test_a_member_is_not_added_twice(project):
    owner = _member(project, Role.OWNER)
    reader = _member(project, Role.READ_ONLY, "rita")

    with pytest.raises(members.MemberChangeRefused, match="rita is a member"):
        members.member_add(project=project, actor=owner, user=reader, role=Role.MANAGER)

    assert _membership(project, reader).role == Role.READ_ONLY


def test_a_member_of_one_kind_of_project_is_not_one_of_the_other():
    text, capture = _text_project(), _capture_project()
    owner = factories.make_user()
    text.memberships.create(user=owner, role=Role.OWNER)

    with pytest.raises(PermissionDenied):
        members.member_add(
            project=capture, actor=owner, user=factories.make_user(), role=Role.READ_ONLY
        )


# -- changing a role ----------------------------------------------------------------------


def test_a_manager_changes_a_role_and_the_log_says_so(project):
    manager = _member(project, Role.MANAGER, "maria")
    reader = _member(project, Role.READ_ONLY, "rita")

    members.member_role_change(
        membership=_membership(project, reader), actor=manager, role=Role.ANNOTATOR
    )

    assert _membership(project, reader).role == Role.ANNOTATOR
    assert _actions(project) == [("maria", AuditEvent.Action.MEMBER_ROLE_CHANGED, "rita")]


def test_the_same_role_again_changes_nothing_and_logs_nothing(project):
    manager = _member(project, Role.MANAGER)
    reader = _member(project, Role.READ_ONLY)

    members.member_role_change(
        membership=_membership(project, reader), actor=manager, role=Role.READ_ONLY
    )

    assert not AuditEvent.objects.exists()


def test_an_annotator_changes_no_role(project):
    annotator = _member(project, Role.ANNOTATOR)
    reader = _member(project, Role.READ_ONLY)

    with pytest.raises(PermissionDenied):
        members.member_role_change(
            membership=_membership(project, reader), actor=annotator, role=Role.ANNOTATOR
        )

    assert _membership(project, reader).role == Role.READ_ONLY


def test_a_manager_cannot_make_someone_an_owner(project):
    manager = _member(project, Role.MANAGER)
    reader = _member(project, Role.READ_ONLY)

    with pytest.raises(members.MemberChangeRefused, match="Only an owner can make"):
        members.member_role_change(
            membership=_membership(project, reader), actor=manager, role=Role.OWNER
        )

    assert _membership(project, reader).role == Role.READ_ONLY


def test_a_manager_cannot_change_an_owner(project):
    _member(project, Role.OWNER)
    owner = _member(project, Role.OWNER)
    manager = _member(project, Role.MANAGER)

    with pytest.raises(members.MemberChangeRefused, match="Only an owner can change or remove"):
        members.member_role_change(
            membership=_membership(project, owner), actor=manager, role=Role.READ_ONLY
        )

    assert _membership(project, owner).role == Role.OWNER


def test_nobody_raises_their_own_role(project):
    _member(project, Role.OWNER)
    manager = _member(project, Role.MANAGER)

    with pytest.raises(members.MemberChangeRefused, match="Nobody can raise their own role"):
        members.member_role_change(
            membership=_membership(project, manager), actor=manager, role=Role.OWNER
        )

    assert _membership(project, manager).role == Role.MANAGER


def test_a_manager_may_lower_their_own_role(project):
    manager = _member(project, Role.MANAGER)

    members.member_role_change(
        membership=_membership(project, manager), actor=manager, role=Role.ANNOTATOR
    )

    assert _membership(project, manager).role == Role.ANNOTATOR


def test_an_owner_makes_another_member_an_owner(project):
    owner = _member(project, Role.OWNER)
    manager = _member(project, Role.MANAGER)

    members.member_role_change(
        membership=_membership(project, manager), actor=owner, role=Role.OWNER
    )

    assert _membership(project, manager).role == Role.OWNER


def test_the_last_owner_is_not_demoted(project):
    owner = _member(project, Role.OWNER)
    _member(project, Role.MANAGER)

    with pytest.raises(members.MemberChangeRefused, match="at least one owner"):
        members.member_role_change(
            membership=_membership(project, owner), actor=owner, role=Role.MANAGER
        )

    assert _membership(project, owner).role == Role.OWNER
    assert not AuditEvent.objects.exists()


def test_an_owner_steps_down_when_another_owner_remains(project):
    owner = _member(project, Role.OWNER)
    other = _member(project, Role.OWNER)

    members.member_role_change(
        membership=_membership(project, owner), actor=owner, role=Role.MANAGER
    )

    assert _membership(project, owner).role == Role.MANAGER
    assert _membership(project, other).role == Role.OWNER


# -- removing -----------------------------------------------------------------------------


def test_a_manager_removes_a_member_and_the_log_says_so(project):
    manager = _member(project, Role.MANAGER, "maria")
    reader = _member(project, Role.READ_ONLY, "rita")

    members.member_remove(membership=_membership(project, reader), actor=manager)

    assert not project.memberships.filter(user=reader).exists()
    assert _actions(project) == [("maria", AuditEvent.Action.MEMBER_REMOVED, "rita")]


def test_an_annotator_removes_nobody(project):
    annotator = _member(project, Role.ANNOTATOR)
    reader = _member(project, Role.READ_ONLY)

    with pytest.raises(PermissionDenied):
        members.member_remove(membership=_membership(project, reader), actor=annotator)

    assert project.memberships.filter(user=reader).exists()


def test_a_manager_cannot_remove_an_owner(project):
    _member(project, Role.OWNER)
    owner = _member(project, Role.OWNER)
    manager = _member(project, Role.MANAGER)

    with pytest.raises(members.MemberChangeRefused, match="Only an owner can change or remove"):
        members.member_remove(membership=_membership(project, owner), actor=manager)

    assert project.memberships.filter(user=owner).exists()


def test_the_last_owner_is_not_removed(project):
    owner = _member(project, Role.OWNER)

    with pytest.raises(members.MemberChangeRefused, match="at least one owner"):
        members.member_remove(membership=_membership(project, owner), actor=owner)

    assert project.memberships.filter(user=owner).exists()


def test_an_owner_removes_another_owner(project):
    owner = _member(project, Role.OWNER)
    other = _member(project, Role.OWNER)

    members.member_remove(membership=_membership(project, other), actor=owner)

    assert list(project.memberships.values_list("user", flat=True)) == [owner.pk]


def test_the_events_stay_after_the_member_is_gone(project):
    owner = _member(project, Role.OWNER)
    reader = _member(project, Role.READ_ONLY, "rita")
    members.member_remove(membership=_membership(project, reader), actor=owner)

    reader.delete()

    assert _actions(project)[-1][2] == "rita"


# -- selectors ----------------------------------------------------------------------------


def test_the_list_shows_owners_first_and_what_a_manager_may_change(project):
    _member(project, Role.OWNER, "olga")
    _member(project, Role.MANAGER, "maria")
    _member(project, Role.READ_ONLY, "rita")

    listed = members.member_list_for_project(project=project, actor_role=Role.MANAGER)

    assert [(m.user.get_username(), m.can_change) for m in listed] == [
        ("olga", False),
        ("maria", True),
        ("rita", True),
    ]


def test_a_reader_may_change_nobody_in_the_list(project):
    _member(project, Role.READ_ONLY)

    listed = members.member_list_for_project(project=project, actor_role=Role.READ_ONLY)

    assert [m.can_change for m in listed] == [False]


def test_a_manager_is_offered_every_role_but_owner():
    assert [value for value, _label in members.role_choices_grantable(actor_role=Role.MANAGER)] == [
        Role.READ_ONLY,
        Role.ANNOTATOR,
        Role.MANAGER,
    ]
    assert len(members.role_choices_grantable(actor_role=Role.OWNER)) == 4


def test_a_membership_of_another_project_is_not_found(project):
    other = _text_project()
    membership = Membership.objects.create(user=factories.make_user(), project=other)
    capture_other = _capture_project()
    capture_membership = CaptureMembership.objects.create(
        user=factories.make_user(), project=capture_other
    )

    for foreign in (membership, capture_membership):
        with pytest.raises(Http404):
            members.membership_get_for_project(project=project, membership_id=foreign.pk)


def test_a_user_is_found_by_user_name_or_e_mail_ignoring_case():
    nina = factories.make_user(username="nina", email="nina@example.com")

    assert members.user_find(identifier="NINA") == nina
    assert members.user_find(identifier=" Nina@Example.com ") == nina


def test_no_user_found_is_said_clearly():
    with pytest.raises(forms.ValidationError, match="No user has this"):
        members.user_find(identifier="nobody")


def test_an_inactive_user_is_not_found():
    factories.make_user(username="gone", is_active=False)

    with pytest.raises(forms.ValidationError, match="No user has this"):
        members.user_find(identifier="gone")


def test_several_users_with_one_e_mail_ask_for_the_user_name():
    factories.make_user(username="sam", email="team@example.com")
    factories.make_user(username="sasha", email="team@example.com")

    with pytest.raises(forms.ValidationError, match="Several users"):
        members.user_find(identifier="team@example.com")


def test_a_user_name_that_is_also_someone_elses_e_mail_finds_the_user_name():
    sam = factories.make_user(username="sam@example.com")
    factories.make_user(username="sasha", email="sam@example.com")

    assert members.user_find(identifier="sam@example.com") == sam
