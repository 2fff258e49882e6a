"""Validate + assess synthetic registries of 1k, 10k and 100k cases: `vkg assess`'s path against the
plain baseline, in one run.

- **new**: what ``vkg assess`` does (``open_assessment``): the records streamed into a pyoxigraph
  store, the shapes as SPARQL, the rules in batches of 2,000 records, every finding written as TSV
  (to /dev/null).
- **baseline**: pyshacl over the whole data graph, then every rule in rdflib over the release and
  the valid records (``cases.reference.reference_assessment``), the findings written the same way.

Registries come from ``vkg synth`` (seed 2026, 5 % invalid records), written before any timing.
Each run is a fresh Python process that reads the release from an N-Triples file (assembled once,
outside the timing), so that its peak RSS is the run's own; the time is from reading the case file
to the last finding written. The baseline is skipped at sizes above ``--baseline-up-to`` (by
default 10,000 cases: pyshacl needs about three minutes per million triples, and rdflib's rules
more), and the table says so. Both paths must agree on read / valid / invalid / findings.

    .venv/bin/python benchmarks/assess.py [--sizes 1000 10000 100000] [--repeat 3] [--baseline-up-to 10000]
    .venv/bin/python benchmarks/assess.py --large-mb 1024      # one run of the new path on a ~1 GB file
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from vertebroplasty_kg.cases.assess import open_assessment, read_rules  # noqa: E402
from vertebroplasty_kg.cases.output import AssessmentWriter  # noqa: E402
from vertebroplasty_kg.cases.reference import reference_assessment  # noqa: E402
from vertebroplasty_kg.cases.store import IN_MEMORY_LIMIT  # noqa: E402
from vertebroplasty_kg.cases.synthetic import draw_registry  # noqa: E402
from vertebroplasty_kg.cases.synthetic_output import write_registry_file  # noqa: E402
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR, Project  # noqa: E402
from vertebroplasty_kg.release.assembly import reasoned_release  # noqa: E402

SEED = 2026
INVALID_SHARE = 0.05
BYTES_PER_CASE = 570
"""About the size of one synthetic Turtle record, to aim a registry at a file size."""


def run_one(engine: str, release_nt: Path, registry: Path) -> dict[str, float | int]:
    """One measured run in this process (the child's side)."""
    release = [quad.triple for quad in ox.parse(path=release_nt, format=ox.RdfFormat.N_TRIPLES)]
    shapes, rules = ROOT / CASE_SHAPES, ROOT / RULES_DIR
    with open(os.devnull, "w", encoding="utf-8") as sink:
        writer = AssessmentWriter(sink, "tsv")
        start = time.perf_counter()
        if engine == "new":
            with open_assessment(release, [registry], shapes_path=shapes, rule_folders=[rules]) as (result, batches):
                writer.start(result)
                for findings in batches:
                    writer.findings(findings)
                writer.finish(result)
        else:
            result = reference_assessment(release, [registry], shapes_path=shapes, rules=read_rules([rules]))
            writer.start(result)
            writer.findings(result.findings)
            writer.finish(result)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "read": result.read,
        "valid": result.valid,
        "invalid": result.invalid,
        "findings": writer.written,
    }


def measure(engine: str, release_nt: Path, registry: Path) -> dict[str, float | int]:
    """Run one measurement in a fresh process and return what it reports."""
    command = [sys.executable, __file__, "--child", engine, str(release_nt), str(registry)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{done.stderr}")
    report: dict[str, float | int] = json.loads(done.stdout.splitlines()[-1])
    return report


def triples_in(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))


def table(sizes: list[int], repeat: int, baseline_up_to: int, folder: Path, release_nt: Path) -> None:
    print("| cases | triples | path | runs | median s | records/s | peak RSS MB | baseline / new |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        registry = folder / f"registry-{size}.ttl"
        write_registry_file(draw_registry(size, SEED, INVALID_SHARE, "ttl"), "ttl", registry)
        triples = triples_in(registry)
        medians: dict[str, float] = {}
        counts: dict[str, tuple[float | int, ...]] = {}
        for engine in ("new", "baseline"):
            if engine == "baseline" and size > baseline_up_to:
                estimate = f"skipped: above {baseline_up_to:,} cases it would take more than a few minutes"
                print(f"| {size:,} | {triples:,} | baseline | 0 | {estimate} | | | |")
                continue
            runs = [measure(engine, release_nt, registry) for _ in range(repeat)]
            seconds = statistics.median(float(r["seconds"]) for r in runs)
            peak = statistics.median(float(r["peak_mb"]) for r in runs)
            medians[engine] = seconds
            counts[engine] = tuple(runs[0][key] for key in ("read", "valid", "invalid", "findings"))
            ratio = f"{medians['baseline'] / medians['new']:.1f}x" if engine == "baseline" else ""
            print(
                f"| {size:,} | {triples:,} | {engine} | {repeat} | {seconds:.2f} | {size / seconds:,.0f} "
                f"| {peak:,.0f} | {ratio} |",
                flush=True,
            )
        if len(counts) == 2 and counts["new"] != counts["baseline"]:
            raise SystemExit(f"the two paths disagree at {size} cases: {counts}")
        print(f"<!-- {size} cases: read, valid, invalid, findings = {counts['new']} -->", flush=True)


def large(megabytes: int, folder: Path, release_nt: Path) -> None:
    cases = megabytes * 1024 * 1024 // BYTES_PER_CASE
    registry = folder / "registry-large.ttl"
    start = time.perf_counter()
    write_registry_file(draw_registry(cases, SEED, INVALID_SHARE, "ttl"), "ttl", registry)
    size = registry.stat().st_size
    print(f"wrote {cases:,} cases, {size / 2**20:,.0f} MiB, in {time.perf_counter() - start:.0f} s", flush=True)
    on_disk = size > IN_MEMORY_LIMIT
    report = measure("new", release_nt, registry)
    print(
        f"| {cases:,} | {size / 2**20:,.0f} MiB | {'on disk' if on_disk else 'in memory'} | {report['seconds']:.0f} "
        f"| {cases / float(report['seconds']):,.0f} | {float(report['peak_mb']):,.0f} | {report['findings']:,} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size and path (default 3)")
    parser.add_argument("--baseline-up-to", type=int, default=10000, help="largest size the baseline runs at")
    parser.add_argument("--large-mb", type=int, help="instead: one run of the new path on a registry of this size")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "RELEASE", "REGISTRY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, release_nt, registry = args.child
        print(json.dumps(run_one(engine, Path(release_nt), Path(registry))))
        return
    with tempfile.TemporaryDirectory(prefix="vkg-bench-assess-") as directory:
        folder = Path(directory)
        release_nt = folder / "release.nt"
        triples = reasoned_release(Project.at(ROOT)).triples
        release_nt.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        print(f"Python {platform.python_version()}, pyoxigraph {ox.__version__}; {os.cpu_count()} CPUs; ", end="")
        print(f"load average {os.getloadavg()[0]:.1f} at the start\n")
        if args.large_mb:
            print("| cases | input | store | s | records/s | peak RSS MB | findings |")
            print("|---:|---:|---|---:|---:|---:|---:|")
            large(args.large_mb, folder, release_nt)
        else:
            table(sorted(args.sizes), args.repeat, args.baseline_up_to, folder, release_nt)
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
