"""Bearer tokens: made, hashed and looked up. Raw tokens are never stored."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from .errors import NotAuthenticated
from .models import ApiToken

TOKEN_PREFIX = "ttk_"  # noqa: S105 - a marker in front of every token, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_new_raw() -> str:
    """A new random token, e.g. ``ttk_3J6k…`` (about 260 bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_prefix(raw: str) -> str:
    return raw[:8]


def token_from_request(request: HttpRequest) -> ApiToken:
    """The request's ``Authorization: Bearer`` token, with its active user, or 401
    (missing, unknown, revoked, expired, or its user inactive)."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw:
        raise NotAuthenticated()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        raise NotAuthenticated()
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        raise NotAuthenticated(gettext("The token has expired; log in again."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_from_request(request: HttpRequest) -> AbstractBaseUser:
    """The active user of the request's ``Authorization: Bearer`` token, or 401."""
    return token_from_request(request).user
