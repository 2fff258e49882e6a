"""A tiny HTTP proxy on 127.0.0.1 that forwards to a real server and injects faults on request.

``fault(method, path)`` is asked before each request is forwarded. It returns None to forward the
request, an HTTP status to answer with instead (and an empty body), ``DROP`` to close the
connection without answering, as a server that dies does, ``LOSE_ANSWER`` to forward the
request and then close the connection without passing the answer on, ``STALL`` to keep the
connection open and never answer (a server stuck in a query), or ``TRICKLE`` to answer 200 and
then send one byte of body every 0.05 s, without end, until the proxy is closed. It may also act,
e.g. stop the server.
When the upstream server cannot be reached the proxy drops the connection too.
"""

from __future__ import annotations

import base64
import contextlib
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DROP = -1
LOSE_ANSWER = -2
STALL = -3
TRICKLE = -4
Fault = Callable[[str, str], "int | None"]


class FaultProxy:
    def __init__(self, upstream: str, fault: Fault, *, require_basic: str | None = None) -> None:
        """``upstream`` is ``http://host:port``; ``require_basic`` a ``user:password`` the proxy demands."""
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy.requests.append((self.command, self.path))
                if require_basic is not None and not proxy.authorised(self.headers.get("Authorization")):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                action = fault(self.command, self.path)
                if action == STALL:
                    proxy.closing.wait()
                    return
                if action == TRICKLE:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.end_headers()
                    with contextlib.suppress(OSError):
                        while not proxy.closing.wait(0.05):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                    return
                if action == DROP:
                    self.close_connection = True
                    self.connection.close()
                    return
                if action is not None and action != LOSE_ANSWER:
                    self.send_response(action)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                forwarded = urllib.request.Request(upstream + self.path, data=body, method=self.command)
                for name in ("Content-Type", "Accept"):
                    if self.headers.get(name):
                        forwarded.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(forwarded, timeout=60) as answer:
                        status, content_type, payload = answer.status, answer.headers.get("Content-Type"), answer.read()
                except urllib.error.HTTPError as error:
                    status, content_type, payload = error.code, error.headers.get("Content-Type"), error.read()
                except (urllib.error.URLError, OSError):
                    action = DROP
                if action in {DROP, LOSE_ANSWER}:
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.require_basic = require_basic
        self.closing = threading.Event()
        self.requests: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def authorised(self, header: str | None) -> bool:
        expected = "Basic " + base64.b64encode((self.require_basic or "").encode()).decode()
        return header == expected

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
