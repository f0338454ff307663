"""The dashboard's own rows: projects and who may see them, and mirrors of the service.

Projects, labeling sessions and models are *mirrors* of what the training
service knows (``remote_id`` is the service's id); memberships and training
requests are the dashboard's own. Rows are written by the wings' services only
(:mod:`.text.services` and :mod:`.text.sync`, :mod:`.capture.services`, and
:mod:`.webhooks`, :mod:`.audit`, :mod:`.preferences`).
"""

from __future__ import annotations

import uuid as uuid_lib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .encryption import EncryptedTextField


class Role(models.IntegerChoices):
    """A member's role in a project, lowest to highest (compare with ``>=``)."""

    READ_ONLY = 10, _("Read-only")
    ANNOTATOR = 20, _("Annotator")
    MANAGER = 30, _("Manager")
    OWNER = 40, _("Owner")

    @classmethod
    def rank(cls, role: int | None) -> int:
        """The role's place in the order; 0 for no role at all."""
        return int(role) if role in cls else 0

    @classmethod
    def at_least(cls, role: int | None, minimum: int) -> bool:
        return cls.rank(role) >= cls.rank(minimum)


class Language(models.TextChoices):
    EN = "en", _("English")
    DE = "de", _("German")
    AR = "ar", _("Arabic")


class ModelType(models.TextChoices):
    """The vendor's classification types, with the vendor's meaning."""

    ABSA = "ABSA", _("Aspect-based sentiment")
    CLASS = "CLASS", _("Classes per document")
    LABEL = "LABEL", _("One label per document")
    CLASSLABEL = "CLASSLABEL", _("Classes with their labels")

    @property
    def has_classes(self) -> bool:
        """Whether the type's tags carry a class (a LABEL project has none)."""
        return self != ModelType.LABEL

    @property
    def has_own_labels(self) -> bool:
        """Whether people choose the type's labels (CLASS has none; ABSA's are the
        polarities, fixed at the service)."""
        return self in (ModelType.LABEL, ModelType.CLASSLABEL)


class ModelStatus(models.TextChoices):
    CREATED = "CREATED", _("Created")
    QUEUED = "QUEUED", _("Queued")
    TRAINING = "TRAINING", _("Training")
    FAILED = "FAILED", _("Failed")
    READY = "READY", _("Ready")
    ACTIVE = "ACTIVE", _("Active")
    PUBLISHED = "PUBLISHED", _("Published")


class SessionStatus(models.TextChoices):
    """A labeling session's status, with the service's names (those it uses here)."""

    CREATED = "CREATED", _("Waiting to import")
    STARTED = "STARTED", _("Importing")
    FINISHED = "FINISHED", _("Ready")
    FAILED = "FAILED", _("Import failed")
    # A correction session's: documents are drawn, the model pre-labels them, then
    # people correct them.
    SAMPLING = "SAMPLING", _("Drawing documents")
    PREDICTING = "PREDICTING", _("The model pre-labels")
    ANNOTATING = "ANNOTATING", _("Ready to correct")


class SessionMode(models.TextChoices):
    """People label a session's documents, or correct what a model gave them."""

    ANNOTATION = "ANNOTATION", _("Labeling")
    CORRECTION = "CORRECTION", _("Correction")


# A session whose uploaded file is still being imported.
IMPORTING_STATUSES = (SessionStatus.CREATED, SessionStatus.STARTED)
# A correction session whose documents the model has not pre-labeled yet.
PREDICTING_STATUSES = (SessionStatus.SAMPLING, SessionStatus.PREDICTING)


IN_FLIGHT_STATUSES = (ModelStatus.CREATED, ModelStatus.QUEUED, ModelStatus.TRAINING)
# The service analyzes with these (POST /analyze): "try it" is offered for them.
USABLE_STATUSES = (ModelStatus.READY, ModelStatus.ACTIVE, ModelStatus.PUBLISHED)
TERMINAL_STATUSES = (
    ModelStatus.FAILED,
    ModelStatus.READY,
    ModelStatus.ACTIVE,
    ModelStatus.PUBLISHED,
)


class TextConnection(models.Model):
    """How the dashboard reaches the text service (DeepOpinion Studio, or the embedded
    one): its base URL and an account, either an e-mail and a password (the client logs
    in, and logs in again when a token is refused) or a long-lived token pasted by an
    operator. The secrets are stored encrypted and never shown back. One row for the
    installation (``pk`` :attr:`THE`); where it is empty, the settings
    ``TRAINER_API_*`` say."""

    THE = 1

    api_url = models.URLField(
        _("service URL"),
        blank=True,
        help_text=_("The text service's API, e.g. https://api.deepopinion.ai/."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    password = EncryptedTextField(_("password"), blank=True)
    token = EncryptedTextField(_("token"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("text service connection")
        verbose_name_plural = _("text service connection")

    def __str__(self) -> str:
        return self.api_url or gettext("the installation's text service")


class ProjectBase(models.Model):
    """What a text project and a capture project both are: a named group of members."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MembershipBase(models.Model):
    """A user's role in a project (the concrete class says which kind of project)."""

    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.READ_ONLY)

    class Meta:
        abstract = True
        ordering = ["project", "user"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project} ({self.get_role_display()})"


class Project(ProjectBase):
    remote_id = models.PositiveIntegerField(_("id at the service"), unique=True)
    # The project's classification type at the service (empty where it says none).
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="trainer_projects",
        verbose_name=_("members"),
    )

    class Meta(ProjectBase.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")


class Membership(MembershipBase):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainer_memberships",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )

    class Meta(MembershipBase.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="membership_unique_user")
        ]


class UserPreferences(models.Model):
    """What a person chose for themselves, kept across browsers: the language of
    the dashboard (empty: the browser's Accept-Language decides)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainer_preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)


class LabelingSession(models.Model):
    """A mirror of one labeling session (``annotations`` in the contract)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("project")
    )
    remote_id = models.PositiveIntegerField(_("id at the service"))
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    # The session's class and label names, as the service lists them.
    classes = models.JSONField(_("classes"), default=list, blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    created = models.DateTimeField(_("created"), null=True, blank=True)
    # CREATED while its uploaded file is imported (``progress`` percent), then
    # FINISHED, or FAILED with ``error``.
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.FINISHED
    )
    progress = models.FloatField(_("progress"), default=100.0)
    error = models.TextField(_("error"), blank=True)
    mode = models.CharField(
        _("mode"), max_length=16, choices=SessionMode.choices, default=SessionMode.ANNOTATION
    )
    # A correction session's model, where the dashboard knows it.
    model = models.ForeignKey(
        "TrainedModel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_sessions",
        verbose_name=_("model"),
    )

    class Meta:
        ordering = ["project", "name", "remote_id"]
        verbose_name = _("labeling session")
        verbose_name_plural = _("labeling sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "remote_id"], name="labelingsession_unique_remote_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_importing(self) -> bool:
        return self.status in IMPORTING_STATUSES

    @property
    def is_predicting(self) -> bool:
        return self.status in PREDICTING_STATUSES

    @property
    def is_correction(self) -> bool:
        return self.mode == SessionMode.CORRECTION


class LabelingMark(models.Model):
    """What one person did to one document of a session through the dashboard: when
    they marked it done, and how many tags they gave (``added``); in a correction
    session also how many of the model's tags they confirmed, changed or removed.
    Only what was done here: the service does not say who tagged what."""

    session = models.ForeignKey(
        LabelingSession,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("labeling session"),
    )
    document_id = models.PositiveIntegerField(_("document id at the service"))
    # Kept without its person when the account is deleted: the counts still count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    done = models.DateTimeField(_("marked done"), null=True, blank=True)
    confirmed = models.PositiveIntegerField(_("model's tags confirmed"), default=0)
    changed = models.PositiveIntegerField(_("model's tags changed"), default=0)
    removed = models.PositiveIntegerField(_("model's tags removed"), default=0)
    added = models.PositiveIntegerField(_("tags given"), default=0)

    class Meta:
        verbose_name = _("labeling mark")
        verbose_name_plural = _("labeling marks")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "document_id", "user"], name="labelingmark_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session} · {self.document_id}"


class TrainedModel(models.Model):
    """A mirror of one model of the service, with every field of the contract."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="trained_models", verbose_name=_("project")
    )
    remote_id = models.PositiveIntegerField(_("id at the service"))
    uuid = models.UUIDField(_("UUID"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    short_description = models.CharField(_("short description"), max_length=500, blank=True)
    long_description = models.TextField(_("long description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices)
    base = models.CharField(_("base model"), max_length=200, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ModelStatus.choices, default=ModelStatus.CREATED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    score = models.FloatField(_("score"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    # When the status last changed here: what the toasts of finished models follow.
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-created", "-remote_id"]
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "remote_id"], name="trainedmodel_unique_remote_id"
            )
        ]
        indexes = [
            models.Index(fields=["status"], name="trainedmodel_status"),
            models.Index(
                fields=["started_by", "status_changed_at"], name="trainedmodel_started_changed"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.name

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def is_usable(self) -> bool:
        return self.status in USABLE_STATUSES


class TrainingRequest(models.Model):
    """What a person asked the service to train, stored before it is sent."""

    class Mode(models.TextChoices):
        POOL = "pool", _("Split automatically")
        SPLIT = "split", _("Train set and test set")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="training_requests",
        verbose_name=_("project"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Sent with the form: a second submit of the same form finds the first request
    # (unique unless that request failed, so that the person can try again).
    idempotency_key = models.UUIDField(_("idempotency key"), null=True, blank=True)
    payload = models.JSONField(_("payload sent"), default=dict)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.POOL)
    # Dashboard ids (LabelingSession.pk) of the sessions chosen; the service's
    # ids are in ``payload``.
    pool_session_ids = models.JSONField(_("sessions split automatically"), default=list)
    train_session_ids = models.JSONField(_("train set sessions"), default=list)
    test_session_ids = models.JSONField(_("test set sessions"), default=list)
    model = models.ForeignKey(
        TrainedModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requests",
        verbose_name=_("model"),
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(error=""),
                name="trainingrequest_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.payload.get('display_name') or self.payload.get('name', '')}"


class AuditEvent(models.Model):
    """Who did what, when, in which project and on which model; kept, with the
    project's name, after the model or the project is deleted. An event of a capture
    project (its members' changes) has ``capture_project`` instead of ``project``."""

    class Action(models.TextChoices):
        TRAINING_STARTED = "training_started", _("started training")
        TRAINING_CANCELLED = "training_cancelled", _("cancelled the training of")
        MODEL_ACTIVATED = "model_activated", _("activated")
        # A context of its own: "published" is also a model's status (a participle).
        MODEL_PUBLISHED = "model_published", pgettext_lazy("audit event", "published")
        MODEL_DELETED = "model_deleted", _("deleted")
        PROJECT_REFRESHED = "project_refreshed", _("refreshed the project from the service")
        SESSION_UPLOADED = "session_uploaded", _("uploaded the labeling session")
        SESSION_DELETED = "session_deleted", _("deleted the labeling session")
        CORRECTION_STARTED = "correction_started", _("started the correction session")
        WEBHOOK_ADDED = "webhook_added", _("added the webhook")
        WEBHOOK_CHANGED = "webhook_changed", _("changed the webhook")
        WEBHOOK_REMOVED = "webhook_removed", _("removed the webhook")
        PROJECT_DELETED = "project_deleted", _("deleted the project")
        PROJECT_CREATED = "project_created", _("created the project")
        PROJECT_RENAMED = "project_renamed", _("renamed the project to")
        CLASS_ADDED = "class_added", _("added the class")
        CLASS_REMOVED = "class_removed", _("removed the class")
        LABEL_ADDED = "label_added", _("added the label")
        LABEL_REMOVED = "label_removed", _("removed the label")
        MEMBER_ADDED = "member_added", _("added the member")
        MEMBER_ROLE_CHANGED = "member_role_changed", _("changed the role of")
        MEMBER_REMOVED = "member_removed", _("removed the member")

    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("project"),
    )
    capture_project = models.ForeignKey(
        "CaptureProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("capture project"),
    )
    # The project's name at the time, shown after the project is deleted too.
    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    model = models.ForeignKey(
        TrainedModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("model"),
    )
    # The model's, session's or member's name at the time, shown after it is gone too.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["project", "-created"], name="auditevent_project_created"),
            models.Index(fields=["capture_project", "-created"], name="auditevent_capture_created"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.subject}".strip()


# -- Webhooks --------------------------------------------------------------------------
# A project's managers name URLs to which the dashboard POSTs its model events,
# signed with each webhook's secret. A delivery is one event for one webhook, with
# the exact body; each try to send it is an attempt, kept with the answer.


class WebhookEvent(models.TextChoices):
    MODEL_READY = "model.ready", _("Model ready")
    MODEL_FAILED = "model.failed", _("Model failed")
    MODEL_PUBLISHED = "model.published", _("Model published")


# The status a model moves to → the event that tells of it.
WEBHOOK_EVENT_OF_STATUS = {
    ModelStatus.READY: WebhookEvent.MODEL_READY,
    ModelStatus.FAILED: WebhookEvent.MODEL_FAILED,
    ModelStatus.PUBLISHED: WebhookEvent.MODEL_PUBLISHED,
}


def validate_webhook_url(value: str) -> None:
    """Only http(s) URLs, and none with a user name or password (pages show the URL)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValidationError(_("Use an http:// or https:// URL."), code="scheme")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("Leave user names and passwords out of the URL; the secret signs each delivery."),
            code="credentials",
        )


class Webhook(models.Model):
    """Where a project's model events go. The secret is written, never shown again:
    pages and the admin only say whether one is set (it is not editable here)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("project")
    )
    url = models.URLField(_("URL"), max_length=500, validators=[validate_webhook_url])
    secret = models.CharField(_("secret"), max_length=200, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


class WebhookDelivery(models.Model):
    """One event for one webhook: the body signed, sent as it is on every attempt.
    One per webhook, model and event, so an event learnt twice is sent once."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    model = models.ForeignKey(
        TrainedModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("model"),
    )
    event = models.CharField(_("event"), max_length=32, choices=WebhookEvent.choices)
    # Sent as X-Trainer-Delivery: the same on every attempt, for receivers to skip repeats.
    uuid = models.UUIDField(_("delivery id"), default=uuid_lib.uuid4, unique=True, editable=False)
    body = models.TextField(_("body"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "model", "event"], name="webhookdelivery_unique_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"


class WebhookAttempt(models.Model):
    """One POST of a delivery and what became of it."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("delivery"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    url = models.URLField(_("URL"), max_length=500)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_body = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        return f"#{self.number} {self.url} ({self.status_code or self.error})"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


# -- Document capture ------------------------------------------------------------------
# Capture projects stand beside the text projects, with the same roles. A capture
# project is one document type of the capture service with its field list;
# documents mirror the service's capture tasks (one file each) and trainings
# record what was sent to POST /v2/training and how it was answered.


class CaptureStatus(models.TextChoices):
    NEW = "New", _("New")
    SUBMITTED = "Submitted", _("Submitted")
    IN_PROGRESS = "InProgress", _("In progress")
    WAIT_FOR_ACTION = "WaitForAction", _("Waits for a person")
    DONE = "Done", _("Done")
    FAILED = "Failed", _("Failed")
    CANCELED = "Canceled", _("Canceled")


# A document's page stops polling at these: nothing more happens by itself.
CAPTURE_TERMINAL_STATUSES = (
    CaptureStatus.WAIT_FOR_ACTION,
    CaptureStatus.DONE,
    CaptureStatus.FAILED,
    CaptureStatus.CANCELED,
)
# The sync follows a task until one of these. WaitForAction is none of them: once a
# person has verified the document (on the vendor's page, or the dashboard's), the
# task goes on to Done.
CAPTURE_FINAL_STATUSES = (CaptureStatus.DONE, CaptureStatus.FAILED, CaptureStatus.CANCELED)
CAPTURE_PROCESSED_STATUSES = (CaptureStatus.WAIT_FOR_ACTION, CaptureStatus.DONE)


class CaptureRegion(models.TextChoices):
    US = "US", "US"
    EU = "EU", "EU"
    AU = "AU", "AU"
    CA = "CA", "CA"


class CaptureProject(ProjectBase):
    """A document type at the capture service, with its own application there (its
    own trained model): where a value is empty, the installation's ``CAPTURE_API_*``."""

    document_type = models.SlugField(
        _("document type"),
        max_length=100,
        help_text=_("The document type at the capture service, e.g. invoices."),
    )
    api_url = models.URLField(
        _("service URL"),
        blank=True,
        help_text=_("The capture service's API, e.g. https://api-eu.flexicapture.com/."),
    )
    application_id = models.CharField(_("application id"), max_length=200, blank=True)
    application_token = EncryptedTextField(_("application token"), blank=True)
    region = models.CharField(_("region"), max_length=2, choices=CaptureRegion.choices, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaptureMembership",
        related_name="capture_projects",
        verbose_name=_("members"),
    )

    class Meta(ProjectBase.Meta):
        verbose_name = _("capture project")
        verbose_name_plural = _("capture projects")


class CaptureField(models.Model):
    project = models.ForeignKey(
        CaptureProject, on_delete=models.CASCADE, related_name="fields", verbose_name=_("project")
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("As the service names it, e.g. Root/Invoice/Total.")
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("capture field")
        verbose_name_plural = _("capture fields")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="capturefield_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CaptureMembership(MembershipBase):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="capture_memberships",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        CaptureProject,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("project"),
    )

    class Meta(MembershipBase.Meta):
        verbose_name = _("capture membership")
        verbose_name_plural = _("capture memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="capturemembership_unique")
        ]


def capture_source_path(_document: CaptureDocument, _filename: str) -> str:
    """Where a document's file is stored: a random name (the uploader's is in ``name``)."""
    return f"capture/sources/{uuid_lib.uuid4().hex}"


class CaptureDocument(models.Model):
    """One uploaded file and the mirror of its capture task at the service."""

    project = models.ForeignKey(
        CaptureProject,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_id = models.CharField(_("file id at the service"), max_length=100)
    file_token = models.CharField(_("file token at the service"), max_length=100)
    # The file as uploaded: the dashboard renders its pages and reads their words.
    source = models.FileField(_("source file"), upload_to=capture_source_path, blank=True)
    task_id = models.CharField(_("task id at the service"), max_length=100)
    status = models.CharField(
        _("status"), max_length=16, choices=CaptureStatus.choices, default=CaptureStatus.NEW
    )
    error = models.TextField(_("error"), blank=True)
    # While the task waits for a person (WaitForAction): its verification id, and
    # whether the capture service finishes verifications through its API (its
    # "verification" extension: the dashboard's own page) or only on the vendor's page.
    verification_id = models.CharField(_("verification id"), max_length=100, blank=True)
    verify_here = models.BooleanField(_("verified on the dashboard"), default=False)
    # What the capture found: [{"name", "value", "confidence", "rectangles": [...]}]
    fields_found = models.JSONField(_("fields found"), default=list, blank=True)
    # The training layout once processed: {"pages": [...], "fields": [...]}
    layout = models.JSONField(_("layout"), default=dict, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("capture document")
        verbose_name_plural = _("capture documents")
        indexes = [models.Index(fields=["status"], name="capturedocument_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_terminal(self) -> bool:
        return self.status in CAPTURE_TERMINAL_STATUSES

    @property
    def verification_url(self) -> str:
        """Where a person verifies the document while its task waits: the dashboard's
        page, or the vendor's (``/verification/{id}`` on ``CAPTURE_WEB_URL``); "" when
        nothing waits."""
        if self.status != CaptureStatus.WAIT_FOR_ACTION:
            return ""
        if self.verify_here:
            return reverse("dashboard:capture-document-verify", args=[self.project_id, self.pk])
        if self.verification_id:
            return f"{settings.CAPTURE_WEB_URL.rstrip('/')}/verification/{self.verification_id}"
        return ""


class CapturePage(models.Model):
    """The words the dashboard read on one page of a document's file, kept so that
    each page is read once: ``[[text, x1, y1, x2, y2]]`` in pixels of the layout's
    page (``page_id``)."""

    document = models.ForeignKey(
        CaptureDocument,
        on_delete=models.CASCADE,
        related_name="pages_read",
        verbose_name=_("document"),
    )
    page_id = models.IntegerField(_("page id at the service"))
    words = models.JSONField(_("words"), default=list, blank=True)

    class Meta:
        verbose_name = _("capture page")
        verbose_name_plural = _("capture pages")
        constraints = [
            models.UniqueConstraint(fields=["document", "page_id"], name="capturepage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.page_id})"


class CaptureTraining(models.Model):
    """One training sent for a document: the exact body, and the answer."""

    document = models.ForeignKey(
        CaptureDocument,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("document"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    payload = models.JSONField(_("payload sent"), default=dict)
    # The text under each field's rectangles when it was sent: {name: text}
    values = models.JSONField(_("values trained"), default=dict)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("capture training")
        verbose_name_plural = _("capture trainings")

    def __str__(self) -> str:
        return f"#{self.pk} {self.document}"

    @property
    def succeeded(self) -> bool:
        return self.response_status == 204
