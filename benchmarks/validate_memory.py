"""Peak memory and wall time of ``vkg validate`` (or ``vkg build``) on the project plus N extra triples.

A user who merges a large terminology into ``ontology/`` is the case measured: each run copies the
project's inputs to a temporary directory, writes ``ontology/zz-synthetic-terminology.ttl`` with N
extra triples (generated deterministically: same N, same bytes), and runs ``vkg validate`` (or
``vkg build --no-docs``) there in a fresh interpreter, as a user runs it. The synthetic terminology
is what a merged OBO-style terminology looks like: classes in a tree (``rdfs:subClassOf``), each
with a label, a definition (``IAO:0000115``), an exact synonym and two cross-references; its
identifiers are in ``https://example.org/`` and its cross-references name a made-up prefix ``SYN``.

Peak memory is the largest sum, over the samples, of the resident set sizes of the whole process
tree: the Python process and its children (the Java process that runs HermiT), sampled every
0.1 s from ``/proc`` (Linux). A run whose tree exceeds ``--kill-above`` GB, or that takes longer
than ``--timeout`` seconds, is stopped and reported as such, so the benchmark cannot take the
machine down.

    python benchmarks/validate_memory.py [--sizes 100000,300000,1000000] [--runs 3] [--command validate]
        [--env NAME=VALUE ...] [--kill-above 12] [--timeout 3600]
    python benchmarks/validate_memory.py --breakdown --sizes 200000 --env VKG_MAX_TRIPLES=10000000

``--breakdown`` shows where the memory goes instead: the steps of validation run one by one in the
benchmark's own process, with the peak memory of Python and of Java during each.

Prints a Markdown table: extra triples, median peak memory of the tree (and of its Java part),
median wall time (and of the reasoner stage, from ``--timings``), exit code and the outcome: the
summary line, or the first ``error:`` line (a refusal).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.project_copies import copy_project  # noqa: E402
from vertebroplasty_kg.release.assembly import Inputs  # noqa: E402

EX = "https://example.org/synthetic-terminology/"
SYNTHETIC_FILE = "zz-synthetic-terminology.ttl"
TRIPLES_PER_CLASS = 7
HEADER = """\
@prefix ex: <https://example.org/synthetic-terminology/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

oboInOwl:hasDbXref a owl:AnnotationProperty .
"""
PAGE = 4096
STAGE = re.compile(r"^(shapes|checks|reasoner): ([0-9.]+) s$", re.MULTILINE)


def synthetic_terminology(path: Path, triples: int) -> int:
    """Write about ``triples`` triples of synthetic classes to ``path``; return how many were written.

    Class ``ex:T<n>`` (n >= 1) is a subclass of ``ex:T<n // 8>`` (``ex:T0`` of ``owl:Thing``): a tree
    eight wide, as deep as a large terminology's hierarchy."""
    classes = max(1, (triples - 1) // TRIPLES_PER_CLASS)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(classes):
            parent = f"ex:T{n // 8}" if n else "owl:Thing"
            out.write(
                f"\nex:T{n} a owl:Class ;\n"
                f'    rdfs:label "synthetic term {n}"@en ;\n'
                f"    rdfs:subClassOf {parent} ;\n"
                f'    obo:IAO_0000115 "Synthetic class number {n} of a generated terminology, below {n // 8}."@en ;\n'
                f'    oboInOwl:hasExactSynonym "generated term {n}"@en ;\n'
                f'    oboInOwl:hasDbXref "SYN:{n:07d}", "SYN:{n + 10_000_000:08d}" .\n'
            )
    return 1 + classes * TRIPLES_PER_CLASS


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _rss(pid: int) -> tuple[int, str]:
    """Resident bytes of ``pid`` and its command name (0 when it has gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except (OSError, IndexError, ValueError):
        return 0, ""
    return pages * PAGE, name


def tree_rss(root: int) -> tuple[int, int]:
    """Resident bytes of ``root`` and all its descendants, and of the Java processes among them."""
    tree = _children()
    total = java = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        size, name = _rss(pid)
        total += size
        java += size if name == "java" else 0
        pending += tree.get(pid, [])
    return total, java


@dataclass(frozen=True)
class Run:
    peak: int
    java_peak: int
    seconds: float
    stages: dict[str, float]
    exit_code: int
    outcome: str


def one_run(project: Path, command: str, env: dict[str, str], kill_above: float, timeout: float) -> Run:
    args = ["validate", "--timings"] if command == "validate" else ["build", "--no-docs"]
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "vertebroplasty_kg", "--root", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        start_new_session=True,
    )
    peak = java_peak = 0
    stopped = ""
    while process.poll() is None:
        total, java = tree_rss(process.pid)
        peak, java_peak = max(peak, total), max(java_peak, java)
        if not stopped and total > kill_above * 1e9:
            os.killpg(process.pid, signal.SIGKILL)
            stopped = f"stopped above {kill_above:g} GB"
        elif not stopped and time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            stopped = f"stopped after {timeout:g} s"
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    stdout, stderr = process.communicate()
    stages = {match[1]: float(match[2]) for match in STAGE.finditer(stderr)}
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    said = [line for line in stdout.splitlines() if line.strip()]
    outcome = errors[0] if errors else said[-1] if said else ""
    outcome = stopped or outcome
    return Run(peak, java_peak, seconds, stages, process.returncode, outcome)


def breakdown(project: Path) -> None:
    """Where the memory goes: the steps of ``validate_project`` run here one by one, in this process,
    with the peak resident size of this process and of Java (HermiT) during each step."""
    import gc
    import threading

    from vertebroplasty_kg.checks.qc_checks import read_checks, run_checks, store_of
    from vertebroplasty_kg.checks.reasoning import reason
    from vertebroplasty_kg.checks.shacl import read_shapes, shape_files, validate_triples
    from vertebroplasty_kg.project import QC_DIR, Project
    from vertebroplasty_kg.release.assembly import read_inputs

    peaks = [0, 0]

    def sample() -> None:
        while True:
            total, java = tree_rss(os.getpid())
            peaks[0], peaks[1] = max(peaks[0], total - java), max(peaks[1], java)
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    print("| step | s | peak Python GB | peak Java GB | Python GB after |")
    print("|---|---:|---:|---:|---:|")

    def step(name: str, action: Callable[[], object]) -> object:
        peaks[0] = peaks[1] = 0
        start = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - start
        after = tree_rss(os.getpid())[0]
        python = max(peaks[0], after)
        print(f"| {name} | {seconds:.1f} | {python / 1e9:.2f} | {peaks[1] / 1e9:.2f} | {after / 1e9:.2f} |", flush=True)
        return result

    root = Project.at(project)
    inputs = step("parse and merge the inputs (`read_inputs`)", lambda: read_inputs(root))
    assert isinstance(inputs, Inputs)
    shapes = read_shapes(shape_files(root.root), root=root.root)
    step("SHACL: rdflib copy + pyshacl", lambda: validate_triples(inputs.triples, shapes))
    step("collect the rdflib copy (`gc.collect`)", gc.collect)
    checks = read_checks(root.root / QC_DIR)
    step("QC checks: pyoxigraph store + 31 queries", lambda: run_checks(checks, store_of(inputs.triples)))
    step("reasoner: owlready2 + HermiT (Java)", lambda: reason(inputs.triples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000", help="extra triples, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command", choices=["validate", "build"], default="validate")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="for the vkg process")
    parser.add_argument("--kill-above", type=float, default=12.0, metavar="GB")
    parser.add_argument("--timeout", type=float, default=3600.0, metavar="SECONDS", help="stop a run after this long")
    parser.add_argument("--breakdown", action="store_true", help="where the memory goes, step by step (first size)")
    options = parser.parse_args()
    env = dict(setting.split("=", 1) for setting in options.env)
    if options.breakdown:
        with tempfile.TemporaryDirectory(prefix="vkg-memory-") as scratch:
            size = int(options.sizes.split(",")[0])
            project = copy_project(ROOT, Path(scratch) / "project")
            written = synthetic_terminology(project / "ontology" / SYNTHETIC_FILE, size)
            os.environ.update(env)
            print(f"{written:,} extra triples, in one process")
            breakdown(project)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="vkg-memory-") as scratch:
        for size in (int(text) for text in options.sizes.split(",")):
            project = Path(scratch) / f"project-{size}"
            copy_project(ROOT, project)
            written = synthetic_terminology(project / "ontology" / SYNTHETIC_FILE, size) if size else 0
            runs = [
                one_run(project, options.command, env, options.kill_above, options.timeout) for _ in range(options.runs)
            ]
            shutil.rmtree(project)
            peak = statistics.median(run.peak for run in runs) / 1e9
            java = statistics.median(run.java_peak for run in runs) / 1e9
            seconds = statistics.median(run.seconds for run in runs)
            reasoner = [run.stages["reasoner"] for run in runs if "reasoner" in run.stages]
            reasoner_s = f"{statistics.median(reasoner):.1f}" if reasoner else "-"
            codes = ", ".join(str(code) for code in sorted({run.exit_code for run in runs}))
            outcome = runs[-1].outcome.replace("|", "/")
            rows.append(
                f"| {written:,} | {peak:.2f} | {java:.2f} | {seconds:.1f} | {reasoner_s} | {codes} | {outcome} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)
    settings = " ".join(options.env) or "default settings"
    print(f"vkg {options.command}, {settings}; median of {options.runs} run(s); Python {sys.version.split()[0]}")
    print()
    print("| extra triples | peak memory GB (tree) | of which Java GB | wall s | reasoner s | exit | outcome |")
    print("|---:|---:|---:|---:|---:|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
