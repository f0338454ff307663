"""Log-in and log-out of the API's users (the vendor's ``/auth/login``, ``/auth/status``,
``/auth/logout``).

The users are the project's Django users, the dashboard's people; they log in with
the e-mail and password of their account. Django's ``authenticate`` checks the
password with the request, so django-axes counts the failures per username and
address (its settings) and refuses a locked-out pair, here as the API's 429.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import Invalid, LockedOut, NotAuthenticated
from .models import ApiToken
from .services import token_create
from .validation import _UNSTORABLE

LOGIN_TOKEN_NAME = "login"  # noqa: S105 - the name tokens from a log-in show in the admin


def login_request_parse(body: Any) -> tuple[str, str]:
    """``(email, password)`` of a ``POST /auth/login`` body, or 400."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, list[str]] = {}
    for field in ("email", "password"):
        value = body.get(field)
        if value is not None and not isinstance(value, str):
            errors[field] = [_("Must be a string.")]
        elif not value or (field == "email" and not value.strip()):
            errors[field] = [_("This field is required.")]
        elif field == "email" and _UNSTORABLE.search(value):
            # No user's e-mail holds one, and a database cannot even look it up.
            errors[field] = [_("Must not hold a NUL character or a lone surrogate.")]
    if errors:
        raise Invalid(errors=errors)
    return body["email"].strip(), body["password"]


def _username_for_email(email: str) -> str:
    """The username of the one user with ``email`` (in any case). Without such a
    user (none, or several sharing it) the e-mail itself, under which django-axes
    then counts the failures."""
    User = get_user_model()
    usernames = list(
        User.objects.filter(email__iexact=email).values_list(User.USERNAME_FIELD, flat=True)[:2]
    )
    return usernames[0] if len(usernames) == 1 else email


def token_login(*, request: HttpRequest, email: str, password: str) -> tuple[ApiToken, str]:
    """A new token, valid for ``TEXTAPI_TOKEN_TTL_SECONDS``, for the active user with
    ``email`` and ``password``: the row and the raw token. 401 for wrong
    credentials (an unknown e-mail and an inactive user alike), 429 while django-axes
    locks the account out from this address. The user's expired tokens are deleted."""
    username = _username_for_email(email)
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        # Answered here, in the API's JSON: left set, the flag would make
        # AxesMiddleware replace that answer with the dashboard's HTML page.
        request.axes_locked_out = False
        raise LockedOut()
    # The e-mail check refuses a username typed as an e-mail that no user has.
    if user is None or user.email.casefold() != email.casefold():
        raise NotAuthenticated(_("The e-mail or password is wrong."))
    if settings.AXES_RESET_ON_SUCCESS:  # what axes does at a dashboard sign-in
        axes_reset(ip=request.axes_ip_address, username=username)
    return _login_token_issue(user=user)


# Not around the whole log-in: a refused one must keep the failure axes recorded.
@transaction.atomic
def _login_token_issue(*, user: AbstractBaseUser) -> tuple[ApiToken, str]:
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    ttl = timedelta(seconds=settings.TEXTAPI_TOKEN_TTL_SECONDS)
    return token_create(user=user, name=LOGIN_TOKEN_NAME, expires_at=now + ttl)
