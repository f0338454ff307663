"""Filters of the dashboard's templates: ``{% load formatting %}``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from trainer.dashboard import formats

register = template.Library()

JUST_NOW = timedelta(minutes=1)


@register.filter
def ago(value: datetime | None) -> str:
    """How long ago ``value`` was: "just now" under a minute (not "0 minutes ago"),
    else "3 minutes ago", "2 days, 4 hours ago"."""
    if not value:
        return ""
    if timezone.now() - value < JUST_NOW:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value)}


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
