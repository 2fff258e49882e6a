"""A server that never answers, or answers without end, cannot hold the SPARQL client.

``timeout`` (``--timeout``) bounds the whole answer, not each read; a request that timed out is
not sent again (a stuck server would only get more of them), and the error says what happened.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from support.fault_proxy import STALL, TRICKLE, FaultProxy
from support.servers import free_port
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint
from vertebroplasty_kg.stores.remote.http import EndpointError, HttpClient

TIMEOUT = 0.5
GIVE_UP = 60.0
"""How long the test waits for the client before calling it hung (far above TIMEOUT: not a speed test)."""


@pytest.fixture(params=[STALL, TRICKLE], ids=["never-answers", "answers-without-end"])
def stuck(request: pytest.FixtureRequest) -> Iterator[FaultProxy]:
    action = request.param
    proxy = FaultProxy(f"http://127.0.0.1:{free_port()}", lambda method, path: action)
    yield proxy
    proxy.close()


def error_of(call: Callable[[], object]) -> EndpointError:
    """The EndpointError that ``call`` raises, run in a thread so that a hung client fails the test."""
    raised: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test thread
            raised.append(error)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(GIVE_UP)
    assert not worker.is_alive(), f"the client still waits after {GIVE_UP:g} s with a timeout of {TIMEOUT:g} s"
    assert len(raised) == 1 and isinstance(raised[0], EndpointError), raised
    return raised[0]


def client(url: str) -> RemoteEndpoint:
    return RemoteEndpoint(EndpointUrls(url, url), HttpClient(None, timeout=TIMEOUT, retries=4, backoff=0.01))


def test_a_query_times_out_once_with_a_clear_error(stuck: FaultProxy) -> None:
    url = stuck.url + "/sparql"
    error = error_of(lambda: client(url).run("ASK {}"))
    assert error.message == f"POST {url}: no complete answer within {TIMEOUT:g} s; not sent again"
    assert "the server may be stuck" in (error.hint or "")
    assert error.status is None
    assert stuck.requests == [("POST", "/sparql")]  # once, although 4 retries are allowed


def test_an_update_times_out_the_same_way(stuck: FaultProxy) -> None:
    url = stuck.url + "/update"
    error = error_of(lambda: client(url).update("CLEAR SILENT DEFAULT"))
    assert "no complete answer within 0.5 s; not sent again" in error.message
    assert stuck.requests == [("POST", "/update")]
