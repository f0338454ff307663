"""Basic auth per application: ``Authorization: Basic base64(app_id:token)``.

Tokens are made here, shown once and kept as SHA-256 only."""

import base64
import binascii
import hashlib
import secrets
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .errors import NotAuthenticated
from .models import Application

LAST_USED_RESOLUTION = timedelta(minutes=1)


def app_id_new() -> str:
    return "app-" + secrets.token_hex(8)


def token_new_raw() -> str:
    return secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _credentials(request: HttpRequest) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        raise NotAuthenticated()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise NotAuthenticated() from exc
    app_id, colon, token = decoded.partition(":")
    if not (app_id and colon and token):
        raise NotAuthenticated()
    return app_id, token


def application_from_request(request: HttpRequest) -> Application:
    """The request's application, or 401."""
    app_id, token = _credentials(request)
    application = Application.objects.filter(app_id=app_id, revoked=False).first()
    if application is None or not constant_time_compare(application.token_hash, token_hash(token)):
        raise NotAuthenticated()
    now = timezone.now()
    if application.last_used_at is None or now - application.last_used_at >= LAST_USED_RESOLUTION:
        Application.objects.filter(pk=application.pk).update(last_used_at=now)
    return application
