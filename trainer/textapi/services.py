"""Writes of the embedded Text Training API, and the training itself."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trainer.learning.classifier import TrainingDataError, predict_classes, train_classifier
from trainer.learning.splits import split_documents

from .auth import token_hash, token_new_raw, token_prefix
from .errors import Conflict, Invalid
from .models import (
    ApiToken,
    Document,
    LabelingSession,
    Language,
    ModelType,
    ProjectMember,
    Role,
    Status,
    TextModel,
    TextProject,
)
from .validation import TRAINABLE_TYPES, training_request_parse

logger = logging.getLogger(__name__)

SPLIT_SEED = 0
LEARNER_SEED = 0
ARTIFACT_FORMAT = 1
MAX_PREDICT_TEXTS = 1000
CANCELLED = "cancelled"  # the contract's error text of a cancelled model

Doc = tuple[str, list[str]]


# -- projects, members, tokens ---------------------------------------------


def project_create(*, name: str, description: str = "") -> TextProject:
    return TextProject.objects.create(name=name, description=description)


def member_set(*, project: TextProject, user: AbstractBaseUser, role: str) -> ProjectMember:
    """Give ``user`` the ``role`` in ``project`` (adding or changing the membership)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, _created = ProjectMember.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return membership


def token_create(
    *, user: AbstractBaseUser, name: str, raw: str | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row and the raw token, which is not kept.

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
        user=user, name=name, key_prefix=token_prefix(raw), key_hash=digest
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    token.revoked = True
    token.save(update_fields=["revoked"])
    return token


# -- labeled data -------------------------------------------------------------


def _span_ok(span: Any, text: str) -> bool:
    if not isinstance(span, dict):
        return False
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    return (
        all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
        and 0 <= start < end <= len(text)
        and isinstance(label, str)
        and bool(label.strip())
        and isinstance(span.get("polarity", ""), str)
    )


def _document_problem(document: Any) -> str | None:
    """Why ``document`` is not a valid ``{"text", "classes", "spans"}``, or None."""
    if not isinstance(document, dict):
        return _("must be an object with text, classes and spans")
    text, classes, spans = document.get("text"), document.get("classes"), document.get("spans")
    if not isinstance(text, str) or not text.strip():
        return _("text must be a non-empty string")
    if classes is not None and (
        not isinstance(classes, list) or not all(isinstance(c, str) and c.strip() for c in classes)
    ):
        return _("classes must be a list of non-empty strings")
    if spans is not None and (
        not isinstance(spans, list) or not all(_span_ok(span, text) for span in spans)
    ):
        return _("each span needs integer start < end within the text and a non-empty label")
    return None


def _documents_checked(documents: list[dict]) -> list[dict]:
    """Documents ``{"text", "classes", "spans"}`` cleaned, or ``Invalid`` naming the
    (1-based) documents that are wrong."""
    problems = []
    for number, document in enumerate(documents, start=1):
        problem = _document_problem(document)
        if problem:
            problems.append(_("Document %(n)d: %(problem)s.") % {"n": number, "problem": problem})
    if problems:
        raise Invalid(problems[0], errors={"documents": problems[:20]})
    cleaned = []
    for document in documents:
        spans = []
        for span in document.get("spans") or []:
            clean = {"start": span["start"], "end": span["end"], "label": span["label"].strip()}
            if span.get("polarity"):
                clean["polarity"] = span["polarity"]
            spans.append(clean)
        classes = list(dict.fromkeys(c.strip() for c in document.get("classes") or []))
        cleaned.append({"text": document["text"], "classes": classes, "spans": spans})
    return cleaned


@transaction.atomic
def labeling_session_create(
    *,
    project: TextProject,
    name: str,
    type: str,  # noqa: A002 - the contract's field name
    language: str,
    owner: AbstractBaseUser | None,
    documents: list[dict],
) -> LabelingSession:
    """A labeling session with its documents; ``labels`` counts class assignments
    plus spans. Nothing is kept when a document is invalid."""
    if type not in ModelType.values:
        raise Invalid(errors={"type": [_("Unknown type %(type)s.") % {"type": type}]})
    if language not in Language.values:
        raise Invalid(
            errors={"language": [_("Unknown language %(language)s.") % {"language": language}]}
        )
    cleaned = _documents_checked(documents)
    session = LabelingSession.objects.create(
        project=project,
        name=name,
        type=type,
        language=language,
        owner=owner,
        document_count=len(cleaned),
        label_count=sum(len(d["classes"]) + len(d["spans"]) for d in cleaned),
    )
    Document.objects.bulk_create(
        [
            Document(session=session, text=d["text"], classes=d["classes"], spans=d["spans"])
            for d in cleaned
        ],
        batch_size=500,
    )
    return session


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
    model.save(update_fields=["status"])
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


def _artifact_path(relative: str) -> Path:
    return Path(settings.TEXTAPI_MODEL_DIR) / relative


@transaction.atomic
def model_delete(*, model: TextModel) -> None:
    """Delete a model that is not PUBLISHED, and its file once that is committed."""
    deleted, _counts = (
        TextModel.objects.filter(pk=model.pk).exclude(status=Status.PUBLISHED).delete()
    )
    if not deleted:
        raise Conflict(_("A PUBLISHED model cannot be deleted."))
    if model.artifact:
        path = _artifact_path(model.artifact)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


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
            progress=percent
        ):
            raise TrainingCancelled()
        model.progress = percent
        logger.info("model %s: %s (%.0f%%)", model.pk, step, percent)

    return write


def _session_documents(session_ids: list[int]) -> list[Doc]:
    rows = (
        Document.objects.filter(session_id__in=session_ids)
        .order_by("session_id", "id")
        .values_list("text", "classes")
    )
    return [(text, list(classes or [])) for text, classes in rows if classes]


def _model_documents(model: TextModel) -> tuple[list[Doc], list[Doc]]:
    """(train, test) documents of a project model, as its selection says."""
    if model.annotation_ids:
        return split_documents(_session_documents(model.annotation_ids), seed=SPLIT_SEED)
    train = _session_documents(model.trainset_ids)
    if model.testset_ids:
        return train, _session_documents(model.testset_ids)
    return split_documents(train, seed=SPLIT_SEED)


@lru_cache(maxsize=8)
def _load_bundle(path: str, mtime: float) -> dict:
    return joblib.load(path)


def model_bundle(model: TextModel) -> dict:
    """The stored artifact of a trained model (cached while the file is unchanged)."""
    if not model.artifact:
        raise FileNotFoundError(f"model {model.pk} has no artifact")
    path = _artifact_path(model.artifact)
    return _load_bundle(str(path), path.stat().st_mtime)


def _claim(model_id: int) -> bool:
    """QUEUED → TRAINING; False if another worker or a cancel got there first."""
    return bool(
        TextModel.objects.filter(pk=model_id, status=Status.QUEUED).update(
            status=Status.TRAINING, progress=0.0, error=""
        )
    )


def _fail(model: TextModel, message: str) -> None:
    TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
        status=Status.FAILED, error=message
    )


def _run_training(model: TextModel, load: Callable[[], tuple[list[Doc], list[Doc]]]) -> None:
    """Train a claimed (TRAINING) model; end READY, or FAILED with a readable reason."""
    progress = _progress_writer(model)
    path = None
    try:
        progress(1.0, "loading documents")
        train, test = load()
        if model.base_id:
            progress(3.0, "loading the base model's documents")
            try:
                train = list(model_bundle(model.base)["train_documents"]) + train
            except FileNotFoundError as exc:
                raise TrainingDataError(_("the base model's file is missing")) from exc
        if model.type not in TRAINABLE_TYPES:
            raise TrainingDataError(
                _("training %(type)s models is not supported yet") % {"type": model.type}
            )
        fitted, metrics = train_classifier(
            train,
            test,
            language=model.language,
            seed=LEARNER_SEED,
            progress=lambda percent, step: progress(5.0 + percent * 0.9, step),
        )
        progress(96.0, "saving")
        relative = f"{model.uuid}.joblib"
        path = _artifact_path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        bundle = {
            "format": ARTIFACT_FORMAT,
            "type": model.type,
            "language": model.language,
            "classifier": fitted,
            "train_documents": train,
        }
        joblib.dump(bundle, partial, compress=3)
        os.replace(partial, path)
        finished = TextModel.objects.filter(pk=model.pk, status=Status.TRAINING).update(
            status=Status.READY,
            progress=100.0,
            score=metrics["score"],
            metrics=metrics,
            artifact=relative,
            error="",
        )
        if not finished:
            raise TrainingCancelled()
        logger.info("model %s is READY, score %.3f", model.pk, metrics["score"])
    except TrainingCancelled:
        logger.info("model %s was cancelled or deleted; training stopped", model.pk)
        if path is not None:
            path.unlink(missing_ok=True)
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


def base_model_train(
    *,
    name: str,
    display_name: str,
    type: str,  # noqa: A002 - the contract's field name
    language: str,
    documents: list[dict],
    owner: AbstractBaseUser | None,
) -> TextModel:
    """Create the base model ``name`` and train it now (80/20 split); if a model of
    that name exists, return it unchanged."""
    existing = TextModel.objects.filter(name=name).first()
    if existing is not None:
        if not existing.is_base:
            raise ValueError(f"a project model is already named {name!r}")
        return existing
    if type not in TRAINABLE_TYPES:
        raise ValueError(f"training {type} models is not supported yet")
    if language not in Language.values:
        raise ValueError(f"unsupported language {language!r}")
    cleaned = _documents_checked(documents)
    labelled = [(d["text"], d["classes"]) for d in cleaned if d["classes"]]
    model = TextModel.objects.create(
        is_base=True,
        name=name,
        display_name=display_name or name,
        type=type,
        language=language,
        owner=owner,
        status=Status.QUEUED,
    )
    if _claim(model.pk):
        model.refresh_from_db()
        _run_training(model, lambda: split_documents(labelled, seed=SPLIT_SEED))
    model.refresh_from_db()
    return model


# -- using a model --------------------------------------------------------------

USABLE_STATUSES = (Status.READY, Status.ACTIVE, Status.PUBLISHED)


def model_predict(*, model: TextModel, body: Any) -> list[dict]:
    """Predictions for ``body["texts"]``, one ``{"classes": [...]}`` per text."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    texts = body.get("texts")
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise Invalid(errors={"texts": [_("Must be a list of strings.")]})
    if len(texts) > MAX_PREDICT_TEXTS:
        raise Invalid(
            errors={"texts": [_("At most %(max)d texts at once.") % {"max": MAX_PREDICT_TEXTS}]}
        )
    if model.status not in USABLE_STATUSES:
        raise Conflict(
            _("Only a READY, ACTIVE or PUBLISHED model can predict; this one is %(status)s.")
            % {"status": model.status}
        )
    bundle = model_bundle(model)
    return [{"classes": classes} for classes in predict_classes(bundle["classifier"], texts)]
