"""Thin JSON views of the Capture API (``shared/contracts/capture-training-api.md``).

Every view goes through :func:`api_view` (:mod:`trainer.jsonapi.views`): method
check (405), Basic auth per application (401), and every error in the vendor's shapes
(:func:`.errors.error_body`) — including unexpected exceptions, which are logged and
answered with a JSON 500.
"""

from django.conf import settings
from django.http import FileResponse, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from trainer.jsonapi.views import api_view_factory, json_body

from . import selectors, services
from .auth import application_from_request
from .errors import Invalid, NotFound, TooLarge, error_body
from .openapi import EXTENSIONS, openapi_document
from .serializers import (
    file_json,
    layout_json,
    task_json,
    verification_json,
)

# Room for the multipart envelope around a file of the largest accepted size.
MULTIPART_OVERHEAD = 64 * 1024


api_view = api_view_factory(
    authenticate=application_from_request,
    keyword="application",
    challenge='Basic realm="capture-api"',
    too_large=TooLarge,
    error_body=error_body,
)


@api_view("GET", authenticated=False)
def openapi(request):
    return JsonResponse(openapi_document())


@api_view("POST")
def file_upload(request, *, application):
    """One or more files, each a multipart field "file"; answered as a list (the vendor's)."""
    # Refuse an oversized body before reading it.
    limit = settings.CAPTUREAPI_MAX_UPLOAD_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + MULTIPART_OVERHEAD:
        raise TooLarge(
            _("The upload is larger than %(max)d bytes; send fewer or smaller files.")
            % {"max": limit}
        )
    uploads = request.FILES.getlist("file")
    if not uploads:
        raise Invalid(errors={"file": [_("Send the file as the multipart field “file”.")]})
    stored = services.files_upload(application=application, uploads=uploads)
    return JsonResponse([file_json(item) for item in stored], safe=False, status=201)


@api_view("GET")
def file_info(request, *, application, file_id, token):
    stored = selectors.file_get(application=application, file_id=file_id, token=token)
    return JsonResponse(file_json(stored))


@api_view("GET", "DELETE")
def file_detail(request, *, application, file_id, token):
    stored = selectors.file_get(application=application, file_id=file_id, token=token)
    if request.method == "DELETE":
        services.file_delete(stored=stored)
        return HttpResponse(status=204)
    return FileResponse(
        stored.content.open("rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.mime,
    )


@api_view("POST")
def task_capture(request, *, application, document_type):
    kind = selectors.document_type_get(slug=document_type)
    task = services.task_create(
        application=application, document_type=kind, body=json_body(request)
    )
    return JsonResponse(task_json(task, selectors.task_documents(task=task)), status=201)


@api_view("GET", "DELETE")
def task_detail(request, *, application, task_id):
    task = selectors.task_get(application=application, task_id=task_id)
    if request.method == "DELETE":
        services.task_delete(task=task)
        return HttpResponse(status=204)
    return JsonResponse(task_json(task, selectors.task_documents(task=task)))


@api_view("GET", "POST")
def task_verification(request, *, application, task_id):
    """What a person verifies (GET), and the verified values that finish it (POST)."""
    task = selectors.verification_get(application=application, task_id=task_id)
    if request.method == "POST":
        task = services.task_verify(task=task, body=json_body(request))
        return JsonResponse(task_json(task, selectors.task_documents(task=task)))
    return JsonResponse(verification_json(task, selectors.task_documents(task=task)))


@api_view("GET")
def extensions(request, *, application):
    return JsonResponse({"extensions": list(EXTENSIONS)})


@api_view("GET")
def training_layout(request, *, application, task_id, file_id):
    document = selectors.task_document_get(
        application=application, task_id=task_id, file_id=file_id
    )
    return JsonResponse(layout_json(document, selectors.page_list(document=document)))


@api_view("POST")
def training(request, *, application):
    services.training_apply(application=application, body=json_body(request))
    return HttpResponse(status=204)


@api_view(authenticated=False)
def not_found(request, **kwargs):
    raise NotFound(_("No such endpoint: %(path)s") % {"path": request.path})
