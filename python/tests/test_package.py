"""The package's own promises: instants found by the schema, a stub that matches, docstrings."""
import ast
import inspect
import json
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import breachclock
from breachclock import _instants

from conftest import SOURCE, run_cli


def schema_instant_fields():
    """Every field schemas/assessment.schema.json declares an instant or a local time."""
    schema = json.loads((SOURCE / "schemas/assessment.schema.json").read_text())
    found = {}

    def walk(node, path):
        if isinstance(node, list):
            for n in node:
                walk(n, path)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref in ("#/$defs/instant", "#/$defs/local"):
            found[tuple(path)] = ref.rsplit("/", 1)[1]
            return
        for key, value in node.items():
            if key == "properties":
                for name, sub in value.items():
                    walk(sub, path + [name])
            elif key == "items":
                walk(value, path + ["[]"])
            elif key == "additionalProperties":
                walk(value, path + ["*"])
            elif key in ("oneOf", "anyOf", "allOf"):
                walk(value, path)

    walk(schema, [])
    return found


def test_every_instant_of_the_schema_is_converted():
    kinds = {path: ("local" if kind != "instant" else "instant") for path, kind in _instants.INSTANT_FIELDS.items()}
    assert kinds == schema_instant_fields()


def test_local_times_in_a_fold_and_in_an_unknown_zone():
    london = ZoneInfo("Europe/London")
    first = _instants.parse_local("2024-10-27T01:30:00+01:00", "Europe/London")
    second = _instants.parse_local("2024-10-27T01:30:00+00:00", "Europe/London")
    assert first.tzinfo == london == second.tzinfo and (first.fold, second.fold) == (0, 1)
    # (Two datetimes of one tzinfo subtract as wall times in Python: compare them in UTC.)
    assert second.astimezone(timezone.utc) - first.astimezone(timezone.utc) == timedelta(hours=1)
    fixed = _instants.parse_local("2024-10-27T01:30:00+05:45", "No/Such_Zone")
    assert fixed.utcoffset() == timedelta(hours=5, minutes=45)
    assert _instants.parse_instant("2024-03-24T09:00:00Z").tzinfo is timezone.utc
    # A zone whose offset at that time differs (tzdata and the JSON disagree): a fixed offset.
    assert _instants.parse_local("2024-07-01T12:00:00+00:00", "Europe/London").tzinfo == timezone(timedelta(0))


def public_members(cls):
    return {n for n in vars(cls) if not n.startswith("_")}


def test_the_stub_matches_the_package():
    stub = ast.parse((SOURCE / "python/breachclock/__init__.pyi").read_text())
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    for name in ("Error", "Rules", "Incident"):
        declared = {f.name for f in classes[name].body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")}
        declared |= {a.target.id for a in classes[name].body if isinstance(a, ast.AnnAssign)}
        actual = public_members(getattr(breachclock, name))
        if name == "Error":
            actual |= {"diagnostics", "lines"}
        assert declared == actual, name
    assert (SOURCE / "python/breachclock/py.typed").exists()
    assert (breachclock.__file__ and (breachclock.__spec__.origin.endswith("__init__.py")))


def test_everything_has_a_docstring():
    assert breachclock.__doc__ and breachclock._core.__doc__
    for cls in (breachclock.Rules, breachclock.Incident, breachclock.Error):
        assert cls.__doc__
        for name in public_members(cls):
            member = inspect.getattr_static(cls, name)
            target = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
            assert getattr(target, "__doc__", None), f"{cls.__name__}.{name}"
    for name in dir(breachclock._core):
        if not name.startswith("_"):
            assert getattr(breachclock._core, name).__doc__, name


def test_the_version_and_the_bundled_digest_are_the_clis(rules):
    _, out, _ = run_cli("--version")
    assert out.decode() == f"breachclock {breachclock.__version__}\nbundled rules {rules.digest}\n"
