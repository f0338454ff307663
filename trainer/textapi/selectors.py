"""Reads. ``membership_get`` is the one gate for project access."""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from .documents import with_segments
from .errors import Forbidden, NotFound
from .models import (
    BASE_TYPE,
    Document,
    LabelingSession,
    ProjectClass,
    ProjectLabel,
    ProjectMember,
    Role,
    Segment,
    SegmentTag,
    SessionMode,
    Status,
    TextModel,
    TextProject,
)

MAX_ID = 2**63 - 1  # the largest id a database row can have


def _valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


def membership_list_for_user(*, user: AbstractBaseUser) -> QuerySet[ProjectMember]:
    """The caller's memberships, with their projects, by project name."""
    return (
        ProjectMember.objects.filter(user=user)
        .select_related("project")
        .order_by("project__name", "project_id")
    )


def memberships_with_details(memberships: Sequence[ProjectMember]) -> Sequence[ProjectMember]:
    """The memberships, their projects' classes, labels and models fetched in one
    query each (what a Project answer shows)."""
    prefetch_related_objects(
        memberships,
        "project__classes",
        "project__labels",
        Prefetch("project__models", queryset=TextModel.objects.select_related("base", "owner")),
    )
    return memberships


def member_list(*, project: TextProject) -> QuerySet[ProjectMember]:
    """The project's members with their users, in the order they joined."""
    return ProjectMember.objects.filter(project=project).select_related("user").order_by("id")


def tag_list(
    *, project: TextProject, kind: type[ProjectClass] | type[ProjectLabel]
) -> QuerySet[ProjectClass] | QuerySet[ProjectLabel]:
    """The project's classes or labels (``kind``), by name."""
    return kind.objects.filter(project=project).order_by("name", "id")


def tag_get(
    *, project: TextProject, kind: type[ProjectClass] | type[ProjectLabel], tag_id: int
) -> ProjectClass | ProjectLabel:
    """The project's class or label (``kind``) ``tag_id``, or 404."""
    tag = None
    if _valid_id(tag_id):
        tag = kind.objects.filter(project=project, pk=tag_id).select_related("project").first()
    if tag is None:
        message = (
            _("No class with id %(id)s in this project.")
            if kind is ProjectClass
            else _("No label with id %(id)s in this project.")
        )
        raise NotFound(message % {"id": tag_id})
    return tag


def membership_get(
    *, project_id: int, user: AbstractBaseUser, min_role: str = Role.READ_ONLY
) -> ProjectMember:
    """The caller's membership of the project: 404 for a non-member (the project's
    existence is not revealed), 403 when the role is below ``min_role``."""
    membership = None
    if _valid_id(project_id):
        membership = (
            ProjectMember.objects.filter(project_id=project_id, user=user)
            .select_related("project")
            .first()
        )
    if membership is None:
        raise NotFound(_("No project with id %(id)s.") % {"id": project_id})
    if Role.rank(membership.role) < Role.rank(min_role):
        raise Forbidden(
            _("This needs the project role %(needed)s or higher; yours is %(role)s.")
            % {"needed": min_role, "role": membership.role}
        )
    return membership


def labeling_session_list(
    *,
    project: TextProject,
    modes: Sequence[str] = (),
    statuses: Sequence[str] = (),
) -> QuerySet[LabelingSession]:
    """The project's labeling sessions, newest first, optionally only those in
    ``modes`` (ANNOTATION, CORRECTION) and ``statuses``."""
    sessions = LabelingSession.objects.filter(project=project).select_related("owner", "model")
    if modes:
        sessions = sessions.filter(mode__in=modes)
    if statuses:
        sessions = sessions.filter(status__in=statuses)
    return sessions


def labeling_session_get(
    *, project: TextProject, session_id: int, mode: str | None = None
) -> LabelingSession:
    """The project's labeling session ``session_id`` (of ``mode`` when given), or 404."""
    session = None
    if _valid_id(session_id):
        sessions = labeling_session_list(project=project, modes=[mode] if mode else ())
        session = sessions.filter(pk=session_id).first()
    if session is None:
        message = (
            _("No correction session with id %(id)s.")
            if mode == SessionMode.CORRECTION
            else _("No labeling session with id %(id)s.")
        )
        raise NotFound(message % {"id": session_id})
    return session


def session_tags(*, session: LabelingSession) -> tuple[list[ProjectClass], list[ProjectLabel]]:
    """The project's classes and labels that the session names, by name."""
    return (
        list(ProjectClass.objects.filter(project_id=session.project_id, name__in=session.classes)),
        list(ProjectLabel.objects.filter(project_id=session.project_id, name__in=session.labels)),
    )


def document_page(
    *, session: LabelingSession, search: str, offset: int, limit: int
) -> tuple[list[Document], int]:
    """One page of the session's documents (those whose text holds ``search``), in
    their order, and how many there are in all."""
    documents = Document.objects.filter(session=session).order_by("id")
    if search:
        documents = documents.filter(text__icontains=search)
    return list(with_segments(documents[offset : offset + limit])), documents.count()


def document_get(*, session: LabelingSession, document_id: int) -> Document:
    """The session's document ``document_id`` with its segments and tags, or 404."""
    document = None
    if _valid_id(document_id):
        document = (
            with_segments(Document.objects.filter(session=session, pk=document_id))
            .select_related("session")
            .first()
        )
    if document is None:
        raise NotFound(
            _("No document with id %(id)s in this labeling session.") % {"id": document_id}
        )
    return document


def segment_get(*, document: Document, segment_id: int) -> Segment:
    """The document's segment ``segment_id``, or 404."""
    segment = next((s for s in document.segments.all() if s.pk == segment_id), None)
    if segment is None:
        raise NotFound(_("No segment with id %(id)s in this document.") % {"id": segment_id})
    segment.document = document
    return segment


def segment_tag_get(*, segment: Segment, tag_id: int) -> SegmentTag:
    """The segment's tag ``tag_id``, or 404."""
    tag = next((t for t in segment.tags.all() if t.pk == tag_id), None)
    if tag is None:
        raise NotFound(_("No tag with id %(id)s on this segment.") % {"id": tag_id})
    tag.segment = segment
    return tag


def model_list(
    *, project: TextProject, statuses: Sequence[str] | None = None
) -> QuerySet[TextModel]:
    """The project's models, newest first, optionally only those in ``statuses``."""
    models = TextModel.objects.filter(project=project).select_related("base", "owner")
    if statuses:
        models = models.filter(status__in=statuses)
    return models.order_by("-created", "-id")


def model_get(*, project: TextProject, model_id: int) -> TextModel:
    model = None
    if _valid_id(model_id):
        model = model_list(project=project).filter(pk=model_id).first()
    if model is None:
        raise NotFound(_("No model with id %(id)s in this project.") % {"id": model_id})
    return model


def model_catalog_page(
    *,
    user: AbstractBaseUser,
    public: bool | None,
    type: str | None,
    search: str,
    offset: int,
    limit: int,
) -> tuple[list[TextModel], bool]:
    """A page of the models the caller may see (``GET /models``), by name, and whether
    more follow. Those are the ready base models, which are public and of type
    ``BASE``, and the models of the caller's projects; ``public`` picks one kind,
    ``type`` one type, ``search`` a part of the name or display name."""
    models = TextModel.objects.filter(
        Q(is_base=True, status=Status.READY) | Q(project__members__user=user)
    )
    if public is not None:
        models = models.filter(is_base=public)
    if type == BASE_TYPE:
        models = models.filter(is_base=True)
    elif type is not None:
        models = models.filter(is_base=False, type=type)
    if search:
        models = models.filter(Q(name__icontains=search) | Q(display_name__icontains=search))
    page = list(
        models.select_related("base", "owner").order_by("name", "id")[offset : offset + limit + 1]
    )
    return page[:limit], len(page) > limit
