"""``vkg query NAME`` as a whole process, against the floor: a bare Python process that loads
``dist/vertebroplasty-kg.nt`` into pyoxigraph and runs the same question. Measured side by side in
one run, medians of N runs each.

    .venv/bin/vkg build --no-docs          # the floor reads dist/
    .venv/bin/python benchmarks/query_process.py [--question hedged-claims] [--repeat 9]

A third process imports pyoxigraph and the standard modules that the quick path of ``vkg query``
(``cli/quick.py``) cannot do without (``pathlib``, ``re``, ``typing``, ``zlib``) and does nothing
else: what a command that finds a project and checks its cache pays before its first step of work,
so the lower bound of the ratio for such a command on the machine measured.

``vkg query`` runs on an unchanged project, so it reads the reasoned release from ``.vkg-cache/``
(one warm-up run fills it); a cold run (cache deleted: HermiT starts) is measured once, for scale.

Python normally keeps compiled modules (``__pycache__``), as after any first run; the children run
with ``PYTHONDONTWRITEBYTECODE`` removed from their environment, so the warm-up writes those caches
even where the variable is set (as on this machine), and every measured run reads them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VKG = Path(sys.executable).with_name("vkg")
FLOOR = """
import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
rows = list(store.query(open(sys.argv[2], encoding="utf-8").read()))
sys.stdout.write(f"{len(rows)} rows\\n")
"""
IMPORTS_ONLY = "import pathlib, re, typing, zlib, pyoxigraph"


CACHED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--question", default="hedged-claims")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    release = ROOT / "dist" / "vertebroplasty-kg.nt"
    if not release.is_file():
        sys.exit("run `vkg build --no-docs` first: the floor reads dist/vertebroplasty-kg.nt")
    query = ROOT / "queries" / "cq" / f"{args.question}.rq"
    vkg = [str(VKG), "query", args.question, "-f", "tsv"]
    floor = [sys.executable, "-c", FLOOR, str(release), str(query)]
    imports = [sys.executable, "-c", IMPORTS_ONLY]
    shutil.rmtree(ROOT / ".vkg-cache", ignore_errors=True)
    cold = seconds(vkg, CACHED)  # fills the release cache and the bytecode caches
    seconds(floor, CACHED)
    seconds(imports, CACHED)
    measured: dict[str, list[float]] = {"vkg": [], "floor": [], "imports": []}
    for _ in range(args.repeat):  # interleaved, so that a busy moment costs all alike
        measured["vkg"].append(seconds(vkg, CACHED))
        measured["floor"].append(seconds(floor, CACHED))
        measured["imports"].append(seconds(imports, CACHED))
    vkg_s, floor_s, imports_s = (statistics.median(measured[name]) for name in ("vkg", "floor", "imports"))
    print(f"question {args.question}; median of {args.repeat} runs each; load average {os.getloadavg()[0]:.2f}")
    print("| command | seconds |\n|---|---:|")
    print(f"| `vkg query {args.question}` (cached release) | {vkg_s:.3f} |")
    print(f"| bare Python + pyoxigraph on dist/*.nt | {floor_s:.3f} |")
    print(f"| Python importing pyoxigraph, pathlib, re, typing, zlib; no work | {imports_s:.3f} |")
    print(f"| `vkg query` with the cache deleted (HermiT runs), 1 run | {cold:.3f} |")
    print(f"\nratio vkg / floor: {vkg_s / floor_s:.2f}x (target: at most 2x)")
    print(f"ratio imports alone / floor: {imports_s / floor_s:.2f}x")


if __name__ == "__main__":
    main()
