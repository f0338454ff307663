"""What the service says about itself: the vendor's task types (``GET /types``), its
health (``GET /health``) and the facts a client adapts to (``GET /info``)."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.translation import gettext_lazy as _

from .errors import Unavailable
from .models import BASE_TYPE, Language, ModelType
from .openapi import API_VERSION
from .services import MAX_PREDICT_TEXTS

# The project's extensions of the vendor's API that this service has
# (shared/contracts/text-training-api.md, "Extensions"): every model's metrics hold
# precision, recall, F1 and support per class or label, LABEL's its confusion matrix,
# and the test-set size (docs/text-types.md, "Metrics").
EXTENSIONS = ("cancel", "metrics-detail")

# The vendor's task types, by id, in the vendor's meaning of each.
TASK_TYPES = (
    (1, BASE_TYPE, _("A pre-trained model that training starts from.")),
    (
        2,
        "ABSA",
        _(
            "Aspect-based sentiment: the text is cut into segments, and each segment "
            "carries classes with their labels."
        ),
    ),
    (3, "LABEL", _("Exactly one label per document, such as positive, negative or neutral.")),
    (4, "CLASS", _("None, one or more classes per document, such as Staff or Room.")),
    (5, "CLASSLABEL", _("Classes per document, each with its label.")),
)


def type_list() -> list[dict]:
    return [
        {"id": type_id, "name": name, "description": str(description)}
        for type_id, name, description in TASK_TYPES
    ]


def service_health() -> dict:
    """``{"status": "ok"}`` when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        raise Unavailable() from error
    return {"status": "ok"}


def service_info() -> dict:
    return {
        "name": "Text Training API",
        "version": API_VERSION,
        "extensions": list(EXTENSIONS),
        "types": list(ModelType.values),
        "languages": list(Language.values),
        "max_upload_bytes": settings.TEXTAPI_MAX_UPLOAD_BYTES,
        "max_predict_texts": MAX_PREDICT_TEXTS,
        "token_ttl_seconds": settings.TEXTAPI_TOKEN_TTL_SECONDS,
    }
