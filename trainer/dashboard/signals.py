"""The dashboard's receivers of Django's signals (connected by the app's ``ready``)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .middleware import LANGUAGE_SESSION_KEY
from .selectors import user_language


@receiver(user_logged_in, dispatch_uid="trainer-user-language")
def remember_user_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At sign-in, the person's chosen language is read once into the session,
    where :class:`.middleware.UserLanguageMiddleware` finds it."""
    if request is not None:
        request.session[LANGUAGE_SESSION_KEY] = user_language(user=user)
