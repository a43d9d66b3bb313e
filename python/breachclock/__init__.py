"""breachclock: whom to notify, by exactly when, after a security incident.

The Python door to the breachclock C++ library (docs/python.md). Rules are the law as data
(the bundled rule set, or folders of rule files with modules and policy overlays); an incident is
what is known (a file, JSON text or a dict; what is absent is unknown, never false); an
assessment at an explicit instant says, for every obligation, whether it is required, not
required or undetermined, its deadline and why, and which questions remain::

    import breachclock
    rules = breachclock.Rules.bundled()
    incident = breachclock.Incident.from_file("rules/uk/examples/cwu-2024.toml")
    a = rules.assess(incident, "2024-03-22T18:00:00Z")
    for o in a["obligations"]:
        print(o["id"], o["status"], o["deadline"]["due"])

Results are plain Python data in the shape of the ``breachclock.assessment/1`` JSON the CLI
prints with ``--format json`` (docs/json.md), with each instant an aware ``datetime``;
``assess_json`` gives the CLI's bytes. Bad input of any kind raises :class:`Error`, which carries
every located diagnostic: nothing partial is ever returned. The library never reads the clock:
``as_of`` is always given. Rules and incidents are immutable and may be shared between threads;
assessments run without the GIL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Dict, Iterable, List, Optional, Union

__all__ = ["Error", "Rules", "Incident", "__version__"]


def _location(d: Mapping) -> str:
    where = d.get("file") or ""
    if where and d.get("line"):
        where += f":{d['line']}"
        if d.get("column"):
            where += f":{d['column']}"
    return where


class Error(ValueError):
    """Bad input, refused: a rule file, an incident, an instant, a file that cannot be read.

    ``diagnostics`` holds every diagnostic, each a dict ``{"code", "severity", "file", "line",
    "column", "message"}`` (``file``, ``line`` and ``column`` are None when not known; the codes
    are those of docs/diagnostics.md). ``str(error)`` is one line per diagnostic, as the CLI
    prints them: ``file:line:col: error[code]: message``.
    """

    def __init__(self, diagnostics: Iterable[Mapping], lines: Optional[Iterable[str]] = None) -> None:
        self.diagnostics: List[Dict[str, Any]] = [dict(d) for d in diagnostics]
        if lines is None:
            lines = []
            for d in self.diagnostics:
                head = _location(d)
                code = f"[{d['code']}]" if d.get("code") else ""
                lines.append(f"{head + ': ' if head else ''}{d.get('severity', 'error')}{code}: {d.get('message', '')}")
        self.lines: List[str] = list(lines)
        super().__init__("\n".join(self.lines))

    def __reduce__(self):  # pickles with its diagnostics
        return (type(self), (self.diagnostics, self.lines))


from . import _core  # noqa: E402  (Error first: the extension raises it)
from ._instants import with_datetimes  # noqa: E402

__version__: str = _core.library_version()

PathLike = Union[str, "os.PathLike[str]"]
AsOf = Union[datetime, str]


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


class _Frozen:
    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


def _json_value(value: Any) -> Any:
    """json.dumps' fallback for an incident dict: instants and dates as the JSON files write them."""
    if isinstance(value, datetime):
        # Aware: an instant with its offset. Naive: a local time, resolved in the incident's zone
        # (a time a clock change skips or repeats is refused), as in an incident file.
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} {value!r} is not a JSON value")


class Incident(_Frozen):
    """One incident, as read from a file, JSON text or a dict, and checked against a rule set's
    fact schema (the bundled one unless ``rules`` is given).

    Assessed under another rule set, it is read again against that one's schema, as the CLI reads
    an incident file with ``--rules`` or ``--add-rules``. Immutable; safe to share between threads.
    """

    __slots__ = ("_h",)

    def __init__(self, handle: Any) -> None:
        """Not for direct use: see from_file, from_json, from_toml and from_dict."""
        object.__setattr__(self, "_h", handle)

    @classmethod
    def from_file(cls, path: PathLike, rules: Optional["Rules"] = None) -> "Incident":
        """Reads an incident file: TOML, or JSON when its name ends in ``.json`` or its text starts
        with ``{``. Raises Error when it cannot be read or is not a valid incident."""
        return cls(_core.incident_from_file(os.fspath(path), rules._h if rules is not None else None))

    @classmethod
    def from_json(cls, text: str, rules: Optional["Rules"] = None, name: str = "<json>") -> "Incident":
        """Reads an incident from JSON text (one object, the shape of an incident file); ``name``
        is the file name diagnostics give. Raises Error."""
        return cls(_core.incident_from_text(text, name, True, rules._h if rules is not None else None))

    @classmethod
    def from_toml(cls, text: str, rules: Optional["Rules"] = None, name: str = "<toml>") -> "Incident":
        """Reads an incident from the text of a TOML incident file; ``name`` is the file name
        diagnostics give. Raises Error."""
        return cls(_core.incident_from_text(text, name, False, rules._h if rules is not None else None))

    @classmethod
    def from_dict(cls, d: Mapping, rules: Optional["Rules"] = None, name: str = "<dict>") -> "Incident":
        """Reads an incident from a dict of the shape of an incident file, which is written as
        JSON (indented by two spaces: diagnostics give lines and columns in that text, see
        ``text``) and read by the library's own reader, so every check applies. An aware
        ``datetime`` is an instant; a naive one is a local time in the incident's zone (as in a
        file); a ``date`` is a date; a set is a sorted list. Raises Error (code python.not-json
        for a value JSON cannot hold)."""
        if not isinstance(d, Mapping):
            raise TypeError(f"from_dict takes a dict, not {type(d).__name__}")
        try:
            text = json.dumps(d, indent=2, ensure_ascii=False, allow_nan=False, default=_json_value)
        except (TypeError, ValueError, RecursionError) as e:
            why = str(e)
        else:
            return cls(_core.incident_from_text(text, name, True, rules._h if rules is not None else None))
        _core.fail_not_json(name, why)  # raises Error
        raise AssertionError("unreachable")

    @property
    def id(self) -> str:
        """The incident's id."""
        return self._h.id

    @property
    def zone(self) -> str:
        """The incident's home zone, an IANA name (``Europe/London``)."""
        return self._h.zone

    @property
    def title(self) -> str:
        """The incident's title, or ``""``."""
        return self._h.title

    @property
    def path(self) -> str:
        """Where the incident was read: the path given, or the name of text or a dict."""
        return self._h.path

    @property
    def text(self) -> str:
        """The text it was read from (for a dict: the JSON it was written as)."""
        return self._h.text

    def __repr__(self) -> str:
        return f"<breachclock.Incident {self.id!r} ({self.zone}) from {self.path!r}>"


class Rules(_Frozen):
    """A rule set: the law as data, loaded and checked (every error at once).

    ``Rules.bundled()`` is the rule set embedded in the library; ``Rules.load`` reads folders as
    the CLI's ``--rules``, ``--add-rules`` and ``--policy`` do. Immutable; safe to share between
    threads. Every method that assesses takes the incident and ``as_of``: a ``datetime`` with
    tzinfo or an RFC 3339 string with an offset (``"2024-03-22T18:00:00Z"``); a naive datetime is
    refused (Error, code python.naive-datetime): the library never guesses a zone, and never
    reads the clock.
    """

    __slots__ = ("_h",)

    def __init__(self, handle: Any) -> None:
        """Not for direct use: see bundled() and load()."""
        object.__setattr__(self, "_h", handle)

    @classmethod
    def bundled(cls) -> "Rules":
        """The rule set embedded in the library (the rules/ folder of its source)."""
        return cls(_core.load_rules(None, [], []))

    @classmethod
    def load(
        cls,
        folder: Optional[PathLike] = None,
        add_rules: Iterable[PathLike] = (),
        policies: Iterable[PathLike] = (),
    ) -> "Rules":
        """Loads a rule set: the rule folder ``folder`` (None: the bundled rules), with the module
        folders ``add_rules`` on top (each a folder holding module.toml, or a folder of such
        folders) and the policy overlay files ``policies``. Raises Error with every diagnostic."""
        return cls(
            _core.load_rules(
                os.fspath(folder) if folder is not None else None, _paths(add_rules), _paths(policies)
            )
        )

    @property
    def digest(self) -> str:
        """``"sha256:"`` and the hex SHA-256 of the loaded rule files (what ``breachclock check``
        prints and the JSON's ``rules.digest``)."""
        return self._h.digest

    @property
    def packs(self) -> List[Dict[str, Any]]:
        """The rule packs, each ``{"id", "title", "kind" ("law" or "policy"), "jurisdiction",
        "module", "confidence", "proposed", "file", "obligations"}`` (a new list each time)."""
        return self._h.packs()

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """The warnings found while loading, as diagnostic dicts."""
        return self._h.warnings()

    @property
    def obligation_ids(self) -> List[str]:
        """Every distinct obligation id, sorted."""
        return self._h.obligation_ids()

    @property
    def calendar_ids(self) -> List[str]:
        """Every holiday calendar id, sorted."""
        return self._h.calendar_ids()

    def check(self) -> Dict[str, Any]:
        """What ``breachclock check`` says of the rule set (it loaded, so there is no error):
        ``{"packs", "obligations", "proposed", "calendars", "facts", "events", "warnings",
        "digest", "text"}``, ``text`` being the lines the CLI prints."""
        return self._h.check()

    def assess_json(
        self, incident: Incident, as_of: AsOf, *, trace: bool = True, include_proposed: bool = False
    ) -> str:
        """The ``breachclock.assessment/1`` document, byte for byte what ``breachclock assess
        --format json`` prints (``trace=False``: ``--no-trace``; ``include_proposed``:
        ``--include-proposed``). Raises Error."""
        return _core.render(self._h, incident._h, as_of, "json", trace, include_proposed)

    def assess(
        self, incident: Incident, as_of: AsOf, *, trace: bool = True, include_proposed: bool = False
    ) -> Dict[str, Any]:
        """The assessment as a dict: ``assess_json`` parsed, with every instant an aware
        ``datetime`` (UTC instants in ``timezone.utc``; local times in the ``ZoneInfo`` of their
        zone). Raises Error."""
        return with_datetimes(json.loads(self.assess_json(incident, as_of, trace=trace, include_proposed=include_proposed)))

    def explain(self, incident: Incident, obligation_id: str, as_of: AsOf, *, include_proposed: bool = False) -> Dict[str, Any]:
        """One obligation's entry of the assessment (its status, deadline, trace in ``because``,
        citations, content), instants as datetimes; with ``include_proposed``, the binding
        result when there is one. Raises Error (code python.unknown-obligation, with a "did you
        mean") when the rules have no such obligation."""
        doc = with_datetimes(json.loads(_core.explain(self._h, incident._h, obligation_id, as_of, "json", include_proposed)))
        found = [o for o in doc["obligations"] if o["id"] == obligation_id]
        binding = [o for o in found if not o.get("proposed")]
        return (binding or found)[0]

    def questions(self, incident: Incident, as_of: AsOf) -> List[Dict[str, Any]]:
        """The open questions, most decisive first: ``[{"fact", "question", "decides", "kind"}]``,
        the assessment's ``questions``. Raises Error."""
        return json.loads(self.assess_json(incident, as_of, trace=False))["questions"]

    def render(self, incident: Incident, as_of: AsOf, format: str = "text", *, include_proposed: bool = False) -> str:
        """The assessment as ``breachclock assess --format FORMAT`` prints it: ``"text"`` (for
        people, no colour), ``"json"``, ``"md"`` (a report for counsel), ``"ics"`` (iCalendar)
        or ``"svg"`` (a timeline). Raises Error; ValueError for another format."""
        return _core.render(self._h, incident._h, as_of, format, True, include_proposed)

    def render_explanation(self, incident: Incident, obligation_id: str, as_of: AsOf, *, include_proposed: bool = False) -> str:
        """One obligation's story as ``breachclock explain`` prints it. Raises Error."""
        return _core.explain(self._h, incident._h, obligation_id, as_of, "text", include_proposed)

    def render_questions(self, incident: Incident, as_of: AsOf) -> str:
        """The open questions as ``breachclock questions`` prints them. Raises Error."""
        return _core.questions_text(self._h, incident._h, as_of)

    def run_tests(self, paths: Union[PathLike, Iterable[PathLike]], coverage: bool = False) -> Dict[str, Any]:
        """Runs policy test files (files, or folders of ``*.toml`` and ``*.json``) against the
        rules, as ``breachclock test --format json`` does, and returns its document: the cases
        passed and failed, each case with its failures (field, expected, actual), and with
        ``coverage`` what the tests exercised. A failing case is a result, not an error; a test
        file that cannot be read or parsed raises Error."""
        return json.loads(self._h.run_tests(_paths(paths), coverage, "json"))

    def render_tests(
        self, paths: Union[PathLike, Iterable[PathLike]], format: str = "text", coverage: bool = False
    ) -> str:
        """The policy test run as ``breachclock test --format FORMAT`` prints it: ``"text"``,
        ``"json"`` or ``"junit"`` (JUnit XML). Raises Error; ValueError for another format."""
        return self._h.run_tests(_paths(paths), coverage, format)

    def __repr__(self) -> str:
        return f"<breachclock.Rules {self.digest[:19]} ({len(self.packs)} packs)>"
