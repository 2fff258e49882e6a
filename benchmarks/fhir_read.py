"""How fast `vkg assess` reads case records from FHIR NDJSON, against the same records in Turtle, in one run.

For each size, a deterministic registry of N cases (a Patient, a fracture Condition coded M80.08XA
with level, onset and MRI oedema, a comorbidity Condition C79.51, a completed Procedure CPT 22511
with its access and cement: four resources a case) is written as NDJSON and as the Turtle the
reader makes of it. Both are read with ``read_cases`` (parsing, for FHIR the structural validation
by fhir.resources and the mapping, and for both the typing by code resolution); the FHIR time is
also split into JSON parsing, the fhir.resources validation alone, and the rest. Medians of
``--repeat`` runs after one warm-up.

    .venv/bin/python benchmarks/fhir_read.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from vertebroplasty_kg.cases.assess import read_cases  # noqa: E402
from vertebroplasty_kg.cases.codes import CodeResolver  # noqa: E402
from vertebroplasty_kg.cases.fhir_files import structure_errors  # noqa: E402
from vertebroplasty_kg.project import Project  # noqa: E402
from vertebroplasty_kg.release.assembly import reasoned_release  # noqa: E402

ICD = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
OEDEMA = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/mri-oedema"
ACCESS = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/procedure-access"
VPO = "https://w3id.org/vertebroplasty-kg/vpo/"
APPROACH = "PercutaneousApproach"
LEVELS = ("T11", "T12", "L1", "L2", "L3", "T8")


def resources(n: int) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for i in range(n):
        pid, level, day = f"p{i}", LEVELS[i % len(LEVELS)], 1 + i % 28
        subject = {"reference": f"Patient/{pid}"}
        found += [
            {"resourceType": "Patient", "id": pid, "birthDate": str(1930 + i % 40)},
            {
                "resourceType": "Condition",
                "id": f"{pid}-fracture",
                "subject": subject,
                "code": {"coding": [{"system": ICD, "code": "M80.08XA"}]},
                "bodySite": [{"text": level}],
                "onsetDateTime": f"2026-02-{day:02d}",
                "extension": [{"url": OEDEMA, "valueCode": ("yes", "no", "unknown")[i % 3]}],
            },
            {
                "resourceType": "Condition",
                "id": f"{pid}-cancer",
                "subject": subject,
                "code": {"coding": [{"system": ICD, "code": "C79.51"}]},
            },
            {
                "resourceType": "Procedure",
                "id": f"{pid}-procedure",
                "status": "completed",
                "subject": subject,
                "code": {"coding": [{"system": CPT, "code": "22511"}]},
                "performedDateTime": "2026-03-20",
                "bodySite": [{"text": level}],
                "extension": [{"url": ACCESS, "valueCodeableConcept": {"coding": [{"system": VPO, "code": APPROACH}]}}],
                "usedCode": [{"coding": [{"system": VPO, "code": "PMMABoneCement"}]}],
            },
        ]
    return found


def median_seconds(task: Callable[[], object], repeat: int) -> float:
    task()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in reasoned_release(Project.at(ROOT)).triples)
    resolver = CodeResolver.from_store(store)
    print(
        f"Python {platform.python_version()}, fhir.resources {version('fhir.resources')}, "
        f"pydantic {version('pydantic')}, pyoxigraph {ox.__version__}; median of {args.repeat} runs after a warm-up\n"
    )
    print("| cases | resources | FHIR s | cases/s | Turtle s | FHIR / Turtle | JSON parse s | validation s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            print(measure(n, Path(folder), resolver, args.repeat))


def measure(n: int, folder: Path, resolver: CodeResolver, repeat: int) -> str:
    items = resources(n)
    lines = [json.dumps(item) for item in items]
    ndjson = folder / f"cases-{n}.ndjson"
    ndjson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    made = read_cases([ndjson], resolver)
    assert not made.problems and len(made.triples) > 10 * n
    turtle = folder / f"cases-{n}.ttl"  # written as N-Triples, which is Turtle
    ox.serialize(made.triples, output=turtle, format=ox.RdfFormat.N_TRIPLES)
    fhir_s = median_seconds(lambda: read_cases([ndjson], resolver), repeat)
    ttl_s = median_seconds(lambda: read_cases([turtle], resolver), repeat)
    parse_s = median_seconds(lambda: [json.loads(line) for line in lines], repeat)
    check_s = median_seconds(lambda: [structure_errors(str(item["resourceType"]), item) for item in items], repeat)
    return (
        f"| {n:,} | {len(items):,} | {fhir_s:.2f} | {n / fhir_s:,.0f} | {ttl_s:.2f} | "
        f"{fhir_s / ttl_s:.1f}x | {parse_s:.2f} | {check_s:.2f} |"
    )


if __name__ == "__main__":
    main()
