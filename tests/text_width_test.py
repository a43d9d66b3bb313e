#!/usr/bin/env python3
"""The text reports fit 100 columns: every line of the text output of `assess`, `questions` and
`explain`, in the golden files and for every example incident, is at most 100 display columns wide
(code points, not bytes: the text holds "’" and "é"). The one exception is a line that holds a
single word (an id, a link) wider than that: such a word is never cut, it takes a line of its own.

usage: text_width_test.py BREACHCLOCK SOURCE_DIR [--self-test]

--self-test checks the checker: a line of 101 columns must fail, one of 100 with wide characters
must pass, and a lone long word must pass.
"""
import json
import pathlib
import subprocess
import sys

WIDTH = 100
AS_OF = "2024-03-22T18:00:00Z"


def is_json(line):
    """Whether a line is a JSON document (a batch writes NDJSON, not text)."""
    if not line.startswith("{"):
        return False
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def too_wide(text):
    """The lines of `text` wider than WIDTH that could have been wrapped."""
    bad = []
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) <= WIDTH or is_json(line):  # str length: code points
            continue
        if " " not in line.strip(" "):
            continue  # one word, whole, on its own line
        bad.append((number, len(line), line))
    return bad


def self_test():
    assert too_wide("x" * 50 + " " + "y" * 50), "101 columns must fail"
    assert not too_wide("é" * 49 + " " + "’" * 50), "100 columns of two- and three-byte characters must pass"
    assert not too_wide("    " + "z" * 200), "a lone word wider than the line must pass"
    assert too_wide("a\n" + "b " * 60), "a long line after a short one must fail"
    assert not too_wide('{"a": "' + "x " * 60 + '"}'), "an NDJSON line is not text"
    assert too_wide('{not json ' + "x " * 60), "a text line that starts with a brace is text"
    print("self-test passed")


def text_case(args):
    """Whether a golden case's arguments ask for a text report of assess, questions or explain."""
    if not args or args[0] not in ("assess", "questions", "explain"):
        return False
    for k, a in enumerate(args):
        if a == "--format" and k + 1 < len(args) and args[k + 1] != "text":
            return False
        if a.startswith("--format=") and a != "--format=text":
            return False
    return True


def main():
    if "--self-test" in sys.argv:
        self_test()
        return 0
    cli, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []
    checked = 0

    def check(name, text):
        nonlocal checked
        checked += 1
        for number, width, line in too_wide(text):
            failures.append(f"{name}:{number}: {width} columns: {line}")

    for case in sorted((root / "tests/golden/cli").iterdir()):
        args_file = case / "args"
        if not args_file.is_file():
            continue
        args = [l for l in args_file.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
        if text_case(args) and (case / "stdout").is_file():
            check(str(case.relative_to(root)) + "/stdout", (case / "stdout").read_text(encoding="utf-8"))

    incidents = sorted(root.glob("examples/incidents/*.toml")) + sorted(root.glob("examples/incidents/*.json"))
    incidents += sorted(root.glob("rules/*/examples/**/*.toml")) + sorted(root.glob("rules/*/examples/**/*.json"))

    def run(*args):
        r = subprocess.run([cli, *args], cwd=root, capture_output=True, text=True, encoding="utf-8",
                           env={"NO_COLOR": "1", "TZ": "UTC", "PATH": "/usr/bin:/bin"})
        if r.returncode != 0:
            failures.append(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
        return r.stdout

    for incident in incidents:
        rel = str(incident.relative_to(root))
        for as_of in (AS_OF, "2025-12-01T12:00:00Z"):
            check(f"assess {rel} --as-of {as_of}", run("assess", rel, "--as-of", as_of))
        check(f"questions {rel}", run("questions", rel, "--as-of", AS_OF))
    # Every obligation explained, for one incident (the explanations of one obligation differ
    # little from one incident to the next).
    first = str(incidents[0].relative_to(root))
    doc = json.loads(run("assess", first, "--as-of", AS_OF, "--format", "json"))
    for o in doc["obligations"]:
        check(f"explain {first} {o['id']}", run("explain", first, o["id"], "--as-of", AS_OF))

    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print(f"{checked} text outputs checked, {len(failures)} failure(s)")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
