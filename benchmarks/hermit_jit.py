"""HermiT on the project's inputs with the JVM's quick compiler only (``-XX:TieredStopAtLevel=1``, what
``checks/reasoning.py`` gives every run) against the JVM's default (both compilers, tiered), side by
side in one run: wall time of ``reason()`` and CPU time of the Java process (user + system, all its
threads), medians of N runs each, in pairs that alternate which goes first. Both must reach the
same conclusions.

    .venv/bin/python benchmarks/hermit_jit.py [--repeat 9]

The default is measured through the user's own ``JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=4``, which
the launcher reads after the project's option, so that it wins (the JVM's default level is 4).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from vertebroplasty_kg.checks.reasoning import QUICK_JIT, Reasoned, reason
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import read_inputs

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"quick compiler only (vkg)": None, "JVM default (tiered)": "-XX:TieredStopAtLevel=4"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(triples: list[ox.Triple], user_options: str | None) -> tuple[float, float, Reasoned]:
    if user_options is None:
        os.environ.pop("JDK_JAVA_OPTIONS", None)
    else:
        os.environ["JDK_JAVA_OPTIONS"] = user_options
    cpu, start = children_cpu(), time.perf_counter()
    reasoned = reason(triples)
    return time.perf_counter() - start, children_cpu() - cpu, reasoned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each variant (default 9)")
    args = parser.parse_args()
    triples = list(read_inputs(Project.at(ROOT)).triples)
    run_once(triples, None)  # warm the page cache and Python's imports
    walls: dict[str, list[float]] = {name: [] for name in VARIANTS}
    cpus: dict[str, list[float]] = {name: [] for name in VARIANTS}
    conclusions = set()
    for turn in range(args.repeat):
        order = list(VARIANTS.items())
        for name, options in order if turn % 2 == 0 else reversed(order):
            wall, cpu, reasoned = run_once(triples, options)
            walls[name].append(wall)
            cpus[name].append(cpu)
            conclusions.add(reasoned)
    if len(conclusions) != 1:
        raise SystemExit("the two ways reached different conclusions")
    print(f"HermiT on {len(triples):,} triples, {QUICK_JIT} against the default; medians of {args.repeat}")
    print(f"{'variant':<28} {'wall s':>8} {'Java CPU s':>11}")
    for name in VARIANTS:
        print(f"{name:<28} {statistics.median(walls[name]):>8.2f} {statistics.median(cpus[name]):>11.2f}")
    quick, default = VARIANTS
    print(
        f"ratio quick/default: wall {statistics.median(walls[quick]) / statistics.median(walls[default]):.2f}, "
        f"CPU {statistics.median(cpus[quick]) / statistics.median(cpus[default]):.2f}"
    )


if __name__ == "__main__":
    main()
