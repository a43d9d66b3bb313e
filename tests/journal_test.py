#!/usr/bin/env python3
"""The incident journal replays exactly: `assess --as-of T` uses only what was known at T.

usage: journal_test.py BREACHCLOCK SOURCE_DIR WORK_DIR

For every bundled example incident with a journal ([[learned]], [[filed]], [[requested]]), and
for every instant of its journal:
  - `assess FILE --as-of (t - 1 second) --format json` gives the same obligations, questions and
    warnings as the same incident written without the entries at or after t (its JSON twin, cut
    by this script), assessed at the same instant: nothing learned, filed or requested later
    leaks into an earlier answer;
  - the same holds at t itself for the entries before or at t (the cut keeps them).
Then, so that the test can fail: for at least one learned entry, the answer at t differs from the
answer one second before it; for every filing, `filed` is null before it and set from it on; and
the Markdown report of an incident with a journal has its decision log.
"""
import datetime
import json
import pathlib
import subprocess
import sys
import tomllib

from toml_json import jsonable

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def utc_of(value, zone_name):
    """A journal instant as an aware UTC datetime (local times are in the incident's zone)."""
    if value.tzinfo is None:
        from zoneinfo import ZoneInfo
        value = value.replace(tzinfo=ZoneInfo(zone_name))
    return value.astimezone(datetime.timezone.utc)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def run(exe, *args):
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def answer(exe, path, as_of):
    r = run(exe, "assess", str(path), "--as-of", rfc3339(as_of), "--format", "json")
    if r.returncode != 0:
        fail(f"assess {path} --as-of {rfc3339(as_of)} exited {r.returncode}: {r.stderr.strip()}")
        return None
    doc = json.loads(r.stdout)
    return {k: doc.get(k) for k in ("as_of", "obligations", "questions", "warnings")}


def cut(data, zone_name, keep):
    """The incident without the journal entries that `keep` (a UTC instant test) refuses."""
    out = dict(data)
    for key in ("learned", "filed", "requested"):
        if key in out:
            kept = [e for e in out[key] if keep(utc_of(e["at"], zone_name))]
            if kept:
                out[key] = kept
            else:
                del out[key]
    return out


def main():
    exe, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    examples = sorted(source.glob("rules/*/examples/*.toml")) + sorted(source.glob("examples/incidents/*.toml"))
    with_journal = 0
    changed_by_learning = 0
    for path in examples:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if not any(k in data for k in ("learned", "filed", "requested")):
            continue
        with_journal += 1
        zone_name = data.get("zone", "UTC")
        instants = sorted({utc_of(e["at"], zone_name) for k in ("learned", "filed", "requested")
                           for e in data.get(k, [])})
        learned_at = {utc_of(e["at"], zone_name) for e in data.get("learned", [])}
        for n, t in enumerate(instants):
            before = t - datetime.timedelta(seconds=1)
            for as_of, keep in ((before, lambda x, t=t: x < t), (t, lambda x, t=t: x <= t)):
                twin = work / f"{path.parent.parent.name}-{path.stem}-{n}-{'at' if as_of == t else 'before'}.json"
                twin.write_text(json.dumps(jsonable(cut(data, zone_name, keep)), indent=1), encoding="utf-8")
                got, want = answer(exe, path, as_of), answer(exe, twin, as_of)
                if got is None or want is None:
                    continue
                if got != want:
                    fail(f"{path.relative_to(source)} at {rfc3339(as_of)}: the journal's later entries changed "
                         f"the answer (compare with {twin})")
            if t in learned_at:
                a, b = answer(exe, path, before), answer(exe, path, t)
                if a is not None and b is not None and (a["obligations"], a["questions"]) != (
                        b["obligations"], b["questions"]):
                    changed_by_learning += 1
        # Every filing: `filed` null one second before it, set from it on (the first filing of an id).
        firsts = {}
        for e in data.get("filed", []):
            at = utc_of(e["at"], zone_name)
            firsts[e["obligation"]] = min(at, firsts.get(e["obligation"], at))
        for obligation, at in sorted(firsts.items()):
            for as_of, want_filed in ((at - datetime.timedelta(seconds=1), False), (at, True)):
                r = run(exe, "assess", str(path), "--as-of", rfc3339(as_of), "--format", "json")
                if r.returncode != 0:
                    fail(f"assess {path} exited {r.returncode}: {r.stderr.strip()}")
                    continue
                found = [o for o in json.loads(r.stdout)["obligations"]
                         if o["id"] == obligation and not o.get("proposed", False)]
                if not found:
                    fail(f"{path.relative_to(source)}: {obligation} is filed but not in the assessment")
                    continue
                filed = found[0].get("filed")
                if (filed is not None) != want_filed or (filed is not None and filed["at"] != rfc3339(at)):
                    fail(f"{path.relative_to(source)} at {rfc3339(as_of)}: {obligation} filed = {filed}")
        md = run(exe, "assess", str(path), "--format", "md", "--as-of", rfc3339(instants[-1]))
        if md.returncode != 0 or "## Decision log" not in md.stdout:
            fail(f"{path.relative_to(source)}: the Markdown report has no decision log")
    if with_journal < 2:
        fail(f"only {with_journal} example incidents have a journal; the EU examples should")
    if changed_by_learning == 0:
        fail("no learned entry of any example changes the answer: the replay checks nothing")
    print(f"{with_journal} incidents with a journal; {changed_by_learning} learned entries change the answer")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
