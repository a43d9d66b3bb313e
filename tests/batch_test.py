#!/usr/bin/env python3
"""Batches and streams of `breachclock assess` (docs/cli.md, docs/json.md).

usage: batch_test.py BREACHCLOCK SOURCE_DIR

  - every NDJSON line of a batch (a folder, several files, `-` on stdin) is the document
    `assess FILE --format json` writes for the same incident, as a tree (compact, not indented), on
    one line with no indentation, in the order the inputs were given;
  - `--no-trace` is the same tree with each obligation's `because` empty;
  - a bad record in the middle of stdin gives a breachclock.error/1 line in its place, located on
    its line of the stream; the others are assessed; the exit code is 2;
  - `--jobs 1` and `--jobs 3` write the same bytes;
  - a pipeline gets each answer before it sends the next incident (stdout written before stdin is
    waited for);
  - `-o FILE` holds what stdout would, and may not be one of the incidents read (in a folder
    too); a reader gone (EPIPE) is an error, exit 2;
  - a long stream is not held whole: the process's peak memory stays far under its output's size.
"""
import datetime
import json
import os
import pathlib
import select
import subprocess
import sys
import tempfile
import threading
import tomllib

EXE = sys.argv[1]
SOURCE = pathlib.Path(sys.argv[2])
AS_OF = "2024-03-22T18:00:00Z"
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def run(args, stdin=b""):
    p = subprocess.run([EXE, *args], input=stdin, capture_output=True, cwd=SOURCE)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    return v


def one_line(path):
    """The incident at `path` as one line of JSON."""
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text) if path.suffix == ".json" else plain(tomllib.loads(text))
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def lines_of(out):
    if not out.endswith(b"\n"):
        fail("the output does not end with a newline")
    return out.split(b"\n")[:-1]


def check_compact(line, where):
    if b"\n" in line or b"  " in line[:200] or line.startswith(b"{\n"):
        fail(f"{where}: not one compact line")


def without_trace(doc):
    for o in doc["obligations"]:
        o["because"] = []
    return doc

# Under a sanitizer (its shadow memory and quarantine) peak memory says nothing of the program's:
# the long streams are still checked, their memory is not.
SANITIZED = os.environ.get("BREACHCLOCK_SANITIZED") == "ON"


def long_stream():
    """Run first, while this process is small: a child's peak memory counts what it had before exec."""
    # A long stream is not held whole: 3000 assessments (about 300 MB of output) in far less memory.
    cwu = one_line(SOURCE / "rules/uk/examples/cwu-2024.toml")
    p = subprocess.Popen([EXE, "assess", "-", "--as-of", AS_OF, "--jobs", "1"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, cwd=SOURCE)

    def feed():
        for _ in range(3000):
            p.stdin.write(cwu + b"\n")
        p.stdin.close()

    feeder = threading.Thread(target=feed)
    feeder.start()
    total = count = 0
    while chunk := p.stdout.read(1 << 20):
        total += len(chunk)
        count += chunk.count(b"\n")
    feeder.join()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = status
    peak_kib = usage.ru_maxrss
    if count != 3000 or (not SANITIZED and peak_kib * 1024 > total // 4):
        fail(f"a long stream: {count} lines, {total} bytes out, peak memory {peak_kib} KiB")



def long_stream_to_file():
    """The same stream with -o FILE: written as it comes (a spool beside the file), not held."""
    cwu = one_line(SOURCE / "rules/uk/examples/cwu-2024.toml")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "out.ndjson"
        p = subprocess.Popen([EXE, "assess", "-", "--as-of", AS_OF, "--jobs", "1", "-o", str(out)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=SOURCE)

        def feed():
            for _ in range(3000):
                p.stdin.write(cwu + b"\n")
            p.stdin.close()

        feeder = threading.Thread(target=feed)
        feeder.start()
        printed = p.stdout.read()
        feeder.join()
        _, status, usage = os.wait4(p.pid, 0)
        total = out.stat().st_size if out.exists() else 0
        lines = out.read_bytes().count(b"\n") if out.exists() else 0
        left = [f.name for f in pathlib.Path(tmp).iterdir() if f.name != "out.ndjson"]
        if status != 0 or printed or lines != 3000 or left or (not SANITIZED and usage.ru_maxrss * 1024 > total // 4):
            fail(f"a long stream to -o: status {status}, {lines} lines, {total} bytes, "
                 f"peak memory {usage.ru_maxrss} KiB, files left {left}")


long_stream()
long_stream_to_file()
# The example incidents: examples/incidents, then each module's rules/<module>/examples, each
# folder sorted (as assess lists the folders it is given).
FOLDERS = ["examples/incidents"] + sorted(str(p.relative_to(SOURCE)) for p in (SOURCE / "rules").glob("*/examples"))
incidents = [p for d in FOLDERS for p in sorted((SOURCE / d).glob("*.[tj][os][mo]*"))]
incidents = [p for p in incidents if p.suffix in (".toml", ".json")]
if len(incidents) < 18:
    fail(f"only {len(incidents)} example incidents found")
single = {}
for p in incidents:
    code, out, err = run(["assess", str(p.relative_to(SOURCE)), "--format", "json", "--as-of", AS_OF])
    if code != 0:
        fail(f"assess {p.name} --format json: exit {code}: {err}")
    single[p.name] = json.loads(out)

# A folder: the files sorted, one line each.
code, out, err = run(["assess", *FOLDERS, "--as-of", AS_OF])
if code != 0:
    fail(f"assess examples/incidents: exit {code}: {err}")
folder = lines_of(out)
if len(folder) != len(incidents):
    fail(f"assess examples/incidents: {len(folder)} lines for {len(incidents)} incidents")
for p, line in zip(incidents, folder):
    check_compact(line, p.name)
    if json.loads(line) != single[p.name]:
        fail(f"{p.name}: the folder's line is not the document of assess FILE --format json")
    if line + b"\n" != run(["assess", str(p.relative_to(SOURCE)), "--format", "ndjson", "--as-of", AS_OF])[1]:
        fail(f"{p.name}: --format ndjson of the one file is not the folder's line")

# Several files, in the order given (reversed), and the same on stdin as NDJSON, and --no-trace.
given = list(reversed(incidents))
code, out, err = run(["assess", *[str(p.relative_to(SOURCE)) for p in given], "--as-of", AS_OF])
ids = [json.loads(l)["incident"]["id"] for l in lines_of(out)]
if code != 0 or ids != [single[p.name]["incident"]["id"] for p in given]:
    fail(f"several files: exit {code}, ids {ids}")
stream = b"\n".join(one_line(p) for p in given) + b"\n"
code, piped, err = run(["assess", "-", "--as-of", AS_OF], stream)
if code != 0 or piped != out:
    fail(f"stdin NDJSON: exit {code}, output {'equal' if piped == out else 'different'} to the files' ({err})")
code, bare, err = run(["assess", "-", "--as-of", AS_OF, "--no-trace"], stream)
for p, line in zip(given, lines_of(bare)):
    if json.loads(line) != without_trace(json.loads(json.dumps(single[p.name]))):
        fail(f"{p.name}: --no-trace is not the document with each because empty")
if not any(o["because"] for d in single.values() for o in d["obligations"]):
    fail("no example has a trace: the --no-trace check cannot fail")

# A bad record in the middle: its error line in its place, located on its line; exit 2.
good = [one_line(p) for p in incidents[:3]]
mixed = good[0] + b"\n\n" + b'{"id": "x", "zone": "Europe/London", "events": {"aware": 7}}\n' + good[1] + b"\n" + good[2]
code, out, err = run(["assess", "-", "--as-of", AS_OF], mixed)
rows = [json.loads(l) for l in lines_of(out)]
if code != 2 or len(rows) != 4:
    fail(f"a bad record: exit {code}, {len(rows)} lines")
else:
    e = rows[1]
    if e.get("schema") != "breachclock.error/1" or e.get("input") != "-:3":
        fail(f"the error line: {e}")
    elif not e["diagnostics"] or e["diagnostics"][0]["line"] != 3 or e["diagnostics"][0]["file"] != "-":
        fail(f"the error line's diagnostics are not located on line 3: {e}")
    if [r["incident"]["id"] for r in (rows[0], rows[2], rows[3])] != [
        single[p.name]["incident"]["id"] for p in incidents[:3]
    ]:
        fail("the good records around a bad one were not all assessed, in order")
    if "1 of 4 incidents could not be assessed" not in err:
        fail(f"stderr does not say how many failed: {err}")

# --jobs: the same bytes for any number of threads.
many = b"\n".join(one_line(incidents[i % len(incidents)]) for i in range(700)) + b"\n"
one = run(["assess", "-", "--as-of", AS_OF, "--no-trace", "--jobs", "1"], many)
three = run(["assess", "-", "--as-of", AS_OF, "--no-trace", "--jobs", "3"], many)
if one[0] != 0 or one[1] != three[1] or len(lines_of(one[1])) != 700:
    fail(f"--jobs 3 differs from --jobs 1 (exits {one[0]}, {three[0]})")

# A pipeline gets each answer before it sends the next incident.
p = subprocess.Popen([EXE, "assess", "-", "--as-of", AS_OF, "--no-trace"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=SOURCE)
for k in range(3):
    p.stdin.write(good[k] + b"\n")
    p.stdin.flush()
    ready, _, _ = select.select([p.stdout], [], [], 30)
    if not ready:
        fail(f"record {k + 1}: no answer within 30 s while stdin stays open")
        break
    line = p.stdout.readline()
    if json.loads(line)["incident"]["id"] != single[incidents[k].name]["incident"]["id"]:
        fail(f"record {k + 1}: the answer is not its assessment")
p.stdin.close()
if p.stdout.read() != b"" or p.wait(30) != 0:
    fail("the pipeline did not end cleanly")

# -o FILE holds what stdout would; a closed stdout is an error.
with tempfile.TemporaryDirectory() as tmp:
    target = pathlib.Path(tmp) / "out.ndjson"
    code, out, err = run(["assess", "-", "--as-of", AS_OF, "-o", str(target)], stream)
    if code != 0 or out != b"" or target.read_bytes() != piped:
        fail(f"-o FILE: exit {code}, the file {'equals' if target.read_bytes() == piped else 'differs from'} stdout's")
    # -o may not replace an incident found in a folder it reads.
    folder = pathlib.Path(tmp) / "incidents"
    folder.mkdir()
    victim = folder / "cwu.toml"
    victim.write_bytes((SOURCE / "rules/uk/examples/cwu-2024.toml").read_bytes())
    code, out, err = run(["assess", str(folder), "--as-of", AS_OF, "-o", str(victim)])
    if code != 2 or victim.read_bytes() != (SOURCE / "rules/uk/examples/cwu-2024.toml").read_bytes():
        fail(f"-o naming an incident of the folder read: exit {code}, {err}")
r, w = os.pipe()
os.close(r)
p = subprocess.run([EXE, "assess", "-", "--as-of", AS_OF], input=stream, stdout=w, stderr=subprocess.PIPE, cwd=SOURCE)
os.close(w)
if p.returncode != 2 or b"cannot write" not in p.stderr:
    fail(f"a closed stdout: exit {p.returncode}, {p.stderr!r}")

if failures:
    sys.exit(f"{len(failures)} failure(s)")
print(f"ok: {len(incidents)} incidents, folder, files, stdin, --no-trace, errors, --jobs, streaming, -o, EPIPE, memory")
