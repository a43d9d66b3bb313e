#!/usr/bin/python3
"""breachclock diff lists exactly the incidents a rule change moves.

    tests/diff_test.py BREACHCLOCK WORKDIR

1. The ICO period of the UK GDPR, 72 hours, becomes 48 in a copy of the rules: the incidents
   diff lists must be exactly those whose uk-gdpr/notify-ico has a due instant and may apply,
   found independently from plain assessments; each due moves 24 hours earlier.
2. PECR without its 2025 version (24 hours from detection, whatever the date) against the
   bundled PECR: only a telecom breach the provider became aware of from 20 August 2025 moves.
3. Streaming in threads: --jobs 2 and 3 give the bytes of --jobs 1, text and JSON, over the
   example incidents and over a few thousand generated ones (scripts/gen-incidents).
4. A corpus is never refused for one incident: bad incidents in the middle are listed as not
   compared with their located diagnostics (in input order, whatever --jobs), the others are
   compared, and the exit is 3; an incident with a fact only one side declares is refused by the
   other side alone. A named path that does not exist, or rules that cannot be read, stay errors
   (exit 2, -o FILE left as it was); --jobs 0 is refused.
5. Memory stays flat: the peak resident size of diff over 20,000 incidents is within 50 MB of
   that over 2,000 (it held about 40 KiB per incident when it kept them all), and so when none
   of them can be compared.
"""
import os
import json
import pathlib
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

ROOT = pathlib.Path(__file__).resolve().parent.parent
AS_OF = "2025-12-01T12:00:00Z"
# The folders of example incidents: examples/incidents and each module's rules/<module>/examples.
EXAMPLES = ["examples/incidents"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").glob("*/examples"))


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
incidents = sorted(str(p.relative_to(ROOT)) for d in EXAMPLES for p in (ROOT / d).glob("*.*") if p.suffix in (".toml", ".json"))

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

diff = json.loads(run("diff", "--new", str(rules48), *EXAMPLES, "--as-of", AS_OF, "--format", "json"))
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

telecoms = ["rules/uk/examples/uk-telecom-2024.toml", "rules/uk/examples/uk-telecom-2025.toml"]
diff = json.loads(run("diff", "--old", str(rules24), *telecoms, "--as-of", AS_OF, "--format", "json"))
listed = {i["path"]: i["changes"] for i in diff["incidents"] if i["changes"]}
if list(listed) != ["rules/uk/examples/uk-telecom-2025.toml"]:
    fail(f"the PECR change moved {sorted(listed)}, expected only the 2025 breach")
change = listed["rules/uk/examples/uk-telecom-2025.toml"]
if [c["id"] for c in change] != ["uk-pecr/notify-ico"] or not change[0]["due_changed"]:
    fail(f"unexpected PECR changes {change}")
print(f"PECR 2025 change: uk-telecom-2025 moved, {change[0]['before']['due']} -> {change[0]['after']['due']}")

# 3. --jobs N gives the bytes of --jobs 1.
corpus = WORK / "generated"
shutil.rmtree(corpus, ignore_errors=True)
subprocess.run([sys.executable, str(ROOT / "scripts" / "gen-incidents"), "--count", "3000", "--out", str(corpus),
                "--seed", "13"], check=True)
for inputs in (EXAMPLES, [str(corpus)]):
    for fmt in ("text", "json"):
        args = ["diff", "--new", str(rules48), *inputs, "--as-of", AS_OF, "--format", fmt]
        one = run(*args, "--jobs", "1")
        for jobs in ("2", "3"):
            if run(*args, "--jobs", jobs) != one:
                fail(f"diff --jobs {jobs} differs from --jobs 1 ({inputs[0]}, {fmt})")
        if fmt == "json":
            d = json.loads(one)
            changed = [i for i in d["incidents"] if i["changes"]]
            if len(d["incidents"]) != d["summary"]["incidents"] or len(changed) != d["summary"]["changed_incidents"]:
                fail(f"the JSON summary does not count its incidents: {d['summary']}")
            if not changed:
                fail(f"no incident of {inputs[0]} moved: the comparison of jobs would prove little")
            print(f"--jobs 1, 2, 3: the same bytes over {len(d['incidents'])} incidents of {inputs[0]}, "
                  f"{len(changed)} moved")

# The order of a folder's incidents is the listing's: paths compared part by part, sub-folders
# among the files by name ("a" before "a-b.toml" before "a.toml").
nested = WORK / "nested"
shutil.rmtree(nested, ignore_errors=True)
sample = sorted(corpus.glob("*.toml"))[:6]
layout = ["a.toml", "a-b.toml", "a/z.toml", "a/b/c.json.toml", "b.toml", "a.b/x.toml", "A/y.toml", "ab.toml"]
for name, src in zip(layout, sample + sample):
    (nested / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, nested / name)
(nested / "a" / "notes.txt").write_text("not an incident\n")
for jobs in ("1", "2"):
    listed = [i["path"] for i in json.loads(run("diff", str(nested), "--as-of", AS_OF, "--format", "json",
                                                "--jobs", jobs))["incidents"]]
    want = sorted((str(nested / n) for n in layout), key=lambda p: p.split("/"))
    if listed != want:
        fail(f"diff --jobs {jobs} compared {listed}, expected the listing's order {want}")
print(f"a nested folder: its {len(layout)} incidents in the listing's order")

# 4. Bad incidents in the middle: not compared, listed with their located diagnostics in input
# order (whatever --jobs), the others compared; exit 3; the report written whole (-o FILE replaced).
bad = WORK / "with-bad"
shutil.rmtree(bad, ignore_errors=True)
bad.mkdir()
for p in sorted(corpus.glob("*.toml"))[:400]:
    shutil.copy(p, bad / p.name)
(bad / "incident-0000150.toml").write_text('id = "bad-150"\nzone = "Europe/London"\n[facts]\nrole = "boss"\n')
(bad / "incident-0000300.toml").write_text('id = "bad-300"\nzone = "Europe/London"\n[events]\ndetected = 2024-13-01\n')
target = WORK / "out" / "report.txt"
target.parent.mkdir(exist_ok=True)
reports = {}
for fmt in ("text", "json"):
    for jobs in ("1", "2"):
        for to_file in (False, True):
            target.write_text("the previous report\n")
            args = [CLI, "diff", "--new", str(rules48), str(bad), "--as-of", AS_OF, "--jobs", jobs, "--format", fmt]
            done = subprocess.run(args + (["-o", str(target)] if to_file else []), cwd=ROOT, capture_output=True,
                                  text=True)
            report = target.read_text() if to_file else done.stdout
            if done.returncode != 3 or done.stderr != "" or (to_file and done.stdout != ""):
                fail(f"bad incidents (--jobs {jobs}, {fmt}): exit {done.returncode}, stderr {done.stderr[:300]!r}")
            if [p.name for p in target.parent.iterdir()] != ["report.txt"]:
                fail("bad incidents (-o): a temporary was left beside the report")
            reports.setdefault(fmt, report)
            if report != reports[fmt]:
                fail(f"bad incidents: --jobs {jobs} (-o {to_file}) wrote otherwise than --jobs 1 ({fmt})")
text_report, json_report = reports["text"], json.loads(reports["json"])
listed = [n["path"] for n in json_report["not_compared"]]
if listed != [f"{bad}/incident-0000150.toml", f"{bad}/incident-0000300.toml"]:
    fail(f"bad incidents: not_compared lists {listed}")
first = json_report["not_compared"][0]
if first["side"] != "both" or (first["diagnostics"][0]["line"], first["diagnostics"][0]["col"]) != (4, 8):
    fail(f"bad incidents: the first is not located as expected: {first}")
if json_report["summary"]["not_compared"] != 2 or json_report["summary"]["incidents"] != 398 or \
        len(json_report["incidents"]) != 398:
    fail(f"bad incidents: the others were not all compared: {json_report['summary']}")
lines = text_report.splitlines()
at = lines.index(f"{bad}/incident-0000150.toml: not compared: refused by both rule sets")
if not lines[at + 1].startswith(f"  {bad}/incident-0000150.toml:4:8: error[incident.value]: "):
    fail(f"bad incidents: the text does not give the located diagnostic: {lines[at:at + 2]}")
if not lines[-1].endswith("; 2 incidents not compared") or not lines[-1].startswith("398 incidents compared"):
    fail(f"bad incidents: the summary line is {lines[-1]!r}")
print("bad incidents in the middle: exit 3, both listed with their locations, 398 compared, for --jobs 1 and 2")

# What is wrong with the command, not with one incident, is still an error: exit 2, nothing written.
for args, what in (([str(bad / "no-such.toml")], "a named incident that does not exist"),
                   (["--new", str(WORK / "no-such-rules"), str(bad)], "rules that cannot be read")):
    target.write_text("the previous report\n")
    done = subprocess.run([CLI, "diff", *args, "--as-of", AS_OF, "-o", str(target)], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 2 or done.stdout or "error[" not in done.stderr or \
            target.read_text() != "the previous report\n":
        fail(f"{what}: exit {done.returncode}, stderr {done.stderr!r}")
print("a named incident that does not exist, rules that cannot be read: exit 2, nothing written")

# An incident that uses a fact only the new rules declare: refused by the old rules alone, the
# others compared; the other way round, refused by the new rules.
plus = copy_rules("plus-one-fact")
with open(plus / "facts.toml", "a") as f:
    f.write('\n[fact.bench_only_new]\ntype = "bool"\ninformational = true\n'
            'description = "A fact only the new rules declare."\nquestion = "Is it so?"\n')
mixed = WORK / "mixed"
shutil.rmtree(mixed, ignore_errors=True)
mixed.mkdir()
for p in incidents[:3]:
    shutil.copy(ROOT / p, mixed / pathlib.Path(p).name)
uses_new = sorted(corpus.glob("*.toml"))[0].read_text().replace("[facts]\n", "[facts]\nbench_only_new = true\n", 1)
if "bench_only_new" not in uses_new:
    fail("the generated incident has no [facts] table to add the new fact to")
(mixed / "uses-new-fact.toml").write_text(uses_new)
for old_new, side in ((["--new", str(plus)], "old"), (["--old", str(plus)], "new")):
    done = subprocess.run([CLI, "diff", *old_new, str(mixed), "--as-of", AS_OF, "--format", "json"], cwd=ROOT,
                          capture_output=True, text=True)
    d = json.loads(done.stdout) if done.returncode == 3 else None
    if d is None or [(n["path"], n["side"]) for n in d["not_compared"]] != [(f"{mixed}/uses-new-fact.toml", side)] \
            or d["summary"]["incidents"] != 3 or d["not_compared"][0]["diagnostics"][0]["code"] != "incident.unknown-fact":
        fail(f"an incident with a new fact ({side} side): exit {done.returncode}, {done.stdout[-600:]!r} {done.stderr!r}")
print("an incident with a fact only one side declares: refused by that side, the 3 others compared, exit 3")
for jobs in ("0", "-3", "1025"):
    done = subprocess.run([CLI, "diff", "examples/incidents", "--as-of", AS_OF, "--jobs", jobs], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 2 or done.stdout or not done.stderr.startswith("--jobs:1:1: error[cli.jobs]: "):
        fail(f"--jobs {jobs}: exit {done.returncode}, stderr {done.stderr!r}")
print("--jobs 0, -3 and 1025 refused")


# 5. Memory stays flat: 2,000 incidents against 20,000 (the 2,000, linked ten times over).
def peak_rss_kib(inputs, rules=("--new", str(rules48)), expect=0):
    with open(WORK / "rss.out", "w") as out:
        p = subprocess.Popen([CLI, "diff", *rules, *inputs, "--as-of", AS_OF, "--jobs", "2"], cwd=ROOT,
                             stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != expect:
        fail(f"diff over {inputs[0]} exited {os.waitstatus_to_exitcode(status)}, expected {expect}")
    return usage.ru_maxrss


big = WORK / "linked"
shutil.rmtree(big, ignore_errors=True)
small = sorted(corpus.glob("*.toml"))[:2000]
for copy in range(10):
    (big / f"copy-{copy}").mkdir(parents=True)
    for p in small:
        os.link(p, big / f"copy-{copy}" / p.name)
few = WORK / "few"
shutil.rmtree(few, ignore_errors=True)
shutil.copytree(big / "copy-0", few)
low, high = peak_rss_kib([str(few)]), peak_rss_kib([str(big)])
# Under a sanitizer (its shadow memory and quarantine) peak memory says nothing of the program's.
if os.environ.get("BREACHCLOCK_SANITIZED") == "ON":
    print(f"memory: not checked under a sanitizer ({low} KiB for 2,000 incidents, {high} KiB for 20,000)")
elif high - low > 50 * 1024:
    fail(f"diff's peak memory grew from {low} KiB (2,000 incidents) to {high} KiB (20,000)")
print(f"peak memory: {low // 1024} MiB for 2,000 incidents, {high // 1024} MiB for 20,000")
# The same when none can be compared (a small rule set that knows none of their facts): the
# parts of the incidents not compared wait in a file, not in memory.
small_rules = ("--old", "tests/golden/inputs/rules/diff-small", "--new", "tests/golden/inputs/rules/diff-small")
low, high = peak_rss_kib([str(few)], small_rules, 3), peak_rss_kib([str(big)], small_rules, 3)
if os.environ.get("BREACHCLOCK_SANITIZED") != "ON" and high - low > 50 * 1024:
    fail(f"diff's peak memory, no incident compared, grew from {low} KiB (2,000 incidents) to {high} KiB (20,000)")
print(f"peak memory, none compared: {low // 1024} MiB for 2,000 incidents, {high // 1024} MiB for 20,000")
