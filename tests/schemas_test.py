#!/usr/bin/python3
"""The JSON Schemas describe what breachclock reads and writes.

    tests/schemas_test.py BREACHCLOCK

- schemas/incident.schema.json is current with rules/facts.toml (scripts/incident-schema).
- Every example incident validates: JSON ones as they are, TOML ones converted to the JSON a
  tool would write (date-times as strings). Invalid incidents are refused by the schema too.
- The JSON output of every example (and with the policy overlay) validates against
  schemas/assessment.schema.json.
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

examples = sorted((ROOT / "examples" / "incidents").glob("*.toml")) + sorted((ROOT / "examples" / "incidents").glob("*.json"))
for path in examples:
    doc = json.loads(path.read_text()) if path.suffix == ".json" else as_json(tomllib.loads(path.read_text()))
    errors = sorted(incidents.iter_errors(doc), key=str)
    if errors:
        fail(f"{path.name} does not match the incident schema: {errors[0].message} at {list(errors[0].path)}")

# The schema refuses what the reader refuses.
base = as_json(tomllib.loads((ROOT / "examples" / "incidents" / "cwu-2024.toml").read_text()))
for broken in (
    {**base, "facts": {**base["facts"], "risk": "medium"}},
    {**base, "facts": {**base["facts"], "personal_data_breech": True}},
    {**base, "facts": {**base["facts"], "data_categories": ["gossip"]}},
    {**base, "events": {"detected": "yesterday"}},
    {k: v for k, v in base.items() if k != "zone"},
):
    if incidents.is_valid(broken):
        fail(f"the incident schema accepts an invalid incident: {broken}")

runs = 0
for path in examples:
    for extra in ([], ["--policy", "rules/policy/example-org.toml"]):
        out = subprocess.run([CLI, "assess", str(path.relative_to(ROOT)), "--as-of", "2025-12-01T12:00:00Z", "--format", "json", *extra],
                             cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"assess {path.name} failed: {out.stderr}")
        errors = sorted(assessments.iter_errors(json.loads(out.stdout)), key=str)
        if errors:
            fail(f"the assessment of {path.name} does not match its schema: {errors[0].message} at {list(errors[0].path)}")
        runs += 1
print(f"{len(examples)} example incidents and {runs} assessments match their schemas")
