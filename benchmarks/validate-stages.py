"""Time ``vkg validate`` on the project, split by stage: SHACL shapes, SPARQL QC checks, reasoner.

Each run is a fresh ``vkg validate --timings`` process, as a user runs it, so every stage includes
its imports (pyshacl in the shapes stage, owlready2 in the reasoner stage) and the reasoner stage
includes starting the JVM. Also timed: ``java -version`` with the same Java, the floor of any JVM
call. Prints medians of RUNS runs (default 7): ``python benchmarks/validate-stages.py [RUNS]``.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from vertebroplasty_kg.checks.reasoning import java_executable

ROOT = Path(__file__).resolve().parents[1]
STAGE = re.compile(r"^(shapes|checks|reasoner): ([0-9.]+) s$")


def one_run() -> dict[str, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "vertebroplasty_kg", "--root", str(ROOT), "validate", "--timings"],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = {"process": time.perf_counter() - start}
    for line in result.stderr.splitlines():
        match = STAGE.match(line)
        if match:
            seconds[match[1]] = float(match[2])
    return seconds


def java_version() -> float:
    start = time.perf_counter()
    subprocess.run([java_executable(), "-version"], capture_output=True, check=True)
    return time.perf_counter() - start


def main(runs: int) -> None:
    one_run()  # warm the file cache
    samples = [one_run() for _ in range(runs)]
    jvm = statistics.median(java_version() for _ in range(runs))
    print(f"vkg validate on {ROOT.name}, median of {runs} runs (seconds)")
    for stage in ("shapes", "checks", "reasoner", "process"):
        values = [sample[stage] for sample in samples]
        print(f"  {stage:9} {statistics.median(values):6.2f}   (min {min(values):.2f}, max {max(values):.2f})")
    reasoner = statistics.median(sample["reasoner"] for sample in samples)
    print(f"  java -version alone {jvm:.2f}; reasoner stage / java -version = {reasoner / jvm:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
