"""Assessments from Python are the CLI's: byte for byte as JSON, field for field as Python data."""
import json
import tomllib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from conftest import CWU, CWU_AS_OF, SOURCE, run_cli


def plain(value):
    """A document of assess() with every datetime written back as the JSON writes it."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        assert value.tzinfo is not None
        if value.tzinfo is timezone.utc:
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat()
    return value


def test_assess_json_is_the_cli_output_byte_for_byte(rules, cwu):
    _, expected, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", "json")
    assert rules.assess_json(cwu, CWU_AS_OF).encode() == expected
    # The same instant as a datetime, in UTC or in another zone, and written with an offset.
    london = datetime(2024, 3, 22, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    for as_of in (datetime(2024, 3, 22, 18, tzinfo=timezone.utc), london, "2024-03-22T19:00:00+01:00"):
        assert rules.assess_json(cwu, as_of).encode() == expected


def test_assess_is_the_cli_document_with_datetimes(rules, cwu):
    _, out, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", "json")
    a = rules.assess(cwu, CWU_AS_OF)
    assert plain(a) == json.loads(out)
    assert a["as_of"] == datetime(2024, 3, 22, 18, tzinfo=timezone.utc) and a["as_of"].tzinfo is timezone.utc
    assert a["incident"]["events"]["detected"] == datetime(2024, 3, 21, 9, tzinfo=timezone.utc)
    ico = next(o for o in a["obligations"] if o["id"] == "uk-gdpr/notify-ico")
    assert ico["status"] == "undetermined" and ico["depends_on"] == ["personal_data_breach", "risk"]
    d = ico["deadline"]
    assert d["due"] == datetime(2024, 3, 24, 9, tzinfo=timezone.utc)
    assert d["anchor"] == d["due"] - timedelta(hours=72)
    assert d["due_local"].tzinfo == ZoneInfo("Europe/London") and d["due_local"] == d["due"]
    assert d["due_incident_local"].tzinfo == ZoneInfo("Europe/London")
    assert d["remaining_seconds"] == (d["due"] - a["as_of"]).total_seconds()


def test_local_times_carry_their_zones(bc):
    # The tutorial's Alberta module: deadlines in America/Edmonton (MST, -07:00, in March).
    module = bc.Rules.load(None, add_rules=["examples/tutorial/my-module"])
    incident = bc.Incident.from_file("examples/tutorial/my-module/examples/ab-retailer.toml", rules=module)
    a = module.assess(incident, "2025-03-04T19:00:00Z")
    dated = [o["deadline"] for o in a["obligations"] if o["deadline"]["due_local"] is not None]
    assert dated
    for d in dated:
        assert d["due_local"] == d["due"] and d["due_local"].tzinfo == ZoneInfo(d["zone"])
        assert d["due_incident_local"].tzinfo == ZoneInfo("America/Edmonton")
    assert a["incident"]["events"]["aware"] == datetime(2025, 3, 3, 22, 30, tzinfo=timezone.utc)


def test_a_dict_incident_is_the_file_incident(rules, bc, cwu):
    with open(CWU, "rb") as f:
        d = tomllib.load(f)  # TOML date-times come back as aware datetimes
    assert isinstance(d["events"]["detected"], datetime)
    from_dict = bc.Incident.from_dict(d)
    assert from_dict.path == "<dict>" and from_dict.id == "cwu-2024-03" and from_dict.zone == "Europe/London"
    assert rules.assess_json(from_dict, CWU_AS_OF) == rules.assess_json(cwu, CWU_AS_OF)
    assert rules.assess(from_dict, CWU_AS_OF) == rules.assess(cwu, CWU_AS_OF)
    from_json = bc.Incident.from_json(from_dict.text)
    assert rules.assess_json(from_json, CWU_AS_OF) == rules.assess_json(cwu, CWU_AS_OF)
    from_toml = bc.Incident.from_toml((SOURCE / CWU).read_text())
    assert rules.assess_json(from_toml, CWU_AS_OF) == rules.assess_json(cwu, CWU_AS_OF)


def test_dict_values_datetimes_dates_sets(rules, bc):
    d = {
        "id": "py-1",
        "zone": "Europe/London",
        "scope": ["GB"],
        "events": {"detected": datetime(2024, 3, 21, 9, tzinfo=timezone.utc), "aware": datetime(2024, 3, 22, 16)},
        "facts": {"uk_processing": True, "role": "controller", "data_categories": {"contact", "trade_union_membership"}},
    }
    a = rules.assess(bc.Incident.from_dict(d), CWU_AS_OF)
    # A naive datetime is a local time in the incident's zone, as in a file (GMT in March).
    assert a["incident"]["events"]["aware"] == datetime(2024, 3, 22, 16, tzinfo=timezone.utc)
    assert a["incident"]["facts"]["data_categories"] == ["contact", "trade_union_membership"]


def test_explain_and_questions(rules, cwu):
    a = rules.assess(cwu, CWU_AS_OF)
    ico = rules.explain(cwu, "uk-gdpr/notify-ico", CWU_AS_OF)
    assert ico == next(o for o in a["obligations"] if o["id"] == "uk-gdpr/notify-ico")
    assert ico["because"] and ico["citations"][0]["ref"] == "UK GDPR Art. 33(1)"
    q = rules.questions(cwu, CWU_AS_OF)
    assert q == a["questions"] and q[0]["fact"] == "personal_data_breach"


@pytest.mark.parametrize("fmt", ["text", "json", "md", "ics", "svg"])
def test_every_renderer_is_the_clis(rules, cwu, fmt):
    _, expected, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", fmt)
    assert rules.render(cwu, CWU_AS_OF, fmt).encode() == expected
    if fmt == "text":
        assert rules.render(cwu, CWU_AS_OF).encode() == expected


def test_explanation_and_questions_text_are_the_clis(rules, cwu):
    _, expected, _ = run_cli("explain", CWU, "uk-gdpr/notify-ico", "--as-of", CWU_AS_OF)
    assert rules.render_explanation(cwu, "uk-gdpr/notify-ico", CWU_AS_OF).encode() == expected
    _, expected, _ = run_cli("questions", CWU, "--as-of", CWU_AS_OF)
    assert rules.render_questions(cwu, CWU_AS_OF).encode() == expected


def test_no_trace_and_proposed_law_are_the_clis_flags(rules, cwu):
    _, expected, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", "json", "--no-trace")
    assert rules.assess_json(cwu, CWU_AS_OF, trace=False).encode() == expected
    assert all(o["because"] == [] for o in rules.assess(cwu, CWU_AS_OF, trace=False)["obligations"])
    _, expected, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", "json", "--include-proposed")
    assert rules.assess_json(cwu, CWU_AS_OF, include_proposed=True).encode() == expected
    with pytest.raises(ValueError):
        rules.render(cwu, CWU_AS_OF, "pdf")


def test_as_of_is_required_aware_and_checked(rules, cwu, bc):
    with pytest.raises(bc.Error) as e:
        rules.assess(cwu, datetime(2024, 3, 22, 18))  # naive: never a guessed zone
    assert isinstance(e.value, ValueError)
    assert [d["code"] for d in e.value.diagnostics] == ["python.naive-datetime"]
    assert str(e.value).startswith("as_of:1:1: error[python.naive-datetime]: as_of is a naive datetime")
    with pytest.raises(bc.Error) as e:
        rules.assess(cwu, "2024-03-22T18:00:00")  # a local time without offset
    assert e.value.diagnostics[0]["file"] == "as_of"
    with pytest.raises(bc.Error) as e:
        rules.assess(cwu, "2024-13-22T18:00:00Z")
    assert e.value.diagnostics[0]["code"].startswith("time.")
    with pytest.raises(TypeError):
        rules.assess(cwu, 1711130400)
    with pytest.raises(TypeError):
        rules.assess(cwu)  # as_of has no default: the library never reads the clock
    # Fractions of a second are truncated towards the past, as the CLI reads --as-of.
    t = datetime(2024, 3, 22, 18, 0, 0, 999999, tzinfo=timezone.utc)
    assert rules.assess_json(cwu, t) == rules.assess_json(cwu, CWU_AS_OF)
