#!/usr/bin/env python3
"""Every diagnostic code the library and the CLI can emit is catalogued in docs/diagnostics.md,
and every code catalogued there is still emitted.

  diagnostic_codes_test.py ROOT [--mutate drop|add] [--list]

A code is a string literal of C++ code (comments are skipped) in src/, examples/cli/ or python/src/ of the
form `family.name` (lowercase, digits, '-' and '_'), other than a file name (`facts.toml`) or one of
NOT_CODES below. The catalogue's codes are the first cells of its table rows: "| `code` | ...".
--mutate drop removes the first catalogued code, --mutate add catalogues one that nothing emits:
both must make this test fail (tests/CMakeLists.txt registers them with WILL_FAIL), so that the
test is known to be able to fail. --list prints every emitted code with where it is emitted.
"""
import pathlib
import re
import sys

CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_-]*$")
FILE_EXTENSIONS = {"toml", "json", "md", "ics", "svg", "hpp", "cpp", "txt", "html", "csv", "py", "cmake"}
# Literals of that shape that are not codes, each with the reason.
NOT_CODES = {
    "effective.by": "a key of a rule file, named in messages (rules/rule_set.cpp)",
    "calendar.holiday_weekdays": "a key path of a calendar file (time/calendar.cpp)",
}
SEVERITIES = {"error", "warning", "note", "error or warning"}


def literals(text):
    """The string literals of C++ source `text`, outside comments, with their line numbers."""
    out = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == 'R' and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            k = text.find("(", i + 2)
            delim = ")" + text[i + 2:k] + '"'
            j = text.find(delim, k)
            j = n if j < 0 else j + len(delim)
            out.append((text[k + 1:j - len(delim)], line))
            line += text.count("\n", i, j)
            i = j
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                out.append((text[i + 1:j], line))
            i = j + 1
        else:
            i += 1
    return out


def emitted(root):
    codes = {}
    for folder in ("src", "examples/cli", "python/src"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".cpp", ".hpp"):
                continue
            for value, line in literals(path.read_text(encoding="utf-8")):
                if not CODE.match(value) or value in NOT_CODES:
                    continue
                if value.rsplit(".", 1)[1] in FILE_EXTENSIONS:
                    continue
                codes.setdefault(value, []).append(f"{path.relative_to(root)}:{line}")
    return codes


def catalogued(doc_text):
    codes = {}
    for number, row in enumerate(doc_text.splitlines(), 1):
        m = re.match(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|", row)
        if m:
            if m.group(1) in codes:
                raise SystemExit(f"docs/diagnostics.md:{number}: '{m.group(1)}' is catalogued twice")
            codes[m.group(1)] = (m.group(2), number)
    return codes


def main(argv):
    root = pathlib.Path(argv[1])
    mutate = argv[argv.index("--mutate") + 1] if "--mutate" in argv else None
    found = emitted(root)
    if "--list" in argv:
        for code in sorted(found):
            print(code, " ".join(found[code]))
        return 0
    doc = catalogued((root / "docs" / "diagnostics.md").read_text(encoding="utf-8"))
    if mutate == "drop":
        del doc[sorted(doc)[0]]
    elif mutate == "add":
        doc["nothing.emits-this"] = ("error", 0)
    failures = []
    for code in sorted(set(found) - set(doc)):
        failures.append(f"{found[code][0]}: the code '{code}' is emitted but not catalogued in docs/diagnostics.md")
    for code in sorted(set(doc) - set(found)):
        failures.append(f"docs/diagnostics.md:{doc[code][1]}: '{code}' is catalogued but nothing emits it any more")
    for code, (level, number) in sorted(doc.items()):
        if level not in SEVERITIES:
            failures.append(f"docs/diagnostics.md:{number}: '{code}' has the severity '{level}', not one of {sorted(SEVERITIES)}")
    for f in failures:
        print(f, file=sys.stderr)
    if not failures:
        print(f"{len(found)} codes emitted, all catalogued; {len(doc)} catalogued, all emitted")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
