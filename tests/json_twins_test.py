#!/usr/bin/env python3
"""Every file kind can be written in JSON: the whole rule set, the policy tests and the example
incidents, converted from TOML to JSON, load and give the same results as their TOML twins.

usage: json_twins_test.py BREACHCLOCK SOURCE_DIR WORK_DIR

The converter writes TOML dates as "YYYY-MM-DD", date-times as RFC 3339 strings (with their offset,
or local), as docs/rule-files.md says, and keys in the order the TOML file wrote them (toml++
hands tables over sorted by key, a JSON reader in the order written: nothing may depend on it).
Then:
  - `check --strict` passes on the JSON rule set, and on a mixed one;
  - `test` of the JSON policy tests against the JSON rules gives the TOML run's result, case by case;
  - `assess` of each JSON incident against the JSON rules gives the TOML assessment (the rules digest
    and file names aside);
  - an incident with a journal gives the same answer at each of its instants, and one second before;
  - a JSON rule file, and a JSON incident's journal, with a mistake is located at its line and column.
"""
import datetime
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib

from toml_json import jsonable

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def convert(src, dst, rename_refs=False):
    data = tomllib.loads(src.read_text(encoding="utf-8"))
    if rename_refs:  # policy tests name incidents and overlays by their TOML paths
        def walk(v):
            if isinstance(v, dict):
                return {k: walk(x) for k, x in v.items()}
            if isinstance(v, list):
                return [walk(x) for x in v]
            if isinstance(v, str) and v.endswith(".toml"):
                return v[:-5] + ".json"
            return v
        data = walk(data)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def run(exe, *args, cwd):
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def without_positions(value):
    """The JSON twin of a file has the same content on other lines: drop line and column."""
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items() if k not in ("line", "column")}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def normalise(text):
    text = re.sub(r"sha256:[0-9a-f]+", "sha256:…", text)
    return text.replace(".json", ".toml")


def main():
    exe, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("rules", "tests/policy", "examples/incidents"):
        for src in sorted((source / folder).rglob("*.toml")):
            convert(src, work / folder / src.relative_to(source / folder).with_suffix(".json"), rename_refs=True)
        for src in sorted((source / folder).rglob("*.json")):
            shutil.copy(src, work / folder / src.relative_to(source / folder))

    # The JSON rule set checks clean, as the TOML one does.
    r = run(exe, "check", "--strict", "--rules", str(work / "rules"), cwd=work)
    if r.returncode != 0:
        fail("check --strict on the JSON rules: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

    # A rule set of both formats: JSON packs beside TOML calendars and schema.
    mixed = work / "mixed"
    shutil.copytree(source / "rules", mixed)
    for pack in (work / "rules" / "uk").glob("*.json"):
        (mixed / "uk" / pack.name.replace(".json", ".toml")).unlink()
        shutil.copy(pack, mixed / "uk" / pack.name)
    r = run(exe, "check", "--strict", "--rules", str(mixed), cwd=work)
    if r.returncode != 0:
        fail("check --strict on mixed rules: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

    # The policy tests: same cases, same results.
    # tests/policy and every module's tests (rules/<module>/tests, converted with the rules).
    tests = ["tests/policy"] + sorted(str(p.relative_to(source)) for p in (source / "rules").glob("*/tests"))
    toml_run = run(exe, "test", "--format", "json", "--rules", str(source / "rules"), *tests, cwd=source)
    json_run = run(exe, "test", "--format", "json", "--rules", str(work / "rules"), *tests, cwd=work)
    if toml_run.returncode != 0 or json_run.returncode != 0:
        fail("test: TOML exit %d, JSON exit %d\n%s%s" % (toml_run.returncode, json_run.returncode,
                                                       json_run.stdout[-2000:], json_run.stderr[-4000:]))
    else:
        a, b = without_positions(json.loads(toml_run.stdout)), without_positions(json.loads(json_run.stdout))
        if normalise(json.dumps(a, sort_keys=True)) != normalise(json.dumps(b, sort_keys=True)):
            fail("test: the JSON run differs from the TOML run")
        if not a.get("passed"):
            fail("test: no case passed in the TOML run (%s)" % toml_run.stdout[:200])

    # Every example incident: the same assessment.
    journals = 0
    examples = ["examples/incidents"] + sorted(str(p.relative_to(source)) for p in (source / "rules").glob("*/examples"))
    for src in sorted(p for folder in examples for p in (source / folder).glob("*.toml")):
        twin = work / src.parent.relative_to(source) / (src.stem + ".json")
        args = ["assess", "--format", "json", "--as-of", "2024-12-01T12:00:00Z"]
        a = run(exe, *args, "--rules", str(source / "rules"), str(src), cwd=source)
        b = run(exe, *args, "--rules", str(work / "rules"), str(twin), cwd=work)
        if a.returncode != b.returncode or normalise(a.stdout) != normalise(b.stdout):
            fail("assess %s: the JSON twin differs (exit %d vs %d)\n%s" % (src.name, a.returncode, b.returncode,
                                                                          b.stderr[-2000:]))
        # An incident with a journal: the same answer at each of its instants, and just before.
        data = tomllib.loads(src.read_text(encoding="utf-8"))
        entries = [e for key in ("learned", "filed", "requested") for e in data.get(key, [])]
        if entries:
            journals += 1
        for at in sorted({jsonable(e["at"]) for e in entries if isinstance(e["at"], datetime.datetime)
                          and e["at"].tzinfo is not None}):
            t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
            for when in (t - datetime.timedelta(seconds=1), t):
                as_of = ["assess", "--format", "json", "--as-of", when.strftime("%Y-%m-%dT%H:%M:%SZ")]
                a = run(exe, *as_of, "--rules", str(source / "rules"), str(src), cwd=source)
                b = run(exe, *as_of, "--rules", str(work / "rules"), str(twin), cwd=work)
                if a.returncode != b.returncode or normalise(a.stdout) != normalise(b.stdout):
                    fail("assess %s %s: the JSON twin differs" % (src.name, " ".join(as_of[3:])))
    if journals == 0:
        fail("no example incident has a journal ([[learned]], [[filed]], [[requested]])")

    # Mistakes in JSON files are located and named in JSON's words.
    broken = work / "broken"
    shutil.copytree(work / "rules", broken)
    pack = broken / "uk" / "pecr.json"
    text = pack.read_text(encoding="utf-8").replace('"title":', '"titel":', 1)
    pack.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if '"titel":' in l)
    r = run(exe, "check", "--rules", str(broken), cwd=work)
    if r.returncode != 2 or not re.search(r"pecr\.json:%d:\d+: error.*unknown key 'titel'.*did you mean 'title'" % line,
                                          r.stderr):
        fail("a misspelt key in a JSON pack: exit %d\n%s" % (r.returncode, r.stderr))

    # A mistake in a JSON incident's journal is located too.
    bad = work / "bad-journal.json"
    bad.write_text('{"id": "j", "zone": "Europe/London",\n'
                   ' "filed": [{"obligation": "uk-gdpr/notify-ico", "at": "2024-03-25T10:00:00Z", "refrence": "x"}]}\n',
                   encoding="utf-8")
    r = run(exe, "assess", "--as-of", "2024-03-26T00:00:00Z", str(bad), cwd=work)
    if r.returncode != 2 or not re.search(r"bad-journal\.json:2:\d+: error\[incident\.unknown-key\]: unknown key "
                                          r"'refrence' in a filed entry; did you mean 'reference'\?", r.stderr):
        fail("a misspelt key in a JSON incident's journal: exit %d\n%s" % (r.returncode, r.stderr))

    if failures:
        print("%d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("json twins: rules, policy tests and incidents give the same results in JSON and TOML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
