"""``vkg serve``: the release on a local, read-only SPARQL 1.1 endpoint, with a query page.

The release (assembled from ``ontology/`` as ``vkg query`` does, or a ``--data`` file) is bulk-loaded
into a temporary on-disk Oxigraph store, as one named graph (its version IRI) that is also the
default graph (``--union-default-graph``), so the competency questions of ``queries/cq/`` run
unchanged. Then ``oxigraph serve-read-only`` (the ``oxigraph`` package's server, the same Oxigraph
version as pyoxigraph, so it reads the store pyoxigraph wrote) serves it: ``GET /`` is Oxigraph's
query page (Yasgui), ``/query`` the SPARQL 1.1 protocol endpoint. Nothing can change the data.

The server binds 127.0.0.1 unless told otherwise. Ctrl-C, SIGTERM or SIGHUP stop it: the server
process is stopped (and killed if it does not stop within 10 s) and the temporary store removed. On
Linux the server also gets SIGTERM if ``vkg`` itself dies, so no orphan keeps the port.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import quote

import pyoxigraph as ox

from ..errors import EnvironmentProblem, InputError
from . import DEFAULT_PORT

DEFAULT_GRAPH = "https://w3id.org/vertebroplasty-kg/release"
"""The named graph of data that gives no version IRI."""
READY_SECONDS = 30.0
STOP_SECONDS = 10.0


class _Stop(Exception):
    """A signal asked the server to stop."""


@dataclass(frozen=True)
class Endpoint:
    """Where the running server answers."""

    base: str

    @property
    def query_page(self) -> str:
        return self.base + "/"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    def page_for(self, query: str) -> str:
        """The query page with ``query`` in its editor, to run on this endpoint (Yasgui reads both from
        the address; without ``endpoint=`` Oxigraph's page would post to an address built from it)."""
        return f"{self.base}/?endpoint={quote(self.query_url, safe='')}&query={quote(query, safe='')}"


def find_oxigraph() -> str:
    """The ``oxigraph`` program: next to this Python (the ``oxigraph`` package), else on PATH."""
    for candidate in (Path(sys.executable).parent / "oxigraph", shutil.which("oxigraph")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise EnvironmentProblem(
        "the `oxigraph` server program was not found",
        hint="install it into this environment: pip install 'oxigraph==0.5.13' (the same version as pyoxigraph)",
    )


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _wait_until_ready(process: subprocess.Popen[bytes], endpoint: Endpoint, log: Path) -> None:
    import urllib.error  # imported here: only the check of a running server needs it
    import urllib.request

    deadline = time.monotonic() + READY_SECONDS
    probe = endpoint.query_url + "?query=" + quote("ASK {}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines()
            detail = lines[-1] if lines else f"exit code {process.returncode}"
            raise EnvironmentProblem(
                f"the SPARQL server stopped at once: {detail}",
                hint="is the port in use? choose another with --port (or --port 0 for any free port)",
            )
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise EnvironmentProblem(
        f"the SPARQL server did not answer within {READY_SECONDS:.0f} s", hint="see `oxigraph serve-read-only --help`"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signum)


def serve(
    triples: Sequence[ox.Triple],
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    say: Callable[[str], None] = print,
    ready: Callable[[Endpoint], None] | None = None,
) -> int:
    """Serve ``triples`` until a signal stops the server; return the server's exit code (0 when stopped).

    ``say`` prints the addresses; ``ready`` (for tests and callers) is called once the endpoint answers.
    """
    program = find_oxigraph()
    from .embedded import load_embedded
    from .release_load import version_iri

    graph = version_iri(triples) or DEFAULT_GRAPH
    workdir = Path(tempfile.mkdtemp(prefix="vkg-serve-"))
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    process: subprocess.Popen[bytes] | None = None
    try:
        for sig in handlers:
            signal.signal(sig, _raise_stop)
        store = workdir / "store"
        report = load_embedded(store, triples, graph)
        if port == 0:
            port = free_port(host)
        endpoint = Endpoint(f"http://{_url_host(host)}:{port}")
        log = workdir / "server.log"
        command = [program, "serve-read-only", "--location", str(store), "--bind", f"{_url_host(host)}:{port}"]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, "--union-default-graph"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        _wait_until_ready(process, endpoint, log)
        say(f"serving {report.triples} triples, read-only, as graph <{graph}> (also the default graph)")
        say(f"query page:      {endpoint.query_page}")
        say(f"SPARQL endpoint: {endpoint.query_url}")
        say(f"server process {process.pid}, temporary store {store} (removed on exit)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            say(f"warning: bound to {host}: other machines that reach this address can query the release")
        say("press Ctrl-C to stop")
        if ready is not None:
            ready(endpoint)
        code = process.wait()
        raise EnvironmentProblem(
            f"the SPARQL server stopped by itself (exit code {code}): "
            + " ".join(log.read_text(errors="replace").split()[-20:]),
            hint="run again; see the message above",
        )
    except (KeyboardInterrupt, _Stop):
        say("stopping")
        return 0
    finally:
        if process is not None:
            _stop(process)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        shutil.rmtree(workdir, ignore_errors=True)


def check_bind(host: str, port: int) -> None:
    if not 0 <= port <= 65535:
        raise InputError("--port", f"not a TCP port: {port}", hint="give 1-65535, or 0 for any free port")
    if not host or any(c.isspace() for c in host):
        raise InputError("--bind", f"not a host: {host!r}", hint="give an address such as 127.0.0.1")
    if port:
        _refuse_taken(host, port)


def _refuse_taken(host: str, port: int) -> None:
    """An error if ``host:port`` cannot be bound now: otherwise the readiness probe could reach the
    server already there and report it as ours."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InputError(
                    "--port",
                    f"port {port} on {host} is in use",
                    hint="choose another with --port, or --port 0 for any free port",
                ) from error
            raise InputError(
                "--bind",
                f"cannot listen on {host}:{port}: {error.strerror or error}",
                hint="give an address of this machine, such as 127.0.0.1",
            ) from error
