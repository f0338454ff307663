"""The transport every client shares: one ``requests.Session`` with a timeout on
every call and retries with backoff (for GET only, unless a client knows answers that
changed nothing); files uploaded streamed, without retries; answers read as JSON (or
bytes); failures raised as the typed errors of :mod:`.errors`; JSON objects turned
into dataclasses."""

from __future__ import annotations

import io
import logging
import os
import secrets
from dataclasses import fields
from typing import Any, BinaryIO
from urllib.parse import quote, urljoin

import requests
from django.utils import translation
from django.utils.dateparse import parse_datetime
from requests.adapters import HTTPAdapter
from urllib3.fields import format_multipart_header_param
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

UPLOAD_BLOCK_BYTES = 64 * 1024


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


class MultipartUpload:
    """A ``multipart/form-data`` body that reads ``file`` while it is sent.

    requests' ``files=`` would read the whole file and then copy it into the
    body; this body holds only the small fields in memory and passes the file
    on in blocks. Its length is known, so it goes out with a Content-Length
    (no chunked encoding, which WSGI servers may not pass on).
    """

    def __init__(self, *, fields: dict[str, str], file: BinaryIO, filename: str) -> None:
        self.boundary = secrets.token_hex(16)
        head = b"".join(
            self._part_header(f'name="{name}"') + value.encode() + b"\r\n"
            for name, value in fields.items()
        )
        # As browsers write it: UTF-8, with quote marks and line breaks %-escaped.
        head += self._part_header(
            f'name="file"; {format_multipart_header_param("filename", filename)}',
            "Content-Type: application/octet-stream\r\n",
        )
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        start = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell() - start
        file.seek(start)
        self._parts = [io.BytesIO(head), file, io.BytesIO(tail)]
        self._length = len(head) + size + len(tail)

    def _part_header(self, disposition: str, extra: str = "") -> bytes:
        return (
            f"--{self.boundary}\r\nContent-Disposition: form-data; {disposition}\r\n{extra}\r\n"
        ).encode()

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        while block := self.read(UPLOAD_BLOCK_BYTES):
            yield block

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative); b"" at the end."""
        chunks = []
        while self._parts and size != 0:
            chunk = self._parts[0].read(size)
            if not chunk:
                self._parts.pop(0)
                continue
            chunks.append(chunk)
            if size > 0:
                size -= len(chunk)
        return b"".join(chunks)


class HttpApi:
    """The base of a client: ``base_url``, ``headers`` sent with every request; one
    ``requests.Session`` with retries (:meth:`_retry_options`), and one without for
    uploads (their body is read only once)."""

    retry_class: type[Retry] = Retry
    # The typed error of each failure status (others: ApiServerError or ApiError).
    errors_by_status: dict[int, type[ApiError]] = ERRORS_BY_STATUS

    def __init__(
        self,
        *,
        base_url: str,
        headers: dict[str, str],
        connect_timeout: float = 3.05,
        read_timeout: float = 15.0,
        upload_read_timeout: float = 300.0,
        retries: int = 3,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", **headers})
        retry = self.retry_class(**self._retry_options(retries))
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # The service reads and checks the whole file before it answers.
        self.upload_timeout = (connect_timeout, max(read_timeout, upload_read_timeout))
        self.upload_http = requests.Session()
        self.upload_http.headers.update(self.session.headers)

    @staticmethod
    def _retry_options(retries: int) -> dict[str, Any]:
        """Of the session's :attr:`retry_class`: ``retries`` times, with backoff, for a
        failed connection and for a 502, 503 or 504 to a GET (which changes nothing);
        then the last answer is raised as its typed error."""
        return {
            "total": retries,
            "backoff_factor": 0.3,
            "status_forcelist": (502, 503, 504),
            "allowed_methods": frozenset({"GET", "HEAD", "OPTIONS"}),
            "raise_on_status": False,
        }

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

    def _upload(self, *parts: object, fields: dict[str, str], file: BinaryIO, filename: str) -> Any:
        """POST ``file`` (read from its current position) as the multipart field
        "file" beside ``fields``: streamed, and never retried."""
        body = MultipartUpload(fields=fields, file=file, filename=filename)
        return self._request(
            "POST",
            *parts,
            session=self.upload_http,
            timeout=self.upload_timeout,
            data=body,
            headers={"Content-Type": body.content_type},
        )

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
    def _problem(payload: dict) -> tuple[Any, Any]:
        """The readable message and the field errors (``{field: [messages]}``) of an
        error answer, as this client's service writes them."""
        return payload.get("detail"), payload.get("errors")

    def _error(self, method: str, url: str, status: int, payload: Any) -> ApiError:
        logger.warning("%s %s answered %s", method, url, status)
        error_class = self.errors_by_status.get(status)
        if error_class is None:
            error_class = ApiServerError if status >= 500 else ApiError
        detail, errors = self._problem(payload) if isinstance(payload, dict) else (None, None)
        field_errors = {
            str(key): [str(message) for message in (value if isinstance(value, list) else [value])]
            for key, value in (errors or {}).items()
        }
        shown = error_class.uses_service_detail and isinstance(detail, str) and detail
        message = detail if shown else None
        return error_class(message, status=status, field_errors=field_errors)
