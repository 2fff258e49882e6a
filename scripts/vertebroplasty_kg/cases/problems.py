"""Why a case record is invalid: one :class:`Problem` per field at fault, whatever found it (the
shapes, or the FHIR reader's structural validation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Why a record is invalid: the case, the field and what is wrong.

    ``case`` is the case record as a compact IRI (or, for a FHIR resource that belongs to no case in
    the input, the resource, such as ``Condition/abc``); ``field`` is a property of the case model
    (``vpo:vertebralLevel``), a shape, or the JSON path of a FHIR element
    (``entry[3].resource.onsetDateTime``); ``value`` is the value at fault, when there is one.
    """

    case: str
    field: str
    message: str
    value: str = ""
