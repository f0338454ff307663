"""The dashboard's middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The language a signed-in person chose for the dashboard; "" for none.
LANGUAGE_SESSION_KEY = "trainer_language"


class UserLanguageMiddleware:
    """Activates the language a signed-in person chose for themselves (kept in the
    session at sign-in and by the language switch), over the cookie and the
    browser's Accept-Language that ``LocaleMiddleware`` read before it. Costs no
    query: the session is read anyway to authenticate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(LANGUAGE_SESSION_KEY)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
