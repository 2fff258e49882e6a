"""Start and stop throw-away SPARQL servers on 127.0.0.1 for the integration tests and benchmarks.

Each server lives in its own temporary directory, listens on free loopback ports and is stopped
by ``stop()``. A missing program raises :class:`ServerUnavailable` with the command that installs
it: the tests fail loudly instead of skipping, because CI installs both servers (see ``.ci/run``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

VIRTUOSO_INI = Path(__file__).with_name("virtuoso.ini.template")
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # a fresh Virtuoso database always starts with dba/dba


class ServerUnavailable(RuntimeError):
    """A server program is not installed, or it did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _program(name: str, install: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise ServerUnavailable(f"{name} is not installed; install it with: {install}")
    return found


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerUnavailable(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    process.kill()
    raise ServerUnavailable(f"server did not answer {url} within {seconds} s:\n{log.read_text(errors='replace')}")


@dataclass
class Server:
    """A running server and the URLs a client needs."""

    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    process: subprocess.Popen[bytes]
    workdir: Path
    user: str | None = None
    password: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the server -- killing it if it does not stop in time -- and delete its directory.

        A Virtuoso that is stuck in a query ignores ``shutdown`` too; it is killed when ``isql``
        gets no answer within 30 s.
        """
        if self.process.poll() is None:
            grace = 20.0
            if "isql" in self.extra:
                shutdown = [self.extra["isql"], self.extra["sql_address"], VIRTUOSO_USER, VIRTUOSO_PASSWORD]
                try:
                    subprocess.run([*shutdown, "exec=shutdown;"], capture_output=True, timeout=30, check=False)
                except subprocess.TimeoutExpired:
                    grace = 0.0
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_oxigraph(*, in_memory: bool = False, location: Path | None = None) -> Server:
    """``oxigraph serve`` (from the ``oxigraph`` PyPI package) on a free loopback port.

    The database lives in the server's working directory, or in ``location`` (kept when the
    server stops, so that a test can start a server on it again).
    """
    program = _program("oxigraph", "pip install 'oxigraph==0.5.13'")
    workdir = Path(tempfile.mkdtemp(prefix="vkg-oxigraph-"))
    port = free_port()
    command = [program, "serve", "--bind", f"127.0.0.1:{port}"]
    if not in_memory:
        command += ["--location", str(location or workdir / "db")]
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait_until_ready(process, f"{base}/query?query=ASK%7B%7D", log, seconds=30)
    return Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process, workdir)


def start_virtuoso() -> Server:
    """Virtuoso Open Source (Debian's ``virtuoso-opensource``) with a fresh database on free loopback ports.

    The ini raises ``ResultSetMaxRows`` (Debian's 10,000 silently truncates results). Updates and the
    Graph Store Protocol need the digest-authenticated endpoints, as user dba.
    """
    install = "apt-get install virtuoso-opensource"
    program = _program("virtuoso-t", install)
    isql = _program("isql-vt", install)
    workdir = Path(tempfile.mkdtemp(prefix="vkg-virtuoso-"))
    (workdir / "db").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = Template(VIRTUOSO_INI.read_text(encoding="utf-8")).substitute(
        dir=workdir, sql_port=sql_port, http_port=http_port
    )
    (workdir / "virtuoso.ini").write_text(ini, encoding="utf-8")
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [program, "+configfile", str(workdir / "virtuoso.ini"), "+foreground"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    base = f"http://127.0.0.1:{http_port}"
    _wait_until_ready(process, f"{base}/sparql?query=ASK%7B%7D", log, seconds=120)
    return Server(
        "virtuoso",
        f"{base}/sparql-auth",
        f"{base}/sparql-auth",
        f"{base}/sparql-graph-crud-auth",
        process,
        workdir,
        user=VIRTUOSO_USER,
        password=VIRTUOSO_PASSWORD,
        extra={"isql": isql, "sql_address": f"127.0.0.1:{sql_port}"},
    )
