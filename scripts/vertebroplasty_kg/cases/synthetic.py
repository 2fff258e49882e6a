"""A synthetic registry of vertebral-fracture cases, for tests and benchmarks (``vkg synth``).

The same ``cases``, ``seed`` and ``invalid_share`` always draw the same records, whatever the
format they are written in (:mod:`.synthetic_output`): the Turtle and the FHIR registry of one seed
describe the same patients. The distributions are plausible, chosen by hand, not fitted to any
registry (docs/case-records.md, *Synthetic registries*, lists them):

- cause of the fracture: osteoporotic 70 %, malignant 8 %, due to a metastatic cancer 4 %,
  traumatic 10 %, unknown 8 %;
- patient's age 55-95 (triangular, mode 80 for osteoporotic fractures, 68 malignant or metastatic,
  62 traumatic, 75 unknown); a birth year in 75 % of the records, an age in years in the others;
- vertebral level: T11-L2 64 %, T6-T10 16 %, L3-L5 15 %, T1-T5 5 %; a second fracture (at the
  next level down) in 12 % of the records, a third in 3 %;
- fracture age: log-normal, median 35 days, clipped to 1-400 days, given as an onset date
  (70 %) or as an age in days;
- MRI bone marrow oedema: "yes" for 85 % of the fractures under 90 days and 15 % of the older ones,
  "unknown" for 10 % of all;
- at most one procedure (60 % of the records): vertebroplasty 30 %, percutaneous vertebroplasty 35 %,
  kyphoplasty 30 %, vertebral augmentation 5 %, dated on the day the fracture's age is measured,
  in 2025, at the first fracture's level; percutaneous access (open for 5 % of the plain
  vertebroplasties), PMMA cement (bone cement of no stated kind for 5 %);
- comorbidities: every malignant or metastatic fracture comes with a cancer (ICD-10-CM C79.51 or
  C90.00, SNOMED CT 94222008, or the class vpo:MetastaticCancer); half of the osteoporotic ones with
  osteoporosis (SNOMED CT 64859006 or 102447009, or vpo:Osteoporosis); any record may list a
  detrimental comorbid disorder (15 %) or long-term use of an opiate analgesic (ICD-10-CM Z79.891, 5 %).

Exactly ``round(cases * invalid_share)`` records (Python's ``round``) are made invalid, each in one
way; the kinds take turns in the order of :data:`INVALID_KINDS`. Every code is a verified one
(``mappings/reference/clinical-terms.tsv``, or the FHIR fixtures' ``verified-codes.tsv``; a test
checks them).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..errors import VkgError
from . import REGISTRY_FORMATS

CAUSES: dict[str, int] = {"osteoporotic": 70, "malignant": 8, "metastatic": 4, "traumatic": 10, "unknown": 8}
LEVELS: dict[str, int] = {
    **{"T11": 12, "T12": 20, "L1": 20, "L2": 12},
    **{"T6": 2, "T7": 3, "T8": 4, "T9": 3, "T10": 4},
    **{"L3": 7, "L4": 5, "L5": 3},
    **{f"T{n}": 1 for n in range(1, 6)},
}
SPINE = [*(f"C{n}" for n in range(1, 8)), *(f"T{n}" for n in range(1, 13)), *(f"L{n}" for n in range(1, 6)), "S1"]
AGE_MODE = {"osteoporotic": 80, "malignant": 68, "metastatic": 68, "traumatic": 62, "unknown": 75}
PROCEDURES: dict[str, int] = {"vertebroplasty": 30, "percutaneous": 35, "kyphoplasty": 30, "augmentation": 5}
CANCERS = (("icd10cm", "C79.51"), ("icd10cm", "C79.51"), ("snomedct", "94222008"), ("vpo", "MetastaticCancer"))
MYELOMA = ("icd10cm", "C90.00")
OSTEOPOROSIS = (("snomedct", "64859006"), ("snomedct", "102447009"), ("vpo", "Osteoporosis"))
DETRIMENTAL = ("vpo", "DetrimentalComorbidDisorder")
OPIATE_USE = ("icd10cm", "Z79.891")
YEAR = 2025
"""Procedures and onsets fall in this year; ages in years are measured in it."""

INVALID_KINDS: dict[str, tuple[str, ...]] = {
    "bad-level": ("ttl", "fhir"),
    "missing-age": ("ttl", "fhir"),
    "bad-date": ("ttl", "fhir"),
    "no-fracture": ("ttl", "fhir"),
    "negative-fracture-age": ("ttl", "fhir"),
    "procedure-without-date": ("ttl", "fhir"),
    "age-out-of-range": ("ttl",),
    "comorbidity-not-an-iri": ("ttl",),
    "unknown-cause-note": ("ttl",),
}
"""Each kind of invalid record and the formats that can express it (FHIR has no age in years, and
its reader types a comorbidity and a cause from codes)."""

FORMATS = REGISTRY_FORMATS
BAD_LEVELS = ("L6", "T13", "C8", "S2")


@dataclass(frozen=True)
class Fracture:
    key: str
    cause: str
    level: str
    onset: str | None
    """The onset date's lexical form (an invalid record may hold an impossible date)."""
    age_days: int | None
    oedema: str
    code: int
    """Which of the cause's codings the FHIR writer uses (0 or 1)."""
    cause_note: str | None = None


@dataclass(frozen=True)
class Procedure:
    kind: str
    performed: str | None
    level: str
    access: str = "percutaneous"
    """"percutaneous" or "open"."""
    cement: str = "PMMABoneCement"


@dataclass(frozen=True)
class Case:
    number: int
    sex: str
    age_years: int | None
    birth_year: int | None
    birth_date: str | None
    """FHIR's ``birthDate``: ``"1946"`` or ``"1946-05-02"`` (the Turtle has the year only)."""
    comorbidities: tuple[tuple[str, str], ...]
    fractures: tuple[Fracture, ...]
    procedures: tuple[Procedure, ...]
    comorbidity_text: str | None = None
    invalid: str | None = None
    """The kind of invalidity (a key of :data:`INVALID_KINDS`), or None for a valid record."""

    @property
    def name(self) -> str:
        return f"case-{self.number:06d}"


def invalid_count(cases: int, invalid_share: float) -> int:
    return round(cases * invalid_share)


def check_arguments(cases: int, invalid_share: float, fmt: str) -> None:
    if cases < 0:
        raise VkgError(f"--cases must be 0 or more, not {cases}", hint="give the number of records to draw")
    if not 0 <= invalid_share <= 1:
        raise VkgError(f"--invalid-share must be from 0 to 1, not {invalid_share}", hint="e.g. --invalid-share 0.05")
    if fmt not in FORMATS:
        raise VkgError(f"unknown format {fmt!r}", hint="use ttl or fhir")


def kinds_for(fmt: str) -> list[str]:
    return [kind for kind, formats in INVALID_KINDS.items() if fmt in formats]


def draw_registry(cases: int, seed: int, invalid_share: float = 0.0, fmt: str = "ttl") -> Iterator[Case]:
    """The ``cases`` records of the registry drawn with ``seed``, in order; invalid ones marked."""
    check_arguments(cases, invalid_share, fmt)
    chooser = random.Random(f"vkg-synth-invalid:{seed}")
    chosen = sorted(chooser.sample(range(cases), invalid_count(cases, invalid_share)))
    kinds = kinds_for(fmt)
    spoilt = {number + 1: kinds[turn % len(kinds)] for turn, number in enumerate(chosen)}
    rng = random.Random(f"vkg-synth-records:{seed}")
    for number in range(1, cases + 1):
        case = _draw_case(rng, number)
        kind = spoilt.get(number)
        yield _spoil(case, kind, rng) if kind else case


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day(rng: random.Random) -> date:
    return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))


def _fracture_age(rng: random.Random) -> int:
    return max(1, min(400, round(rng.lognormvariate(math.log(35), 0.9))))


def _draw_case(rng: random.Random, number: int) -> Case:
    cause = _weighted(rng, CAUSES)
    age = round(rng.triangular(55, 95, AGE_MODE[cause]))
    sex = "female" if rng.random() < (0.75 if cause == "osteoporotic" else 0.5) else "male"
    by_year = rng.random() < 0.75
    born = YEAR - age
    birthday = date(born, 1, 1) + timedelta(days=rng.randrange(365))
    birth_date = f"{born}" if rng.random() < 0.5 else birthday.isoformat()
    has_procedure = rng.random() < 0.6
    reference = _day(rng)  # the procedure's date, or the day the onset is counted from
    several = rng.random()
    count = 3 if several < 0.03 else 2 if several < 0.15 else 1
    level = _weighted(rng, LEVELS)
    fractures: list[Fracture] = []
    for index in range(count):
        age_days = _fracture_age(rng)
        as_date = rng.random() < 0.7
        onset = (reference - timedelta(days=age_days)).isoformat() if as_date else None
        oedema = "unknown" if rng.random() < 0.1 else ("yes" if (age_days < 90) == (rng.random() < 0.85) else "no")
        note = cause if cause in ("traumatic", "unknown") else None
        at = SPINE[min(SPINE.index(level) + index, len(SPINE) - 1)]
        given_age = None if onset is not None else age_days
        fractures.append(Fracture(f"f{index + 1}", cause, at, onset, given_age, oedema, rng.randrange(2), note))
    procedures: tuple[Procedure, ...] = ()
    if has_procedure:
        procedures = (_procedure(rng, reference.isoformat(), level),)
    comorbidities: list[tuple[str, str]] = []
    if cause in ("malignant", "metastatic"):
        comorbidities.append(MYELOMA if rng.random() < 0.2 else rng.choice(CANCERS))
    if cause == "osteoporotic" and rng.random() < 0.5:
        comorbidities.append(rng.choice(OSTEOPOROSIS))
    if rng.random() < 0.15:
        comorbidities.append(DETRIMENTAL)
    if rng.random() < 0.05:
        comorbidities.append(OPIATE_USE)
    return Case(
        number=number,
        sex=sex,
        age_years=None if by_year else age,
        birth_year=born if by_year else None,
        birth_date=birth_date,
        comorbidities=tuple(comorbidities),
        fractures=tuple(fractures),
        procedures=procedures,
    )


def _procedure(rng: random.Random, performed: str | None, level: str) -> Procedure:
    kind = _weighted(rng, PROCEDURES)
    access = "open" if kind == "vertebroplasty" and rng.random() < 0.05 else "percutaneous"
    cement = "PMMABoneCement" if rng.random() < 0.95 else "BoneCement"
    return Procedure(kind, performed, level, access, cement)


def _spoil(case: Case, kind: str, rng: random.Random) -> Case:
    """``case`` made invalid in the way ``kind`` names (the first fracture or procedure takes it)."""
    first = case.fractures[0]
    spoilt = replace(case, invalid=kind)
    if kind == "bad-level":
        return replace(spoilt, fractures=(replace(first, level=rng.choice(BAD_LEVELS)), *case.fractures[1:]))
    if kind == "missing-age":
        return replace(spoilt, age_years=None, birth_year=None, birth_date=None)
    if kind == "bad-date":
        impossible = f"{YEAR}-02-{rng.choice((29, 30, 31))}"
        return replace(spoilt, fractures=(replace(first, onset=impossible, age_days=None), *case.fractures[1:]))
    if kind == "no-fracture":
        return replace(spoilt, fractures=())
    if kind == "negative-fracture-age":
        negative = replace(first, onset=None, age_days=-rng.randrange(1, 30))
        return replace(spoilt, fractures=(negative, *case.fractures[1:]))
    if kind == "procedure-without-date":
        undated = _procedure(rng, None, first.level)
        return replace(spoilt, procedures=(undated,))
    if kind == "age-out-of-range":
        return replace(spoilt, age_years=rng.randrange(131, 140), birth_year=None)
    if kind == "comorbidity-not-an-iri":
        return replace(spoilt, comorbidity_text="osteoporosis")
    if kind == "unknown-cause-note":
        return replace(spoilt, fractures=(replace(first, cause="unknown", cause_note="fall"), *case.fractures[1:]))
    raise ValueError(f"unknown kind of invalid record: {kind}")
