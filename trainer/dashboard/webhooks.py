"""Outgoing webhooks of text projects: a manager sets them (the project's settings
page), each status a model reaches that has an event (READY, FAILED, PUBLISHED) is
queued once per webhook, signed, and POSTed by Celery with retries, every attempt
kept. The secret is written, never shown."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import time
import uuid as uuid_lib
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from trainer.apiclient import webhooks as webhooks_api

from .access import User
from .audit import audit_event_create
from .mirror import values_apply
from .models import (
    WEBHOOK_EVENT_OF_STATUS,
    AuditEvent,
    Project,
    Role,
    TrainedModel,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    validate_webhook_url,
)
from .text.selectors import project_get_for_member

logger = logging.getLogger(__name__)


def webhook_list_for_project(*, project: Project) -> QuerySet[Webhook]:
    return Webhook.objects.filter(project=project).order_by("pk")


def webhook_get_for_manager(*, project_id: int, webhook_id: int, user: User) -> Webhook:
    """One webhook of a project the user manages; ``webhook.project`` is the gated project."""
    project = project_get_for_member(project_id=project_id, user=user, min_role=Role.MANAGER)
    webhook = Webhook.objects.filter(project=project, pk=webhook_id).first()
    if webhook is None:
        raise Http404(_("No such webhook."))
    webhook.project = project
    return webhook


def webhook_attempt_list_for_project(*, project: Project, limit: int = 20) -> list[WebhookAttempt]:
    """The newest attempts to deliver the project's webhook events, newest first."""
    return list(
        WebhookAttempt.objects.filter(delivery__webhook__project=project)
        .select_related("delivery__model")
        .order_by("-created", "-id")[:limit]
    )


def webhook_secret_field(*, has_secret: bool) -> forms.CharField:
    """A webhook's secret, written and never shown: required until one is set, then
    left empty to keep it."""
    signing = _(
        "Each delivery carries X-Trainer-Signature: sha256= and the HMAC-SHA256 of the "
        "body with this secret, for the receiver to check."
    )
    return forms.CharField(
        label=_("New secret") if has_secret else _("Secret"),
        required=not has_secret,
        min_length=16,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=format_lazy(
            "{} {}",
            _("A secret is set: type a new one to replace it, or leave this empty.")
            if has_secret
            else _("At least 16 characters."),
            signing,
        ),
    )


class WebhookForm(forms.Form):
    """A webhook's URL and secret, as a manager sets them on the settings page."""

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[validate_webhook_url],
        help_text=_("Where model events are sent (POST, JSON): an http:// or https:// URL."),
    )

    def __init__(self, *args, webhook: Webhook | None = None, **kwargs) -> None:
        if webhook is not None:
            kwargs.setdefault("initial", {"url": webhook.url})
        super().__init__(*args, **kwargs)
        self.fields["secret"] = webhook_secret_field(
            has_secret=webhook is not None and webhook.has_secret
        )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not settings.TRAINER_WEBHOOKS_ALLOW_PRIVATE and _names_a_local_host(url):
            raise forms.ValidationError(
                _("This address is on a private or local network, where webhooks are not sent."),
                code="private",
            )
        return url


def _names_a_local_host(url: str) -> bool:
    """Whether the URL's host is a private or local address outright (an address, or
    localhost). Names that resolve to one are refused when a delivery connects."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class WebhookDeliveryFailed(Exception):
    """An attempt that may succeed later (no answer, 5xx, 408, 429): the task retries."""


def webhook_create(*, project: Project, user: AbstractBaseUser, url: str, secret: str) -> Webhook:
    with transaction.atomic():
        webhook = Webhook.objects.create(project=project, url=url, secret=secret)
        audit_event_create(
            project=project, user=user, action=AuditEvent.Action.WEBHOOK_ADDED, subject=url[:200]
        )
    logger.info("%s adds webhook %s to project %s", user, webhook.pk, project.pk)
    return webhook


def webhook_update(
    *, webhook: Webhook, user: AbstractBaseUser, url: str, secret: str = ""
) -> Webhook:
    """A new URL, and a new secret when one is given (empty keeps the one set)."""
    changed = values_apply(webhook, {"url": url, **({"secret": secret} if secret else {})})
    if changed:
        with transaction.atomic():
            webhook.save(update_fields=changed)
            audit_event_create(
                project=webhook.project,
                user=user,
                action=AuditEvent.Action.WEBHOOK_CHANGED,
                subject=url[:200],
            )
        logger.info("%s changes webhook %s", user, webhook.pk)
    return webhook


def webhook_delete(*, webhook: Webhook, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        audit_event_create(
            project=webhook.project,
            user=user,
            action=AuditEvent.Action.WEBHOOK_REMOVED,
            subject=webhook.url[:200],
        )
        webhook.delete()
    logger.info("%s removes a webhook of project %s", user, webhook.project.pk)


def _webhook_body(*, model: TrainedModel, event: str, delivery_uuid: uuid_lib.UUID) -> str:
    """The JSON sent, made once: every attempt sends (and signs) these exact bytes."""
    project = model.project
    return json.dumps(
        {
            "id": str(delivery_uuid),
            "event": event,
            "occurred_at": (model.status_changed_at or timezone.now()).isoformat(),
            "project": {"id": project.pk, "remote_id": project.remote_id, "name": project.name},
            "model": {
                "id": model.pk,
                "remote_id": model.remote_id,
                "uuid": str(model.uuid) if model.uuid else None,
                "name": model.name,
                "display_name": model.display_name,
                "type": model.type,
                "language": model.language,
                "status": model.status,
                "score": model.score,
                "error": model.error,
            },
        },
        ensure_ascii=False,
    )


def webhooks_notify(*, model: TrainedModel) -> list[WebhookDelivery]:
    """Queue the event of the status ``model`` has just reached (READY, FAILED,
    PUBLISHED) for each webhook of its project, sent once the transaction commits.
    One delivery per webhook, model and event: an event learnt twice is sent once."""
    event = WEBHOOK_EVENT_OF_STATUS.get(model.status)
    if event is None:
        return []
    from .tasks import webhook_deliver as deliver_task  # the tasks module imports this one

    deliveries = []
    for webhook in Webhook.objects.filter(project_id=model.project_id):
        delivery_uuid = uuid_lib.uuid4()
        body = _webhook_body(model=model, event=event, delivery_uuid=delivery_uuid)
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    webhook=webhook, model=model, event=event, uuid=delivery_uuid, body=body
                )
        except IntegrityError:
            continue  # queued already
        deliver_task.delay_on_commit(delivery_id=delivery.pk)
        deliveries.append(delivery)
    return deliveries


@sensitive_variables("secret")
def webhook_signature(*, secret: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``body`` keyed with ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_deliver(*, delivery: WebhookDelivery) -> WebhookAttempt | None:
    """POST the delivery to its webhook once and record the attempt; None if it was
    delivered already. Raises WebhookDeliveryFailed when a later try may succeed."""
    if delivery.attempts.filter(status_code__gte=200, status_code__lt=300).exists():
        return None
    webhook = delivery.webhook
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Trainer-Webhooks/1",
        "X-Trainer-Event": delivery.event,
        "X-Trainer-Delivery": str(delivery.uuid),
        "X-Trainer-Timestamp": str(int(time.time())),
        "X-Trainer-Signature": webhook_signature(secret=webhook.secret, body=body),
    }
    result = webhooks_api.deliver(
        webhook.url, body, headers, allow_private=settings.TRAINER_WEBHOOKS_ALLOW_PRIVATE
    )
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts.count() + 1,
        url=webhook.url,
        status_code=result.status_code,
        response_body=result.body,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    if not attempt.ok and result.retryable:
        raise WebhookDeliveryFailed(
            f"Webhook delivery {delivery.uuid}, attempt {attempt.number}: "
            f"{result.status_code or result.error}"
        )
    return attempt
