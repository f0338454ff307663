"""``POST /analyze``, the vendor's way of using a model: each document's text cut into
segments, each with its tags, as the model's type finds them (LABEL, CLASS and
CLASSLABEL one segment over the whole text, or none; ABSA its stretches and a
whole-text segment for what no stretch carries: :func:`trainer.learning.trainers.predict`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _

from . import services
from .errors import Invalid, NotFound
from .models import TextModel


def _request_parse(body: Any) -> tuple[str, list[str]]:
    """The model's name and the documents' texts, or :class:`Invalid` naming the field."""
    if not isinstance(body, dict):
        raise Invalid(_("The body must be a JSON object."))
    name, documents = body.get("model"), body.get("documents")
    if not isinstance(name, str) or not name:
        raise Invalid(errors={"model": [_("Must be the name of a model.")]})
    if not isinstance(documents, list) or not all(
        isinstance(document, dict) and isinstance(document.get("text"), str)
        for document in documents
    ):
        raise Invalid(errors={"documents": [_("Must be a list of objects with a text.")]})
    if len(documents) > services.MAX_PREDICT_TEXTS:
        message = _("At most %(max)d documents at once.") % {"max": services.MAX_PREDICT_TEXTS}
        raise Invalid(errors={"documents": [message]})
    return name, [document["text"] for document in documents]


def model_analyze(*, user: AbstractBaseUser, body: Any) -> dict:
    """Analyze the documents with the model of that name in one of the user's projects
    (404 otherwise; 409 while it cannot predict, or its file is missing or too old)."""
    name, texts = _request_parse(body)
    # No name holds a NUL (PostgreSQL cannot even compare one): no such model.
    model = (
        None
        if "\x00" in name
        else TextModel.objects.filter(name=name, project__members__user=user).first()
    )
    if model is None:
        raise NotFound(_("No model named %(name)s in your projects.") % {"name": name})
    segments = services.model_predict(model=model, texts=texts)
    return {
        "model": model.name,
        "type": model.type,
        "documents": [
            {"text": text, "segments": found} for text, found in zip(texts, segments, strict=True)
        ],
    }
