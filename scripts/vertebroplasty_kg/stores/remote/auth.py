"""Credentials for a SPARQL endpoint, and the HTTP Basic and Digest ``Authorization`` headers.

Credentials come from the environment (``VKG_ENDPOINT_USER`` and ``VKG_ENDPOINT_PASSWORD``) or,
when those are unset, from a netrc file (the file ``NETRC`` names, else ``~/.netrc``) entry for the
endpoint's host -- never from the command line, where they would show in process listings and
shell history. The scheme is the one the server asks for in its ``WWW-Authenticate`` challenge.
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError, redact

USER_VARIABLE = "VKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "VKG_ENDPOINT_PASSWORD"
NETRC_VARIABLE = "NETRC"
CREDENTIALS_HINT = (
    f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment, or add "
    f"'machine HOST login USER password PASSWORD' to ~/.netrc (or the file ${NETRC_VARIABLE} names)"
)


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    origin: str
    """Where they came from, for messages: the environment or a netrc file."""


def refuse_userinfo(url: str, option: str) -> None:
    """Refuse ``url`` when it carries ``user:password@``, naming ``option`` and never the password."""
    try:
        parts = urllib.parse.urlsplit(url)
        has_userinfo = "@" in parts.netloc
    except ValueError:
        has_userinfo = "@" in url
    if has_userinfo:
        raise InputError(
            option,
            f"credentials in the URL are not accepted: {redact(url)}",
            hint="remove USER:PASSWORD@ from the URL; " + CREDENTIALS_HINT,
        )


def credentials_for(url: str, environ: dict[str, str] | None = None) -> Credentials | None:
    """The credentials to use for ``url``, or None when none are configured."""
    env = dict(os.environ if environ is None else environ)
    refuse_userinfo(url, "the endpoint URL")
    parts = urllib.parse.urlsplit(url)
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user is not None or password is not None:
        if user is None or password is None:
            missing = USER_VARIABLE if user is None else PASSWORD_VARIABLE
            hint = f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither"
            raise InputError("environment", f"{missing} is not set", hint=hint)
        return Credentials(user, password, "the environment")
    path = Path(env[NETRC_VARIABLE]) if NETRC_VARIABLE in env else Path.home() / ".netrc"
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(parts.hostname or "")
    except netrc.NetrcParseError as error:
        raise InputError(
            error.filename or path, f"unreadable netrc file: {error.msg}", line=error.lineno, hint="fix that line"
        ) from error
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from error
    if entry is None:
        return None
    login, _account, secret = entry
    return Credentials(login or "", secret or "", str(path))


@dataclass
class Authenticator:
    """Answers ``WWW-Authenticate`` challenges, and reuses the last one for later requests."""

    credentials: Credentials | None
    scheme: str | None = None
    challenge: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def accept(self, headers: list[str]) -> bool:
        """Take the server's challenge; False when it cannot be answered (no credentials, unknown scheme)."""
        if self.credentials is None:
            return False
        for header in headers:
            scheme, _, rest = header.strip().partition(" ")
            if scheme.lower() == "digest":
                self.scheme, self.count = "digest", 0
                self.challenge = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
                return True
        if any(header.strip().lower().startswith("basic") for header in headers):
            self.scheme = "basic"
            return True
        return False

    def header(self, method: str, url: str) -> str | None:
        """The ``Authorization`` header for a request, once a challenge was accepted."""
        if self.credentials is None or self.scheme is None:
            return None
        user, password = self.credentials.user, self.credentials.password
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return self._digest(method, url, user, password)

    def _digest(self, method: str, url: str, user: str, password: str) -> str:
        uri = urllib.request.Request(url).selector  # the request target exactly as urllib sends it
        realm, nonce = self.challenge.get("realm", ""), self.challenge.get("nonce", "")
        algorithm = self.challenge.get("algorithm", "MD5")
        digest = _DIGESTS.get(algorithm.upper().removesuffix("-SESS"))
        if digest is None:
            raise InputError("endpoint", f"the server asks for digest algorithm {algorithm}, which is not supported")
        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = digest(f"{user}:{realm}:{password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = digest(f"{ha1}:{nonce}:{cnonce}")
        ha2 = digest(f"{method}:{uri}")
        qops = [qop.strip() for qop in self.challenge.get("qop", "").split(",") if qop.strip()]
        fields = {"username": user, "realm": realm, "nonce": nonce, "uri": uri, "algorithm": algorithm}
        if "auth" in qops:
            fields |= {"qop": "auth", "nc": nc, "cnonce": cnonce}
            fields["response"] = digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            fields["response"] = digest(f"{ha1}:{nonce}:{ha2}")
        if "opaque" in self.challenge:
            fields["opaque"] = self.challenge["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        return "Digest " + ", ".join(
            f"{key}={value}" if key in unquoted else f'{key}="{value}"' for key, value in fields.items()
        )


_DIGESTS = {
    "MD5": lambda text: hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
    "SHA-256": lambda text: hashlib.sha256(text.encode()).hexdigest(),
}
