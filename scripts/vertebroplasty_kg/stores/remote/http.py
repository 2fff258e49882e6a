"""HTTP for SPARQL endpoints: timeouts, retries with exponential back-off, authentication, clear errors.

Standard library only (``urllib``). TLS certificates are always verified. A 5xx answer or a lost
connection is retried ``retries`` times, waiting ``backoff``, 2x``backoff``, 4x``backoff``... seconds.
A request that gets no complete answer within ``timeout`` seconds is not repeated: the server may
still be working on it (a query that never ends, a stuck server), and sending it again would only
multiply the wait. ``timeout`` bounds each wait for the server and the whole answer: the body is
read in blocks against a deadline, so a server that sends a byte now and then cannot hold the
client either. Every connection is closed after its request (urllib sends ``Connection: close``,
and error answers are read and closed at once).
Redirects are not followed (a redirected POST would silently become a GET): the error names the
new location instead. Every failure becomes an :class:`EndpointError` (exit code 2) whose hint
says what to do for 401, 403, 404, 413, timeouts and unreachable servers.
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from ...errors import EnvironmentProblem
from .auth import CREDENTIALS_HINT, Authenticator, Credentials

USER_AGENT = "vertebroplasty-kg (SPARQL 1.1 protocol client)"
BLOCK = 1 << 16
"""Bytes read at a time from an answer, between two looks at the deadline."""


class EndpointError(EnvironmentProblem):
    """The endpoint refused a request or could not be reached; ``status`` is None for the latter."""

    def __init__(self, message: str, hint: str | None = None, *, status: int | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class HttpClient:
    """Sends requests to one or more endpoint URLs with shared credentials and settings."""

    def __init__(
        self,
        credentials: Credentials | None,
        *,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._auth = Authenticator(credentials)
        context = ssl.create_default_context()
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirects())

    def send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        retry: bool = True,
        timeout: float | None = None,
    ) -> Response:
        """Send one request; return the 2xx response or raise :class:`EndpointError`.

        ``timeout`` replaces the client's own for this request.
        """
        seconds = self.timeout if timeout is None else timeout
        attempt = 0
        challenges = 0
        while True:
            headers = {"User-Agent": USER_AGENT}
            if content_type:
                headers["Content-Type"] = content_type
            if accept:
                headers["Accept"] = accept
            if (authorization := self._auth.header(method, url)) is not None:
                headers["Authorization"] = authorization
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            deadline = time.monotonic() + seconds
            try:
                with self._opener.open(request, timeout=seconds) as answer:
                    payload = _read_before(answer, deadline)
                    return Response(answer.status, answer.headers.get("Content-Type", ""), payload)
            except urllib.error.HTTPError as error:
                payload = _read(error)
                offered = error.headers.get_all("WWW-Authenticate", [])
                scheme = self._auth.scheme
                if error.code == 401 and challenges < 2 and self._auth.accept(offered):
                    challenges += 1
                    stale = "stale=true" in " ".join(offered).lower()
                    if authorization is None or stale or scheme != self._auth.scheme:
                        continue
                if error.code >= 500 and retry and attempt < self.retries:
                    self._sleep(self.backoff * 2**attempt)
                    attempt += 1
                    continue
                location = error.headers.get("Location")
                problem = _status_error(method, url, error.code, location, payload, self._auth)
                if attempt:
                    problem.message += f" (tried {attempt + 1} times)"
                    problem.args = (problem.message,)
                raise problem from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                reason = error.reason if isinstance(error, urllib.error.URLError) else error
                if isinstance(reason, ssl.SSLError):
                    raise EndpointError(
                        f"TLS failed for {_origin(url)}: {reason}",
                        hint="install the server's CA certificate (SSL_CERT_FILE=...) instead of turning checks off",
                    ) from error
                if isinstance(reason, TimeoutError):
                    raise _timed_out(method, url, attempt, seconds) from error
                if retry and attempt < self.retries:
                    self._sleep(self.backoff * 2**attempt)
                    attempt += 1
                    continue
                raise _unreachable(url, reason, attempt) from error


def _read_before(answer: http.client.HTTPResponse, deadline: float) -> bytes:
    """The whole body of ``answer``, or :class:`TimeoutError` once ``deadline`` has passed."""
    blocks = []
    while block := answer.read1(BLOCK):
        blocks.append(block)
        if time.monotonic() > deadline:
            raise TimeoutError("the answer did not arrive before the deadline")
    return b"".join(blocks)


def _read(error: urllib.error.HTTPError) -> bytes:
    """The body of an error answer; its connection is closed at once."""
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        error.close()


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _timed_out(method: str, url: str, retries: int, timeout: float) -> EndpointError:
    earlier = f" (after {retries} failed attempts)" if retries else ""
    return EndpointError(
        f"{method} {url}: no complete answer within {timeout:g} s{earlier}; not sent again",
        hint="the server may be stuck or still working on the request: check it, then raise --timeout, "
        "or lower --chunk-size so that each request does less work",
    )


def _unreachable(url: str, reason: object, retries: int) -> EndpointError:
    return EndpointError(
        f"cannot reach {url}: {reason} (tried {retries + 1} times)",
        hint="check that the server is running and that the URL, host and port are right",
    )


def _status_error(
    method: str, url: str, status: int, location: str | None, payload: bytes, auth: Authenticator
) -> EndpointError:
    said = " ".join(payload.decode("utf-8", "replace").split())[:400]
    detail = f": {said}" if said else ""
    where = f"{method} {url}"
    if 300 <= status < 400:
        return EndpointError(
            f"{where} was redirected (HTTP {status}) to {location}",
            hint="use the URL it redirects to",
            status=status,
        )
    if status == 401:
        credentials = auth.credentials
        if credentials is None:
            return EndpointError(f"{where} needs credentials (HTTP 401)", hint=CREDENTIALS_HINT, status=status)
        return EndpointError(
            f"{where}: the server refused the credentials of user {credentials.user!r} "
            f"from {credentials.origin} (HTTP 401)",
            hint="check the user name and password; " + CREDENTIALS_HINT,
            status=status,
        )
    if status == 403:
        return EndpointError(
            f"{where}: forbidden (HTTP 403){detail}",
            hint="use an account that may read and update this endpoint "
            "(Virtuoso: the SPARQL_UPDATE role; GraphDB: write access to the repository)",
            status=status,
        )
    if status == 404:
        return EndpointError(
            f"{where}: no such service (HTTP 404){detail}",
            hint="check the URL; see docs/triple-stores.md (Servers) for each server's query, "
            "update and graph store URLs",
            status=status,
        )
    if status == 413:
        return EndpointError(
            f"{where}: the request is too large for the server (HTTP 413)",
            hint="lower --chunk-size, or raise the server's request size limit",
            status=status,
        )
    return EndpointError(
        f"{where} failed (HTTP {status}){detail}",
        hint="read the server's message above; if it is busy or restarting, try again",
        status=status,
    )
