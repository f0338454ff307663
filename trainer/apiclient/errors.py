"""Typed errors of the training APIs, each with a message a person can read."""

from django.utils.translation import gettext_lazy as _


class ApiError(Exception):
    """A training API call failed. ``message`` is safe to show to a user: the
    service's own ``detail`` when it gives one, unless ``uses_service_detail`` is off."""

    default_message = _("The training service could not handle the request.")
    uses_service_detail = True

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.message = str(message or self.default_message)
        self.status = status
        self.field_errors = field_errors or {}
        super().__init__(self.message)


class ApiValidationError(ApiError):
    """400: the body was refused; ``field_errors`` says which field and why."""

    default_message = _("The training service refused the request as invalid.")


class ApiAuthError(ApiError):
    """401: the connection's token is missing, wrong or revoked. The service's words
    ("invalid token") would not tell the person that only an administrator can fix
    it, so this message is always the dashboard's."""

    default_message = _(
        "The training service did not accept the dashboard's credentials. "
        "An administrator must check the API connection's token."
    )
    uses_service_detail = False


class ApiForbidden(ApiError):
    """403: the service account lacks the role for this action."""

    default_message = _("The training service does not allow this action for this project.")


class ApiNotFound(ApiError):
    """404: no such project, model or labeling session at the service."""

    default_message = _("The training service does not know this item (any more).")


class ApiConflict(ApiError):
    """409: the model's lifecycle does not allow this transition now."""

    default_message = _("The model's current status does not allow this action.")


class ApiServerError(ApiError):
    """5xx: something is wrong inside the service."""

    default_message = _("The training service had an internal error. Try again later.")


class ApiBadResponse(ApiError):
    """The service answered with something that is not the contract's JSON."""

    default_message = _("The training service sent an answer the dashboard cannot read.")


class ApiUnavailable(ApiError):
    """The service could not be reached (connection refused, DNS, reset)."""

    default_message = _("The training service cannot be reached. Try again in a moment.")


class ApiNotReady(ApiUnavailable):
    """409 from the capture service: what was asked for is not ready yet, still after
    the client's waits; worth trying again later."""

    default_message = _("The training service is not ready with this yet. Try again later.")


class ApiBusy(ApiUnavailable):
    """429: too many requests, still after the client backed off; worth trying again later."""

    default_message = _("The training service is busy. Try again in a minute.")


class ApiTimeout(ApiUnavailable):
    """No answer in time; for a POST the service may still have acted on it."""

    default_message = _("The training service did not answer in time.")


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: ApiValidationError,
    401: ApiAuthError,
    403: ApiForbidden,
    404: ApiNotFound,
    409: ApiConflict,
}
