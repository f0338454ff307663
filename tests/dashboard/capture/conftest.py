"""Capture documents whose file is kept in a temporary storage."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from trainer.dashboard.capture import services
from trainer.dashboard.models import CaptureDocument

from .documents import layout_page


@pytest.fixture
def make_document(db, media_in_tmp):
    """A processed document of ``source`` (bytes, or None for a file not kept)
    whose layout has ``pages`` (one A4 page at 150 dpi by default)."""
    project = services.capture_project_define(
        name="Supplier invoices", document_type="invoices", fields=[]
    )

    def make(source: bytes | None, *, pages: list[dict] | None = None) -> CaptureDocument:
        return CaptureDocument.objects.create(
            project=project,
            name="march",
            file_id="f",
            file_token="t",
            task_id="t",
            status="Done",
            source=ContentFile(source, name="march") if source is not None else "",
            layout={"pages": pages or [layout_page()], "fields": []},
        )

    return make
