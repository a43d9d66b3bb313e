#!/usr/bin/python3
"""breachclock diff lists exactly the incidents a rule change moves.

    tests/diff_test.py BREACHCLOCK WORKDIR

1. The ICO period of the UK GDPR, 72 hours, becomes 48 in a copy of the rules: the incidents
   diff lists must be exactly those whose uk-gdpr/notify-ico has a due instant and may apply,
   found independently from plain assessments; each due moves 24 hours earlier.
2. PECR without its 2025 version (24 hours from detection, whatever the date) against the
   bundled PECR: only a telecom breach the provider became aware of from 20 August 2025 moves.
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

ROOT = pathlib.Path(__file__).resolve().parent.parent
AS_OF = "2025-12-01T12:00:00Z"


def run(*args):
    done = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"breachclock {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def copy_rules(name):
    dest = WORK / name
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(ROOT / "rules", dest)
    return dest


def utc(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def fail(message):
    sys.exit("FAIL: " + message)


CLI, WORK = sys.argv[1], pathlib.Path(sys.argv[2])
WORK.mkdir(parents=True, exist_ok=True)
incidents = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "incidents").glob("*.*") if p.suffix in (".toml", ".json"))

# 1. 72 hours -> 48 hours.
rules48 = copy_rules("ico-48h")
gdpr = rules48 / "uk" / "uk-gdpr.toml"
text = gdpr.read_text()
changed = re.sub(r'(deadline = \{ within = )"72h"(, (?:convention = "next-hour", )?from = "aware")', r'\1"48h"\2', text)
if changed.count('"48h"') != 2:
    fail("expected to change the two versions of uk-gdpr/notify-ico")
gdpr.write_text(changed)

expected = {}
for path in incidents:
    a = json.loads(run("assess", path, "--as-of", AS_OF, "--format", "json"))
    o = next(o for o in a["obligations"] if o["id"] == "uk-gdpr/notify-ico")
    if o["status"] != "not_required" and o["deadline"]["due"]:
        expected[path] = o["deadline"]["due"]
if not expected:
    fail("no example incident has a live ICO deadline: the test would prove nothing")

diff = json.loads(run("diff", "--new", str(rules48), "examples/incidents", "--as-of", AS_OF, "--format", "json"))
listed = {i["path"]: i["changes"] for i in diff["incidents"] if i["changes"]}
if set(listed) != set(expected):
    fail(f"diff listed {sorted(listed)}, expected {sorted(expected)}")
for path, changes in listed.items():
    if [c["id"] for c in changes] != ["uk-gdpr/notify-ico"]:
        fail(f"{path}: unexpected changes {changes}")
    before, after = changes[0]["before"]["due"], changes[0]["after"]["due"]
    if before != expected[path] or utc(before) - utc(after) != timedelta(hours=24):
        fail(f"{path}: due {before} -> {after}, expected 24 hours earlier than {expected[path]}")
print(f"ICO 72h -> 48h: {len(listed)} incidents moved, as expected: {', '.join(sorted(listed))}")

# 2. PECR with only its 24-hour version against the bundled PECR.
rules24 = copy_rules("pecr-24h-only")
pecr = rules24 / "uk" / "pecr.toml"
text = pecr.read_text()
blocks = text.split("[[obligation]]")
ico = [i for i, b in enumerate(blocks) if 'id = "uk-pecr/notify-ico"' in b]
h24 = [i for i in ico if 'within = "24h"' in blocks[i]]
if len(ico) < 2 or len(h24) != 1:
    fail("expected dated versions of uk-pecr/notify-ico, one of them of 24 hours")
window = 'effective = { from = 2013-08-25, until = 2025-08-20, by = "aware" }\n'
if window not in blocks[h24[0]]:
    fail("the 24-hour version of uk-pecr/notify-ico has another window than expected")
blocks[h24[0]] = blocks[h24[0]].replace(window, "")
blocks = [b for i, b in enumerate(blocks) if i not in ico or i == h24[0]]
pecr.write_text("[[obligation]]".join(blocks))

telecoms = ["examples/incidents/uk-telecom-2024.toml", "examples/incidents/uk-telecom-2025.toml"]
diff = json.loads(run("diff", "--old", str(rules24), *telecoms, "--as-of", AS_OF, "--format", "json"))
listed = {i["path"]: i["changes"] for i in diff["incidents"] if i["changes"]}
if list(listed) != ["examples/incidents/uk-telecom-2025.toml"]:
    fail(f"the PECR change moved {sorted(listed)}, expected only the 2025 breach")
change = listed["examples/incidents/uk-telecom-2025.toml"]
if [c["id"] for c in change] != ["uk-pecr/notify-ico"] or not change[0]["due_changed"]:
    fail(f"unexpected PECR changes {change}")
print(f"PECR 2025 change: uk-telecom-2025 moved, {change[0]['before']['due']} -> {change[0]['after']['due']}")
