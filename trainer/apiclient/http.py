"""The transport every client shares: one ``requests.Session`` with a timeout on
every call and retries with backoff for GET only; answers read as JSON (or
bytes); failures raised as the typed errors of :mod:`.errors`; JSON objects
turned into dataclasses."""

from __future__ import annotations

import logging
from dataclasses import fields
from typing import Any
from urllib.parse import quote, urljoin

import requests
from django.utils import translation
from django.utils.dateparse import parse_datetime
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .errors import (
    ERRORS_BY_STATUS,
    ApiBadResponse,
    ApiError,
    ApiServerError,
    ApiTimeout,
    ApiUnavailable,
)

logger = logging.getLogger(__name__)


class Secret(str):
    """A part of a URL that grants access by itself (a capture file's token): sent as
    is, written as "…" wherever the URL is logged."""


def _shown(part: object) -> object:
    return "…" if isinstance(part, Secret) else part


def build(cls, data: Any):
    """Make dataclass ``cls`` from a JSON object, or raise ApiBadResponse."""
    if not isinstance(data, dict):
        raise ApiBadResponse()
    values = {}
    for f in fields(cls):
        if f.name in data:
            value = data[f.name]
            if f.type in ("datetime | None",) and isinstance(value, str):
                value = parse_datetime(value)
            values[f.name] = value
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise ApiBadResponse() from exc


def build_list(cls, data: Any) -> list:
    if not isinstance(data, list):
        raise ApiBadResponse()
    return [build(cls, item) for item in data]


class HttpApi:
    """The base of a client: ``base_url``, ``headers`` sent with every request."""

    def __init__(
        self,
        *,
        base_url: str,
        headers: dict[str, str],
        connect_timeout: float = 3.05,
        read_timeout: float = 15.0,
        retries: int = 3,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", **headers})
        retry = Retry(
            total=retries,
            backoff_factor=0.3,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD", "OPTIONS"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def _url(self, *parts: object) -> str:
        return urljoin(self.base_url, "/".join(quote(str(part), safe="") for part in parts))

    def _send(
        self,
        method: str,
        *parts: object,
        session: requests.Session | None = None,
        timeout: tuple[float, float] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """The successful response, or the typed error of the failure."""
        # The service may answer in the person's language (its messages are shown).
        headers = {"Accept-Language": translation.get_language(), **kwargs.pop("headers", {})}
        try:
            response = (session or self.session).request(
                method,
                self._url(*parts),
                headers=headers,
                timeout=timeout or self.timeout,
                **kwargs,
            )
        except requests.Timeout as exc:
            logger.warning("%s %s timed out", method, self._logged_url(*parts))
            raise ApiTimeout() from exc
        except requests.RequestException as exc:
            logger.warning("%s %s failed: %s", method, self._logged_url(*parts), type(exc).__name__)
            raise ApiUnavailable() from exc
        if not response.ok:
            try:
                payload = response.json()
            except ValueError:
                payload = None
            raise self._error(method, self._logged_url(*parts), response.status_code, payload)
        return response

    def _logged_url(self, *parts: object) -> str:
        """The URL as logs show it: its :class:`Secret` parts left out."""
        return self._url(*map(_shown, parts))

    def _request(self, method: str, *parts: object, **kwargs: Any) -> Any:
        """The JSON answer; None for 204 No Content."""
        response = self._send(method, *parts, **kwargs)
        if response.status_code == 204:
            return None
        try:
            return response.json()
        except ValueError as exc:
            logger.warning(
                "%s %s answered %s without JSON",
                method,
                self._logged_url(*parts),
                response.status_code,
            )
            raise ApiBadResponse(status=response.status_code) from exc

    @staticmethod
    def _error(method: str, url: str, status: int, payload: Any) -> ApiError:
        logger.warning("%s %s answered %s", method, url, status)
        error_class = ERRORS_BY_STATUS.get(status)
        if error_class is None:
            error_class = ApiServerError if status >= 500 else ApiError
        detail = payload.get("detail") if isinstance(payload, dict) else None
        errors = payload.get("errors") if isinstance(payload, dict) else None
        field_errors = {
            str(key): [str(message) for message in (value if isinstance(value, list) else [value])]
            for key, value in (errors or {}).items()
        }
        message = detail if isinstance(detail, str) and detail else None
        return error_class(message, status=status, field_errors=field_errors)
