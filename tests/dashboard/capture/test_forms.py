"""The capture upload form refuses what the capture service cannot read, before sending."""

from django.core.files.uploadedfile import SimpleUploadedFile

from trainer.dashboard.capture.forms import CaptureUploadForm


def _form(content: bytes, name: str = "invoice.pdf") -> CaptureUploadForm:
    return CaptureUploadForm(data={}, files={"file": SimpleUploadedFile(name, content)})


def test_a_pdf_is_accepted():
    assert _form(b"%PDF-1.7\n%...").is_valid()


def test_an_image_named_pdf_is_judged_by_its_content():
    assert _form(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, name="scan.pdf").is_valid()


def test_a_zip_renamed_to_pdf_is_refused():
    form = _form(b"PK\x03\x04" + b"\x00" * 64)
    assert not form.is_valid()
    assert "not a PDF, PNG, JPEG or TIFF" in form.errors["file"][0]


def test_a_document_over_the_limit_is_refused_with_both_sizes(settings):
    settings.TRAINER_MAX_DOCUMENT_BYTES = 1024
    form = _form(b"%PDF-1.7\n" + b" " * 2048)
    assert not form.is_valid()
    assert "the limit is 1.0\xa0KB" in form.errors["file"][0]
