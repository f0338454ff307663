"""Thin JSON views of the vendor's Correction API, ``/projects/{p}/corrections``
(:mod:`trainer.textapi.corrections`). A correction session is a labeling session, so
the writes go through the same services and gates as the labeling paths
(:mod:`trainer.textapi.views`): an annotator or above corrects, a manager deletes."""

from django.http import HttpResponse, JsonResponse

from trainer.jsonapi.views import json_body

from . import corrections, labeling, selectors, tagging
from .models import SessionMode, SessionStatus
from .serializers import correction_json, correction_segment_json, correction_tag_json
from .session_bodies import correction_create_parse, status_parse, tag_parse, tag_status_parse
from .views import (
    annotator_membership,
    api_view,
    documents_answer,
    manager_membership,
    query_choices,
)


def _correction(*, user, project_id: int, correction_id: int, write: bool = False):
    """The correction session, read by any member, written by an annotator or above."""
    if write:
        project = annotator_membership(user=user, project_id=project_id).project
    else:
        project = selectors.membership_get(project_id=project_id, user=user).project
    return selectors.labeling_session_get(
        project=project, session_id=correction_id, mode=SessionMode.CORRECTION
    )


def _segment(*, user, project_id: int, correction_id: int, document_id: int, segment_id: int):
    session = _correction(user=user, project_id=project_id, correction_id=correction_id, write=True)
    document = selectors.document_get(session=session, document_id=document_id)
    return selectors.segment_get(document=document, segment_id=segment_id)


@api_view("GET", "POST")
def correction_list(request, *, user, project_id):
    """The project's correction sessions (``?status=``); ``POST`` makes one (the
    vendor's CorrectionCreate), an annotator or above."""
    if request.method == "POST":
        project = annotator_membership(user=user, project_id=project_id).project
        body = correction_create_parse(json_body(request))
        session = corrections.correction_create(project=project, owner=user, body=body)
        return JsonResponse(correction_json(session), status=201)
    project = selectors.membership_get(project_id=project_id, user=user).project
    sessions = selectors.labeling_session_list(
        project=project,
        modes=[SessionMode.CORRECTION],
        statuses=query_choices(request, "status", SessionStatus.values),
    )
    return JsonResponse([correction_json(s) for s in sessions], safe=False)


@api_view("GET", "DELETE")
def correction_detail(request, *, user, project_id, correction_id):
    if request.method == "DELETE":
        project = manager_membership(user=user, project_id=project_id).project
        session = selectors.labeling_session_get(
            project=project, session_id=correction_id, mode=SessionMode.CORRECTION
        )
        labeling.labeling_session_delete(session=session)
        return HttpResponse(status=204)
    session = _correction(user=user, project_id=project_id, correction_id=correction_id)
    return JsonResponse(correction_json(session))


@api_view("GET")
def correction_documents(request, *, user, project_id, correction_id):
    """The correction session (LabelingSessionWithDocs) with a page of its documents, in
    its order: those the model was least sure of first."""
    session = _correction(user=user, project_id=project_id, correction_id=correction_id)
    return documents_answer(request, session=session)


@api_view("POST")
def correction_tags(request, *, user, project_id, correction_id, document_id, segment_id):
    """Add a tag to a segment (CreateCorrectionTagResponse)."""
    segment = _segment(
        user=user,
        project_id=project_id,
        correction_id=correction_id,
        document_id=document_id,
        segment_id=segment_id,
    )
    tag = tagging.tag_add(segment=segment, body=tag_parse(json_body(request)))
    return JsonResponse(correction_tag_json(tag, session=segment.document.session), status=201)


@api_view("PUT", "DELETE")
def correction_tag_detail(
    request, *, user, project_id, correction_id, document_id, segment_id, tag_id
):
    """Change a tag (CreateCorrectionTagResponse) or delete it (AnnotateCorrectionResponse)."""
    segment = _segment(
        user=user,
        project_id=project_id,
        correction_id=correction_id,
        document_id=document_id,
        segment_id=segment_id,
    )
    tag = selectors.segment_tag_get(segment=segment, tag_id=tag_id)
    session = segment.document.session
    if request.method == "DELETE":
        tagging.tag_remove(tag=tag)
        return JsonResponse(correction_segment_json(segment, session=session))
    tag = tagging.tag_change(tag=tag, body=tag_parse(json_body(request), change=True))
    return JsonResponse(correction_tag_json(tag, session=session))


@api_view("POST")
def correction_tag_statuses(
    request, *, user, project_id, correction_id, document_id, segment_id, tag_id
):
    """Confirm a tag (``{"status": "READY"}``) or put it back IN_CORRECTION."""
    segment = _segment(
        user=user,
        project_id=project_id,
        correction_id=correction_id,
        document_id=document_id,
        segment_id=segment_id,
    )
    tag = selectors.segment_tag_get(segment=segment, tag_id=tag_id)
    status = tag_status_parse(json_body(request))
    tag = tagging.tag_status_set(tag=tag, status=status)
    return JsonResponse(correction_tag_json(tag, session=segment.document.session), status=201)


@api_view("POST")
def correction_segment_statuses(
    request, *, user, project_id, correction_id, document_id, segment_id
):
    """Mark a segment corrected (``{"name": "ANNOTATED"}``) or not."""
    segment = _segment(
        user=user,
        project_id=project_id,
        correction_id=correction_id,
        document_id=document_id,
        segment_id=segment_id,
    )
    segment = tagging.status_set(target=segment, name=status_parse(json_body(request)))
    return JsonResponse(
        correction_segment_json(segment, session=segment.document.session), status=201
    )
