"""Correction sessions, the vendor's Correction API: a model pre-labels documents and
people confirm or fix its tags.

A correction session is a labeling session in mode CORRECTION that names its model.
It is made PREDICTING (:func:`correction_create`); a worker (:func:`correction_predict_run`)
runs the model over the project's unlabeled documents (:func:`unlabeled_pool`, at most
:data:`POOL_CAP` of them), keeps the ``sample_size`` it is least sure of
(:func:`trainer.learning.confidence.margins`), least sure first, with the model's
segments and tags (IN_CORRECTION), and the session is ANNOTATING; FAILED with
``error`` when that cannot be done. People then tag through the tagging paths
(:mod:`trainer.textapi.tagging`), which keep the session's measures up to date
(:func:`correction_measure`):

- ``progress``: the percent of its documents done (:func:`trainer.textapi.documents.done`);
- ``predicted_score``: the percent of the tags the model predicted on the documents
  done that people kept unchanged (same span, class and label); null while no
  document is done or the model predicted no tag on those.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer.jsonapi.reaper import Reaped, reap
from trainer.learning.documents import Document as VendorDocument

from . import services
from .documents import documents_add, done, vendor_document, with_segments
from .errors import Conflict, Invalid
from .models import (
    AnnotationStatus,
    Document,
    LabelingSession,
    SessionMode,
    SessionStatus,
    TextModel,
    TextProject,
)
from .session_bodies import CorrectionBody

logger = logging.getLogger(__name__)

POOL_CAP = 2000  # the unlabeled documents a correction's model reads, at most


def unlabeled_pool(*, project: TextProject) -> QuerySet[Document]:
    """The project's documents a correction may take: NOT_ANNOTATED, without tags, in
    its ANNOTATION sessions whose documents are all in (FINISHED), whose text is in none
    of its correction sessions; in the order they were added."""
    return (
        Document.objects.filter(
            session__project=project,
            session__mode=SessionMode.ANNOTATION,
            session__status=SessionStatus.FINISHED,
            status=AnnotationStatus.NOT_ANNOTATED,
        )
        .exclude(segments__tags__isnull=False)
        .exclude(text__in=_corrected(project).values("text"))
        .order_by("id")
    )


def _corrected(project: TextProject) -> QuerySet[Document]:
    """The documents of the project's correction sessions."""
    return Document.objects.filter(session__project=project, session__mode=SessionMode.CORRECTION)


def _model_checked(*, project: TextProject, model_id: int) -> TextModel:
    """The project's model ``model_id`` if it can pre-label (as for ``/analyze``), else
    ``Invalid`` naming ``model_id`` and saying why."""
    model = TextModel.objects.filter(project=project, pk=model_id).first()
    if model is None:
        raise Invalid(
            errors={"model_id": [_("No model with id %(id)s in this project.") % {"id": model_id}]}
        )
    try:
        services.model_fitted(model=model)
    except Conflict as refused:
        raise Invalid(errors={"model_id": [refused.detail]}) from refused
    return model


def correction_create(
    *, project: TextProject, owner: AbstractBaseUser | None, body: CorrectionBody
) -> LabelingSession:
    """A PREDICTING correction session of the project with the model ``body.model_id``,
    which a worker fills (:func:`correction_predict_run`) once this commits. ``Invalid``
    when the model cannot pre-label, or when the project has no unlabeled document."""
    from .tasks import correction_predict  # tasks import this module

    model = _model_checked(project=project, model_id=body.model_id)
    if not unlabeled_pool(project=project).exists():
        raise Invalid(
            _(
                "The project has no unlabeled documents to correct: add documents without "
                "tags to a labeling session first."
            )
        )
    session = LabelingSession.objects.create(
        project=project,
        name=body.name or _("Correction of %(model)s") % {"model": model.display_name},
        type=project.type,
        owner=owner,
        mode=SessionMode.CORRECTION,
        model=model,
        sample_size=body.sample_size,
        status=SessionStatus.PREDICTING,
        progress=0.0,
        classes=sorted(project.classes.values_list("name", flat=True)),
        labels=sorted(project.labels.values_list("name", flat=True)),
        heartbeat_at=timezone.now(),
    )
    transaction.on_commit(lambda: correction_predict.delay(session_id=session.pk))
    return session


def _least_sure_first(*, model: TextModel, texts: list[str]) -> list[tuple[VendorDocument, float]]:
    """The model's predictions for ``texts``, least sure first (ties in the texts'
    order), with their margins."""
    from trainer.learning import confidence, trainers  # see services._train_claimed

    fitted = services.model_fitted(model=model)
    found: list[tuple[float, int, list[dict]]] = []
    step = services.MAX_PREDICT_TEXTS
    for start in range(0, len(texts), step):
        chunk = texts[start : start + step]
        predicted = trainers.predict(model.type, fitted, chunk)
        margins = confidence.margins(fitted, chunk)
        found.extend(
            (margin, start + offset, segments)
            for offset, (margin, segments) in enumerate(zip(margins, predicted, strict=True))
        )
    found.sort(key=lambda item: (item[0], item[1]))
    return [
        (VendorDocument.from_json({"text": texts[index], "segments": segments}), margin)
        for margin, index, segments in found
    ]


def _pool_texts(project: TextProject) -> list[str]:
    """The distinct texts of the pool, the first :data:`POOL_CAP` of them."""
    texts: dict[str, None] = {}
    for text in unlabeled_pool(project=project).values_list("text", flat=True).iterator():
        texts.setdefault(text)
        if len(texts) >= POOL_CAP:
            break
    return list(texts)


def correction_predict_run(*, session_id: int) -> None:
    """Fill the PREDICTING correction session ``session_id`` (the worker's task; a no-op
    for any other, so a redelivered message does no harm): what an earlier try left is
    replaced; ANNOTATING at the end, or FAILED with the reason."""
    predicting = LabelingSession.objects.filter(
        pk=session_id, mode=SessionMode.CORRECTION, status=SessionStatus.PREDICTING
    )
    if not predicting.update(heartbeat_at=timezone.now(), attempts=F("attempts") + 1):
        return
    session = predicting.select_related("project", "model").get()
    try:
        if session.model is None:
            raise Invalid(_("The session's model was deleted."))
        ranked = _least_sure_first(model=session.model, texts=_pool_texts(session.project))
        with transaction.atomic():
            # One correction of a project at a time takes its texts, so that two made at
            # once do not take the same ones (the pool was read before the predictions).
            TextProject.objects.select_for_update().get(pk=session.project_id)
            Document.objects.filter(session=session).delete()
            taken = set(_corrected(session.project).values_list("text", flat=True))
            chosen = [item for item in ranked if item[0].text not in taken]
            chosen = chosen[: session.sample_size or 1]
            if not chosen:
                raise Invalid(_("The project has no unlabeled documents to correct."))
            documents_add(
                session=session,
                documents=[document for document, _margin in chosen],
                margins=[margin for _document, margin in chosen],
            )
            LabelingSession.objects.filter(pk=session.pk, status=SessionStatus.PREDICTING).update(
                status=SessionStatus.ANNOTATING,
                document_count=len(chosen),
                progress=0.0,
                predicted_score=None,
                finished=timezone.now(),
                error="",
            )
    except (Invalid, Conflict) as exc:
        _predict_failed(session_id=session.pk, reason=exc.detail)
    except Exception as exc:
        logger.exception("correction session %s: predicting failed", session.pk)
        _predict_failed(
            session_id=session.pk,
            reason=_("predicting failed unexpectedly (%(error)s)") % {"error": type(exc).__name__},
        )


PREDICTION_STOPPED = (
    "the worker stopped on every try of the model's predictions; make the session again"
)


def corrections_reap() -> Reaped:
    """Resolve the predictions no worker will finish (the beat runs this, with the
    imports': :func:`trainer.textapi.labeling.labeling_sessions_reap`): a PREDICTING
    session silent for ``TEXTAPI_QUEUED_STALE_SECONDS`` (its message lost, or its worker
    gone) is queued again until it has been tried ``TEXTAPI_TRAINING_MAX_ATTEMPTS``
    times, then it is FAILED with :data:`PREDICTION_STOPPED`."""
    from .tasks import correction_predict  # tasks import this module

    return reap(
        what="correction session",
        running=LabelingSession.objects.filter(
            mode=SessionMode.CORRECTION, status=SessionStatus.PREDICTING
        ),
        running_seconds=settings.TEXTAPI_QUEUED_STALE_SECONDS,
        failed={"status": SessionStatus.FAILED, "error": PREDICTION_STOPPED},
        waiting=LabelingSession.objects.none(),
        waiting_seconds=settings.TEXTAPI_QUEUED_STALE_SECONDS,
        requeue=lambda pk: correction_predict.delay(session_id=pk),
        retried={"status": SessionStatus.PREDICTING},
        tries_left=Q(attempts__lt=settings.TEXTAPI_TRAINING_MAX_ATTEMPTS),
    )


def _predict_failed(*, session_id: int, reason: str) -> None:
    LabelingSession.objects.filter(pk=session_id, status=SessionStatus.PREDICTING).update(
        status=SessionStatus.FAILED, error=reason
    )


def _tag_set(document: VendorDocument) -> set:
    """Every tag of the document with the span it stands on."""
    return {
        (segment.start, segment.end, tag) for segment in document.segments for tag in segment.tags
    }


def correction_measure(*, session: LabelingSession) -> LabelingSession:
    """Write the correction session's ``progress`` and ``predicted_score`` as its
    documents now stand (module doc); a labeling session of people is left as it is."""
    if session.mode != SessionMode.CORRECTION:
        return session
    documents = list(with_segments(done(Document.objects.filter(session=session))))
    total = Document.objects.filter(session=session).count()
    predicted = kept = 0
    for row in documents:
        guessed = _tag_set(
            VendorDocument.from_json({"text": row.text, "segments": row.predicted or []})
        )
        now = _tag_set(vendor_document(row))
        predicted += len(guessed)
        kept += len(guessed & now)
    session.progress = round(100 * len(documents) / total, 1) if total else 0.0
    session.predicted_score = round(100 * kept / predicted) if predicted else None
    LabelingSession.objects.filter(pk=session.pk).update(
        progress=session.progress, predicted_score=session.predicted_score
    )
    return session
