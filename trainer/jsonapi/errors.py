"""Errors of the embedded services' APIs; each one knows its HTTP status and JSON body.

Selectors and services raise them; the view wrapper (:mod:`.views`) turns them into
the service's error body: :meth:`ApiProblem.as_json` (``{"detail": "...", "errors":
{field: [messages]}}``) unless the service gives its own shape. Each service adds its
own errors.
"""

from django.utils.translation import gettext_lazy as _


class ApiProblem(Exception):
    status = 500
    default_detail = _("Something is wrong inside the service.")

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None):
        self.detail = str(detail or self.default_detail)
        self.errors = {
            field: [str(m) for m in messages] for field, messages in (errors or {}).items()
        }
        super().__init__(self.detail)

    def as_json(self) -> dict:
        return {"detail": self.detail, "errors": self.errors}


class Invalid(ApiProblem):
    status = 400
    default_detail = _("The request is invalid.")

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None):
        if detail is None and errors:
            summary = "; ".join(f"{field}: {messages[0]}" for field, messages in errors.items())
            detail = _("Invalid request: %(summary)s") % {"summary": summary}
        super().__init__(detail, errors=errors)


def unreadable_body(error: Exception) -> Invalid:
    """400 for a body Django cannot parse (a malformed multipart, too many fields)."""
    return Invalid(_("The request body cannot be read: %(error)s") % {"error": error})


class NotFound(ApiProblem):
    status = 404
    default_detail = _("Not found.")


class MethodNotAllowed(ApiProblem):
    status = 405
    default_detail = _("Method not allowed.")
