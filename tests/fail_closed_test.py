#!/usr/bin/python3
"""Nothing named is skipped, nothing written is cut short (issue 10's reproductions).

    tests/fail_closed_test.py BREACHCLOCK WORKDIR

1. Rule folders, test folders and incident folders with a part the process cannot read (a
   folder or a file of mode 000, run as an unprivileged user: `nobody` through setpriv when the
   test runs as root), and with dangling and looping links: every command fails with the path,
   exit 2, and never answers "No obligation applies".
2. Output that cannot be written: every command, every format, to /dev/full, to a closed
   standard output, and to a file that may not grow (RLIMIT_FSIZE, the way a full disk fails):
   a message and a non-zero exit; with -o FILE the old file stays whole and no temporary is left.
3. -o FILE writes exactly what stdout would have had, with an ordinary file's permissions.
"""
import os
import pathlib
import resource
import shutil
import signal
import stat
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CWU = "rules/uk/examples/cwu-2024.toml"
AS_OF = "2024-03-22T18:00:00Z"
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def run(args, user=None, stdout=subprocess.PIPE, preexec=None, shell_prefix=None):
    cmd = [CLI, *args]
    if shell_prefix is not None:
        cmd = ["/bin/sh", "-c", shell_prefix + ' "$0" "$@"', *cmd]
    if user is not None:
        cmd = [*user, *cmd]
    return subprocess.run(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True, preexec_fn=preexec)


def unprivileged():
    """The command prefix that runs as a user without privileges, or None when there is none (or
    when that user cannot reach the source tree and the work folder, as in a private home)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe_rules = WORK / "rules-probe"
    shutil.copytree(ROOT / "rules", probe_rules)
    probe = run(["assess", CWU, "--rules", str(probe_rules), "--as-of", AS_OF], user=prefix)
    shutil.rmtree(probe_rules)
    return prefix if probe.returncode == 0 else None


def refused(args, path_in_message, user=None, what=""):
    done = run(args, user=user)
    check(done.returncode == 2, f"{what}: breachclock {' '.join(args)} exited {done.returncode}, not 2:\n{done.stderr}")
    check(str(path_in_message) in done.stderr, f"{what}: the message does not name {path_in_message}:\n{done.stderr}")
    check("No obligation applies" not in done.stdout, f"{what}: answered 'No obligation applies'")


CLI, WORK = sys.argv[1], pathlib.Path(sys.argv[2])
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
WORK.chmod(0o755)  # the unprivileged user reads the copies made here

# 1. Unreadable and broken parts of named folders.
user = unprivileged()
if user is None:
    print("note: no unprivileged user could be used here; the mode-000 cases are left out")
else:
    rules = WORK / "rules-unreadable-folder"
    shutil.copytree(ROOT / "rules", rules)
    for p in [rules, *rules.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    (rules / "uk").chmod(0)
    refused(["check", "--rules", str(rules)], rules / "uk", user, "mode-000 rule folder")
    refused(["assess", CWU, "--rules", str(rules), "--as-of", AS_OF], rules / "uk", user, "mode-000 rule folder")
    refused(["test", "--rules", str(rules), "tests/policy"], rules / "uk", user, "mode-000 rule folder")
    refused(["diff", "--old", str(rules), "--new", "", "examples/incidents", "--as-of", AS_OF], rules / "uk", user,
            "mode-000 rule folder")
    (rules / "uk").chmod(0o755)
    (rules / "ca" / "pipeda.toml").chmod(0)
    refused(["check", "--rules", str(rules)], rules / "ca" / "pipeda.toml", user, "mode-000 rule file")
    (rules / "ca" / "pipeda.toml").chmod(0o644)

    tests = WORK / "tests-unreadable"
    shutil.copytree(ROOT / "tests" / "policy", tests / "policy")
    (tests / "hidden").mkdir()
    shutil.copy(ROOT / "rules" / "uk" / "tests" / "uk-gdpr.toml", tests / "hidden" / "uk-gdpr.toml")
    for p in [tests, *tests.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    (tests / "hidden").chmod(0)
    refused(["test", str(tests)], tests / "hidden", user, "mode-000 test folder")

    incidents = WORK / "incidents-unreadable"
    shutil.copytree(ROOT / "rules" / "uk" / "examples", incidents / "all")
    (incidents / "private").mkdir()
    shutil.copy(ROOT / CWU, incidents / "private" / "cwu.toml")
    for p in [incidents, *incidents.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    (incidents / "private").chmod(0)
    refused(["diff", str(incidents), "--as-of", AS_OF, "--exit-code"], incidents / "private", user,
            "mode-000 incident folder")
    (incidents / "all" / "cwu-2024.toml").chmod(0)
    (incidents / "private").chmod(0o755)
    # An incident file that cannot be read is one incident that cannot be compared: diff lists it
    # with its diagnostic, compares the others and exits 3 (docs/cli.md).
    args = ["diff", str(incidents), "--as-of", AS_OF]
    done = run(args, user=user)
    unreadable = incidents / "all" / "cwu-2024.toml"
    check(done.returncode == 3, f"mode-000 incident file: breachclock {' '.join(args)} exited {done.returncode}, "
          f"not 3:\n{done.stderr}")
    check(f"{unreadable}: not compared: refused by both rule sets\n  {unreadable}: error[file.read]" in done.stdout,
          f"mode-000 incident file: the report does not list it as not compared:\n{done.stdout}")

# Links that lead nowhere or back to themselves, as any user.
rules = WORK / "rules-links"
shutil.copytree(ROOT / "rules", rules)
(rules / "uk" / "gone.toml").symlink_to("no-such-pack.toml")
refused(["check", "--rules", str(rules)], rules / "uk" / "gone.toml", what="dangling link")
refused(["assess", CWU, "--rules", str(rules), "--as-of", AS_OF], rules / "uk" / "gone.toml", what="dangling link")
(rules / "uk" / "gone.toml").unlink()
(rules / "uk" / "self.toml").symlink_to("self.toml")
refused(["check", "--rules", str(rules)], rules / "uk" / "self.toml", what="looping link")
(rules / "uk" / "self.toml").unlink()
os.mkfifo(rules / "uk" / "pipe.toml")
refused(["check", "--rules", str(rules)], rules / "uk" / "pipe.toml", what="a pipe named .toml")
(rules / "uk" / "pipe.toml").unlink()
tests = WORK / "tests-links"
shutil.copytree(ROOT / "tests" / "policy", tests)
(tests / "gone.toml").symlink_to("missing.toml")
refused(["test", str(tests)], tests / "gone.toml", what="dangling test link")
incidents = WORK / "incidents-links"
shutil.copytree(ROOT / "examples" / "incidents", incidents)
(incidents / "gone.json").symlink_to("missing.json")
refused(["diff", str(incidents), "--as-of", AS_OF], incidents / "gone.json", what="dangling incident link")
refused(["diff", str(WORK / "no-such-folder"), "--as-of", AS_OF], WORK / "no-such-folder", what="missing incident")
done = run(["assess", CWU, "--as-of", ""])
check(done.returncode == 2 and "--as-of is empty" in done.stderr, f"--as-of '' was not refused:\n{done.stderr}")

# 2. Output that cannot be written, for every command and format.
COMMANDS = [
    *[["assess", CWU, "--as-of", AS_OF, "--format", f] for f in ("text", "json", "ics", "md", "svg")],
    ["explain", CWU, "uk-gdpr/notify-ico", "--as-of", AS_OF],
    ["questions", CWU, "--as-of", AS_OF],
    ["check"],
    *[["test", "tests/policy", "--format", f] for f in ("text", "json", "junit")],
    ["deadline", "--from", AS_OF, "--within", "72h", "--zone", "Europe/London"],
    ["calendar", "gb-eaw", "2024", "2030"],
    ["diff", "examples/incidents", "--as-of", AS_OF],
]


def no_bigger_than(limit):
    def limit_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_size


for args in COMMANDS:
    name = " ".join(args)
    expected = run(args)
    check(expected.returncode == 0, f"{name}: exit {expected.returncode}\n{expected.stderr}")
    with open("/dev/full", "w") as full:
        done = run(args, stdout=full)
    check(done.returncode != 0 and "cannot write" in done.stderr,
          f"{name} > /dev/full: exit {done.returncode}, stderr {done.stderr!r}")
    done = run(args, stdout=None, shell_prefix="exec >&-;")
    check(done.returncode != 0 and "cannot write" in done.stderr,
          f"{name} >&- : exit {done.returncode}, stderr {done.stderr!r}")
    # A file that may hold only part of the output, as a full disk would.
    partial = WORK / "partial.out"
    with open(partial, "w") as out:
        done = run(args, stdout=out, preexec=no_bigger_than(len(expected.stdout) // 2))
    check(done.returncode != 0 and "cannot write" in done.stderr,
          f"{name} on a full disk: exit {done.returncode}, stderr {done.stderr!r}")

    # 3. -o FILE: the same bytes; an old file survives a failed write whole.
    target = WORK / "out" / "result.txt"
    target.parent.mkdir(exist_ok=True)
    done = run([*args, "-o", str(target)])
    check(done.returncode == 0 and done.stdout == "", f"{name} -o: exit {done.returncode}, stdout {done.stdout!r}")
    check(target.read_text() == expected.stdout, f"{name} -o: the file differs from the standard output")
    mode = stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    check(mode == 0o666 & ~umask, f"{name} -o: mode {oct(mode)}")
    target.write_text("the previous report\n")
    done = run([*args, "-o", str(target)], preexec=no_bigger_than(len(expected.stdout) // 2))
    check(done.returncode != 0 and "cannot write" in done.stderr, f"{name} -o on a full disk: exit {done.returncode}")
    check(target.read_text() == "the previous report\n", f"{name} -o on a full disk: the old file was changed")
    left = sorted(p.name for p in target.parent.iterdir() if p.name != "result.txt")
    check(left == [], f"{name} -o on a full disk left {left}")

# A file replaced keeps its permissions: a private report stays private.
private = WORK / "private.txt"
private.write_text("old\n")
private.chmod(0o600)
done = run(["assess", CWU, "--as-of", AS_OF, "-o", str(private)])
check(done.returncode == 0 and stat.S_IMODE(private.stat().st_mode) == 0o600,
      f"-o over a mode-600 file: exit {done.returncode}, mode {oct(stat.S_IMODE(private.stat().st_mode))}")
# The input is never replaced by the report.
incident = WORK / "incident.toml"
shutil.copy(ROOT / CWU, incident)
done = run(["assess", str(incident), "--as-of", AS_OF, "-o", str(incident)])
check(done.returncode == 2 and "it is the input" in done.stderr, f"-o onto the input: exit {done.returncode}, {done.stderr!r}")
check(incident.read_text() == (ROOT / CWU).read_text(), "-o onto the input changed the incident file")
# Help and version text are output too.
for args in (["--help"], ["--version"], ["assess", "--help"]):
    with open("/dev/full", "w") as full:
        done = run(args, stdout=full)
    check(done.returncode != 0 and "cannot write" in done.stderr, f"{args} > /dev/full: exit {done.returncode}")

for bad in ("/dev/null", str(WORK)):
    done = run(["check", "-o", bad])
    check(done.returncode != 0 and "cannot write" in done.stderr, f"-o {bad} was not refused: {done.stderr!r}")
check(os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null was replaced")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"{len(COMMANDS)} commands, every output checked: 0 failed")
