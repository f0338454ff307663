"""Who is in a project, and the changes that OWNERs and MANAGERs make to it: add an
existing user, change a member's role, remove a member. Text and capture projects
alike (both have ``memberships`` of a :class:`.models.MembershipBase`); each change is
kept in the audit log.

The rules live here, in the services, whatever page or form asks:

- only a MANAGER or an OWNER of the project changes its members;
- only an OWNER makes someone an OWNER, or changes or removes an OWNER;
- nobody raises their own role;
- a project keeps at least one OWNER.

A person without the role gets PermissionDenied (403, as from the access gates);
a change the rules refuse raises :class:`MemberChangeRefused`, with a message to show.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import role_check
from .audit import audit_event_create
from .models import AuditEvent, CaptureProject, MembershipBase, Project, Role

AnyProject = Project | CaptureProject


class MemberChangeRefused(Exception):
    """A change of members the rules refuse; ``message`` says why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- selectors ------------------------------------------------------------------------


def member_list_for_project(
    *, project: AnyProject, actor_role: int | None = None
) -> list[MembershipBase]:
    """The project's memberships, highest role first, then by user name; with ``user``,
    and ``can_change``: whether a member of ``actor_role`` may change or remove it
    (what the page offers; the services decide again)."""
    memberships = list(
        project.memberships.select_related("user").order_by("-role", "user__username", "pk")
    )
    for membership in memberships:
        membership.can_change = Role.at_least(actor_role, Role.MANAGER) and (
            membership.role != Role.OWNER or actor_role == Role.OWNER
        )
    return memberships


def role_choices_grantable(*, actor_role: int | None) -> list[tuple[int, str]]:
    """The roles a member of ``actor_role`` may give: all of them for an OWNER, all
    but OWNER for a MANAGER."""
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.OWNER or actor_role == Role.OWNER
    ]


def membership_get_for_project(*, project: AnyProject, membership_id: int) -> MembershipBase:
    """One membership of ``project`` (already gated by the caller); 404 if not of it."""
    membership = project.memberships.select_related("user").filter(pk=membership_id).first()
    if membership is None:
        raise Http404(_("No such member."))
    return membership


def user_find(*, identifier: str) -> AbstractBaseUser:
    """The one active user whose user name or e-mail is ``identifier`` (ignoring case).

    Raises forms.ValidationError when no user or several users match.
    """
    identifier = identifier.strip()
    User = get_user_model()
    username = {f"{User.USERNAME_FIELD}__iexact": identifier}
    found = list(
        User.objects.filter(Q(**username) | Q(email__iexact=identifier), is_active=True)[:2]
    )
    if not found:
        raise forms.ValidationError(_("No user has this user name or e-mail."), code="no_such_user")
    if len(found) > 1:
        exact = [user for user in found if user.get_username() == identifier]
        if len(exact) == 1:
            return exact[0]
        raise forms.ValidationError(
            _("Several users have this user name or e-mail; give the user name."),
            code="several_users",
        )
    return found[0]


# -- services -------------------------------------------------------------------------


def _actor_role(*, project: AnyProject, actor: AbstractBaseUser) -> int:
    """The role of the person making the change; 403 below MANAGER."""
    role = project.memberships.filter(user=actor).values_list("role", flat=True).first()
    role_check(role, min_role=Role.MANAGER)
    return role


def _keeps_an_owner(*, membership: MembershipBase) -> None:
    """Refuse to take the project's last OWNER away (the owners' rows are locked, so
    that two owners demoting each other at once cannot both succeed)."""
    owners = list(
        type(membership)
        .objects.select_for_update()
        .filter(project_id=membership.project_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )
    if owners == [membership.pk]:
        raise MemberChangeRefused(
            gettext("A project keeps at least one owner: make someone else an owner first.")
        )


def _may_grant(*, actor_role: int, role: int) -> None:
    if role == Role.OWNER and actor_role != Role.OWNER:
        raise MemberChangeRefused(gettext("Only an owner can make someone an owner."))


def _may_change(*, actor_role: int, membership: MembershipBase) -> None:
    if membership.role == Role.OWNER and actor_role != Role.OWNER:
        raise MemberChangeRefused(gettext("Only an owner can change or remove an owner."))


@transaction.atomic
def member_add(
    *, project: AnyProject, actor: AbstractBaseUser, user: AbstractBaseUser, role: int
) -> MembershipBase:
    """Make ``user`` a member of ``project`` with ``role``."""
    role = Role(role)
    actor_role = _actor_role(project=project, actor=actor)
    _may_grant(actor_role=actor_role, role=role)
    if project.memberships.filter(user=user).exists():
        raise MemberChangeRefused(
            gettext("%(name)s is a member of this project already.") % {"name": user.get_username()}
        )
    membership = project.memberships.create(user=user, role=role)
    audit_event_create(
        project=project,
        user=actor,
        action=AuditEvent.Action.MEMBER_ADDED,
        subject=user.get_username(),
    )
    return membership


@transaction.atomic
def member_role_change(
    *, membership: MembershipBase, actor: AbstractBaseUser, role: int
) -> MembershipBase:
    """Give the member ``role``; nothing happens (and nothing is logged) if it is theirs."""
    role = Role(role)
    project = membership.project
    actor_role = _actor_role(project=project, actor=actor)
    if role == membership.role:
        return membership
    if membership.user_id == actor.pk and role > membership.role:
        raise MemberChangeRefused(gettext("Nobody can raise their own role."))
    _may_change(actor_role=actor_role, membership=membership)
    _may_grant(actor_role=actor_role, role=role)
    if membership.role == Role.OWNER:
        _keeps_an_owner(membership=membership)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_event_create(
        project=project,
        user=actor,
        action=AuditEvent.Action.MEMBER_ROLE_CHANGED,
        subject=membership.user.get_username(),
    )
    return membership


@transaction.atomic
def member_remove(*, membership: MembershipBase, actor: AbstractBaseUser) -> None:
    """Take the member out of the project (a MANAGER may remove themselves)."""
    project = membership.project
    actor_role = _actor_role(project=project, actor=actor)
    _may_change(actor_role=actor_role, membership=membership)
    if membership.role == Role.OWNER:
        _keeps_an_owner(membership=membership)
    audit_event_create(
        project=project,
        user=actor,
        action=AuditEvent.Action.MEMBER_REMOVED,
        subject=membership.user.get_username(),
    )
    membership.delete()


def member_change_check(*, membership: MembershipBase, actor: AbstractBaseUser) -> None:
    """Raise MemberChangeRefused if ``actor`` may not change or remove ``membership``
    at all (the confirmation page asks before showing its button)."""
    _may_change(
        actor_role=_actor_role(project=membership.project, actor=actor), membership=membership
    )


# -- forms ----------------------------------------------------------------------------


class MemberAddForm(forms.Form):
    person = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        help_text=_("Someone who can sign in here already."),
    )
    role = forms.TypedChoiceField(
        label=_("Role"), choices=Role.choices, coerce=int, initial=Role.READ_ONLY
    )

    def __init__(self, *args, roles: list[tuple[int, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if roles is not None:  # only offer what the person may give
            self.fields["role"].choices = roles

    def clean_person(self) -> AbstractBaseUser:
        return user_find(identifier=self.cleaned_data["person"])


class MemberRoleForm(forms.Form):
    role = forms.TypedChoiceField(label=_("Role"), choices=Role.choices, coerce=int)
