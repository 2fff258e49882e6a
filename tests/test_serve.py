"""``vkg serve``: a read-only SPARQL 1.1 endpoint on 127.0.0.1 that answers the competency questions
as the embedded store does, a query page that headless Chromium loads, and a clean stop on SIGTERM
or Ctrl-C (SIGINT): exit code 0, no server process left, the temporary store removed."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.browser import Chromium
from test_competency_questions import sorted_tsv
from vertebroplasty_kg.inputs.questions import read_question
from vertebroplasty_kg.query.parameters import bindings
from vertebroplasty_kg.stores.remote.endpoint import RemoteEndpoint
from vertebroplasty_kg.stores.serve import Endpoint
from vertebroplasty_kg.stores.store import select

pytestmark = [pytest.mark.server]

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ["hedged-claims", "concept-card", "conflicting-claims"]


@dataclass
class Served:
    process: subprocess.Popen[str]
    endpoint: Endpoint
    server_pid: int
    store: Path
    output: list[str]

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=20)
        assert self.process.stdout is not None
        self.output += self.process.stdout.read().splitlines()
        return code


def start(data: Path, *extra: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "vertebroplasty_kg", "serve", "--data", str(data), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("press Ctrl-C"):
            break
    text = "\n".join(lines)
    found = re.search(r"query page: +(http://\S+)/\n", text)
    pid = re.search(r"server process (\d+), temporary store (\S+) ", text)
    if not (found and pid):
        process.kill()
        pytest.fail(f"vkg serve did not start:\n{text}")
    return Served(process, Endpoint(found[1]), int(pid[1]), Path(pid[2]), lines)


def golden_rows(name: str) -> list[str]:
    return (ROOT / "tests" / "golden" / "cq" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[1:]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it holds no port and no files
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.fixture(scope="module")
def served(release_dir: Path) -> Iterator[Served]:
    server = start(release_dir / "vertebroplasty-kg.nt")
    yield server
    if server.process.poll() is None:
        server.stop(signal.SIGTERM)


def test_it_listens_on_loopback_only_by_default(served: Served) -> None:
    assert re.fullmatch(r"serving \d+ triples, read-only, as graph <\S+> \(also the default graph\)", served.output[0])
    assert served.endpoint.base.startswith("http://127.0.0.1:")
    port = int(served.endpoint.base.rsplit(":", 1)[1])
    listening = [
        line.split()[1]
        for table in ("/proc/net/tcp", "/proc/net/tcp6")
        if Path(table).exists()
        for line in Path(table).read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].rsplit(":", 1)[1], 16) == port
    ]
    assert listening == [f"0100007F:{port:04X}"], "the server listens on more than 127.0.0.1"


@pytest.mark.parametrize("name", QUESTIONS)
def test_it_answers_a_competency_question_as_the_golden_file(served: Served, name: str) -> None:
    question = read_question(ROOT / "queries" / "cq" / f"{name}.rq")
    target = RemoteEndpoint.connect(served.endpoint.query_url)
    answer = select(target, question.text, bindings(question, {}), where=question.where)
    golden = (ROOT / "tests" / "golden" / "cq" / f"{name}.tsv").read_text(encoding="utf-8")
    assert sorted_tsv(answer) == golden


def test_it_is_read_only(served: Served) -> None:
    request = urllib.request.Request(
        served.endpoint.base + "/update",
        data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (403, 405)


@pytest.mark.browser
def test_chromium_loads_the_query_page_with_a_question(chromium: Chromium, served: Served) -> None:
    query = (ROOT / "queries" / "cq" / "hedged-claims.rq").read_text(encoding="utf-8")
    with chromium.new_page() as page:
        page.goto(served.endpoint.page_for(query))
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15)
        editor = page.evaluate("() => document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")
        assert "SELECT" in editor and "hasCertainty" in editor
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr .dataTable tbody tr", timeout=15)
        rows = page.count(".yasr .dataTable tbody tr")
        errors = list(page.errors)
    assert rows == len(golden_rows("hedged-claims"))
    # Yasgui fetches prefix suggestions from prefix.cc, which this closed network cannot reach
    local = [
        e for e in errors if "ERR_NAME_NOT_RESOLVED" not in e and not e.startswith("request failed: http://prefix.cc/")
    ]
    assert local == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_it_stops_cleanly(release_dir: Path, signum: int) -> None:
    server = start(release_dir / "vertebroplasty-kg.nt")
    assert alive(server.server_pid) and server.store.is_dir()
    assert server.stop(signum) == 0
    deadline = time.monotonic() + 10
    while alive(server.server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(server.server_pid), "the oxigraph server outlived vkg serve"
    assert not server.store.parent.exists(), "the temporary store was left behind"
    assert server.output[-1] == "stopping"


def _serve_on(release_dir: Path, port: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "vertebroplasty_kg", "serve", "--data", str(release_dir / "vertebroplasty-kg.nt")]
    return subprocess.run([*command, "--port", str(port)], capture_output=True, text=True, timeout=60, check=False)


def test_a_port_in_use_is_a_clear_error(release_dir: Path) -> None:
    """Refused before anything starts: no "serving" line, no server output, the port named."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        result = _serve_on(release_dir, port)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: --port: port {port} on 127.0.0.1 is in use\n"), result.stderr
    assert "hint: choose another with --port" in result.stderr


def test_a_port_another_vkg_serve_holds_is_refused(served: Served, release_dir: Path) -> None:
    """The readiness probe must not mistake the running server for the new one."""
    port = int(served.endpoint.base.rsplit(":", 1)[1])
    result = _serve_on(release_dir, port)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "serving" not in result.stdout and "backtrace" not in result.stderr
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
