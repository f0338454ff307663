"""The dashboard's own rows: projects and who may see them, and mirrors of the service.

Projects, labeling sessions and models are *mirrors* of what the training
service knows (``remote_id`` is the service's id); memberships and training
requests are the dashboard's own. Rows are written by :mod:`.services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.IntegerChoices):
    """A member's role in a project, lowest to highest (compare with ``>=``)."""

    READ_ONLY = 10, _("Read-only")
    ANNOTATOR = 20, _("Annotator")
    MANAGER = 30, _("Manager")
    OWNER = 40, _("Owner")

    @classmethod
    def rank(cls, role: int | None) -> int:
        """The role's place in the order; 0 for no role at all."""
        return int(role) if role in cls.values else 0

    @classmethod
    def at_least(cls, role: int | None, minimum: int) -> bool:
        return cls.rank(role) >= cls.rank(minimum)


class Language(models.TextChoices):
    EN = "en", _("English")
    DE = "de", _("German")
    AR = "ar", _("Arabic")


class ModelType(models.TextChoices):
    ABSA = "ABSA", _("Aspect-based sentiment")
    CLASS = "CLASS", _("Document classes")
    LABEL = "LABEL", _("Span labels")
    CLASSLABEL = "CLASSLABEL", _("Classes and labels")


class ModelStatus(models.TextChoices):
    CREATED = "CREATED", _("Created")
    QUEUED = "QUEUED", _("Queued")
    TRAINING = "TRAINING", _("Training")
    FAILED = "FAILED", _("Failed")
    READY = "READY", _("Ready")
    ACTIVE = "ACTIVE", _("Active")
    PUBLISHED = "PUBLISHED", _("Published")


IN_FLIGHT_STATUSES = (ModelStatus.CREATED, ModelStatus.QUEUED, ModelStatus.TRAINING)
TERMINAL_STATUSES = (
    ModelStatus.FAILED,
    ModelStatus.READY,
    ModelStatus.ACTIVE,
    ModelStatus.PUBLISHED,
)


class Project(models.Model):
    remote_id = models.PositiveIntegerField(_("id at the service"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="trainer_projects",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainer_memberships",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.READ_ONLY)

    class Meta:
        ordering = ["project", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project} ({self.get_role_display()})"


class LabelingSession(models.Model):
    """A mirror of one labeling session (``annotations`` in the contract)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("project")
    )
    remote_id = models.PositiveIntegerField(_("id at the service"))
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    labels = models.PositiveIntegerField(_("labels"), default=0)
    created = models.DateTimeField(_("created"), null=True, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)

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
        indexes = [models.Index(fields=["status"], name="trainedmodel_status")]

    def __str__(self) -> str:
        return self.display_name or self.name

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


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

    def __str__(self) -> str:
        return f"#{self.pk} {self.payload.get('display_name') or self.payload.get('name', '')}"
