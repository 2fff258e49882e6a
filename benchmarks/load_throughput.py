"""Load throughput (triples/s) of ``vkg load`` into the embedded store, Oxigraph server and Virtuoso.

Inputs: the release (as ``vkg load`` assembles it) and a synthetic N-Triples file of about a
million triples, generated deterministically here (same seed, same bytes). Every run loads into a
fresh store or a freshly started server, through the same code as ``vkg load``: staging graph,
count, ``MOVE``. Server start-up is not timed. Prints a Markdown table of medians and each
target's throughput as a ratio of the embedded store's, measured in the same run.

    python benchmarks/load_throughput.py [--triples 1000000] [--runs 3] [--release-runs 5]

Needs ``oxigraph`` (pip, the test extra) and Virtuoso (``apt-get install virtuoso-opensource``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.servers import Server, start_oxigraph, start_virtuoso  # noqa: E402
from vertebroplasty_kg.project import Project  # noqa: E402
from vertebroplasty_kg.release.assembly import reasoned_release  # noqa: E402
from vertebroplasty_kg.stores.embedded import load_embedded  # noqa: E402
from vertebroplasty_kg.stores.release_load import read_triples, version_iri  # noqa: E402
from vertebroplasty_kg.stores.remote.auth import Credentials  # noqa: E402
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint  # noqa: E402
from vertebroplasty_kg.stores.remote.http import HttpClient  # noqa: E402
from vertebroplasty_kg.stores.remote.load import load_remote  # noqa: E402

SYNTHETIC_GRAPH = "https://example.org/benchmark/synthetic"
EX = "https://example.org/benchmark/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def synthetic(path: Path, triples: int, seed: int = 20240601) -> None:
    """Procedure records of 10 triples each, with IRIs, typed and language-tagged literals and blank nodes."""
    rng = random.Random(seed)
    levels = [f"{region}{n}" for region, count in (("C", 7), ("T", 12), ("L", 5)) for n in range(1, count + 1)]
    with path.open("w", encoding="utf-8") as out:
        for record in range(triples // 10):
            s = f"<{EX}procedure/{record}>"
            out.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Procedure{rng.randrange(48)}> .\n")
            out.write(f"{s} <{EX}patient> <{EX}patient/{rng.randrange(triples // 40 or 1)}> .\n")
            out.write(f'{s} <{EX}level> "{rng.choice(levels)}" .\n')
            out.write(f'{s} <{EX}cementVolume> "{rng.randrange(10, 90) / 10}"^^<{XSD}decimal> .\n')
            out.write(f'{s} <{EX}fractureAgeDays> "{rng.randrange(1, 400)}"^^<{XSD}integer> .\n')
            date = f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
            out.write(f'{s} <{EX}date> "{date}"^^<{XSD}date> .\n')
            out.write(f'{s} <{EX}painBefore> "{rng.randrange(11)}"^^<{XSD}integer> .\n')
            out.write(f'{s} <{EX}note> "record {record} of the synthetic benchmark set"@en .\n')
            out.write(f"{s} <{EX}outcome> _:o{record} .\n")
            out.write(f'_:o{record} <{EX}painAfter> "{rng.randrange(11)}"^^<{XSD}integer> .\n')


Prepared = tuple[Callable[[], int], Callable[[], None]]
"""A load ready to time (it returns the triples it loaded) and the clean-up after it."""


class TimedEndpoint(RemoteEndpoint):
    """Adds up the seconds spent sending data, counting and swapping (``MOVE``)."""

    phases: dict[str, float]

    def _timed(self, phase: str, call: Callable[[], object]) -> object:
        start = time.perf_counter()
        try:
            return call()
        finally:
            self.phases[phase] = self.phases.get(phase, 0.0) + time.perf_counter() - start

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        self._timed("send", lambda: super(TimedEndpoint, self).put_graph(graph, ntriples))

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        self._timed("send", lambda: super(TimedEndpoint, self).post_graph(graph, ntriples))

    def update(self, update: str, *, retry: bool = True) -> None:
        self._timed("swap", lambda: super(TimedEndpoint, self).update(update, retry=retry))

    def count(self, graph: str) -> int:
        result = self._timed("count", lambda: super(TimedEndpoint, self).count(graph))
        assert isinstance(result, int)
        return result


PHASES: dict[str, list[dict[str, float]]] = {}


def client(server: Server) -> TimedEndpoint:
    credentials = Credentials(server.user, server.password, "benchmark") if server.user and server.password else None
    urls = EndpointUrls(server.query_url, server.update_url, server.graph_store_url)
    endpoint = TimedEndpoint(urls, HttpClient(credentials, timeout=600))
    endpoint.phases = {}
    return endpoint


def into_embedded(triples: Sequence[ox.Triple], graph: str) -> Callable[[], Prepared]:
    def prepare() -> Prepared:
        directory = Path(tempfile.mkdtemp(prefix="vkg-bench-"))
        return (
            lambda: load_embedded(directory / "store", triples, graph).triples,
            lambda: shutil.rmtree(directory, ignore_errors=True),
        )

    return prepare


def into_server(
    name: str, start: Callable[[], Server], triples: Sequence[ox.Triple], graph: str
) -> Callable[[], Prepared]:
    def prepare() -> Prepared:
        server = start()
        target = client(server)
        PHASES.setdefault(f"{name}, {len(triples):,} triples", []).append(target.phases)
        return (lambda: load_remote(target, triples, graph).triples, server.stop)

    return prepare


def rates(prepare: Callable[[], Prepared], runs: int) -> list[float]:
    """Triples/s of ``runs`` loads, each into a fresh store; preparing and cleaning up are not timed."""
    measured = []
    for _ in range(runs):
        load, clean_up = prepare()
        try:
            start = time.perf_counter()
            loaded = load()
            measured.append(loaded / (time.perf_counter() - start))
        finally:
            clean_up()
    return measured


def measure(name: str, triples: Sequence[ox.Triple], graph: str, runs: int) -> dict[str, list[float]]:
    print(f"{name}: {len(triples)} triples, {runs} runs per target", file=sys.stderr)
    servers: dict[str, Callable[[], Server]] = {
        "oxigraph serve, on disk (GSP)": start_oxigraph,
        "oxigraph serve, in memory (GSP)": lambda: start_oxigraph(in_memory=True),
        "Virtuoso 7.2 (GSP, digest auth)": start_virtuoso,
    }
    targets = {"embedded store (pyoxigraph, on disk)": into_embedded(triples, graph)}
    targets |= {target: into_server(target, start, triples, graph) for target, start in servers.items()}
    results = {}
    for target, prepare in targets.items():
        results[target] = rates(prepare, runs)
        print(f"  {target}: {statistics.median(results[target]):,.0f} triples/s", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic file")
    parser.add_argument("--runs", type=int, default=3, help="runs per target for the synthetic file")
    parser.add_argument("--release-runs", type=int, default=5, help="runs per target for the release")
    options = parser.parse_args()

    release = reasoned_release(Project.at(ROOT)).triples
    release_graph = version_iri(release)
    assert release_graph is not None
    with tempfile.TemporaryDirectory(prefix="vkg-bench-data-") as directory:
        data = Path(directory) / "synthetic.nt"
        synthetic(data, options.triples)
        big = read_triples(data)
    tables = {
        f"release ({len(release):,} triples)": measure("release", release, release_graph, options.release_runs),
        f"synthetic ({len(big):,} triples)": measure("synthetic", big, SYNTHETIC_GRAPH, options.runs),
    }
    print("| input | target | median triples/s | runs | vs embedded |")
    print("|---|---|---|---|---|")
    for name, results in tables.items():
        baseline = statistics.median(next(iter(results.values())))
        for target, rates in results.items():
            median = statistics.median(rates)
            print(f"| {name} | {target} | {median:,.0f} | {len(rates)} | {median / baseline:.2f}x |")
    print()
    print("| server load | send s | count s | swap (MOVE) s |")
    print("|---|---|---|---|")
    for load, runs in PHASES.items():
        medians = [statistics.median(run.get(phase, 0.0) for run in runs) for phase in ("send", "count", "swap")]
        print(f"| {load} | " + " | ".join(f"{value:.2f}" for value in medians) + " |")


if __name__ == "__main__":
    main()
