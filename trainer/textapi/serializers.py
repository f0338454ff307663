"""The JSON shapes of the contract, one function per resource."""

from .models import (
    BASE_TYPE,
    ApiToken,
    Document,
    LabelingSession,
    ModelType,
    ProjectClass,
    ProjectLabel,
    ProjectMember,
    TextModel,
)


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
    return {
        "id": session.pk,
        "project_id": session.project_id,
        "name": session.name,
        "type": session.type,
        "language": session.language,
        "status": session.status,
        # While an uploaded file is imported: percent done; why it failed.
        "progress": session.progress,
        "error": session.error,
        "document_count": session.document_count,
        # Every session here is labeled by people (the vendor's other mode, CORRECTION,
        # has a model pre-label it).
        "mode": "ANNOTATION",
        "user_id": session.owner_id,
        "documents": session.document_count,
        "labels": session.label_count,
        # An extension of the contract: the test-set check of the dashboard's form
        # ({class: documents with it}; empty for the types whose models learn none).
        "classes": session.class_counts
        if session.type in (ModelType.CLASS, ModelType.CLASSLABEL)
        else {},
        "created": session.created.isoformat(),
        "owner": _username(session.owner),
    }


def document_json(document: Document, *, type: str) -> dict:  # noqa: A002 - the contract's name
    """A document as the vendor writes one: its text cut into segments, each with its
    tags. Classes tag one segment over the whole text (``{"class"}``); a labelled span
    is a segment of its own, tagged ``{"label"}``, or for ABSA its aspect with its
    polarity (``{"class", "label"}``)."""
    segments = []
    if document.classes:
        segments.append(
            {
                "text": document.text,
                "span": [0, len(document.text)],
                "tags": [{"class": name} for name in document.classes],
            }
        )
    for span in document.spans:
        start, end = span["start"], span["end"]
        tag = (
            {"class": span["label"], "label": span["polarity"]}
            if type == ModelType.ABSA
            else {"label": span["label"]}
        )
        segments.append({"text": document.text[start:end], "span": [start, end], "tags": [tag]})
    return {"id": document.pk, "text": document.text, "segments": segments}


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
