"""The JSON shapes of the contract, one function per resource."""

from collections.abc import Iterable

from .models import CaptureTask, Page, StoredFile, TaskDocument


def file_json(stored: StoredFile) -> dict:
    """The vendor's file descriptor, less what this service has no notion of (its
    ``account`` and ``email``)."""
    return {
        "id": str(stored.uuid),
        "token": stored.token,
        "name": stored.name,
        "extension": stored.extension,
        "hash": stored.sha512,
        "size": stored.size,
        "mime": stored.mime,
        "is_recognizable": True,  # only the types capture reads are accepted
        "application": stored.application.app_id,
        "created": stored.created.isoformat(),
        "expiring": stored.expiring.isoformat(),
    }


def _fields_json(document: TaskDocument, *, confidence: bool) -> list[dict]:
    keys = (
        ("name", "value", "confidence", "rectangles")
        if confidence
        else (
            "name",
            "value",
            "rectangles",
        )
    )
    return [{key: field[key] for key in keys} for field in document.fields]


def task_json(task: CaptureTask, documents: Iterable[TaskDocument]) -> dict:
    """The task; ``error`` says why it Failed (empty otherwise)."""
    return {
        "id": str(task.uuid),
        "status": task.status,
        "error": task.error,
        "document_type": task.document_type.slug,
        "created": task.created.isoformat(),
        "documents": [
            {
                "files": {
                    "source": {
                        "id": str(document.file_uuid),
                        "token": document.file_token,
                        "name": document.file_name,
                    }
                },
                "fields": _fields_json(document, confidence=True),
            }
            for document in documents
        ],
    }


def task_ref_json(task: CaptureTask) -> dict:
    return {"id": str(task.uuid), "status": task.status}


def _word_json(word: list) -> dict:
    text, x1, y1, x2, y2 = word
    return {"text": text, "x1": round(x1), "y1": round(y1), "x2": round(x2), "y2": round(y2)}


def layout_json(document: TaskDocument, pages: Iterable[Page]) -> dict:
    """What the capture found, to be corrected; each page also lists its words."""
    return {
        "pages": [
            {
                "id": page.pk,
                "number": page.number,
                "resolution": page.resolution,
                "width": page.width,
                "height": page.height,
                "words": [_word_json(word) for word in page.words],
            }
            for page in pages
        ],
        "fields": _fields_json(document, confidence=False),
    }
