"""Errors of the Text Training API: the shared JSON errors (:mod:`trainer.jsonapi.errors`),
plus those of its tokens, log-ins, roles, model states and health."""

from django.utils.translation import gettext_lazy as _

from trainer.jsonapi.errors import ApiProblem, Invalid, MethodNotAllowed, NotFound, unreadable_body

__all__ = [
    "ApiProblem",
    "Conflict",
    "Forbidden",
    "Invalid",
    "LockedOut",
    "MethodNotAllowed",
    "NotAuthenticated",
    "NotAnnotator",
    "NotManager",
    "NotFound",
    "Unavailable",
    "unreadable_body",
]


class NotAuthenticated(ApiProblem):
    status = 401
    default_detail = _("The token is missing or invalid.")


class LockedOut(ApiProblem):
    """django-axes refuses the account from this address for a while (its settings:
    ``AXES_FAILURE_LIMIT`` failures, then ``AXES_COOLOFF_TIME``)."""

    status = 429
    default_detail = _(
        "Too many failed log-ins for this account from your address; try again later."
    )


class Forbidden(ApiProblem):
    status = 403
    default_detail = _("Your role in this project does not allow this action.")


class NotManager(Forbidden):
    """The vendor's 403, in the vendor's words, on the paths that need a manager."""

    default_detail = _("User is read-only or does not have the minimal project role MANAGER")


class NotAnnotator(Forbidden):
    """The vendor's 403 sentence, on the paths that need an annotator (labeled data)."""

    default_detail = _("User is read-only or does not have the minimal project role ANNOTATOR")


class Conflict(ApiProblem):
    status = 409
    default_detail = _("The model's status does not allow this action.")


class Unavailable(ApiProblem):
    status = 503
    default_detail = _("The service cannot reach its database.")
