"""Rule sets from Python are the CLI's: the same digest, the same modules and overlays, the same tests."""
import json
import re

import pytest

from conftest import CWU, CWU_AS_OF, SOURCE, run_cli

MODULE = "examples/tutorial/my-module"
MODULE_INCIDENT = "examples/tutorial/my-module/examples/ab-retailer.toml"
POLICY = "rules/policy/example-org.toml"


def check_digest(*args):
    _, out, _ = run_cli("check", *args)
    return re.search(r"\((sha256:[0-9a-f]{64})\)", out.decode()).group(1), out.decode()


def test_the_digest_is_the_cli_checks(rules):
    digest, out = check_digest()
    assert rules.digest == digest
    c = rules.check()
    assert c["digest"] == digest and c["text"] == out
    assert c["packs"] == len(rules.packs) and c["warnings"] == rules.warnings == []


def test_packs_are_those_of_the_assessment(rules, cwu):
    a = rules.assess(cwu, CWU_AS_OF)
    assert [p["id"] for p in rules.packs] == [p["id"] for p in a["rules"]["packs"]]
    gdpr = next(p for p in rules.packs if p["id"] == "uk-gdpr")
    assert gdpr["title"] and gdpr["kind"] == "law" and gdpr["jurisdiction"] == "GB" and gdpr["module"] == "uk"
    assert "uk-gdpr/notify-ico" in gdpr["obligations"] and "uk-gdpr/notify-ico" in rules.obligation_ids
    assert "gb-eaw" in rules.calendar_ids
    assert rules.packs is not rules.packs  # a new list each time: nothing shared to mutate


def test_a_module_folder_on_top_of_the_bundled_rules(bc, rules):
    module = bc.Rules.load(None, add_rules=[MODULE])
    digest, out = check_digest("--add-rules", MODULE)
    assert module.digest == digest != rules.digest and module.check()["text"] == out
    assert "my-ab-pipa" in [p["id"] for p in module.packs]
    incident = bc.Incident.from_file(MODULE_INCIDENT, rules=module)
    _, expected, _ = run_cli("assess", MODULE_INCIDENT, "--add-rules", MODULE, "--as-of", "2025-03-04T12:00:00-07:00",
                             "--format", "json")
    assert module.assess_json(incident, "2025-03-04T12:00:00-07:00").encode() == expected


def test_a_rule_folder_and_a_policy_overlay(bc, cwu):
    folder = bc.Rules.load("rules")  # the bundled rules' own folder: the same digest
    assert folder.digest == bc.Rules.bundled().digest
    with_policy = bc.Rules.load(None, policies=[POLICY])
    digest, _ = check_digest("--policy", POLICY)
    assert with_policy.digest == digest
    _, expected, _ = run_cli("assess", CWU, "--policy", POLICY, "--as-of", CWU_AS_OF, "--format", "json")
    assert with_policy.assess_json(cwu, CWU_AS_OF).encode() == expected


def test_policy_tests_are_the_cli_test_command(bc):
    module = bc.Rules.load(None, add_rules=[MODULE])
    tests = f"{MODULE}/tests"
    run = module.run_tests([tests])
    _, out, _ = run_cli("test", "--add-rules", MODULE, tests, "--format", "json")
    assert run == json.loads(out)
    assert run["passed"] > 0 and run["failed"] == 0
    cov = module.run_tests(tests, coverage=True)
    _, out, _ = run_cli("test", "--add-rules", MODULE, tests, "--format", "json", "--coverage")
    assert cov == json.loads(out) and "coverage" in cov
    for fmt in ("text", "junit"):
        _, out, _ = run_cli("test", "--add-rules", MODULE, tests, "--format", fmt)
        assert module.render_tests(tests, fmt).encode() == out


def test_a_failing_case_is_a_result(rules, tmp_path):
    case = tmp_path / "wrong.toml"
    case.write_text(
        '[[case]]\nname = "wrong on purpose"\n'
        f'incident = "{SOURCE / CWU}"\n'
        'as_of = 2024-03-22T18:00:00Z\n'
        'expect = [{ obligation = "uk-gdpr/notify-ico", status = "required" }]\n'
    )
    run = rules.run_tests(case)
    assert (run["passed"], run["failed"]) == (0, 1)
    (failed,) = run["files"][0]["cases"]
    assert not failed["passed"] and failed["name"] == "wrong on purpose"
    assert {"field": "status", "expected": "required", "actual": "undetermined"}.items() <= failed["failures"][0].items()
    _, out, _ = run_cli("test", str(case), "--format", "json", check=False)
    assert run == json.loads(out)


def test_rules_and_incidents_are_immutable(rules, cwu):
    for obj, name in ((rules, "digest"), (cwu, "id"), (rules, "anything")):
        with pytest.raises(AttributeError):
            setattr(obj, name, "x")
    assert repr(rules).startswith("<breachclock.Rules sha256:") and "cwu-2024-03" in repr(cwu)
