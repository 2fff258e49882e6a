"""Credentials come from the environment or netrc, never the URL; Digest answers match RFC 2617."""

from __future__ import annotations

from pathlib import Path

import pytest

from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.stores.remote import auth as http_auth
from vertebroplasty_kg.stores.remote.auth import Authenticator, Credentials, credentials_for

URL = "http://db.example.org:8890/sparql"


def test_environment_first(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example.org login other password secret\n")
    env = {"VKG_ENDPOINT_USER": "dba", "VKG_ENDPOINT_PASSWORD": "pw", "NETRC": str(netrc)}
    assert credentials_for(URL, env) == Credentials("dba", "pw", "the environment")


def test_netrc_by_host(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example.org login reader password secret\n")
    assert credentials_for(URL, {"NETRC": str(netrc)}) == Credentials("reader", "secret", str(netrc))
    assert credentials_for("http://elsewhere.example.org/sparql", {"NETRC": str(netrc)}) is None


def test_no_credentials(tmp_path: Path) -> None:
    assert credentials_for(URL, {"NETRC": str(tmp_path / "missing")}) is None


def test_half_the_environment_is_an_error() -> None:
    with pytest.raises(InputError, match="VKG_ENDPOINT_PASSWORD is not set"):
        credentials_for(URL, {"VKG_ENDPOINT_USER": "dba"})


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(InputError, match=r"credentials in the URL are not accepted: http://\*\*\*@db"):
        credentials_for("http://dba:dba@db.example.org/sparql", {})


def test_broken_netrc_names_its_line(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example.org login reader password secret\nbogus token\n")
    with pytest.raises(InputError) as caught:
        credentials_for(URL, {"NETRC": str(netrc)})
    assert caught.value.line == 2


def test_digest_response_of_rfc_2617(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_auth.secrets, "token_hex", lambda _: "0a4f113b")
    auth = Authenticator(Credentials("Mufasa", "Circle Of Life", "test"))
    challenge = (
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    assert auth.accept([challenge])
    header = auth.header("GET", "http://www.nowhere.org/dir/index.html")
    assert header is not None
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert "nc=00000001" in header and 'uri="/dir/index.html"' in header
    assert "nc=00000002" in (auth.header("GET", "http://www.nowhere.org/dir/index.html") or "")


def test_basic_and_no_credentials() -> None:
    basic = Authenticator(Credentials("Aladdin", "open sesame", "test"))
    assert basic.header("GET", URL) is None  # nothing is sent before the server asks
    assert basic.accept(['Basic realm="x"'])
    assert basic.header("GET", URL) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert not Authenticator(None).accept(['Basic realm="x"'])
    assert not Authenticator(Credentials("a", "b", "test")).accept(["Negotiate abc"])
