"""The instants of a ``breachclock.assessment/1`` document as :class:`datetime.datetime` objects.

The JSON writes instants as strings: UTC instants (``"2024-03-24T09:00:00Z"``) and local times
with their offset (``"2024-03-24T09:00:00+00:00"``). :func:`with_datetimes` replaces each, in
place, by an aware ``datetime``: a UTC instant gets :data:`datetime.timezone.utc`; a local time
gets the :class:`zoneinfo.ZoneInfo` of its zone (the deadline's ``zone`` for ``due_local``, the
incident's for ``due_incident_local``) when that zone gives the same offset at that time, and a
fixed :class:`datetime.timezone` of the offset otherwise. The instant is always the one the JSON
names. Dates (``due_date``, ``rolled_from``) and every other string stay strings.

Which fields hold instants is read from the document's structure, never guessed from a string's
shape (a text fact may look like a date): :data:`INSTANT_FIELDS` lists every field that
``schemas/assessment.schema.json`` declares an instant or a local time, and the test suite checks
the two lists agree.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Optional, Tuple
from zoneinfo import ZoneInfo

__all__ = ["INSTANT_FIELDS", "with_datetimes", "parse_instant", "parse_local"]

# A path of keys from the document's root: "*" is every member of an object, "[]" every element
# of an array. The kind: "instant" (UTC, "Z"), "local" (with an offset, in the deadline's zone),
# "incident-local" (with an offset, in the incident's zone).
INSTANT_FIELDS: Dict[Tuple[str, ...], str] = {
    ("as_of",): "instant",
    ("incident", "events", "*"): "instant",
    ("obligations", "[]", "deadline", "anchor"): "instant",
    ("obligations", "[]", "deadline", "due"): "instant",
    ("obligations", "[]", "deadline", "due_local"): "local",
    ("obligations", "[]", "deadline", "due_incident_local"): "incident-local",
    ("obligations", "[]", "deadline", "target_due"): "instant",
    ("obligations", "[]", "deadline", "counting_from"): "instant",
    ("obligations", "[]", "deadline", "rolled_due_from"): "instant",
    ("obligations", "[]", "deadline", "undelayed_due"): "instant",
    ("obligations", "[]", "deadline", "limits", "[]", "anchor"): "instant",
    ("obligations", "[]", "deadline", "limits", "[]", "due"): "instant",
    ("obligations", "[]", "deadline", "delays", "[]", "at"): "instant",
    ("obligations", "[]", "deadline", "delays", "[]", "until"): "instant",
    ("obligations", "[]", "deadline", "delays", "[]", "moved_to"): "instant",
    ("obligations", "[]", "filed", "at"): "instant",
}

_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z")
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})(?::(\d{2}))?")


def parse_instant(text: str) -> datetime:
    """``"2024-03-24T09:00:00Z"`` as a datetime in UTC. Raises ValueError for anything else."""
    m = _INSTANT.fullmatch(text)
    if m is None:
        raise ValueError(f"not a UTC instant: {text!r}")
    return datetime(*(int(g) for g in m.groups()), tzinfo=timezone.utc)


def _zone(name: Optional[str]) -> Optional[ZoneInfo]:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


def parse_local(text: str, zone: Optional[str]) -> datetime:
    """``"2024-03-24T09:00:00+00:00"`` as an aware datetime: in ``zone`` (a ZoneInfo) when the
    zone has that offset at that local time, else with a fixed offset. Raises ValueError for
    anything else."""
    m = _LOCAL.fullmatch(text)
    if m is None:
        raise ValueError(f"not a local time with an offset: {text!r}")
    g = m.groups()
    wall = datetime(*(int(x) for x in g[:6]))
    offset = timedelta(hours=int(g[7]), minutes=int(g[8]), seconds=int(g[9] or 0))
    if g[6] == "-":
        offset = -offset
    tz = _zone(zone)
    if tz is not None:
        for fold in (0, 1):  # a time an autumn change repeats: the fold with this offset
            candidate = wall.replace(tzinfo=tz, fold=fold)
            if candidate.utcoffset() == offset:
                return candidate
    return wall.replace(tzinfo=timezone(offset))


def _convert(node: Any, path: Tuple[str, ...], fix: Callable[[str, Any], Any]) -> None:
    key, rest = path[0], path[1:]
    if key == "[]":
        keys = range(len(node)) if isinstance(node, list) else range(0)
    elif key == "*":
        keys = list(node) if isinstance(node, dict) else []
    else:
        keys = [key] if isinstance(node, dict) and key in node else []
    for k in keys:
        if rest:
            _convert(node[k], rest, fix)
        elif isinstance(node[k], str):
            node[k] = fix(node[k], node)


def with_datetimes(document: Dict[str, Any]) -> Dict[str, Any]:
    """Replaces, in place, every instant of an assessment document (parsed JSON) by an aware
    datetime, as the module's docstring says, and returns the document."""
    incident_zone = (document.get("incident") or {}).get("zone")
    fixers: Dict[str, Callable[[str, Any], Any]] = {
        "instant": lambda text, parent: parse_instant(text),
        "local": lambda text, parent: parse_local(text, parent.get("zone")),
        "incident-local": lambda text, parent: parse_local(text, incident_zone),
    }
    for path, kind in INSTANT_FIELDS.items():
        _convert(document, path, fixers[kind])
    return document
