"""Outgoing webhooks: one POST of a signed body to a URL a project's manager chose.

:func:`deliver` never raises for what the receiver does: every outcome (an
answer of any status, no answer in time, no connection) comes back as a
:class:`DeliveryResult`, which the dashboard records as one attempt and whose
``retryable`` says whether trying again later can help. Redirects are not
followed (a receiver that moved must be set anew), and at most
:data:`RESPONSE_EXCERPT_BYTES` of the answer are read. Unless told otherwise, only
public addresses are reached: the URL is a manager's, and the POST leaves from
inside the network (see :class:`_PublicAddressConnection`).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3
from django.utils.translation import gettext_noop
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

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
PRIVATE_ADDRESS = gettext_noop(
    "The receiver's address is on a private or local network, where webhooks are not sent."
)


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
            return self.error != PRIVATE_ADDRESS
        return self.status_code >= 500 or self.status_code in RETRYABLE_STATUSES


def _excerpt(response: requests.Response) -> str:
    """The start of the answer's body; empty if it cannot be read (the status counts)."""
    try:
        raw = response.raw.read(RESPONSE_EXCERPT_BYTES, decode_content=True) or b""
    except (urllib3.exceptions.HTTPError, OSError):
        return ""
    return raw.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_CHARS]


class PrivateAddressError(NewConnectionError):
    """The receiver's name resolves to an address that is not global."""


class _PublicAddressConnection(HTTPConnection):
    """Connects only to global addresses (no loopback, private, link-local or reserved
    one: not the cloud's metadata service, not the database next door). The name is
    resolved here and the connection made to the very address checked, so a second
    lookup cannot answer otherwise (DNS rebinding)."""

    def _new_conn(self) -> socket.socket:
        try:
            found = socket.getaddrinfo(self._dns_host, self.port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        addresses = [info[4][0] for info in found]
        if not all(ipaddress.ip_address(address).is_global for address in addresses):
            raise PrivateAddressError(self, f"{self.host} is not a public address")
        name = self._dns_host
        self._dns_host = addresses[0]  # what the socket connects to; TLS still checks name
        try:
            return super()._new_conn()
        finally:
            self._dns_host = name


class _PublicAddressHTTPSConnection(_PublicAddressConnection, HTTPSConnection):
    pass


class _PublicAddressHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicAddressConnection


class _PublicAddressHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicAddressHTTPSConnection


class _PublicAddressAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicAddressHTTPPool,
            "https": _PublicAddressHTTPSPool,
        }


def _session(*, allow_private: bool) -> requests.Session:
    session = requests.Session()
    if not allow_private:
        adapter = _PublicAddressAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def _is_private_address(exc: requests.RequestException) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, PrivateAddressError)


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
    allow_private: bool = False,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
) -> DeliveryResult:
    """POST ``body`` to ``url`` with ``headers``, once, without following redirects;
    to a public address only unless ``allow_private``."""
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        with (
            _session(allow_private=allow_private) as session,
            session.post(
                url,
                data=body,
                headers=dict(headers),
                timeout=timeout,
                allow_redirects=False,
                stream=True,
            ) as response,
        ):
            excerpt = _excerpt(response)
    except requests.Timeout:
        logger.warning("Webhook POST to %s timed out", _origin(url))
        return DeliveryResult(status_code=None, body="", error=TIMED_OUT, duration_ms=elapsed())
    except requests.RequestException as exc:
        if _is_private_address(exc):
            logger.warning("Webhook POST to %s refused: not a public address", _origin(url))
            return DeliveryResult(
                status_code=None, body="", error=PRIVATE_ADDRESS, duration_ms=elapsed()
            )
        logger.warning("Webhook POST to %s failed: %s", _origin(url), type(exc).__name__)
        return DeliveryResult(status_code=None, body="", error=NOT_CONNECTED, duration_ms=elapsed())
    if not 200 <= response.status_code < 300:
        logger.warning("Webhook POST to %s answered %s", _origin(url), response.status_code)
    return DeliveryResult(
        status_code=response.status_code, body=excerpt, error="", duration_ms=elapsed()
    )
