"""Filters of the dashboard's templates: ``{% load formatting %}``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer.dashboard import formats, sync_health

register = template.Library()

JUST_NOW = timedelta(minutes=1)


@register.filter
def ago(value: datetime | None) -> str:
    """How long ago ``value`` was: "just now" under a minute (not "20 seconds ago",
    which the next poll would contradict), else Django's words for it, declined as
    each language needs: "3 minutes ago", "vor 3 Minuten", "il y a 3 minutes"."""
    if not value:
        return ""
    if timezone.now() - value < JUST_NOW:
        return _("just now")
    return naturaltime(value)


@register.filter
def metric(value):
    """A ratio with three decimals ("1.000", "0.875"), a count as it is ("12")."""
    if isinstance(value, float):
        return floatformat(value, 3)
    return value


@register.filter
def percent(value, decimals=0):
    """A number out of 100 as the active language writes a percentage ("42%", "42 %")."""
    if value is None or value == "":
        return ""
    return formats.percent(float(value), int(decimals))


@register.filter
def updates_paused(item, service: str = sync_health.TEXT) -> str:
    """Why the live status of an in-flight model (or, with ``"capture"``, capture
    document) is not being updated, or "" (:mod:`trainer.dashboard.sync_health`)."""
    if item.is_terminal:
        return ""
    return sync_health.paused_reason(last_synced_at=item.last_synced_at, service=service) or ""
