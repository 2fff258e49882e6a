"""How large a project ``vkg`` takes on, and how much memory the reasoner's Java may use.

Validation and the reasoner hold the whole merged graph in memory, and HermiT's time grows faster
than the graph (``benchmarks/README.md``, *validate_memory.py*). So the inputs of ``ontology/`` and
``evidence/`` are counted while they are parsed, and a project of more than
:data:`DEFAULT_TRIPLE_LIMIT` triples is refused (exit 2) before any expensive stage and before
anything is written; past the limit, triples are only counted, not kept. Both limits can be set:

- ``VKG_MAX_TRIPLES``: the most triples the inputs may hold (default 250,000);
- ``VKG_JAVA_HEAP``: the Java heap of the HermiT process, ``-Xmx`` (default ``3g``; ``1500m``,
  ``3g`` or a number of megabytes). HermiT running out of it is reported the same way (exit 2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from .errors import EnvironmentProblem, VkgError

TRIPLE_LIMIT_VARIABLE = "VKG_MAX_TRIPLES"
DEFAULT_TRIPLE_LIMIT = 250_000
JAVA_HEAP_VARIABLE = "VKG_JAVA_HEAP"
DEFAULT_JAVA_HEAP_MB = 3072
_HEAP = re.compile(r"^\s*(\d+)\s*([mMgG]?)\s*$")
_BEYOND = (
    "keep a large terminology out of ontology/: load it next to the release in a triple store "
    "(`vkg load --file`) and join the two through the mappings; or, on a machine with the memory and "
    f"the time, raise the limits: {TRIPLE_LIMIT_VARIABLE}=N and {JAVA_HEAP_VARIABLE}=SIZE (benchmarks/README.md "
    "gives the memory and time measured per size)"
)


def triple_limit(environ: Mapping[str, str] = os.environ) -> int:
    """The most triples the project's inputs may hold: ``$VKG_MAX_TRIPLES``, else the default."""
    text = environ.get(TRIPLE_LIMIT_VARIABLE, "").replace("_", "").replace(",", "").strip()
    if not text:
        return DEFAULT_TRIPLE_LIMIT
    if not text.isdigit() or int(text) < 1:
        raise EnvironmentProblem(
            f"{TRIPLE_LIMIT_VARIABLE}={environ[TRIPLE_LIMIT_VARIABLE]!r} is not a positive whole number of triples",
            hint=f"set {TRIPLE_LIMIT_VARIABLE} to a number such as 500000, or unset it for the default "
            f"({DEFAULT_TRIPLE_LIMIT:,})",
        )
    return int(text)


def java_heap_mb(environ: Mapping[str, str] = os.environ) -> int:
    """The Java heap for HermiT in megabytes: ``$VKG_JAVA_HEAP`` (``2g``, ``1500m``, ``1500``), else the default."""
    text = environ.get(JAVA_HEAP_VARIABLE, "")
    if not text.strip():
        return DEFAULT_JAVA_HEAP_MB
    match = _HEAP.match(text)
    megabytes = int(match[1]) * (1024 if match[2] in ("g", "G") else 1) if match else 0
    if megabytes < 64:
        raise EnvironmentProblem(
            f"{JAVA_HEAP_VARIABLE}={text!r} is not a Java heap size of at least 64 MB",
            hint=f"set {JAVA_HEAP_VARIABLE} to a size such as 2g or 1500m, or unset it for the default "
            f"({DEFAULT_JAVA_HEAP_MB} MB)",
        )
    return megabytes


class TooManyTriples(VkgError):
    """The project's inputs hold more triples than validation and the reasoner are allowed to take on."""

    def __init__(self, counts: Mapping[str, int], limit: int) -> None:
        self.counts = dict(counts)
        self.limit = limit
        self.total = sum(counts.values())
        largest = max(self.counts, key=lambda name: (self.counts[name], name))
        super().__init__(
            f"the project's inputs hold {self.total:,} triples, {self.counts[largest]:,} of them in {largest}; "
            f"validation and the reasoner stage are limited to {limit:,} triples ({TRIPLE_LIMIT_VARIABLE}; "
            f"{_cost(limit)}); nothing was validated or written",
            hint=_BEYOND,
        )


class ReasonerOutOfMemory(VkgError):
    """HermiT ran out of the Java heap it was given."""

    def __init__(self, heap_mb: int, triples: int) -> None:
        super().__init__(
            f"the reasoner (HermiT) ran out of its Java heap of {heap_mb:,} MB ({JAVA_HEAP_VARIABLE}) "
            f"on {triples:,} triples; nothing was written",
            hint=f"raise {JAVA_HEAP_VARIABLE} (e.g. {JAVA_HEAP_VARIABLE}={max(2 * heap_mb // 1024, 4)}g) if the "
            "machine has that much memory to spare, or " + _BEYOND.split("; or, ", 1)[0],
        )


def _cost(triples: int) -> str:
    """What validating ``triples`` was measured to cost (benchmarks/README.md), for messages."""
    gigabytes = PEAK_GB_BASE + PEAK_GB_PER_MILLION * triples / 1e6
    return f"about {gigabytes:.1f} GB of memory at that size"


PEAK_GB_BASE = 0.7
PEAK_GB_PER_MILLION = 8.0
"""Peak memory of ``vkg validate`` (Python and Java) as base + per-million-triples, fitted to the
measurements of ``benchmarks/validate_memory.py`` in ``benchmarks/README.md`` (100,000 extra
triples: 1.5 GB; 245,000: 2.7 GB). Java takes more when its heap allows it: this is for the default
heap."""
