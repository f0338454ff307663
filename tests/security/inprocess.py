"""The dashboard's HTTP calls answered by the embedded services in-process: each
request that ``responses`` catches is handed to Django's test client, so the
dashboard and the real services run together without a live server."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import responses as responses_lib
from django.conf import settings
from django.test import Client


def _forward(request):
    url = urlsplit(request.url)
    body = request.body or b""
    response = Client().generic(
        request.method,
        url.path + (f"?{url.query}" if url.query else ""),
        data=body.encode() if isinstance(body, str) else body,
        content_type=request.headers.get("Content-Type", "application/octet-stream"),
        headers={"Authorization": request.headers.get("Authorization", "")},
    )
    return response.status_code, {"Content-Type": response["Content-Type"]}, response.getvalue()


@contextlib.contextmanager
def services_in_process() -> Iterator[responses_lib.RequestsMock]:
    """While open, the text and capture API URLs of the settings reach the embedded
    services; ``.calls`` records what the dashboard sent."""
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "DELETE"):
            for base in (settings.TRAINER_API_URL, settings.CAPTURE_API_URL):
                mock.add_callback(method, re.compile(re.escape(base) + ".*"), callback=_forward)
        yield mock
