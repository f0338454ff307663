"""A person's own settings for the dashboard, so far their language: read into the
session at sign-in (:mod:`.signals`), set by the page header's switch, and kept with
their account, so that it follows them to every browser."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .access import User
from .middleware import LANGUAGE_SESSION_KEY
from .models import UserPreferences


def user_language(*, user: User) -> str:
    """The language a person chose for the dashboard; empty when they chose none."""
    return (
        UserPreferences.objects.filter(user=user).values_list("language", flat=True).first() or ""
    )


def user_language_set(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the language a person chose for the dashboard, on every browser."""
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The page header's language switch: Django's ``set_language`` (a cookie and a
    safe redirect back to ``next``), and for a signed-in person the choice is kept
    with their account, so it follows them to every browser."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
        request.session[LANGUAGE_SESSION_KEY] = language
    return response
