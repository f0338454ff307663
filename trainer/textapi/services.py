"""Writes of the embedded Text Training API: projects, members, tokens, classes and
labels; models, their training and their use. Labeling sessions and their documents
are written by :mod:`trainer.textapi.labeling`."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trainer.jsonapi.reaper import Reaped, reap
from trainer.learning.common import TrainingDataError
from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import check
from trainer.learning.splits import split_documents

from .auth import token_hash, token_new_raw, token_prefix
from .documents import session_documents
from .errors import Conflict, Invalid
from .models import (
    ApiToken,
    Language,
    ModelType,
    ProjectClass,
    ProjectLabel,
    ProjectMember,
    Role,
    Status,
    TextModel,
    TextProject,
)
from .storage import artifact_delete, artifact_load, artifact_save, artifact_storage
from .validation import ModelChange, training_request_parse

logger = logging.getLogger(__name__)

SPLIT_SEED = 0
LEARNER_SEED = 0
# 2: every model type, "model" is the fitted learner, "train_documents" corpora.Documents.
# 3: an ABSA model's polarity is a LinearPolarity or a NetworkPolarity.
# 4: a NetworkPolarity's network is multilingual-e5-small (MiniLM before).
# 5: it is all-mpnet-base-v2, every weight of it kept.
# 6: the types have the vendor's meaning: "model" is a trainers.predict model of the type
#    (segments), "train_documents" the vendor's documents. A model of an older format
#    keeps its record, score and metrics; it cannot analyze until it is trained again.
ARTIFACT_FORMAT = 6
MAX_PREDICT_TEXTS = 1000
ABSA_POLARITIES = ("positive", "negative", "neutral", "conflict")
CANCELLED = "cancelled"  # the contract's error text of a cancelled model
WORKER_STOPPED = "the training worker stopped on every try; start the training again"


# -- projects, members, tokens ---------------------------------------------


@transaction.atomic
def project_create(
    *,
    name: str,
    type: str = ModelType.CLASS,  # noqa: A002 - the vendor's field name
    description: str = "",
    owner: AbstractBaseUser | None = None,
) -> TextProject:
    """A project of ``type``, ``owner`` its OWNER; an ABSA project comes with its
    labels, the polarities (the vendor adds no label to an ABSA project, nor deletes one)."""
    project = TextProject.objects.create(name=name, type=type, description=description)
    if owner is not None:
        member_set(project=project, user=owner, role=Role.OWNER)
    if type == ModelType.ABSA:
        project_tags_add(project=project, classes=(), labels=ABSA_POLARITIES)
    return project


def project_update(*, project: TextProject, changes: dict[str, str]) -> TextProject:
    """Set the project's name and description, as ``changes`` holds them."""
    for field, value in changes.items():
        setattr(project, field, value)
    project.save(update_fields=list(changes))
    return project


@transaction.atomic
def project_delete(*, project: TextProject) -> None:
    """Delete a project with all it holds (members, classes, labels, labeling sessions
    and their documents, models), then, once that is committed, its models' files and
    the files still waiting to be imported."""
    artifacts = [name for name in project.models.values_list("artifact", flat=True) if name]
    uploads = [
        name for name in project.labeling_sessions.values_list("upload_file", flat=True) if name
    ]
    project.delete()

    def delete_files() -> None:
        for name in artifacts:
            artifact_delete(name)
        for name in uploads:
            artifact_storage().delete(name)

    transaction.on_commit(delete_files)


Tag = ProjectClass | ProjectLabel


def _tag_save(tag: Tag, *, changes: dict[str, str]) -> Tag:
    """Save a class or label with ``changes``; a name the project has already is a
    400 naming ``name``."""
    name = changes.get("name")
    taken = _("The project has a %(kind)s named %(name)s already.")
    kind = tag._meta.verbose_name
    if (
        name is not None
        and type(tag)
        .objects.filter(project_id=tag.project_id, name=name)
        .exclude(pk=tag.pk)
        .exists()
    ):
        raise Invalid(errors={"name": [taken % {"kind": kind, "name": name}]})
    for field, value in changes.items():
        setattr(tag, field, value)
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError as exc:  # a concurrent request took the name
        raise Invalid(errors={"name": [taken % {"kind": kind, "name": name}]}) from exc
    return tag


def tag_create(*, project: TextProject, kind: type[Tag], changes: dict[str, str]) -> Tag:
    """A new class or label (``kind``) of the project; no label is added to an ABSA
    project, whose labels are the polarities."""
    if kind is ProjectLabel and project.type == ModelType.ABSA:
        raise Conflict(_("An ABSA project's labels are its polarities; none can be added."))
    return _tag_save(kind(project=project), changes=changes)


def tag_update(*, tag: Tag, changes: dict[str, str]) -> Tag:
    """Rename a class or label, or change a class's description or example. The
    documents keep the tags they carry: a class's name is the project's word for it."""
    return _tag_save(tag, changes=changes)


def tag_delete(*, tag: Tag) -> None:
    """Delete a class or label; the labels of an ABSA project stay (409)."""
    if isinstance(tag, ProjectLabel) and tag.project.type == ModelType.ABSA:
        raise Conflict(_("An ABSA project's labels are its polarities; none can be deleted."))
    tag.delete()


def project_tags_add(
    *, project: TextProject, classes: Iterable[str], labels: Iterable[str]
) -> None:
    """Add to the project the classes and labels it lacks (in one statement each)."""
    ProjectClass.objects.bulk_create(
        [ProjectClass(project=project, name=name) for name in sorted(set(classes))],
        ignore_conflicts=True,
    )
    ProjectLabel.objects.bulk_create(
        [ProjectLabel(project=project, name=name) for name in sorted(set(labels))],
        ignore_conflicts=True,
    )


def member_set(*, project: TextProject, user: AbstractBaseUser, role: str) -> ProjectMember:
    """Give ``user`` the ``role`` in ``project`` (adding or changing the membership)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, _created = ProjectMember.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return membership


def token_create(
    *,
    user: AbstractBaseUser,
    name: str,
    raw: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row and the raw token, which is not kept. It
    lasts until ``expires_at``, or until revoked when that is None.

    With ``raw``, that exact token is registered; if it is registered already,
    the existing row is returned unchanged (revoked stays revoked). A raw token
    registered for another user is refused with ``ValueError``.
    """
    raw = raw if raw is not None else token_new_raw()
    if not raw or raw != raw.strip():
        raise ValueError("a token must be non-empty and without surrounding whitespace")
    digest = token_hash(raw)
    existing = ApiToken.objects.filter(key_hash=digest).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise ValueError("this token is registered for another user")
        return existing, raw
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=token_prefix(raw),
        key_hash=digest,
        expires_at=expires_at,
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    token.revoked = True
    token.save(update_fields=["revoked"])
    return token


# -- starting training and the lifecycle ----------------------------------------


def _generated_name(*, project: TextProject, display_name: str, model_uuid) -> str:
    stem = slugify(display_name or project.name)[:60] or "model"
    return f"{stem}-{model_uuid.hex[:8]}"


@transaction.atomic
def training_start(*, project: TextProject, user: AbstractBaseUser, body: Any) -> TextModel:
    """Validate ``body`` (the contract's train request), create the model and queue
    its training once the transaction commits."""
    from .tasks import model_train as model_train_task  # tasks import this module

    request = training_request_parse(project=project, body=body)
    model = TextModel(
        project=project,
        language=request.language,
        type=request.type,
        base=request.base,
        owner=user,
        status=Status.CREATED,
        annotation_ids=request.annotation_ids,
        trainset_ids=request.trainset_ids,
        testset_ids=request.testset_ids,
    )
    model.name = request.name or _generated_name(
        project=project, display_name=request.display_name, model_uuid=model.uuid
    )
    model.display_name = request.display_name or model.name
    try:
        with transaction.atomic():
            model.save()
    except IntegrityError as exc:  # a concurrent request took the name
        raise Invalid(
            errors={"name": [_("A model named %(name)s already exists.") % {"name": model.name}]}
        ) from exc
    model.status = Status.QUEUED
    model.heartbeat_at = timezone.now()
    model.save(update_fields=["status", "heartbeat_at"])
    model_train_task.delay_on_commit(model_id=model.pk)
    return model


def _transition(model: TextModel, *, allowed: tuple[str, ...], to: str, message: str, **fields):
    updated = TextModel.objects.filter(pk=model.pk, status__in=allowed).update(status=to, **fields)
    if not updated:
        model.refresh_from_db(fields=["status"])
        raise Conflict(message % {"status": model.status})
    model.refresh_from_db()
    return model


def model_activate(*, model: TextModel) -> TextModel:
    return _transition(
        model,
        allowed=(Status.READY,),
        to=Status.ACTIVE,
        message=_("Only a READY model can be activated; this one is %(status)s."),
    )


def model_publish(*, model: TextModel) -> TextModel:
    return _transition(
        model,
        allowed=(Status.ACTIVE,),
        to=Status.PUBLISHED,
        message=_("Only an ACTIVE model can be published; this one is %(status)s."),
    )


@transaction.atomic
def model_update(*, model: TextModel, change: ModelChange) -> TextModel:
    """The vendor's PUT: the names and descriptions given, and a manager's step of the
    status (READY → ACTIVE, ACTIVE → PUBLISHED; the status the model has is no step).
    Any other status, or a step the model cannot take, is a 409 that changes nothing."""
    fields = {
        "display_name": change.display_name,
        "short_description": change.short_description,
        "long_description": change.long_description,
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    if fields:
        TextModel.objects.filter(pk=model.pk).update(**fields)
    if change.status is not None and change.status != model.status:
        step = {Status.ACTIVE: model_activate, Status.PUBLISHED: model_publish}.get(change.status)
        if step is None:
            raise Conflict(
                _("A model's status changes from READY to ACTIVE to PUBLISHED only; not to %(to)s.")
                % {"to": change.status}
            )
        step(model=model)
    model.refresh_from_db()
    return model


def model_cancel(*, model: TextModel) -> TextModel:
    """QUEUED or TRAINING → FAILED ("cancelled"); a running training stops at its
    next step."""
    return _transition(
        model,
        allowed=(Status.QUEUED, Status.TRAINING),
        to=Status.FAILED,
        message=_("Only a QUEUED or TRAINING model can be cancelled; this one is %(status)s."),
        error=CANCELLED,
    )


@transaction.atomic
def model_delete(*, model: TextModel) -> None:
    """Delete a model that is not PUBLISHED, and its file once that is committed."""
    deleted, _counts = (
        TextModel.objects.filter(pk=model.pk).exclude(status=Status.PUBLISHED).delete()
    )
    if not deleted:
        raise Conflict(_("A PUBLISHED model cannot be deleted."))
    if model.artifact:
        name = model.artifact
        transaction.on_commit(lambda: artifact_delete(name))


# -- training -------------------------------------------------------------------


class TrainingCancelled(Exception):
    """The model was cancelled or deleted while it trained."""


def _progress_writer(model: TextModel) -> Callable[[float, str], None]:
    """Write the progress if the model is still TRAINING, else stop the training."""

    def write(percent: float, step: str) -> None:
        percent = round(min(max(percent, model.progress), 100.0), 1)
        # One statement checks the status and writes: a cancel between a read
        # and a write cannot be lost.
        if not TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
            progress=percent, heartbeat_at=timezone.now()
        ):
            raise TrainingCancelled()
        model.progress = percent
        logger.info("model %s: %s (%.0f%%)", model.pk, step, percent)

    return write


def _session_documents(session_ids: list[int]) -> list[VendorDocument]:
    """The annotated documents of the sessions (only those are training data)."""
    documents = list(session_documents(session_ids))
    if not documents:
        raise TrainingDataError(
            ngettext(
                "the labeling session %(ids)s has no annotated document",
                "the labeling sessions %(ids)s have no annotated document",
                len(session_ids),
            )
            % {"ids": ", ".join(map(str, session_ids))}
        )
    return documents


def _model_documents(model: TextModel) -> tuple[list[VendorDocument], list[VendorDocument]]:
    """(train, test) documents of a project model, as its selection says."""
    if model.annotation_ids:
        return split_documents(_session_documents(model.annotation_ids), seed=SPLIT_SEED)
    train = _session_documents(model.trainset_ids)
    if model.testset_ids:
        return train, _session_documents(model.testset_ids)
    return split_documents(train, seed=SPLIT_SEED)


def model_bundle(model: TextModel) -> dict:
    """The stored artifact of a trained model (cached: a name is never reused)."""
    if not model.artifact:
        raise FileNotFoundError(f"model {model.pk} has no artifact")
    return artifact_load(model.artifact)


def _claim(model_id: int) -> bool:
    """QUEUED → TRAINING; False if another worker or a cancel got there first."""
    return bool(
        TextModel.objects.filter(pk=model_id, status=Status.QUEUED).update(
            status=Status.TRAINING,
            progress=0.0,
            error="",
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _fail(model: TextModel, message: str) -> None:
    TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
        status=Status.FAILED, error=message
    )


Split = tuple[list[VendorDocument], list[VendorDocument]]


@contextlib.contextmanager
def _heartbeat(model: TextModel) -> Iterator[None]:
    """While the body runs, a thread touches the TRAINING model's ``heartbeat_at``
    every ``TEXTAPI_HEARTBEAT_SECONDS``: a learner's long step between two progress
    writes must not look like a stopped worker to :func:`models_reap`."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.TEXTAPI_HEARTBEAT_SECONDS):
                try:
                    TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("model %s: heartbeat not written", model.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _run_training(model: TextModel, load: Callable[[], Split]) -> None:
    """Train a claimed (TRAINING) model; end READY, or FAILED with a readable reason."""
    with _heartbeat(model):
        _train_claimed(model, load)


def _train_claimed(model: TextModel, load: Callable[[], Split]) -> None:
    # Imported where used: scikit-learn, NumPy and SciPy (~110 MiB) load only in the
    # processes that train or predict, not in every web worker.
    from trainer.learning import encoder, trainers

    progress = _progress_writer(model)
    saved = None
    try:
        progress(1.0, "loading documents")
        train, test = load()
        base_documents = []
        if model.base_id:
            progress(3.0, "loading the base model's documents")
            base_documents = _base_documents(model.base)
        fitted, metrics = trainers.train(
            model.type,
            train,
            test,
            language=model.language,
            seed=LEARNER_SEED,
            progress=lambda percent, step: progress(5.0 + percent * 0.9, step),
            base_documents=base_documents,
            encoder=settings.TEXTAPI_SENTENCE_ENCODER and encoder.installed(),
        )
        progress(96.0, "saving")
        bundle = {
            "format": ARTIFACT_FORMAT,
            "type": model.type,
            "language": model.language,
            "model": fitted,
            "train_documents": [*base_documents, *train],
        }
        # The row names the file only once it is stored, so no reader sees half a file.
        saved = artifact_save(f"{model.uuid}.joblib", bundle)
        finished = TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
            status=Status.READY,
            progress=100.0,
            score=metrics["score"],
            metrics=metrics,
            artifact=saved,
            error="",
        )
        if not finished:
            raise TrainingCancelled()
        logger.info("model %s is READY, score %.3f", model.pk, metrics["score"])
    except TrainingCancelled:
        logger.info("model %s was cancelled or deleted; training stopped", model.pk)
        if saved is not None:
            artifact_delete(saved)
    except (TrainingDataError, ValueError) as exc:
        logger.warning("model %s failed: %s", model.pk, exc)
        _fail(model, str(exc))
    except Exception as exc:
        logger.exception("model %s failed unexpectedly", model.pk)
        _fail(model, _("training failed unexpectedly (%(error)s)") % {"error": type(exc).__name__})


def model_train(*, model_id: int) -> None:
    """Train the QUEUED model ``model_id`` (the Celery task's work). Any other
    status means it was picked up, cancelled or deleted already: nothing to do."""
    if not _claim(model_id):
        logger.info("model %s is not QUEUED; not training it", model_id)
        return
    model = TextModel.objects.select_related("base").get(pk=model_id)
    _run_training(model, lambda: _model_documents(model))


def models_reap() -> Reaped:
    """Resolve the work that no worker will finish (the beat runs this): a TRAINING
    model silent for ``TEXTAPI_TRAINING_STALE_SECONDS`` is queued again, to start
    over, until it has been tried ``TEXTAPI_TRAINING_MAX_ATTEMPTS`` times; then it ends
    FAILED with :data:`WORKER_STOPPED`. A project model QUEUED for longer than
    ``TEXTAPI_QUEUED_STALE_SECONDS`` is queued again (see :mod:`trainer.jsonapi.reaper`).
    """
    from .tasks import model_train as model_train_task  # tasks import this module

    return reap(
        what="model",
        running=TextModel.objects.filter(status=Status.TRAINING),
        running_seconds=settings.TEXTAPI_TRAINING_STALE_SECONDS,
        failed={"status": Status.FAILED, "error": WORKER_STOPPED},
        waiting=TextModel.objects.filter(status=Status.QUEUED, project__isnull=False),
        waiting_seconds=settings.TEXTAPI_QUEUED_STALE_SECONDS,
        requeue=lambda pk: model_train_task.delay(model_id=pk),
        retried={"status": Status.QUEUED, "progress": 0.0},
        tries_left=Q(attempts__lt=settings.TEXTAPI_TRAINING_MAX_ATTEMPTS, project__isnull=False),
    )


# -- base models -----------------------------------------------------------------


def _base_documents(base: TextModel) -> list[VendorDocument]:
    """The documents a base model learnt from, which a model trained from it learns
    first; a base whose file is missing or of an older format has none to give."""
    try:
        bundle = model_bundle(base)
    except FileNotFoundError as exc:
        raise TrainingDataError(_("the base model's file is missing")) from exc
    if not _is_current(bundle):
        raise TrainingDataError(
            _("the base model was trained by an older version of the service; train it again")
        )
    return list(bundle["train_documents"])


def base_model_train(
    *,
    name: str,
    display_name: str,
    type: str,  # noqa: A002 - the contract's field name
    language: str,
    documents: Sequence[VendorDocument],
    owner: AbstractBaseUser | None,
) -> TextModel:
    """Create the base model ``name`` and train it now on the vendor's ``documents``
    of ``type`` (80/20 split). A READY base model of that name whose file is there, in
    the current format, is returned unchanged; one that is not (it failed, its file is
    gone or older) is trained again in place, under ``display_name``, so the models
    derived from it keep their base. Documents that do not fit the type raise
    :class:`TrainingDataError` naming the first."""
    existing = TextModel.objects.filter(name=name).first()
    if existing is not None:
        if not existing.is_base:
            raise ValueError(f"a project model is already named {name!r}")
        if existing.type != type:
            raise ValueError(f"the base model {name!r} is of type {existing.type}, not {type}")
        if existing.status == Status.READY and _file_is_current(existing):
            return existing
    if type not in ModelType.values:
        raise ValueError(f"unknown model type {type!r}")
    if language not in Language.values:
        raise ValueError(f"unsupported language {language!r}")
    documents = list(documents)
    check(documents, type, "document")
    if existing is None:
        model = TextModel.objects.create(
            is_base=True,
            name=name,
            display_name=display_name or name,
            type=type,
            language=language,
            owner=owner,
            status=Status.QUEUED,
        )
    else:
        model = existing
        TextModel.objects.filter(pk=model.pk).update(
            display_name=display_name or name,
            status=Status.QUEUED,
            score=None,
            metrics={},
            error="",
        )
    if _claim(model.pk):
        model.refresh_from_db()
        _run_training(model, lambda: split_documents(documents, seed=SPLIT_SEED))
    model.refresh_from_db()
    return model


def _is_current(bundle: dict) -> bool:
    """Whether a model file is of the format this version trains and reads."""
    return bundle.get("format") == ARTIFACT_FORMAT


def _file_is_current(model: TextModel) -> bool:
    try:
        return _is_current(model_bundle(model))
    except (FileNotFoundError, EOFError):
        return False


# -- using a model --------------------------------------------------------------

USABLE_STATUSES = (Status.READY, Status.ACTIVE, Status.PUBLISHED)


def model_fitted(*, model: TextModel):
    """The fitted learner of a model that can predict. A model trained by an older
    version (its file of an older format, such as the span-labelling LABEL models of
    before the vendor's types) keeps its record but cannot predict: 409 (Conflict,
    saying why), train it again; so is a model not READY, ACTIVE or PUBLISHED."""
    if model.status not in USABLE_STATUSES:
        raise Conflict(
            _("Only a READY, ACTIVE or PUBLISHED model can predict; this one is %(status)s.")
            % {"status": model.status}
        )
    try:
        bundle = model_bundle(model)
    except FileNotFoundError as exc:
        raise Conflict(_("This model's file is missing; train it again.")) from exc
    if not _is_current(bundle):
        raise Conflict(
            _("This model was trained by an older version of the service; train it again.")
        )
    from trainer.learning import encoder, trainers  # see _train_claimed

    if trainers.needs_encoder(bundle["model"]) and not encoder.installed():
        raise Conflict(
            _(
                "This model reads the sentence encoder, which this installation lacks (the "
                "'embeddings' extra); install it, or train the model again without it."
            )
        )
    return bundle["model"]


def model_predict(*, model: TextModel, texts: list[str]) -> list[list[dict]]:
    """The segments of each of ``texts`` (the caller keeps them to
    :data:`MAX_PREDICT_TEXTS`) in the vendor's JSON, as the model finds them (see
    :func:`trainer.learning.trainers.predict`); 409 as :func:`model_fitted` says."""
    fitted = model_fitted(model=model)
    from trainer.learning import trainers  # see _train_claimed

    return trainers.predict(model.type, fitted, texts)
