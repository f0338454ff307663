"""Errors of the Capture API: the shared JSON errors (:mod:`trainer.jsonapi.errors`),
plus those only uploads and Basic auth have."""

from django.utils.translation import gettext_lazy as _

from trainer.jsonapi.errors import ApiProblem, Invalid, MethodNotAllowed, NotFound, unreadable_body

__all__ = [
    "ApiProblem",
    "Invalid",
    "MethodNotAllowed",
    "NotAuthenticated",
    "NotFound",
    "TooLarge",
    "UnsupportedType",
    "unreadable_body",
]


class NotAuthenticated(ApiProblem):
    status = 401
    default_detail = _("The application id or token is missing or invalid.")


class TooLarge(ApiProblem):
    status = 413
    default_detail = _("The file is too large.")


class UnsupportedType(ApiProblem):
    status = 415
    default_detail = _("Only PDF, PNG, JPEG and TIFF files are accepted.")
