"""Outgoing webhooks: one POST of a signed body to a URL a project's manager chose.

:func:`deliver` never raises for what the receiver does: every outcome (an
answer of any status, no answer in time, no connection) comes back as a
:class:`DeliveryResult`, which the dashboard records as one attempt and whose
``retryable`` says whether trying again later can help. Redirects are not
followed (a receiver that moved must be set anew), and at most
:data:`RESPONSE_EXCERPT_BYTES` of the answer are read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 10.0
RESPONSE_EXCERPT_BYTES = 2048
RESPONSE_EXCERPT_CHARS = 1000
# Answers that may change if the same delivery is sent again later.
RETRYABLE_STATUSES = frozenset({408, 429})

# Stored in English with the attempt; the pages translate them.
TIMED_OUT = gettext_noop("No answer in time.")
NOT_CONNECTED = gettext_noop("The receiver could not be reached.")


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one POST: the answer's status and the start of its body, or
    the ``error`` that kept it from being answered; ``duration_ms`` either way."""

    status_code: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def retryable(self) -> bool:
        """No answer, a server error, 408 or 429; never a success, a redirect or
        another 4xx (the receiver refused this delivery and would again)."""
        if self.status_code is None:
            return True
        return self.status_code >= 500 or self.status_code in RETRYABLE_STATUSES


def _excerpt(response: requests.Response) -> str:
    """The start of the answer's body; empty if it cannot be read (the status counts)."""
    try:
        raw = response.raw.read(RESPONSE_EXCERPT_BYTES, decode_content=True) or b""
    except (urllib3.exceptions.HTTPError, OSError):
        return ""
    return raw.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_CHARS]


def _origin(url: str) -> str:
    """What logs show of a receiver's URL: its scheme and host, since the rest (a chat
    service's hook path, a query string) often carries a secret of its own."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")


def deliver(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
) -> DeliveryResult:
    """POST ``body`` to ``url`` with ``headers``, once, without following redirects."""
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        with requests.post(
            url,
            data=body,
            headers=dict(headers),
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        ) as response:
            excerpt = _excerpt(response)
    except requests.Timeout:
        logger.warning("Webhook POST to %s timed out", _origin(url))
        return DeliveryResult(status_code=None, body="", error=TIMED_OUT, duration_ms=elapsed())
    except requests.RequestException as exc:
        logger.warning("Webhook POST to %s failed: %s", _origin(url), type(exc).__name__)
        return DeliveryResult(status_code=None, body="", error=NOT_CONNECTED, duration_ms=elapsed())
    if not 200 <= response.status_code < 300:
        logger.warning("Webhook POST to %s answered %s", _origin(url), response.status_code)
    return DeliveryResult(
        status_code=response.status_code, body=excerpt, error="", duration_ms=elapsed()
    )
