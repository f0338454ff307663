"""What the access gates of both wings share: who may be asking (a person signed in or
not), the refusal of a role too low, and who may create projects. Each wing's gate (a
selector such as :func:`.text.selectors.project_get_for_member`) finds the membership
and calls :func:`role_check`."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import CaptureMembership, Membership, Role

User = AbstractBaseUser | AnonymousUser


def role_check(role: int | None, *, min_role: int) -> None:
    if not Role.at_least(role, min_role):
        raise PermissionDenied(_("Your role in this project does not allow this."))


def may_create_projects(*, user: User) -> bool:
    """Who may create a project: a MANAGER or an OWNER of any project (text or
    capture), or a person an operator gave the permission "Can add project" in the
    admin (a newcomer's first project; superusers have it)."""
    if not user.is_authenticated:
        return False
    if user.has_perm("dashboard.add_project"):
        return True
    managers = {"user": user, "role__gte": Role.MANAGER}
    return (
        Membership.objects.filter(**managers).exists()
        or CaptureMembership.objects.filter(**managers).exists()
    )


def project_create_check(*, user: User) -> None:
    """403 for a person who may not create projects (:func:`may_create_projects`)."""
    if not may_create_projects(user=user):
        raise PermissionDenied(_("Only the managers and owners of a project create projects."))
