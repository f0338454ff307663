"""Writes of labeling sessions and their documents: made from the vendor's documents,
imported from a file (inline, or by a worker for a large one), deleted, and the
imports no worker will finish resolved. The documents are stored by
:mod:`trainer.textapi.documents`."""

from __future__ import annotations

import io
import logging
import random
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer.jsonapi.reaper import Reaped, reap
from trainer.learning import corpora
from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import classes_of, labels_of, problem

from .corrections import corrections_reap
from .documents import TAGLESS_LABELED, documents_add
from .errors import Invalid
from .models import (
    AnnotationStatus,
    Document,
    LabelingSession,
    SessionStatus,
    TextProject,
)
from .services import project_tags_add
from .session_bodies import SessionBody
from .storage import artifact_storage

logger = logging.getLogger(__name__)

IMPORT_STOPPED = "the import's worker stopped on every try; upload the file again"
SESSION_NAME_MAX = LabelingSession._meta.get_field("name").max_length
IMPORT_BATCH = 2000  # documents written at once by an import


class SessionDeleted(Exception):
    """The session being filled was deleted: the import stops."""


class _SessionFiller:
    """Adds documents to a session in batches of ``IMPORT_BATCH``, each batch
    committed with the session's count, so that a large import never holds all its
    rows in memory, nor the database for long. :meth:`finish` writes the last batch,
    gives the project the classes and labels the documents carry, and the session its
    names (those asked for, else the project's, as the vendor does)."""

    def __init__(self, session: LabelingSession) -> None:
        self.session = session
        self.batch: list[VendorDocument] = []
        self.documents = session.document_count
        self.classes: set[str] = set()
        self.labels: set[str] = set()

    def add(self, document: VendorDocument) -> None:
        self.batch.append(document)
        self.classes.update(classes_of(document))
        self.labels.update(labels_of(document))
        self.documents += 1
        if len(self.batch) >= IMPORT_BATCH:
            self.flush()

    def flush(self, **fields: Any) -> None:
        """Write the session's count (and ``fields``) and the pending documents;
        :class:`SessionDeleted` if the session is gone meanwhile."""
        if not LabelingSession.objects.filter(pk=self.session.pk).update(
            document_count=self.documents, heartbeat_at=timezone.now(), **fields
        ):
            raise SessionDeleted()
        documents_add(session=self.session, documents=self.batch)
        self.batch = []

    def finish(
        self,
        *,
        classes: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        **fields: Any,
    ) -> None:
        """The last :meth:`flush`, once the project has the names of the documents and
        of ``classes`` and ``labels`` (added once, in bulk; again harmlessly if a
        retried import gets here)."""
        project = self.session.project
        project_tags_add(
            project=project,
            classes=self.classes | set(classes or ()),
            labels=self.labels | set(labels or ()),
        )
        self.flush(
            classes=sorted(set(classes)) if classes is not None else _names(project.classes),
            labels=sorted(set(labels)) if labels is not None else _names(project.labels),
            finished=timezone.now(),
            **fields,
        )


def _names(related) -> list[str]:
    return sorted(related.values_list("name", flat=True))


def documents_problems(documents: Iterable[VendorDocument], *, type: str) -> list[str]:  # noqa: A002
    """A sentence for each (1-based) document whose tags do not fit the project's
    ``type``; a document without tags fits every type (it is not labeled yet)."""
    return [
        _("Document %(n)d (“%(start)s…”): %(problem)s.")
        % {"n": number, "start": document.text[:40], "problem": reason}
        for number, document in enumerate(documents, start=1)
        if document.tags and (reason := problem(document, type))
    ]


def _no_class_marked(session: LabelingSession) -> None:
    """The documents without tags of a file that tags others with classes have none of
    them, where the type allows that (:data:`~.documents.TAGLESS_LABELED`: ANNOTATED, as
    a SemEval sentence without opinions; training learns that they have none, as it
    always did); a file that tags nothing holds unlabeled texts (NOT_ANNOTATED)."""
    Document.objects.filter(session=session, status=AnnotationStatus.NOT_ANNOTATED).exclude(
        segments__tags__isnull=False
    ).update(status=AnnotationStatus.ANNOTATED)


@transaction.atomic
def labeling_session_create(
    *,
    project: TextProject,
    name: str,
    owner: AbstractBaseUser | None,
    documents: Sequence[VendorDocument],
    classes: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> LabelingSession:
    """A labeling session of the project's type with its documents, which must fit
    that type (``Invalid`` naming each that does not; then nothing is kept). Its
    ``classes`` and ``labels`` are those given, else the project's; the project gains
    the names it lacks."""
    problems = documents_problems(documents, type=project.type)
    if problems:
        raise Invalid(problems[0], errors={"documents": problems[:20]})
    session = LabelingSession.objects.create(
        project=project, name=name, type=project.type, owner=owner
    )
    filler = _SessionFiller(session)
    for document in documents:
        filler.add(document)
    filler.finish(classes=classes, labels=labels)
    session.refresh_from_db()
    return session


SAMPLE_SEED = 0  # a session's sample is the same for the same documents


def _copies(*, project: TextProject, document_ids: Sequence[int]) -> list[VendorDocument]:
    """The texts of the project's documents ``document_ids``, to be annotated anew;
    ``Invalid`` naming those the project does not have."""
    texts = dict(
        Document.objects.filter(session__project=project, pk__in=document_ids).values_list(
            "pk", "text"
        )
    )
    missing = [str(pk) for pk in document_ids if pk not in texts]
    if missing:
        raise Invalid(
            errors={
                "document_ids": [
                    _("No document %(ids)s in this project.") % {"ids": ", ".join(missing)}
                ]
            }
        )
    return [VendorDocument(texts[pk]) for pk in document_ids]


def labeling_session_make(
    *, project: TextProject, owner: AbstractBaseUser | None, body: SessionBody
) -> LabelingSession:
    """The vendor's JSON create: a session of ``body.documents`` and of the project's
    documents ``body.document_ids`` (their texts, to annotate), or of a sample of
    ``body.sample_size`` of them (in their order); see :func:`labeling_session_create`."""
    documents = [*body.documents, *_copies(project=project, document_ids=body.document_ids)]
    if body.sample_size is not None and body.sample_size < len(documents):
        sampler = random.Random(SAMPLE_SEED)  # noqa: S311 - a reproducible sample, no secret
        kept = sorted(sampler.sample(range(len(documents)), body.sample_size))
        documents = [documents[index] for index in kept]
    return labeling_session_create(
        project=project,
        name=body.name or "",
        owner=owner,
        documents=documents,
        classes=body.classes,
        labels=body.labels,
    )


@transaction.atomic
def labeling_session_change(*, session: LabelingSession, body: SessionBody) -> LabelingSession:
    """The vendor's PUT: a new name, new class and label names (the project gains
    those it lacks), and documents added (which must fit the type, as on create)."""
    project = session.project
    documents = [*body.documents, *_copies(project=project, document_ids=body.document_ids)]
    problems = documents_problems(documents, type=session.type)
    if problems:
        raise Invalid(problems[0], errors={"documents": problems[:20]})
    documents_add(session=session, documents=documents)
    project_tags_add(
        project=project,
        classes=[*(body.classes or ()), *(c for d in documents for c in classes_of(d))],
        labels=[*(body.labels or ()), *(label for d in documents for label in labels_of(d))],
    )
    fields: dict[str, Any] = {"document_count": F("document_count") + len(documents)}
    if body.name is not None:
        fields["name"] = body.name
    if body.classes is not None:
        fields["classes"] = sorted(body.classes)
    if body.labels is not None:
        fields["labels"] = sorted(body.labels)
    LabelingSession.objects.filter(pk=session.pk).update(**fields)
    session.refresh_from_db()
    return session


def labeling_session_delete(*, session: LabelingSession) -> None:
    """Delete a labeling session with its documents (one DELETE each: no row is
    loaded, whatever their number) and any file still waiting to be imported."""
    session.delete()
    if session.upload_file:
        name = session.upload_file
        transaction.on_commit(lambda: artifact_storage().delete(name))


def _session_name(upload: File) -> str:
    """A session from a file is named after it (the vendor's upload takes no name),
    without the control and format characters a file name may smuggle in (NUL, a
    right-to-left override)."""
    stem = PurePath(upload.name or "").stem
    shown = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip()
    return shown[:SESSION_NAME_MAX] or _("Uploaded file")


def labeling_session_import(
    *, project: TextProject, owner: AbstractBaseUser | None, upload: File
) -> LabelingSession:
    """A labeling session of the project's type from an uploaded file, named after
    it, in one of ``corpora.FORMATS`` (told by its content, then by its name), read
    as documents of that type (:func:`trainer.learning.corpora.read_typed`).

    A file of up to ``TEXTAPI_IMPORT_INLINE_BYTES`` is imported now, all or nothing:
    ``Invalid`` names the file's line or element that is wrong, or does not fit the
    type (``errors["file"]``); then no row is written. Documents the file gives no tags
    are not labeled yet (a file may hold plain texts only). A larger file is stored and
    imported by a worker
    (:func:`labeling_session_import_run`): the session is CREATED meanwhile, with its
    progress, and ends FINISHED, or FAILED with the same reasons and no documents.
    """
    fields = {
        "project": project,
        "name": _session_name(upload),
        "type": project.type,
        "owner": owner,
        "upload_name": (upload.name or "")[-255:],
    }
    if upload.size <= settings.TEXTAPI_IMPORT_INLINE_BYTES:
        with transaction.atomic():
            session = LabelingSession.objects.create(**fields)
            _import_into(session, upload)
        session.refresh_from_db()
        return session
    from .tasks import labeling_session_import as import_task  # tasks import this module

    stored = artifact_storage().save(f"uploads/{uuid.uuid4().hex}", upload)
    session = LabelingSession.objects.create(
        **fields,
        status=SessionStatus.CREATED,
        progress=0.0,
        upload_file=stored,
        heartbeat_at=timezone.now(),
    )
    transaction.on_commit(lambda: import_task.delay(session_id=session.pk))
    return session


def labeling_session_import_run(*, session_id: int) -> None:
    """Import the stored file of the CREATED session ``session_id`` (the worker's
    task; a no-op for any other, so a redelivered message does no harm). The
    session is STARTED meanwhile, its heartbeat written with each batch; what an
    earlier try left is deleted first. On a bad file the documents added so far are
    deleted and the session ends FAILED with the reason. A worker that dies leaves
    the session STARTED with its file, for :func:`labeling_sessions_reap`."""
    claimed = (
        LabelingSession.objects.filter(pk=session_id, status=SessionStatus.CREATED)
        .exclude(upload_file="")
        .update(
            status=SessionStatus.STARTED, heartbeat_at=timezone.now(), attempts=F("attempts") + 1
        )
    )
    if not claimed:
        return
    Document.objects.filter(session_id=session_id).delete()
    LabelingSession.objects.filter(pk=session_id).update(document_count=0, progress=0.0)
    session = LabelingSession.objects.select_related("project").get(pk=session_id)
    try:
        with artifact_storage().open(session.upload_file, "rb") as stream:
            _import_into(session, stream)
    except SessionDeleted:
        logger.info("labeling session %s was deleted while its file was imported", session.pk)
    except Invalid as exc:
        logger.info("labeling session %s not imported: %s", session.pk, exc.detail)
        _import_failed(session_id=session.pk, reason=_invalid_reason(exc))
        return
    artifact_storage().delete(session.upload_file)
    LabelingSession.objects.filter(pk=session.pk).update(upload_file="")


def _import_failed(*, session_id: int, reason: str) -> None:
    """A failed import keeps none of its documents, nor its file; its session says why."""
    Document.objects.filter(session_id=session_id).delete()
    session = LabelingSession.objects.filter(pk=session_id).first()
    if session is None:
        return
    if session.upload_file:
        artifact_storage().delete(session.upload_file)
    LabelingSession.objects.filter(pk=session_id).update(
        status=SessionStatus.FAILED,
        error=reason,
        upload_file="",
        document_count=0,
        classes=[],
        labels=[],
    )


def labeling_sessions_reap() -> Reaped:
    """Resolve the imports no worker will finish (the beat runs this), as
    :func:`trainer.textapi.services.models_reap` does trainings: a STARTED import silent
    for ``TEXTAPI_TRAINING_STALE_SECONDS`` is queued again, to start over, until it has
    been tried ``TEXTAPI_TRAINING_MAX_ATTEMPTS`` times, then it FAILED with
    :data:`IMPORT_STOPPED` and nothing kept; a CREATED one waiting longer than
    ``TEXTAPI_QUEUED_STALE_SECONDS`` is queued again. The correction sessions' predictions
    are resolved alike (:func:`trainer.textapi.corrections.corrections_reap`)."""
    from .tasks import labeling_session_import as import_task  # tasks import this module

    with_file = LabelingSession.objects.exclude(upload_file="")
    reaped = reap(
        what="labeling session import",
        running=with_file.filter(status=SessionStatus.STARTED),
        running_seconds=settings.TEXTAPI_TRAINING_STALE_SECONDS,
        failed={"status": SessionStatus.FAILED, "error": IMPORT_STOPPED},
        waiting=with_file.filter(status=SessionStatus.CREATED),
        waiting_seconds=settings.TEXTAPI_QUEUED_STALE_SECONDS,
        requeue=lambda pk: import_task.delay(session_id=pk),
        retried={"status": SessionStatus.CREATED, "progress": 0.0},
        tries_left=Q(attempts__lt=settings.TEXTAPI_TRAINING_MAX_ATTEMPTS),
    )
    for pk in reaped.failed:
        _import_failed(session_id=pk, reason=IMPORT_STOPPED)
    predictions = corrections_reap()
    return Reaped(
        failed=[*reaped.failed, *predictions.failed],
        requeued=[*reaped.requeued, *predictions.requeued],
        retried=[*reaped.retried, *predictions.retried],
    )


def _invalid_reason(exc: Invalid) -> str:
    """The one sentence that says why a file was not imported."""
    reasons = [message for messages in exc.errors.values() for message in messages]
    return reasons[0] if reasons else exc.detail


def _import_into(session: LabelingSession, stream: IO[bytes]) -> None:
    """Read ``stream`` into the session's documents, batch by batch, with its
    progress; FINISHED at the end. ``Invalid`` as :func:`labeling_session_import` says."""
    size = stream.seek(0, io.SEEK_END) or 1
    stream.seek(0)
    filler = _SessionFiller(session)
    try:
        documents = corpora.read_typed(
            stream, model_type=session.type, filename=session.upload_name
        )
        for document in documents:
            filler.add(document)
            if not filler.batch:  # a batch was just written
                LabelingSession.objects.filter(pk=session.pk).update(
                    progress=round(min(99.0, 100 * stream.tell() / size), 1)
                )
    except corpora.FormatError as exc:
        raise Invalid(
            _("The file was not imported: %(error)s") % {"error": exc},
            errors={"file": [str(exc)]},
        ) from exc
    with transaction.atomic():
        filler.finish(status=SessionStatus.FINISHED, progress=100.0, error="")
        if session.type in TAGLESS_LABELED and filler.classes:
            _no_class_marked(session)
