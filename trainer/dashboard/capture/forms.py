"""Forms of the capture wing: the document uploaded, the rectangles drawn."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..uploads import KeptFileForm, file_within

CAPTURE_RECTANGLE_KEYS = ("page_id", "x1", "y1", "x2", "y2")


# The first bytes of the document types the capture service reads.
DOCUMENT_SIGNATURES = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


class CaptureUploadForm(KeptFileForm):
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF, PNG, JPEG or TIFF file of at most %(limit)s; the capture service reads "
            "its fields."
        ) % {"limit": filesizeformat(settings.TRAINER_MAX_DOCUMENT_BYTES)}

    def check_file(self, file: UploadedFile) -> UploadedFile:
        """Refuse before sending what is too large or not a PDF or image (by content)."""
        file = file_within(file, limit=settings.TRAINER_MAX_DOCUMENT_BYTES)
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        if not head.startswith(DOCUMENT_SIGNATURES):
            raise forms.ValidationError(_("This file is not a PDF, PNG, JPEG or TIFF document."))
        return file


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class CaptureDrawingForm(forms.Form):
    """The rectangles drawn in the page viewer, as JSON written by capture.js:
    ``[{"name": str, "rectangles": [{"page_id", "x1", "y1", "x2", "y2"}]}]``. Only
    the shape is checked here; the service checks the rules of the contract.
    ``drawing`` is cleaned to the fields with rectangles (``[]`` is a drawing too)."""

    drawing = forms.JSONField(widget=forms.HiddenInput, required=False)

    def clean_drawing(self) -> list[dict]:
        drawing = self.cleaned_data["drawing"]
        message = _("The drawing could not be read; reload the page and draw again.")
        if not isinstance(drawing, list):
            raise forms.ValidationError(message)
        for item in drawing:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("name"), str)
                and isinstance(item.get("rectangles"), list)
                and all(
                    isinstance(r, dict)
                    and set(r) == set(CAPTURE_RECTANGLE_KEYS)
                    and all(_is_int(r[key]) for key in CAPTURE_RECTANGLE_KEYS)
                    for r in item["rectangles"]
                )
            ):
                raise forms.ValidationError(message)
        return [item for item in drawing if item["rectangles"]]


class CaptureTrainingForm(CaptureDrawingForm):
    """What the Train button sends: a drawing with at least one rectangle."""

    def clean_drawing(self) -> list[dict]:
        drawn = super().clean_drawing()
        if not drawn:
            raise forms.ValidationError(_("Draw at least one rectangle before training."))
        return drawn
