"""A refused request is one line in the console log; an error keeps its traceback."""

import io
import logging
import sys

import pytest
from django.urls import reverse

from tests.factories import make_member, make_project
from trainer.dashboard.models import Role
from trainer.ops.logs import OneLineRefusals

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes, as text."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, OneLineRefusals) for each in handler.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_forbidden_page_is_logged_in_one_line_without_a_traceback(client, console):
    project = make_project()
    reader = make_member(project=project, role=Role.READ_ONLY)
    client.force_login(reader)

    response = client.get(reverse("dashboard:model-new", args=[project.pk]))

    assert response.status_code == 403
    logged = console.getvalue()
    assert "Traceback" not in logged
    [line] = [line for line in logged.splitlines() if "django.request" in line]
    assert "Forbidden" in line
    assert f"/projects/{project.pk}/" in line


def test_a_page_that_is_not_there_is_logged_in_one_line(client, console):
    project = make_project()
    client.force_login(make_member(project=project, role=Role.MANAGER))

    response = client.get(reverse("dashboard:model", args=[project.pk, 999_999]))

    assert response.status_code == 404
    logged = console.getvalue()
    assert "Traceback" not in logged
    [line] = [line for line in logged.splitlines() if "django.request" in line]
    assert "Not Found" in line


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: /x",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    handler = logging.StreamHandler(stream := io.StringIO())
    handler.addFilter(OneLineRefusals())

    handler.handle(record)

    assert "Traceback" in stream.getvalue()
    assert "RuntimeError: boom" in stream.getvalue()
