"""The status poll's read: the access gate and the state of one model in one query
written out (or from :mod:`.cache`), and the models' columns a sync pass publishes."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.http import Http404
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _

from ..access import User, role_check
from ..models import TERMINAL_STATUSES, Membership, Role, TrainedModel
from ..text.selectors import project_get_for_member
from . import cache as poll_cache


@dataclass(frozen=True)
class ModelPoll:
    """What a status poll needs of one model: the caller's role, the status, the two
    times whose age the fragment shows, and the other columns as stored (``shown``:
    to tell whether anything the fragment shows has changed)."""

    role: int
    status: str
    created: datetime | None
    last_synced_at: datetime | None
    shown: tuple

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


# The model's columns in the order the poll's query reads them (after the role).
_MODEL_POLL_ATTNAMES = [field.attname for field in TrainedModel._meta.concrete_fields]
_MODEL_POLL_PROJECT = _MODEL_POLL_ATTNAMES.index("project_id")


def model_poll_get(*, project_id: int, model_id: int, user: User) -> ModelPoll:
    """The access gate and the state of one model, for its polled fragment: from the
    poll's cache (:mod:`.cache`), else in one query written out: polling asks
    every 2 s per model and viewer, and building this join with the ORM costs more
    than running it. Whom the gate turns away gets what :func:`model_get_for_member`
    answers (404 or 403)."""
    row = None
    if user.is_authenticated:
        row = _model_poll_row(project_id=project_id, model_id=model_id, user_id=user.pk)
    if row is None:
        project_get_for_member(project_id=project_id, user=user)
        raise Http404(_("No such model."))
    role, values = row
    role_check(role, min_role=Role.READ_ONLY)
    columns = dict(zip(_MODEL_POLL_ATTNAMES, values, strict=True))
    synced = columns.pop("last_synced_at")
    return ModelPoll(
        role=role,
        status=columns["status"],
        created=_stored_datetime(columns["created"]),
        last_synced_at=_stored_datetime(synced),
        shown=tuple(columns.values()),
    )


def _model_poll_row(*, project_id: int, model_id: int, user_id: int) -> tuple[int, tuple] | None:
    """The caller's role and the model's columns, if the caller is a member of the
    model's project and the model is in that project."""
    if poll_cache.enabled():
        cached = poll_cache.read(project_id=project_id, model_id=model_id, user_id=user_id)
        if cached is not None and cached[1][_MODEL_POLL_PROJECT] == project_id:
            return cached
    with connection.cursor() as cursor:
        cursor.execute(_model_poll_sql(), [model_id, project_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    role, *values = row
    if poll_cache.enabled():
        poll_cache.keep(
            project_id=project_id,
            model_id=model_id,
            user_id=user_id,
            role=role,
            columns=tuple(values),
        )
    return role, tuple(values)


def model_poll_columns(*, model_ids: Sequence[int]) -> dict[int, tuple]:
    """The models' columns as a poll reads them (for :func:`.poll_cache.publish`)."""
    if not model_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_model_columns_sql(len(model_ids)), list(model_ids))
        rows = cursor.fetchall()
    pk = _MODEL_POLL_ATTNAMES.index(TrainedModel._meta.pk.attname)
    return {row[pk]: tuple(row) for row in rows}


# Only quoted names of the schema go into the text of these two; the values are
# parameters.
@functools.cache
def _model_poll_sql() -> str:
    """The caller's role and every column of the model, if the caller is a member of
    the model's project (parameters: model, project, user)."""
    quote = connection.ops.quote_name
    model, membership = TrainedModel._meta, Membership._meta
    role, user, member_project = (
        quote(membership.get_field(name).column) for name in ("role", "user", "project")
    )
    project = quote(model.get_field("project").column)
    return (
        f"SELECT s.{role}, {_model_columns()} FROM {quote(model.db_table)} m"  # noqa: S608
        f" INNER JOIN {quote(membership.db_table)} s ON s.{member_project} = m.{project}"
        f" WHERE m.{quote(model.pk.column)} = %s AND m.{project} = %s AND s.{user} = %s"
    )


def _model_columns_sql(count: int) -> str:
    """Every column of ``count`` models (parameters: their ids)."""
    model, quote = TrainedModel._meta, connection.ops.quote_name
    ids = ", ".join(["%s"] * count)
    return (
        f"SELECT {_model_columns()} FROM {quote(model.db_table)} m"  # noqa: S608
        f" WHERE m.{quote(model.pk.column)} IN ({ids})"
    )


def _model_columns() -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"m.{quote(field.column)}" for field in TrainedModel._meta.concrete_fields)


def _stored_datetime(value: datetime | None) -> datetime | None:
    """A datetime column as a plain cursor reads it: aware from PostgreSQL, naive UTC
    from SQLite (where the ORM would make it aware)."""
    return make_aware(value, UTC) if value is not None and is_naive(value) else value
