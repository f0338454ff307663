"""Data of the embedded Text Training API: projects, members, tokens, labeled
data and the models trained from it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Project roles, lowest to highest."""

    READ_ONLY = "READ_ONLY", _("read-only")
    ANNOTATOR = "ANNOTATOR", _("annotator")
    MANAGER = "MANAGER", _("manager")
    OWNER = "OWNER", _("owner")

    @classmethod
    def rank(cls, role: str) -> int:
        return list(cls.values).index(role)


class ModelType(models.TextChoices):
    ABSA = "ABSA", _("aspect-based sentiment")
    CLASS = "CLASS", _("document classes")
    LABEL = "LABEL", _("span labels")
    CLASSLABEL = "CLASSLABEL", _("classes and labels")


# The vendor's type of base models (GET /types, GET /models); never a model's ``type``
# here: a base model keeps the type of the models trained from it.
BASE_TYPE = "BASE"


class Language(models.TextChoices):
    EN = "en", _("English")
    DE = "de", _("German")
    AR = "ar", _("Arabic")


class Status(models.TextChoices):
    CREATED = "CREATED", _("created")
    QUEUED = "QUEUED", _("queued")
    TRAINING = "TRAINING", _("training")
    FAILED = "FAILED", _("failed")
    READY = "READY", _("ready")
    ACTIVE = "ACTIVE", _("active")
    PUBLISHED = "PUBLISHED", _("published")


class TextProject(models.Model):
    """A project of one classification type, which its labeling sessions and models
    share, with the classes and labels its documents are tagged with."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(
        _("type"), max_length=16, choices=ModelType.choices, default=ModelType.CLASS
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ProjectClass(models.Model):
    """A class of a project (an aspect such as "Staff"); the vendor's ModelClass."""

    project = models.ForeignKey(
        TextProject, on_delete=models.CASCADE, related_name="classes", verbose_name=_("project")
    )
    # A text: an imported class name may be of any length.
    name = models.TextField(_("name"))
    description = models.TextField(_("description"), blank=True)
    example = models.TextField(_("example"), blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="textapi_class_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectLabel(models.Model):
    """A label of a project (a sentiment such as "positive"); the vendor's Label."""

    project = models.ForeignKey(
        TextProject, on_delete=models.CASCADE, related_name="labels", verbose_name=_("project")
    )
    name = models.TextField(_("name"))

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="textapi_label_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectMember(models.Model):
    project = models.ForeignKey(
        TextProject, on_delete=models.CASCADE, related_name="members", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="text_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="textapi_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project} ({self.role})"


class ApiToken(models.Model):
    """A Bearer token. Only its SHA-256 is kept; the raw token is shown once.

    A token from ``POST /auth/login`` expires (``TEXTAPI_TOKEN_TTL_SECONDS``); one
    made in the admin or by ``manage.py textapi_token`` (pasted into a connection)
    has no ``expires_at`` and lasts until revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="text_api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class SessionStatus(models.TextChoices):
    """A labeling session's status, with the vendor's names. An uploaded file waits
    for a worker while its session is CREATED, is imported while it is STARTED; then
    it is FINISHED, or FAILED (``error`` says why, and none of its documents is kept).
    A correction session is PREDICTING while its model pre-labels it, then ANNOTATING,
    or FAILED."""

    CREATED = "CREATED", _("created")
    STARTED = "STARTED", _("started")
    ANNOTATING = "ANNOTATING", _("annotating")
    FAILED = "FAILED", _("failed")
    FINISHED = "FINISHED", _("finished")
    SAMPLING = "SAMPLING", _("sampling")
    PREDICTING = "PREDICTING", _("predicting")
    DELETING = "DELETING", _("deleting")


class SessionMode(models.TextChoices):
    """How a session's documents get their tags (the vendor's ``mode``): people label
    them (ANNOTATION), or a model pre-labels them and people correct its tags
    (CORRECTION, a correction session; ``model`` names the model)."""

    ANNOTATION = "ANNOTATION", _("annotation")
    CORRECTION = "CORRECTION", _("correction")


class LabelingSession(models.Model):
    project = models.ForeignKey(
        TextProject,
        on_delete=models.CASCADE,
        related_name="labeling_sessions",
        verbose_name=_("project"),
    )
    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The project's type (the vendor answers it with every session).
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    # When its documents were all in (an upload imported, a JSON session made).
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    document_count = models.PositiveIntegerField(_("documents"), default=0)
    # The class and label names of the session (the vendor's "classes" and "labels"):
    # those given when it was made, else the project's; kept with the session so that
    # listing sessions never reads their documents.
    classes = models.JSONField(_("classes"), default=list, blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.FINISHED
    )
    # Percent of an uploaded file imported so far (100 once FINISHED).
    progress = models.FloatField(_("progress"), default=100.0)
    error = models.TextField(_("error"), blank=True)
    # While CREATED: the uploaded file (in the "textapi" storage) and its name as sent
    # (its format is told by its content, else by that name).
    upload_file = models.CharField(_("uploaded file"), max_length=200, blank=True)
    upload_name = models.CharField(_("file name"), max_length=255, blank=True)
    # A sign of life of the import (when queued, then at each batch written), and how
    # many times a worker took it up: what the reaper needs (see services).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("import attempts"), default=0)
    mode = models.CharField(
        _("mode"), max_length=16, choices=SessionMode.choices, default=SessionMode.ANNOTATION
    )
    # A correction session's model, which pre-labels its documents, and how many
    # documents it asked for; its share of the model's tags people kept (percent, see
    # trainer.textapi.corrections), null while no document is done.
    model = models.ForeignKey(
        "TextModel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_sessions",
        verbose_name=_("model"),
    )
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    predicted_score = models.PositiveSmallIntegerField(_("predicted score"), null=True, blank=True)

    class Meta:
        verbose_name = _("labeling session")
        verbose_name_plural = _("labeling sessions")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name


class AnnotationStatus(models.TextChoices):
    """Whether people have marked a document or segment as annotated (the vendor's
    ``…/statuses``); data that came labelled is annotated."""

    NOT_ANNOTATED = "NOT_ANNOTATED", _("not annotated")
    ANNOTATED = "ANNOTATED", _("annotated")


class Document(models.Model):
    """A labelled document of a session, the vendor's LabelledDocument: its text and
    the segments of it that carry tags (:mod:`trainer.textapi.documents`)."""

    session = models.ForeignKey(
        LabelingSession,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("labeling session"),
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AnnotationStatus.choices,
        default=AnnotationStatus.NOT_ANNOTATED,
    )
    # In a correction session: the segments the model predicted (the vendor's JSON,
    # to compare with what people keep) and how sure it was (smaller: less sure).
    predicted = models.JSONField(_("predicted segments"), null=True, blank=True)
    margin = models.FloatField(_("model's margin"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["session_id", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Segment(models.Model):
    """The stretch ``text[start:end]`` of a document (code points, end exclusive),
    which tags are given to."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="segments", verbose_name=_("document")
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AnnotationStatus.choices,
        default=AnnotationStatus.NOT_ANNOTATED,
    )
    # When it was marked ANNOTATED (the vendor's "annotated" of a corrected segment).
    annotated_at = models.DateTimeField(_("annotated"), null=True, blank=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["document_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="textapi_segment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"[{self.start}, {self.end}]"


class TagStatus(models.TextChoices):
    """A tag is READY to be used, or IN_CORRECTION: a model's tag of a correction
    session that nobody has confirmed yet (the vendor's ConfirmCorrectionTag)."""

    READY = "READY", _("ready")
    IN_CORRECTION = "IN_CORRECTION", _("in correction")


class SegmentTag(models.Model):
    """A tag of a segment: a class, a label, or a class with its label (the vendor's
    ``{"class"?, "label"?}``; an empty name is an absent one). ``Tag`` in this app
    is a project's class or label (see services)."""

    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="tags", verbose_name=_("segment")
    )
    class_name = models.TextField(_("class"), blank=True)
    label_name = models.TextField(_("label"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TagStatus.choices, default=TagStatus.READY
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["segment_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(class_name="", label_name=""), name="textapi_tag_not_empty"
            )
        ]

    def __str__(self) -> str:
        return "/".join(name for name in (self.class_name, self.label_name) if name)


class TextModel(models.Model):
    """A trained (or training) model; ``project`` is empty for base models."""

    project = models.ForeignKey(
        TextProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="models",
        verbose_name=_("project"),
    )
    is_base = models.BooleanField(_("base model"), default=False)
    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    long_description = models.TextField(_("long description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    type = models.CharField(_("type"), max_length=16, choices=ModelType.choices)
    base = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived",
        limit_choices_to={"is_base": True},
        verbose_name=_("base model"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CREATED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    # A sign of life: when the model was queued, then every few seconds while it
    # trains. The reaper fails a TRAINING model whose worker stopped beating and
    # queues again a QUEUED model whose message was lost.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    # How many times a worker took up the training; the reaper queues a training
    # whose worker stopped again until TEXTAPI_TRAINING_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(_("training attempts"), default=0)
    score = models.FloatField(_("score"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    annotation_ids = models.JSONField(_("labeling sessions to split"), default=list, blank=True)
    trainset_ids = models.JSONField(_("train set sessions"), default=list, blank=True)
    testset_ids = models.JSONField(_("test set sessions"), default=list, blank=True)
    # Relative to settings.TEXTAPI_MODEL_DIR; empty until trained.
    artifact = models.CharField(_("artifact file"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("models")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return self.name
