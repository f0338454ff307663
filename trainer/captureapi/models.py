"""Data of the embedded Capture API: applications, document types, files, capture
tasks with their pages, and the capture model each application trains per
document type. Files live in the "captureapi" storage."""

import uuid

from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainer.learning.capture_confidence import UNSURE_BELOW


def capture_storage():
    return storages["captureapi"]


class Application(models.Model):
    """A client of the API: ``app_id`` and a token (only its SHA-256 is kept)."""

    app_id = models.CharField(_("application id"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.app_id})"


class DocumentType(models.Model):
    """What ``POST /v2/task/capture/{document_type}`` names, with its fields."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    verification_threshold = models.FloatField(
        _("verification threshold"),
        default=UNSURE_BELOW,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_(
            "With Troubleshooting, a task waits for a person (WaitForAction) when a "
            "field's confidence is below this (with UserVerification it always waits)."
        ),
    )

    # The vendor sets recognition languages per Document Definition (its properties,
    # Recognition tab): Tesseract reads a scan with this type's packs only, since each
    # more pack costs time and lets more misreads through.
    languages = models.CharField(
        _("recognition languages"),
        max_length=100,
        default="eng",
        validators=[
            RegexValidator(
                r"^[a-z_]+(\+[a-z_]+)*$",
                _("Tesseract language packs joined by +, e.g. eng or deu+fra."),
            )
        ],
        help_text=_(
            "The Tesseract language packs scans of this type are read with, joined by + "
            "(eng, deu, fra are installed). Each more pack makes reading slower."
        ),
    )

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class DocumentField(models.Model):
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.CASCADE,
        related_name="fields",
        verbose_name=_("document type"),
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("A path, e.g. Root/Invoice Layout/Total.")
    )
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_(
            "A task whose document lacks it waits for a person (WaitForAction), unless "
            "it asks for NoVerification."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["document_type", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "name"], name="captureapi_field_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CaptureModel(models.Model):
    """What one application's trainings taught about one document type."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="capture_models",
        verbose_name=_("application"),
    )
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.CASCADE,
        related_name="capture_models",
        verbose_name=_("document type"),
    )
    model = models.JSONField(_("model"), default=dict, blank=True)
    samples = models.PositiveIntegerField(_("trained documents"), default=0)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("capture model")
        verbose_name_plural = _("capture models")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document_type"], name="captureapi_model_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type} @ {self.application.name}"


class StoredFile(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="files", verbose_name=_("application")
    )
    uuid = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(_("token"), max_length=64, editable=False)
    name = models.CharField(_("name"), max_length=255)
    extension = models.CharField(_("extension"), max_length=8)
    mime = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size"))
    sha512 = models.CharField(_("SHA-512"), max_length=128)
    content = models.FileField(_("content"), storage=capture_storage, upload_to="files/")
    created = models.DateTimeField(_("created"), default=timezone.now)
    expiring = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NEW = "New", _("new")
    SUBMITTED = "Submitted", _("submitted")
    IN_PROGRESS = "InProgress", _("in progress")
    WAIT_FOR_ACTION = "WaitForAction", _("waits for a person")
    DONE = "Done", _("done")
    FAILED = "Failed", _("failed")
    CANCELED = "Canceled", _("canceled")


PROCESSED_STATUSES = (Status.DONE, Status.WAIT_FOR_ACTION)
# A task is made with its files, so it starts Submitted; New (the vendor's "created,
# no batch yet") is never used here.


class CaptureTask(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("application")
    )
    uuid = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("document type"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    error = models.TextField(_("error"), blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    # When a worker last showed it was at work (claimed it, finished a document), or
    # the reaper queued it again; see services.tasks_reap.
    heartbeat_at = models.DateTimeField(_("last sign of work"), null=True, blank=True)
    # Set when the task stops at WaitForAction: what a person's verification names.
    verification_id = models.CharField(_("verification id"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("capture task")
        verbose_name_plural = _("capture tasks")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return str(self.uuid)


class TaskDocument(models.Model):
    """One file of a task and what the capture found in it. The file's id, token
    and name are kept, so the task outlives a deleted file."""

    task = models.ForeignKey(
        CaptureTask, on_delete=models.CASCADE, related_name="documents", verbose_name=_("task")
    )
    file = models.ForeignKey(
        StoredFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file"),
    )
    file_uuid = models.UUIDField(_("file id"))
    file_token = models.CharField(_("file token"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    position = models.PositiveIntegerField(_("position"), default=0)
    # [{"name", "value", "confidence", "rectangles": [{"page_id", "x1", "y1", "x2", "y2"}]}]
    fields = models.JSONField(_("fields"), default=list, blank=True)
    # The JSON export written when the task is Done (the task's ``target`` file).
    export = models.ForeignKey(
        StoredFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("export file"),
    )

    class Meta:
        verbose_name = _("task document")
        verbose_name_plural = _("task documents")
        ordering = ["task", "position", "id"]

    def __str__(self) -> str:
        return self.file_name


class Page(models.Model):
    """A page read (its size in pixels at ``resolution``, and its words); its ``id``
    is the page id of the contract."""

    document = models.ForeignKey(
        TaskDocument, on_delete=models.CASCADE, related_name="pages", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("number"))
    resolution = models.PositiveIntegerField(_("resolution (dpi)"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    # [[text, x1, y1, x2, y2, read], ...] in pixels of the page; read: how sure the
    # reading of the word is, OCR's confidence from 0 to 1 (1 for a PDF's text layer;
    # pages read before it was kept have none)
    words = models.JSONField(_("words"), default=list, blank=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["document", "number"]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"
