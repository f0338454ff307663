"""What the access gates of both wings share: who may be asking (a person signed in or
not), and the refusal of a role too low. Each wing's gate (a selector such as
:func:`.text.selectors.project_get_for_member`) finds the membership and calls
:func:`role_check`."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Role

User = AbstractBaseUser | AnonymousUser


def role_check(role: int | None, *, min_role: int) -> None:
    if not Role.at_least(role, min_role):
        raise PermissionDenied(_("Your role in this project does not allow this."))
