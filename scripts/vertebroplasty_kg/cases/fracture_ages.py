"""The age of each recorded fracture in days, derived from its onset date where the record gives no age.

The age is counted from the onset date to the record's (earliest) procedure date, else to the date
``vkg assess --as-of`` names; a record with neither gets no age, and the timing rule says nothing of
it. The derived ``vpo:hasFractureAgeInDays`` triples go into the store with the record, beside the
ages that records give themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pyoxigraph as ox

from ..namespaces import VPO, XSD

_RECORDS_FRACTURE = ox.NamedNode(VPO + "recordsFracture")
_RECORDS_PROCEDURE = ox.NamedNode(VPO + "recordsProcedure")
_ONSET = ox.NamedNode(VPO + "fractureOnsetDate")
_AGE_DAYS = ox.NamedNode(VPO + "hasFractureAgeInDays")
_PERFORMED_ON = ox.NamedNode(VPO + "performedOn")
_XSD_INTEGER = ox.NamedNode(XSD + "integer")


def fracture_ages(triples: Sequence[ox.Triple | ox.Quad], as_of: date | None) -> list[ox.Triple]:
    """``vpo:hasFractureAgeInDays`` for each fracture with an onset date and no age given: days from
    onset to the record's (earliest) procedure date, else to ``as_of``."""
    procedure_date: dict[str, date] = {}
    performed = {
        str(t.subject): t.object.value
        for t in triples
        if t.predicate == _PERFORMED_ON and isinstance(t.object, ox.Literal)
    }
    for t in triples:
        if t.predicate == _RECORDS_PROCEDURE and str(t.object) in performed:
            try:
                day = date.fromisoformat(performed[str(t.object)])
            except ValueError:
                continue
            case = str(t.subject)
            procedure_date[case] = min(day, procedure_date.get(case, day))
    case_of = {str(t.object): str(t.subject) for t in triples if t.predicate == _RECORDS_FRACTURE}
    has_age = {str(t.subject) for t in triples if t.predicate == _AGE_DAYS}
    ages: list[ox.Triple] = []
    for t in triples:
        if (
            t.predicate != _ONSET
            or str(t.subject) in has_age
            or not isinstance(t.subject, (ox.NamedNode, ox.BlankNode))
        ):
            continue
        reference = procedure_date.get(case_of.get(str(t.subject), ""), as_of)
        if reference is None or not isinstance(t.object, ox.Literal):
            continue
        try:
            onset = date.fromisoformat(t.object.value)
        except ValueError:
            continue
        ages.append(ox.Triple(t.subject, _AGE_DAYS, ox.Literal(str((reference - onset).days), datatype=_XSD_INTEGER)))
    return ages
