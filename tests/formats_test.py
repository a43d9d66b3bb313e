#!/usr/bin/python3
"""The iCalendar and SVG outputs are what their readers expect.

    tests/formats_test.py BREACHCLOCK

ICS: read back with a real iCalendar parser (Debian's python3-icalendar): one live VEVENT per
dated deadline of every obligation that applies or may apply (and per internal target), at the
due instants of the JSON output, in UTC, with alarms; an event at as_of with no alarm for one
that applies or may apply with no due instant; a CANCELLED event for every obligation not
required; UIDs unique and stable across assessments; SEQUENCE growing with as_of;
lines folded at 75 octets with CRLF. Then a calendar client is imitated with two independent
readers (python3-icalendar and libical through gir1.2-ical-3.0): exports of one incident at
later and later as_of are imported in turn into a store keyed by UID, and the store must hold
exactly the deadlines of the last assessment: a deadline that moved is moved, one that stopped
applying is gone, and an older export imported late changes nothing.
SVG: well-formed XML whose text names each deadline drawn.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import gi
import icalendar

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402 (libical, a second, independent reader)

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = sys.argv[1]
CASES = [
    ("rules/uk/examples/cwu-2024.toml", "2024-03-22T18:00:00Z", []),
    ("examples/incidents/uk-ontario-union.toml", "2025-10-08T09:00:00Z", []),
    ("rules/ca-on/examples/on-clinic-theft.toml", "2025-11-22T15:00:00Z", []),
    ("rules/ca/examples/ca-retailer-rrosh.toml", "2024-11-05T12:00:00Z", ["--policy", "rules/policy/example-org.toml"]),
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
    undated_expected = set()
    cancelled_expected = set()

    def sort(key, applies, due):
        if not applies:
            cancelled_expected.add(key)
        elif due:
            expected[key] = utc(due)
        else:
            undated_expected.add(key)

    for o in json.loads(run("assess", path, "--as-of", as_of, "--format", "json", *extra))["obligations"]:
        dl = o["deadline"]
        applies = o["status"] != "not_required"
        sort(o["id"], applies, dl["due"])
        if "target" in dl:
            sort(o["id"] + " target", applies, dl["target_due"])
    got = {}
    undated = set()
    cancelled = set()
    uids = []
    for e in vevents:
        uid = str(e["UID"])
        uids.append(uid)
        start = e.decoded("DTSTART")
        if start.tzinfo is None or start.utcoffset().total_seconds() != 0:
            fail(f"{path}: {uid} is not in UTC")
        if e.decoded("DTSTAMP") != utc(as_of):
            fail(f"{path}: {uid} DTSTAMP is not as_of")
        if int(e["SEQUENCE"]) != int(utc(as_of).timestamp()) // 60:
            fail(f"{path}: {uid} SEQUENCE is not the minutes since 1970 of as_of")
        alarms = len([a for a in e.walk() if a.name == "VALARM"])
        key = urllib.parse.unquote(uid.split(".", 1)[1].rsplit("@", 1)[0])
        key = key[:-len(".target")] + " target" if key.endswith(".target") else key
        if str(e["STATUS"]) == "CANCELLED":
            if alarms != 0:
                fail(f"{path}: the cancelled {uid} has alarms")
            cancelled.add(key)
        elif key in undated_expected:
            if alarms != 0 or start != utc(as_of):
                fail(f"{path}: the undated {uid} must be at as_of with no alarm")
            undated.add(key)
        else:
            if alarms != 2:
                fail(f"{path}: {uid} needs two alarms")
            got[key] = start
    if len(set(uids)) != len(uids):
        fail(f"{path}: UIDs are not unique")
    if got != expected:
        fail(f"{path}: events {got} differ from the JSON deadlines {expected}")
    if cancelled != cancelled_expected:
        fail(f"{path}: cancelled events {sorted(cancelled)} are not the duties not required {sorted(cancelled_expected)}")
    if undated != undated_expected:
        fail(f"{path}: undated events {sorted(undated)} are not the duties without a due {sorted(undated_expected)}")
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


# ---- A calendar that follows the assessment, read by two independent readers ----

def read_icalendar(raw):
    """(uid, sequence, dtstamp, status, start) of each VEVENT, read by python3-icalendar."""
    out = []
    for e in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        out.append((str(e["UID"]), int(e["SEQUENCE"]), e.decoded("DTSTAMP"), str(e.get("STATUS", "")),
                    e.decoded("DTSTART")))
    return out


def read_libical(raw):
    """The same, read by libical (ICalGLib)."""
    cal = ICalGLib.Component.new_from_string(raw.decode("utf-8"))
    if cal is None or cal.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        fail("libical does not read the export as a VCALENDAR")
    names = {ICalGLib.PropertyStatus.CANCELLED: "CANCELLED", ICalGLib.PropertyStatus.CONFIRMED: "CONFIRMED",
             ICalGLib.PropertyStatus.TENTATIVE: "TENTATIVE"}
    out = []
    e = cal.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while e is not None:
        stamp = datetime.fromtimestamp(e.get_dtstamp().as_timet(), timezone.utc)
        start = datetime.fromtimestamp(e.get_dtstart().as_timet(), timezone.utc)
        if not e.get_dtstart().is_utc():
            fail(f"libical: {e.get_uid()} does not start in UTC")
        out.append((e.get_uid(), e.get_sequence(), stamp, names.get(e.get_status(), ""), start))
        e = cal.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return out


def import_into(store, events):
    """What a calendar client does (RFC 5546 2.1.5): a higher SEQUENCE, or the same with a later
    DTSTAMP, replaces what the UID holds; CANCELLED removes it (the tombstone keeps its order)."""
    for uid, seq, stamp, status, start in events:
        held = store.get(uid)
        if held is not None and (seq, stamp) <= (held[0], held[1]):
            continue
        store[uid] = (seq, stamp, None if status == "CANCELLED" else start)


def live(store):
    return {uid: v[2] for uid, v in store.items() if v[2] is not None}


UK_INCIDENT = """id = "follow-1"
zone = "Europe/London"
[events]
detected = 2024-03-21T09:00:00Z
aware = {aware}
[facts]
uk_processing = true
role = "controller"
pecs_provider = false
rdsp = false
trust_service_provider = false
canadian_personal_information = false
personal_data_breach = true
risk = "{risk}"
"""
# 1: the ICO report is due 72 hours after aware; 2: aware was earlier, the due moves;
# 3: the risk is unlikely, the report is not required; its event must go.
STEPS = [("2024-03-22T16:00:00Z", "high", "2024-03-22T18:00:00Z"),
         ("2024-03-22T10:00:00Z", "high", "2024-03-22T18:00:30Z"),
         ("2024-03-22T10:00:00Z", "unlikely", "2024-03-23T09:00:00Z")]
ICO = "follow-1.uk-gdpr%2Fnotify-ico@breachclock"
with tempfile.TemporaryDirectory() as tmp:
    exports = []
    for n, (aware, risk, as_of) in enumerate(STEPS):
        f = pathlib.Path(tmp) / f"step{n}.toml"
        f.write_text(UK_INCIDENT.format(aware=aware, risk=risk))
        raw = run("assess", str(f), "--as-of", as_of, "--format", "ics")
        # What a calendar must hold: each duty that applies or may apply, at its due instant, or
        # at as_of while it has none; a deadline not started (counted from a filing not yet
        # recorded) has no instant and no event.
        dated = {f"follow-1.{urllib.parse.quote(o['id'], safe='-_')}@breachclock":
                 utc(o["deadline"]["due"] or as_of)
                 for o in json.loads(run("assess", str(f), "--as-of", as_of, "--format", "json"))["obligations"]
                 if o["status"] != "not_required" and not o["deadline"]["not_started"]}
        exports.append((raw, dated))
    for reader in (read_icalendar, read_libical):
        store = {}
        for k, (raw, dated) in enumerate(exports):
            import_into(store, reader(raw))
            if live(store) != dated:
                fail(f"{reader.__name__}: after importing export {k + 1} the calendar holds {live(store)}, "
                     f"not the assessment's deadlines {dated}")
        if ICO in live(store):
            fail(f"{reader.__name__}: the ICO report stopped applying but its event stays")
        # An older export imported late changes nothing.
        for raw, _ in exports[:2]:
            import_into(store, reader(raw))
        if live(store) != exports[-1][1]:
            fail(f"{reader.__name__}: an older export, imported late, changed the calendar")
    moved = (exports[0][1].get(ICO), exports[1][1].get(ICO))
    if None in moved or moved[0] == moved[1]:
        fail(f"the ICO report did not move between the first exports: {moved}")
    # An export with no dated duty is still a calendar both readers read.
    f = pathlib.Path(tmp) / "nothing.toml"
    f.write_text('id = "follow-2"\nzone = "Europe/London"\n')
    raw = run("assess", str(f), "--as-of", "2024-03-22T18:00:00Z", "--format", "ics")
    for reader in (read_icalendar, read_libical):
        events = reader(raw)
        if not events or any(start != utc("2024-03-22T18:00:00Z") for _, _, _, _, start in events):
            fail(f"{reader.__name__}: an export with no dated duty should hold events at as_of only")
print(f"ICS read back by icalendar {icalendar.__version__} and libical (ICalGLib {ICalGLib._version}): "
      f"{events_seen} events, {len(STEPS)} exports followed; SVG well-formed")
