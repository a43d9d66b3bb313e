"""Bad input raises breachclock.Error with every located diagnostic, as the CLI prints them."""
import pickle

import pytest

from conftest import CWU, CWU_AS_OF, run_cli

INCIDENTS = "tests/golden/inputs/incidents"


def cli_diagnostics(*args):
    code, _, err = run_cli(*args, check=False)
    assert code == 2
    return err.splitlines()


@pytest.mark.parametrize("name", ["unknown-zone.toml", "syntax.toml", "unknown-fact.toml", "wrong-types.json",
                                  "abbreviation-zone.json", "skipped-time.toml", "missing-keys.toml"])
def test_bad_incident_files_are_refused_as_the_cli_refuses_them(bc, rules, name):
    path = f"{INCIDENTS}/{name}"
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_file(path)
    assert str(e.value).splitlines() == cli_diagnostics("assess", path, "--as-of", CWU_AS_OF)
    for d in e.value.diagnostics:
        assert set(d) == {"code", "severity", "file", "line", "column", "message"}
        assert d["file"] == path and d["severity"] == "error" and d["code"]


def test_a_bad_zone_is_located(bc):
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_file(f"{INCIDENTS}/unknown-zone.toml")
    (d,) = e.value.diagnostics
    assert (d["line"], d["column"]) == (2, 9) and "Europe/Londn" in d["message"]
    assert "did you mean 'Europe/London'" in d["message"]
    # From a dict: located in the JSON text the dict was written as.
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_dict({"id": "x", "zone": "Mars/Olympus_Mons"})
    (d,) = e.value.diagnostics
    assert d["file"] == "<dict>" and d["line"] == 3 and d["column"] is not None


def test_malformed_toml_is_located(bc, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nzone = "Europe/London"\n[facts\n')
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_file(bad)
    (d,) = e.value.diagnostics
    assert d["code"] == "toml.syntax" and d["file"] == str(bad) and d["line"] == 3


def test_an_unknown_fact_says_did_you_mean(bc, rules):
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_dict({"id": "x", "zone": "Europe/London", "facts": {"personal_data_breech": True}})
    (d,) = e.value.diagnostics
    assert "did you mean 'personal_data_breach'?" in d["message"] and d["line"] == 5
    assert str(e.value).startswith(f"<dict>:5:{d['column']}: error[{d['code']}]: ")


def test_a_malformed_rule_folder_gives_every_error(bc):
    folder = "tests/golden/inputs/rules/many-errors"
    with pytest.raises(bc.Error) as e:
        bc.Rules.load(folder)
    expected = cli_diagnostics("check", "--rules", folder)
    assert str(e.value).splitlines() == expected[:-1]  # the CLI adds a count: "N errors"
    assert len(e.value.diagnostics) > 1
    assert all(d["line"] for d in e.value.diagnostics)


def test_unreadable_files_and_folders(bc, rules, tmp_path):
    for call in (lambda: bc.Incident.from_file(tmp_path / "none.toml"),
                 lambda: bc.Rules.load(tmp_path / "none"),
                 lambda: bc.Rules.load(None, add_rules=[tmp_path / "none"]),
                 lambda: bc.Rules.load(None, policies=[tmp_path / "none.toml"]),
                 lambda: rules.run_tests([tmp_path / "none.toml"])):
        with pytest.raises(bc.Error) as e:
            call()
        assert e.value.diagnostics and str(tmp_path) in str(e.value)


def test_dicts_json_cannot_hold_and_text_that_is_no_object(bc):
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_dict({"id": "x", "zone": "UTC", "facts": {"n": float("nan")}})
    assert e.value.diagnostics[0]["code"] == "python.not-json"
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_dict({"id": object()})
    assert e.value.diagnostics[0]["code"] == "python.not-json"
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_json("[1, 2]")
    assert e.value.diagnostics[0]["code"] == "python.json-object"
    with pytest.raises(bc.Error) as e:
        bc.Incident.from_json('{"id": "x", "zone": "UTC",}', name="mine.json")
    assert e.value.diagnostics[0]["file"] == "mine.json" and e.value.diagnostics[0]["code"] == "json.syntax"
    with pytest.raises(TypeError):
        bc.Incident.from_dict([("id", "x")])


def test_an_unknown_obligation_says_did_you_mean(bc, rules, cwu):
    with pytest.raises(bc.Error) as e:
        rules.explain(cwu, "uk-gdpr/notify-icoo", CWU_AS_OF)
    (d,) = e.value.diagnostics
    assert d["code"] == "python.unknown-obligation" and "did you mean 'uk-gdpr/notify-ico'?" in d["message"]
    with pytest.raises(bc.Error):
        rules.render_explanation(cwu, "nope", CWU_AS_OF)


def test_an_incident_that_another_rule_set_refuses_fails_closed(bc):
    # A fact only a module declares: read against the module's rules it is valid; against the
    # bundled schema it is not, and assessing it under the bundled rules reads it again.
    module = bc.Rules.load(None, add_rules=["examples/tutorial/my-module"])
    example = "examples/tutorial/my-module/examples/ab-retailer.toml"
    incident = bc.Incident.from_file(example, rules=module)
    assert module.assess(incident, "2025-01-10T12:00:00Z")["obligations"]
    with pytest.raises(bc.Error) as e:
        bc.Rules.bundled().assess(incident, "2025-01-10T12:00:00Z")
    assert e.value.diagnostics[0]["file"] == example


def test_the_error_type(bc):
    e = bc.Error([{"code": "x.y", "severity": "error", "file": "f", "line": 2, "column": 3, "message": "m"}])
    assert str(e) == "f:2:3: error[x.y]: m" and isinstance(e, ValueError)
    again = pickle.loads(pickle.dumps(e))
    assert again.diagnostics == e.diagnostics and str(again) == str(e)
    with pytest.raises(bc.Error) as caught:
        bc.Incident.from_file(CWU.replace("cwu", "nope"))
    assert pickle.loads(pickle.dumps(caught.value)).diagnostics == caught.value.diagnostics
