"""The verify step of a capture: a task at WaitForAction waits for a person.

At the vendor's cloud the person verifies on the vendor's page (the document's
``verification_url``). The embedded capture service announces its "verification"
extension instead (``GET /v2/extensions``, which the sync asks when a task comes to
wait): then this page lists the fields with their values and confidence, lowest
confidence first; an annotator or a manager corrects and confirms them, and the
service finishes the verification (``POST /v2/task/{id}/verification``), after which
the task is Done. One module holds the step's read, form, write and view, so that
it is found in one place.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trainer.apiclient.errors import ApiError, ApiNotFound
from trainer.apiclient.flexicapture import FlexiCaptureClient, VerificationField

from ..formats import percent
from ..models import CaptureDocument, CaptureStatus, Role
from . import selectors, services
from .connection import capture_client

logger = logging.getLogger(__name__)

# The longest value a person may type for a field.
MAX_VALUE_LENGTH = 1000


def verification_fields(
    *, document: CaptureDocument, client: FlexiCaptureClient
) -> list[VerificationField]:
    """The document's fields to verify, as the service has them now, lowest confidence
    first (fields of equal confidence in the service's order)."""
    entries = client.get_verification(document.task_id)
    mine = [entry for entry in entries if entry.file_id == document.file_id]
    return sorted(mine[0].fields if mine else [], key=lambda field: field.confidence)


class CaptureVerificationForm(forms.Form):
    """One text box per field to verify (``field-0``, ``field-1``, … in the order
    given), holding its value; a required field must not be left empty. Disabled for
    a person who may only look."""

    def __init__(
        self, *args, verified: Sequence[VerificationField], disabled: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.verified = list(verified)
        for index, field in enumerate(self.verified):
            self.fields[f"field-{index}"] = forms.CharField(
                label=selectors.field_label(field.name),
                initial=field.value,
                required=field.required,
                max_length=MAX_VALUE_LENGTH,
                disabled=disabled,
            )

    def rows(self) -> Iterator[tuple[forms.BoundField, VerificationField, str]]:
        """Each field's text box, the field, and its confidence as a percentage."""
        for index, field in enumerate(self.verified):
            yield self[f"field-{index}"], field, percent(field.confidence * 100)

    @property
    def values(self) -> dict[str, str]:
        """{field name: value}, once the form is valid."""
        return {
            field.name: self.cleaned_data[f"field-{index}"]
            for index, field in enumerate(self.verified)
        }


def capture_document_verify(
    *,
    document: CaptureDocument,
    user: AbstractBaseUser,
    values: dict[str, str],
    client: FlexiCaptureClient,
) -> CaptureDocument:
    """Finish the verification of the document's task with the values a person
    confirmed or corrected, then mirror the task, now Done (if the service does not
    answer that now, the beat's sync mirrors it later)."""
    client.verify(document.task_id, values={document.file_id: values})
    logger.info("%s verified capture document %s", user, document.pk)
    with contextlib.suppress(ApiError):
        document = services.capture_document_sync(document=document, client=client)
    return document


def _waiting_here(request: HttpRequest, project_id: int, document_id: int, min_role: int):
    """The document, if its task waits for a person on this page (404 otherwise)."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user, min_role=min_role
    )
    if document.status != CaptureStatus.WAIT_FOR_ACTION or not document.verify_here:
        raise Http404(_("No verification waits for this document here."))
    return document


@login_required
@require_http_methods(["GET", "POST"])
def document_verify(request: HttpRequest, project_id: int, document_id: int) -> HttpResponse:
    """The fields to verify (every member sees them); an annotator or a manager
    corrects and confirms them (POST)."""
    min_role = Role.ANNOTATOR if request.method == "POST" else Role.READ_ONLY
    document = _waiting_here(request, project_id, document_id, min_role)
    back = redirect("dashboard:capture-document", project_id=project_id, document_id=document_id)
    client = capture_client(project=document.project)
    try:
        verified = verification_fields(document=document, client=client)
    except ApiError as exc:  # a 404: verified meanwhile; the sync will see it Done
        if isinstance(exc, ApiNotFound):
            messages.info(request, _("This document no longer waits for a verification."))
        else:
            messages.error(request, exc.message)
        return back
    disabled = not document.project.can_verify
    form = CaptureVerificationForm(request.POST or None, verified=verified, disabled=disabled)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                capture_document_verify(
                    document=document, user=request.user, values=form.values, client=client
                )
            except ApiError as exc:
                form.add_error(None, exc.message)
                status = 502
            else:
                messages.success(request, _("Verified: the capture goes on with these values."))
                return back
        else:
            status = 400
    context = {"project": document.project, "document": document, "form": form}
    return render(request, "dashboard/capture/verify.html", context, status=status)
