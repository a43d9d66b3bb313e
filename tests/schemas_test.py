#!/usr/bin/python3
"""The JSON Schemas describe what breachclock reads and writes.

    tests/schemas_test.py BREACHCLOCK

- schemas/incident.schema.json is current with rules/facts.toml (scripts/incident-schema).
- Every example incident validates: JSON ones as they are, TOML ones converted to the JSON a
  tool would write (date-times as strings). Invalid incidents are refused by the schema too.
- The JSON output of every example (and with the policy overlay) validates against
  schemas/assessment.schema.json.
- The premises travel with the conclusions: the output's `incident` (less unknown_facts and
  unknown_events) is itself a valid incident, holding the file's title, notes and facts.
- Every obligation's `confidence` is the one docs/coverage.md gives it (scripts/coverage-table):
  the engine and the docs use one rule.
Validation uses Debian's python3-jsonschema.
"""
import datetime
import json
import pathlib
import subprocess
import sys
import tomllib

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = sys.argv[1]


def fail(message):
    sys.exit("FAIL: " + message)


def as_json(value):
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text.replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


if subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "incident-schema"), "--check"]).returncode != 0:
    fail("schemas/incident.schema.json is out of date")
incident_schema = json.loads((ROOT / "schemas" / "incident.schema.json").read_text())
assessment_schema = json.loads((ROOT / "schemas" / "assessment.schema.json").read_text())
for s in (incident_schema, assessment_schema):
    jsonschema.Draft202012Validator.check_schema(s)
incidents = jsonschema.Draft202012Validator(incident_schema)
assessments = jsonschema.Draft202012Validator(assessment_schema)

# examples/incidents and every module's rules/<module>/examples.
folders = [ROOT / "examples" / "incidents"] + sorted((ROOT / "rules").glob("*/examples"))
examples = sorted(p for f in folders for p in f.glob("*.toml")) + sorted(p for f in folders for p in f.glob("*.json"))
for path in examples:
    doc = json.loads(path.read_text()) if path.suffix == ".json" else as_json(tomllib.loads(path.read_text()))
    errors = sorted(incidents.iter_errors(doc), key=str)
    if errors:
        fail(f"{path.name} does not match the incident schema: {errors[0].message} at {list(errors[0].path)}")

# The schema refuses what the reader refuses.
base = as_json(tomllib.loads((ROOT / "rules" / "uk" / "examples" / "cwu-2024.toml").read_text()))
for broken in (
    {**base, "facts": {**base["facts"], "risk": "medium"}},
    {**base, "facts": {**base["facts"], "personal_data_breech": True}},
    {**base, "facts": {**base["facts"], "data_categories": ["gossip"]}},
    {**base, "events": {"detected": "yesterday"}},
    {k: v for k, v in base.items() if k != "zone"},
):
    if incidents.is_valid(broken):
        fail(f"the incident schema accepts an invalid incident: {broken}")

coverage = {}
table = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "coverage-table")], capture_output=True, text=True, check=True).stdout
for line in table.splitlines()[2:]:
    cells = [c.strip() for c in line.strip("|").split("|")]
    coverage[cells[0].strip("`")] = {c.strip() for c in cells[-1].split(",")}
if len(coverage) < 10:
    fail("scripts/coverage-table gave too few rows to compare")

runs = 0
compared = 0
for path in examples:
    for extra in ([], ["--policy", "rules/policy/example-org.toml"]):
        out = subprocess.run([CLI, "assess", str(path.relative_to(ROOT)), "--as-of", "2025-12-01T12:00:00Z", "--format", "json", *extra],
                             cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"assess {path.name} failed: {out.stderr}")
        doc = json.loads(out.stdout)
        errors = sorted(assessments.iter_errors(doc), key=str)
        if errors:
            fail(f"the assessment of {path.name} does not match its schema: {errors[0].message} at {list(errors[0].path)}")
        runs += 1
        given = {k: v for k, v in doc["incident"].items() if k not in ("unknown_facts", "unknown_events") and v is not None}
        errors = sorted(incidents.iter_errors(given), key=str)
        if errors:
            fail(f"the premises of {path.name}'s assessment are not a valid incident: {errors[0].message}")
        source = json.loads(path.read_text()) if path.suffix == ".json" else as_json(tomllib.loads(path.read_text()))
        # Sets come back sorted and without repeats, as the engine holds them.
        def canonical(v):
            if isinstance(v, list):
                return sorted(set(v))
            if isinstance(v, dict) and "at_least" in v:
                return {"at_least": sorted(set(v["at_least"]))}
            return v
        facts = {k: canonical(v) for k, v in source.get("facts", {}).items() if v != "unknown"}
        # The counts of people affected come back in their own table; the older fact
        # affected_count is affected.total.
        affected = {k: v for k, v in source.get("affected", {}).items() if v != "unknown"}
        if "affected_count" in facts:
            affected["total"] = facts.pop("affected_count")
        if given.get("affected", {}) != affected:
            fail(f"the counts of {path.name}'s assessment differ from the file: {given.get('affected')} vs {affected}")
        if {k: canonical(v) for k, v in given.get("facts", {}).items()} != facts or given.get("title") != source.get("title") or given["notes"] != source.get("notes", []):
            fail(f"the premises of {path.name}'s assessment differ from the file: {given}")
        if set(doc["incident"]["unknown_facts"]) & set(facts):
            fail(f"{path.name}: a known fact is listed as unknown")
        for o in doc["obligations"]:
            if o["id"] in coverage:
                compared += 1
                if o["confidence"] not in coverage[o["id"]]:
                    fail(f"{o['id']}: the JSON says {o['confidence']}, docs/coverage.md {sorted(coverage[o['id']])}")
if compared < 100:
    fail(f"only {compared} obligations compared with docs/coverage.md")
print(f"{len(examples)} example incidents and {runs} assessments match their schemas; "
      f"{compared} confidences agree with docs/coverage.md")
