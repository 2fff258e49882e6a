"""Median latency of every competency question on pyoxigraph and on rdflib, measured in one run.

    .venv/bin/python benchmarks/query_latency.py [--repeat N]

Both engines hold the same release, assembled in memory from ontology/; each question runs once to
warm up, then N times with its default parameters. Prints a Markdown table of medians in
milliseconds and the ratio rdflib / pyoxigraph.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import rdflib

from vertebroplasty_kg.inputs.questions import all_questions
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.query.parameters import bindings
from vertebroplasty_kg.rdf.parsing import to_rdflib
from vertebroplasty_kg.release.assembly import reasoned_release
from vertebroplasty_kg.stores.memory import MemoryStore
from vertebroplasty_kg.stores.rdflib_store import RdflibStore

ROOT = Path(__file__).resolve().parents[1]


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm up (rdflib compiles its query machinery on the first call)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per question and engine (default 9)")
    args = parser.parse_args()

    project = Project.at(ROOT)
    release = reasoned_release(project)
    start = time.perf_counter()
    oxigraph = MemoryStore.from_triples(release.triples, "pyoxigraph")
    load_ox = 1000 * (time.perf_counter() - start)
    start = time.perf_counter()
    rdf = RdflibStore(to_rdflib(release.triples))
    load_rdflib = 1000 * (time.perf_counter() - start)

    print(f"{len(release)} triples; Python {platform.python_version()}, pyoxigraph {ox.__version__}, ", end="")
    print(f"rdflib {rdflib.__version__}; median of {args.repeat} runs after one warm-up\n")
    print(f"loading the release: pyoxigraph {load_ox:.1f} ms, rdflib {load_rdflib:.1f} ms\n")
    print("| question | rows | pyoxigraph ms | rdflib ms | rdflib / pyoxigraph |")
    print("|---|---:|---:|---:|---:|")
    ratios = []
    for question in all_questions(project):
        on_oxigraph = partial(oxigraph.run, question.text, bindings(question, {}), where=question.name)
        on_rdflib = partial(rdf.run, question.text, bindings(question, {}), where=question.name)
        rows = len(on_oxigraph())
        fast = median_ms(on_oxigraph, args.repeat)
        slow = median_ms(on_rdflib, args.repeat)
        ratios.append(slow / fast)
        print(f"| {question.name} | {rows} | {fast:.2f} | {slow:.1f} | {slow / fast:.0f}x |")
    print(f"\nmedian ratio rdflib / pyoxigraph: {statistics.median(ratios):.0f}x")


if __name__ == "__main__":
    main()
