"""Errors of the Capture API: the shared JSON errors (:mod:`trainer.jsonapi.errors`),
plus those only uploads and Basic auth have, answered in the vendor's shapes
(:func:`error_body`)."""

import uuid
from http import HTTPStatus

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
    "error_body",
    "unreadable_body",
]


def error_body(problem: ApiProblem) -> dict:
    """The vendor's body of a failure: a 5xx is its InternalServerErrorModel, every
    other failure its BadRequestBodyModel, whose ``error`` is the status's name
    (``bad_request``) and whose ``error_description`` is the readable message (a 400's
    names each field at fault). Ids are new for each answer; the service has no finer
    error codes, so ``errorCode`` is always 0."""
    request_id = str(uuid.uuid4())
    if problem.status >= 500:
        return {
            "id": str(uuid.uuid4()),
            "requestId": request_id,
            "statusCode": problem.status,
            "errorCode": 0,
            "message": problem.detail,
        }
    return {
        "id": request_id,
        "error": HTTPStatus(problem.status).name.lower(),
        "error_description": problem.detail,
    }


class NotAuthenticated(ApiProblem):
    status = 401
    default_detail = _("The application id or token is missing or invalid.")


class TooLarge(ApiProblem):
    status = 413
    default_detail = _("The file is too large.")


class UnsupportedType(ApiProblem):
    status = 415
    default_detail = _("Only PDF, PNG, JPEG and TIFF files are accepted.")
