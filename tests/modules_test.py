#!/usr/bin/python3
"""A module moved out of the rule folder and added back with --add-rules gives the same results.

    tests/modules_test.py BREACHCLOCK WORKDIR

For each bundled module (a folder of rules/ with module.toml): copy rules/ to WORKDIR without it,
copy the module elsewhere under another folder name, and assess every example incident
(examples/incidents and rules/*/examples) with `--rules COPY --add-rules MODULE --format json`:
the bytes must be those of the bundled rules (same digest, same results), and so must `check`'s
digest. Then the same module added twice (to rules that still hold it) is refused
(rules.module-twice), and the rules without the module give other JSON (the test can fail).
"""
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
AS_OF = "2025-12-01T12:00:00Z"
CLI = sys.argv[1]
WORK = pathlib.Path(sys.argv[2])


def run(*args, expect=0):
    done = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True)
    if done.returncode != expect:
        sys.exit(f"breachclock {' '.join(map(str, args))}: exit {done.returncode}, expected {expect}:\n"
                 f"{done.stderr.decode()}")
    return done


incidents = sorted(list((ROOT / "examples/incidents").glob("*.[tj][os][mo]*")) +
                   list((ROOT / "rules").glob("*/examples/*.[tj][os][mo]*")))
if len(incidents) < 14:
    sys.exit(f"expected at least 14 example incidents, found {len(incidents)}")
modules = sorted(p.parent.name for p in (ROOT / "rules").glob("*/module.toml"))
if len(modules) < 3:
    sys.exit(f"expected at least 3 bundled modules, found {modules}")

bundled = {i: run("assess", i, "--as-of", AS_OF, "--format", "json").stdout for i in incidents}
bundled_check = run("check").stdout

for module in modules:
    shutil.rmtree(WORK, ignore_errors=True)
    base = WORK / "rules"
    shutil.copytree(ROOT / "rules", base)
    shutil.rmtree(base / module)
    moved = WORK / "elsewhere" / ("moved-" + module)  # another folder name: the id makes the paths
    shutil.copytree(ROOT / "rules" / module, moved)
    args = ["--rules", str(base), "--add-rules", str(moved)]
    check = run("check", *args).stdout
    if check != bundled_check:
        sys.exit(f"{module} moved out and added back: check says\n{check.decode()}\nnot\n{bundled_check.decode()}")
    differ = 0
    for i in incidents:
        out = run("assess", i, *args, "--as-of", AS_OF, "--format", "json").stdout
        if out != bundled[i]:
            sys.exit(f"{module} moved out and added back: the JSON of {i.relative_to(ROOT)} differs")
        # A folder of modules works as well as a module folder.
    out = run("assess", incidents[0], "--rules", str(base), "--add-rules", str(moved.parent), "--as-of", AS_OF,
              "--format", "json").stdout
    if out != bundled[incidents[0]]:
        sys.exit(f"{module} added back as a folder of modules: the JSON of {incidents[0]} differs")
    # Without the module the results differ (for at least one incident), or the rules do not load.
    for i in incidents:
        done = subprocess.run([CLI, "assess", i, "--rules", str(base), "--as-of", AS_OF, "--format", "json"],
                              cwd=ROOT, capture_output=True)
        differ += done.returncode != 0 or done.stdout != bundled[i]
    if differ == 0:
        sys.exit(f"without the module {module}, every incident gives the same JSON: the test cannot fail")
    # Added to rules that hold it already: refused.
    twice = run("check", "--add-rules", str(moved), expect=2).stderr.decode()
    if "error[rules.module-twice]" not in twice:
        sys.exit(f"{module} added twice: expected rules.module-twice, got\n{twice}")

print(f"{len(modules)} modules moved out and added back: {len(incidents)} incidents give the same JSON")
