"""Thin JSON views of the Text Training API (``shared/contracts/text-training-api.md``).

Every view goes through :func:`api_view` (:mod:`trainer.jsonapi.views`): method
check (405), Bearer token (401), and every error as ``{"detail": ..., "errors":
{...}}`` — including unexpected exceptions, which are logged and answered with a JSON 500.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainer.jsonapi.views import api_view_factory, json_body

from . import analysis, labeling, meta, selectors, services, tagging
from .accounts import login_request_parse, token_login
from .auth import token_from_request, user_from_request
from .errors import ApiProblem, Forbidden, Invalid, NotAnnotator, NotFound, NotManager
from .models import ProjectClass, ProjectLabel, Role, SessionMode, SessionStatus, Status
from .openapi import openapi_document
from .serializers import (
    catalog_model_json,
    document_json,
    label_json,
    labeling_session_json,
    model_json,
    permission_json,
    project_class_json,
    project_json,
    session_with_documents_json,
    status_json,
    tag_json,
    token_status_json,
)
from .session_bodies import (
    details_parse,
    session_change_parse,
    session_create_parse,
    status_parse,
    tag_parse,
)
from .validation import (
    CLASS_FIELDS,
    LABEL_FIELDS,
    catalog_query_parse,
    documents_query_parse,
    model_change_parse,
    project_change_parse,
    project_create_parse,
    tag_body_parse,
)

# Room for the multipart boundaries and the small fields around an upload's file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class PayloadTooLarge(ApiProblem):
    status = 413
    default_detail = gettext_lazy("The upload is too large.")


_API_ERRORS = {"challenge": 'Bearer realm="text-training-api"', "too_large": PayloadTooLarge}
api_view = api_view_factory(authenticate=user_from_request, keyword="user", **_API_ERRORS)
# For the views about the caller's token itself (its status, the log-out).
token_view = api_view_factory(authenticate=token_from_request, keyword="token", **_API_ERRORS)


def query_choices(request: HttpRequest, name: str, choices: list[str]) -> list[str]:
    """The values of the query parameter ``name`` (repeatable), each one of ``choices``."""
    values = request.GET.getlist(name)
    unknown = [value for value in values if value not in choices]
    if unknown:
        raise Invalid(
            errors={
                name: [
                    _("Unknown %(name)s %(value)s; expected one of %(choices)s.")
                    % {"name": name, "value": value, "choices": ", ".join(choices)}
                    for value in unknown
                ]
            }
        )
    return values


@api_view("GET", authenticated=False)
def openapi(request):
    return JsonResponse(openapi_document())


@api_view("POST", authenticated=False)
def auth_login(request):
    email, password = login_request_parse(json_body(request))
    _token, raw = token_login(request=request, email=email, password=password)
    return JsonResponse({"status": "success", "message": _("Logged in."), "auth_token": raw})


@token_view("GET")
def auth_status(request, *, token):
    return JsonResponse(
        {"status": "success", "message": _("The token is valid."), **token_status_json(token)}
    )


@token_view("POST")
def auth_logout(request, *, token):
    services.token_revoke(token=token)
    return JsonResponse({"status": "success", "message": _("Logged out.")})


@api_view("GET")
def type_list(request, *, user):
    return JsonResponse(meta.type_list(), safe=False)


@api_view("GET", authenticated=False)
def health(request):
    return JsonResponse(meta.service_health())


@api_view("GET")
def info(request, *, user):
    return JsonResponse(meta.service_info())


def manager_membership(*, user, project_id: int):
    """The gate of the vendor's manager paths: below MANAGER, the vendor's 403 sentence."""
    try:
        return selectors.membership_get(project_id=project_id, user=user, min_role=Role.MANAGER)
    except Forbidden as refused:
        raise NotManager() from refused


def _project_answer(*, user, project_id: int, status: int = 200) -> JsonResponse:
    membership = selectors.membership_get(project_id=project_id, user=user)
    [membership] = selectors.memberships_with_details([membership])
    return JsonResponse(project_json(membership), status=status)


@api_view("GET", "POST")
def project_list(request, *, user):
    """The caller's projects; any user may create one (and is its OWNER)."""
    if request.method == "POST":
        name, project_type = project_create_parse(json_body(request))
        project = services.project_create(name=name, type=project_type, owner=user)
        return _project_answer(user=user, project_id=project.pk, status=201)
    memberships = selectors.memberships_with_details(
        list(selectors.membership_list_for_user(user=user))
    )
    return JsonResponse([project_json(m) for m in memberships], safe=False)


@api_view("GET", "PUT", "DELETE")
def project_detail(request, *, user, project_id):
    if request.method == "PUT":
        project = manager_membership(user=user, project_id=project_id).project
        changes = project_change_parse(json_body(request), project=project)
        services.project_update(project=project, changes=changes)
    elif request.method == "DELETE":
        project = selectors.membership_get(
            project_id=project_id, user=user, min_role=Role.OWNER
        ).project
        services.project_delete(project=project)
        return HttpResponse(status=204)
    return _project_answer(user=user, project_id=project_id)


@api_view("GET")
def project_permissions(request, *, user, project_id):
    project = selectors.membership_get(project_id=project_id, user=user).project
    members = selectors.member_list(project=project)
    return JsonResponse([permission_json(m) for m in members], safe=False)


# The project's classes and labels: (model, fields of a body, JSON shape).
_TAG_KINDS = {
    "class": (ProjectClass, CLASS_FIELDS, project_class_json),
    "label": (ProjectLabel, LABEL_FIELDS, label_json),
}


def _tag_collection(request, *, user, project_id: int, kind: str) -> JsonResponse:
    """``GET`` (any member) or ``POST`` (a manager) the project's classes or labels."""
    model, fields, shape = _TAG_KINDS[kind]
    if request.method == "POST":
        project = manager_membership(user=user, project_id=project_id).project
        changes = tag_body_parse(json_body(request), fields=fields, partial=False)
        tag = services.tag_create(project=project, kind=model, changes=changes)
        return JsonResponse(shape(tag), status=201)
    project = selectors.membership_get(project_id=project_id, user=user).project
    tags = selectors.tag_list(project=project, kind=model)
    return JsonResponse([shape(tag) for tag in tags], safe=False)


def _tag_detail(request, *, user, project_id: int, tag_id: int, kind: str) -> HttpResponse:
    """``GET`` (any member), ``PUT`` or ``DELETE`` (a manager) one class or label."""
    model, fields, shape = _TAG_KINDS[kind]
    if request.method == "GET":
        project = selectors.membership_get(project_id=project_id, user=user).project
    else:
        project = manager_membership(user=user, project_id=project_id).project
    tag = selectors.tag_get(project=project, kind=model, tag_id=tag_id)
    if request.method == "DELETE":
        services.tag_delete(tag=tag)
        return HttpResponse(status=204)
    if request.method == "PUT":
        changes = tag_body_parse(json_body(request), fields=fields, partial=True)
        tag = services.tag_update(tag=tag, changes=changes)
    return JsonResponse(shape(tag))


@api_view("GET", "POST")
def class_collection(request, *, user, project_id):
    return _tag_collection(request, user=user, project_id=project_id, kind="class")


@api_view("GET", "PUT", "DELETE")
def class_detail(request, *, user, project_id, class_id):
    return _tag_detail(request, user=user, project_id=project_id, tag_id=class_id, kind="class")


@api_view("GET", "POST")
def label_collection(request, *, user, project_id):
    return _tag_collection(request, user=user, project_id=project_id, kind="label")


@api_view("GET", "PUT", "DELETE")
def label_detail(request, *, user, project_id, label_id):
    return _tag_detail(request, user=user, project_id=project_id, tag_id=label_id, kind="label")


def _uploaded_file(request: HttpRequest) -> UploadedFile:
    """The multipart ``file``: 413 past ``TEXTAPI_MAX_UPLOAD_BYTES`` (told by the
    Content-Length before the body is read), 400 when absent."""
    limit = settings.TEXTAPI_MAX_UPLOAD_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    body_too_large = declared > limit + MULTIPART_OVERHEAD_BYTES
    upload = None if body_too_large else request.FILES.get("file")
    if body_too_large or (upload is not None and upload.size > limit):
        message = _("The file is larger than the limit of %(limit)s.")
        raise PayloadTooLarge(errors={"file": [message % {"limit": filesizeformat(limit)}]})
    if upload is None:
        raise Invalid(errors={"file": [_("Attach the file as the multipart field file.")]})
    return upload


def annotator_membership(*, user, project_id: int):
    """The gate of the labeled-data writes: below ANNOTATOR, the vendor's 403 sentence."""
    try:
        return selectors.membership_get(project_id=project_id, user=user, min_role=Role.ANNOTATOR)
    except Forbidden as refused:
        raise NotAnnotator() from refused


def _session(*, user, project_id: int, session_id: int, write: bool = False):
    """The labeling session, read by any member, written by an annotator or above."""
    if write:
        project = annotator_membership(user=user, project_id=project_id).project
    else:
        project = selectors.membership_get(project_id=project_id, user=user).project
    return selectors.labeling_session_get(project=project, session_id=session_id)


@api_view("GET", "POST")
def labeling_session_list(request, *, user, project_id):
    """The project's labeling sessions; ``POST`` makes one from JSON (the vendor's
    LabelingSessionCreate), an annotator or above."""
    if request.method == "POST":
        project = annotator_membership(user=user, project_id=project_id).project
        body = session_create_parse(json_body(request))
        session = labeling.labeling_session_make(project=project, owner=user, body=body)
        return JsonResponse(labeling_session_json(session), status=201)
    project = selectors.membership_get(project_id=project_id, user=user).project
    sessions = selectors.labeling_session_list(
        project=project,
        modes=query_choices(request, "mode", SessionMode.values),
        statuses=query_choices(request, "status", SessionStatus.values),
    )
    return JsonResponse([labeling_session_json(s) for s in sessions], safe=False)


@api_view("POST")
def labeling_session_upload(request, *, user, project_id):
    """A labeling session from a file, the multipart ``file`` (the vendor's upload)."""
    project = annotator_membership(user=user, project_id=project_id).project
    upload = _uploaded_file(request)
    session = labeling.labeling_session_import(project=project, owner=user, upload=upload)
    return JsonResponse(labeling_session_json(session), status=201)


@api_view("GET", "PUT", "DELETE")
def labeling_session_detail(request, *, user, project_id, session_id):
    if request.method == "DELETE":
        project = manager_membership(user=user, project_id=project_id).project
        session = selectors.labeling_session_get(project=project, session_id=session_id)
        labeling.labeling_session_delete(session=session)
        return HttpResponse(status=204)
    write = request.method == "PUT"
    session = _session(user=user, project_id=project_id, session_id=session_id, write=write)
    if write:
        body = session_change_parse(json_body(request))
        session = labeling.labeling_session_change(session=session, body=body)
    return JsonResponse(labeling_session_json(session))


@api_view("GET")
def labeling_session_documents(request, *, user, project_id, session_id):
    """The session (the vendor's LabelingSessionWithDocs) with one page of its documents
    (``offset``, ``limit``, ``search``, ``details``), and their number in all
    (``document_total``)."""
    session = _session(user=user, project_id=project_id, session_id=session_id)
    return documents_answer(request, session=session)


def documents_answer(request: HttpRequest, *, session) -> JsonResponse:
    """The session with one page of its documents, as the query asks."""
    query = documents_query_parse(request.GET)
    details = details_parse(request.GET)
    documents, total = selectors.document_page(
        session=session, search=query.search, offset=query.offset, limit=query.limit
    )
    classes, labels = selectors.session_tags(session=session)
    answer = session_with_documents_json(
        session, classes=classes, labels=labels, documents=documents, details=details
    )
    return JsonResponse(
        {**answer, "document_total": total, "offset": query.offset, "limit": query.limit}
    )


@api_view("GET")
def document_detail(request, *, user, project_id, session_id, document_id):
    details = details_parse(request.GET)
    session = _session(user=user, project_id=project_id, session_id=session_id)
    document = selectors.document_get(session=session, document_id=document_id)
    return JsonResponse(document_json(document, details=details))


def _segment(*, user, project_id: int, session_id: int, document_id: int, segment_id: int, write):
    session = _session(user=user, project_id=project_id, session_id=session_id, write=write)
    document = selectors.document_get(session=session, document_id=document_id)
    return selectors.segment_get(document=document, segment_id=segment_id)


@api_view("GET", "POST")
def segment_tags(request, *, user, project_id, session_id, document_id, segment_id):
    """A segment's tags (the vendor's ClassLabelTags); ``POST`` adds one."""
    write = request.method == "POST"
    segment = _segment(
        user=user,
        project_id=project_id,
        session_id=session_id,
        document_id=document_id,
        segment_id=segment_id,
        write=write,
    )
    if write:
        tag = tagging.tag_add(segment=segment, body=tag_parse(json_body(request)))
        return JsonResponse(tag_json(tag), status=201)
    return JsonResponse([tag_json(tag) for tag in segment.tags.all()], safe=False)


@api_view("GET", "PUT", "DELETE")
def segment_tag_detail(request, *, user, project_id, session_id, document_id, segment_id, tag_id):
    write = request.method != "GET"
    segment = _segment(
        user=user,
        project_id=project_id,
        session_id=session_id,
        document_id=document_id,
        segment_id=segment_id,
        write=write,
    )
    tag = selectors.segment_tag_get(segment=segment, tag_id=tag_id)
    if request.method == "DELETE":
        tagging.tag_remove(tag=tag)
        return HttpResponse(status=204)
    if request.method == "PUT":
        tag = tagging.tag_change(tag=tag, body=tag_parse(json_body(request), change=True))
    return JsonResponse(tag_json(tag))


@api_view("POST")
def segment_statuses(request, *, user, project_id, session_id, document_id, segment_id):
    """Mark a segment annotated (``{"name": "ANNOTATED"}``) or not."""
    segment = _segment(
        user=user,
        project_id=project_id,
        session_id=session_id,
        document_id=document_id,
        segment_id=segment_id,
        write=True,
    )
    name = status_parse(json_body(request))
    segment = tagging.status_set(target=segment, name=name)
    return JsonResponse(status_json(segment, session=segment.document.session), status=201)


@api_view("POST")
def document_statuses(request, *, user, project_id, session_id, document_id):
    """Mark a document annotated (``{"name": "ANNOTATED"}``) or not."""
    session = _session(user=user, project_id=project_id, session_id=session_id, write=True)
    document = selectors.document_get(session=session, document_id=document_id)
    name = status_parse(json_body(request))
    document = tagging.status_set(target=document, name=name)
    return JsonResponse(status_json(document, session=session), status=201)


@api_view("GET")
def model_catalog(request, *, user):
    query = catalog_query_parse(request.GET)
    models, has_more = selectors.model_catalog_page(
        user=user,
        public=query.public,
        type=query.type,
        search=query.search,
        offset=query.offset,
        limit=query.limit,
    )
    return JsonResponse(
        {
            "models": [catalog_model_json(m) for m in models],
            "count": len(models),
            "offset": query.offset,
            "limit": query.limit,
            "has_more": has_more,
        }
    )


@api_view("GET", "POST")
def model_collection(request, *, user, project_id):
    if request.method == "POST":
        project = selectors.membership_get(
            project_id=project_id, user=user, min_role=Role.MANAGER
        ).project
        model = services.training_start(project=project, user=user, body=json_body(request))
        return JsonResponse(model_json(model), status=201)
    project = selectors.membership_get(project_id=project_id, user=user).project
    models = selectors.model_list(
        project=project, statuses=query_choices(request, "status", Status.values)
    )
    return JsonResponse([model_json(m) for m in models], safe=False)


def _model_update(request, *, user, project_id: int, model_id: int) -> JsonResponse:
    """The vendor's PUT, refused to a non-manager with the vendor's 403 sentence."""
    membership = manager_membership(user=user, project_id=project_id)
    model = selectors.model_get(project=membership.project, model_id=model_id)
    change = model_change_parse(json_body(request))
    return JsonResponse(model_json(services.model_update(model=model, change=change)))


@api_view("GET", "PUT", "DELETE")
def model_detail(request, *, user, project_id, model_id):
    if request.method == "PUT":
        return _model_update(request, user=user, project_id=project_id, model_id=model_id)
    min_role = Role.MANAGER if request.method == "DELETE" else Role.READ_ONLY
    project = selectors.membership_get(project_id=project_id, user=user, min_role=min_role).project
    model = selectors.model_get(project=project, model_id=model_id)
    if request.method == "DELETE":
        services.model_delete(model=model)
        return HttpResponse(status=204)
    return JsonResponse(model_json(model))


@api_view("POST")
def model_cancel(request, *, user, project_id, model_id):
    """The ``cancel`` extension (announced in /info)."""
    project = selectors.membership_get(
        project_id=project_id, user=user, min_role=Role.MANAGER
    ).project
    model = selectors.model_get(project=project, model_id=model_id)
    return JsonResponse(model_json(services.model_cancel(model=model)))


@api_view("POST")
def analyze(request, *, user):
    return JsonResponse(analysis.model_analyze(user=user, body=json_body(request)))


@api_view(authenticated=False)
def not_found(request, **kwargs):
    raise NotFound(_("No such endpoint: %(path)s") % {"path": request.path})
