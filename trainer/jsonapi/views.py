"""The wrapper every view of an embedded service's JSON API goes through: method check
(405), authentication (401), and every failure answered in the service's JSON error
shape (by default ``{"detail": ..., "errors": {...}}``), unexpected exceptions included
(logged, then a JSON 500)."""

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .errors import ApiProblem, Invalid, MethodNotAllowed, unreadable_body


def json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(_("The body is not valid JSON.")) from exc


def api_view_factory(
    *,
    authenticate: Callable[[HttpRequest], Any],
    keyword: str,
    challenge: str,
    too_large: type[ApiProblem],
    error_body: Callable[[ApiProblem], dict] = ApiProblem.as_json,
) -> Callable[..., Callable]:
    """One service's ``api_view(*methods, authenticated=True)`` decorator. It restricts a
    view to ``methods`` (none: any) and, when ``authenticated``, passes it
    ``authenticate(request)`` as ``keyword=``; ``authenticate`` raises the 401, which
    goes out with ``WWW-Authenticate: challenge``. A body over Django's limits is
    ``too_large``. Every failure is answered with ``error_body(problem)``."""

    def problem_response(problem: ApiProblem) -> JsonResponse:
        response = JsonResponse(error_body(problem), status=problem.status)
        if problem.status == 401:
            response["WWW-Authenticate"] = challenge
        return response

    def api_view(*methods: str, authenticated: bool = True) -> Callable:
        def decorator(view: Callable) -> Callable:
            logger = logging.getLogger(view.__module__)

            @csrf_exempt
            @functools.wraps(view)
            def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
                try:
                    if methods and request.method not in methods:
                        raise MethodNotAllowed(
                            _("Method %(method)s is not allowed here; use %(allowed)s.")
                            % {"method": request.method, "allowed": ", ".join(methods)}
                        )
                    if authenticated:
                        kwargs[keyword] = authenticate(request)
                    return view(request, **kwargs)
                except ApiProblem as problem:
                    response = problem_response(problem)
                except RequestDataTooBig:
                    response = problem_response(too_large())
                except (MultiPartParserError, SuspiciousOperation) as error:
                    response = problem_response(unreadable_body(error))
                except Exception:
                    logger.exception("%s %s failed", request.method, request.path)
                    response = problem_response(ApiProblem())
                if response.status_code == 405:
                    response["Allow"] = ", ".join(methods)
                return response

            return wrapper

        return decorator

    return api_view
