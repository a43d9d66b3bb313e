#!/usr/bin/python3
"""The iCalendar and SVG outputs are what their readers expect.

    tests/formats_test.py BREACHCLOCK

ICS: read back with a real iCalendar parser (Debian's python3-icalendar): one VEVENT per dated
deadline of every obligation that applies or may apply (and per internal target), at the due
instants of the JSON output, in UTC; UIDs unique and stable across assessments; alarms before;
lines folded at 75 octets with CRLF. SVG: well-formed XML whose text names each deadline drawn.
"""
import json
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import icalendar

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = sys.argv[1]
CASES = [
    ("examples/incidents/cwu-2024.toml", "2024-03-22T18:00:00Z", []),
    ("examples/incidents/uk-ontario-union.toml", "2025-10-08T09:00:00Z", []),
    ("examples/incidents/on-clinic-theft.toml", "2025-11-22T15:00:00Z", []),
    ("examples/incidents/ca-retailer-rrosh.toml", "2024-11-05T12:00:00Z", ["--policy", "rules/policy/example-org.toml"]),
]


def run(*args):
    done = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"breachclock {' '.join(args)} failed: {done.stderr.decode()}")
    return done.stdout


def fail(message):
    sys.exit("FAIL: " + message)


def utc(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


events_seen = 0
for path, as_of, extra in CASES:
    raw = run("assess", path, "--as-of", as_of, "--format", "ics", *extra)
    lines = raw.split(b"\r\n")
    if lines[-1] != b"" or any(b"\n" in line for line in lines):
        fail(f"{path}: lines must end with CRLF")
    if any(len(line) > 75 for line in lines):
        fail(f"{path}: a line is longer than 75 octets")
    cal = icalendar.Calendar.from_ical(raw)
    if cal.get("VERSION") != "2.0" or not cal.get("PRODID"):
        fail(f"{path}: VERSION and PRODID are required")
    vevents = [c for c in cal.walk() if c.name == "VEVENT"]
    expected = {}
    for o in json.loads(run("assess", path, "--as-of", as_of, "--format", "json", *extra))["obligations"]:
        if o["status"] == "not_required":
            continue
        if o["deadline"]["due"]:
            expected[o["id"]] = utc(o["deadline"]["due"])
        if o["deadline"]["target_due"]:
            expected[o["id"] + " target"] = utc(o["deadline"]["target_due"])
    got = {}
    uids = []
    for e in vevents:
        uid = str(e["UID"])
        uids.append(uid)
        start = e.decoded("DTSTART")
        if start.tzinfo is None or start.utcoffset().total_seconds() != 0:
            fail(f"{path}: {uid} is not in UTC")
        if e.decoded("DTSTAMP") != utc(as_of):
            fail(f"{path}: {uid} DTSTAMP is not as_of")
        if len([a for a in e.walk() if a.name == "VALARM"]) != 2:
            fail(f"{path}: {uid} needs two alarms")
        key = uid.split(".", 1)[1].rsplit("@", 1)[0]
        key = key[:-len(".target")] + " target" if key.endswith(".target") else key
        got[key] = start
    if len(set(uids)) != len(uids):
        fail(f"{path}: UIDs are not unique")
    want = {k.replace("/", "-"): v for k, v in expected.items()}
    if got != want:
        fail(f"{path}: events {got} differ from the JSON deadlines {want}")
    # The UIDs of a later assessment are the same: importing it updates the events.
    hour_later = (utc(as_of) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = icalendar.Calendar.from_ical(run("assess", path, "--as-of", hour_later, "--format", "ics", *extra))
    if sorted(str(e["UID"]) for e in later.walk() if e.name == "VEVENT") != sorted(uids):
        fail(f"{path}: UIDs are not stable")
    events_seen += len(vevents)

    svg = run("assess", path, "--as-of", as_of, "--format", "svg", *extra)
    root = ET.fromstring(svg)
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        fail(f"{path}: the root element is not svg")
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for o in json.loads(run("assess", path, "--as-of", as_of, "--format", "json", *extra))["obligations"]:
        drawn = o["status"] != "not_required" and (o["deadline"]["due"] or (o["deadline"]["kind"] == "soft" and o["deadline"]["anchor"]))
        short = o["id"].split("/", 1)[1]
        if drawn and short not in texts:
            fail(f"{path}: the timeline does not show {o['id']}")
if events_seen < 5:
    fail("too few events to prove anything")
print(f"ICS read back by icalendar {icalendar.__version__}: {events_seen} events; SVG well-formed")
