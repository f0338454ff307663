"""The JSON shapes of the contract, one function per resource."""

from collections.abc import Collection, Sequence

from django.utils import timezone

from .documents import tag_of
from .models import (
    BASE_TYPE,
    ApiToken,
    Document,
    LabelingSession,
    ProjectClass,
    ProjectLabel,
    ProjectMember,
    Segment,
    SegmentTag,
    TextModel,
)
from .session_bodies import DETAILS


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def token_status_json(token: ApiToken) -> dict:
    """Whose the token is and until when it is good (null: until revoked)."""
    return {
        "username": token.user.get_username(),
        "email": token.user.email,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def project_json(membership: ProjectMember) -> dict:
    """The vendor's Project, with its description and the caller's role."""
    project = membership.project
    return {
        "id": project.pk,
        "name": project.name,
        "type": project.type,
        "classes": [project_class.name for project_class in project.classes.all()],
        "labels": [label.name for label in project.labels.all()],
        "models": [model_json(model) for model in project.models.all()],
        "created": project.created.isoformat(),
        "description": project.description,
        "role": membership.role,
    }


def project_class_json(project_class: ProjectClass) -> dict:
    """The vendor's ModelClass."""
    return {
        "id": project_class.pk,
        "name": project_class.name,
        "description": project_class.description,
        "example": project_class.example,
    }


def label_json(label: ProjectLabel) -> dict:
    return {"id": label.pk, "name": label.name}


def permission_json(membership: ProjectMember) -> dict:
    """The vendor's Permission: the user by display name."""
    return {"id": membership.pk, "role": membership.role, "user": _display_name(membership.user)}


def labeling_session_json(session: LabelingSession) -> dict:
    """The vendor's LabelingSession, plus, while an uploaded file is imported or when
    it failed, ``error`` (why)."""
    return {
        "id": session.pk,
        "uuid": str(session.uuid),
        "name": session.name,
        "description": session.description,
        "type": session.type,
        "status": session.status,
        # ANNOTATION: labeled by people; CORRECTION: a model (model_id) pre-labels it.
        "mode": session.mode,
        "document_count": session.document_count,
        "classes": session.classes,
        "labels": session.labels,
        # Percent of an uploaded file imported so far (100 once FINISHED); of a
        # correction session, the percent of its documents done.
        "progress": session.progress,
        "created": session.created.isoformat(),
        "finished": session.finished.isoformat() if session.finished else None,
        "user_id": session.owner_id,
        "project_id": session.project_id,
        "model_id": session.model_id,
        # The vendor's workspaces and document groups have no counterpart here.
        "organization_id": None,
        "document_group_id": None,
        "error": session.error,
    }


def correction_json(session: LabelingSession) -> dict:
    """The vendor's Correction: the session, its model and its predicted score (the
    percent of the model's tags people kept, see :mod:`~.corrections`)."""
    model = session.model
    return {
        **labeling_session_json(session),
        "model": {"id": model.pk, "display_name": model.display_name} if model else None,
        "predicted_score": session.predicted_score,
    }


def tag_json(tag: SegmentTag) -> dict:
    """The vendor's ClassLabelTag (``{"class"?, "label"?}``), with the id the tagging
    endpoints address it by and its status (READY, or IN_CORRECTION: a model's tag
    nobody confirmed yet)."""
    return {"id": tag.pk, **tag_of(tag).to_json(), "status": tag.status}


def segment_json(segment: Segment, *, text: str, tags: bool = True) -> dict:
    """The vendor's SegmentWithTags (without ``tags`` when not asked for), with its id
    and status."""
    answer = {
        "id": segment.pk,
        "text": text[segment.start : segment.end],
        "span": [segment.start, segment.end],
        "status": segment.status,
    }
    if tags:
        answer["tags"] = [tag_json(tag) for tag in segment.tags.all()]
    return answer


def document_json(document: Document, *, details: Collection[str] = DETAILS) -> dict:
    """The vendor's LabelledDocument (fetched :func:`~.documents.with_segments`) with its
    id; ``details`` says what else: ``segments``, their ``tags``, ``meta`` (the status)."""
    answer: dict = {"id": document.pk, "text": document.text}
    if "meta" in details:
        answer["status"] = document.status
    if "segments" in details:
        answer["segments"] = [
            segment_json(segment, text=document.text, tags="tags" in details)
            for segment in document.segments.all()
        ]
    return answer


def session_with_documents_json(
    session: LabelingSession,
    *,
    classes: Sequence[ProjectClass],
    labels: Sequence[ProjectLabel],
    documents: Sequence[Document],
    details: Collection[str],
) -> dict:
    """The vendor's LabelingSessionWithDocs: the session, its classes and labels as the
    project's ModelClass and Label, and a page of its documents."""
    return {
        **labeling_session_json(session),
        "classes": [project_class_json(c) for c in classes],
        "labels": [label_json(label) for label in labels],
        "documents": [document_json(d, details=details) for d in documents],
    }


def status_json(target: Document | Segment, *, session: LabelingSession) -> dict:
    """The vendor's DocumentAnnotationStatus or SegmentAnnotationStatus, as just set."""
    segment = target if isinstance(target, Segment) else None
    return {
        "annotation_id": session.pk,
        "document_id": segment.document_id if segment else target.pk,
        **({"segment_id": segment.pk} if segment else {}),
        "name": target.status,
        "created": timezone.now().isoformat(),
    }


def _correction_measures(session: LabelingSession) -> dict:
    return {"predicted_score": session.predicted_score, "progress": round(session.progress)}


def correction_tag_json(tag: SegmentTag, *, session: LabelingSession) -> dict:
    """The vendor's CreateCorrectionTagResponse: the session's measures, the tag's
    segment (with its id, and when it was marked annotated) and the tag."""
    segment = tag.segment
    return {
        **_correction_measures(session),
        "segment": {
            "id": segment.pk,
            "annotated": segment.annotated_at.isoformat() if segment.annotated_at else None,
        },
        "tag": tag_json(tag),
    }


def correction_segment_json(segment: Segment, *, session: LabelingSession) -> dict:
    """The vendor's AnnotateCorrectionResponse: the session's measures and the
    segment's status."""
    return {**_correction_measures(session), "segment": status_json(segment, session=session)}


def model_json(model: TextModel) -> dict:
    """The contract's model (the 201 body of a train request), plus error and metrics."""
    return {
        "id": model.pk,
        "uuid": str(model.uuid),
        "project_id": model.project_id,
        "name": model.name,
        "display_name": model.display_name,
        "short_description": model.short_description,
        "long_description": model.long_description,
        "language": model.language,
        "type": model.type,
        "base": model.base.name if model.base_id else "",
        "owner": _username(model.owner),
        "created": model.created.isoformat(),
        "status": model.status,
        "progress": round(model.progress, 1),
        "score": model.score,
        "error": model.error,
        "metrics": model.metrics,
    }


def catalog_model_json(model: TextModel) -> dict:
    """A model of ``GET /models``: a base model is of the vendor's type BASE there."""
    return {**model_json(model), "type": BASE_TYPE if model.is_base else model.type}
