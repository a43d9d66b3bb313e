"""`cmake --install` puts a package that Debian's python3 imports and that gives the CLI's JSON.

Run by ctest (python.install), not with the other tests: it installs the `python` component of
the build into a scratch prefix (--prefix, and DESTDIR, so that nothing is written outside the
scratch folder even when BREACHCLOCK_INSTALL_PYTHONDIR is absolute), then imports the package
from there in a fresh interpreter, away from the build tree, and assesses the CWU example.
"""
import os
import pathlib
import shutil
import subprocess
import sys

from conftest import CWU, CWU_AS_OF, SOURCE, run_cli


def test_the_installed_package_assesses_as_the_cli():
    scratch = pathlib.Path(os.environ["BREACHCLOCK_SCRATCH"])
    shutil.rmtree(scratch, ignore_errors=True)
    prefix, destdir = scratch / "prefix", scratch / "destdir"
    subprocess.run([os.environ["CMAKE_COMMAND"], "--install", os.environ["BREACHCLOCK_BUILD_DIR"], "--prefix",
                    str(prefix), "--component", "python"], check=True, env={**os.environ, "DESTDIR": str(destdir)})
    where = pathlib.PurePosixPath(os.environ["BREACHCLOCK_INSTALL_PYTHONDIR"])
    site = destdir / (where.relative_to("/") if where.is_absolute() else pathlib.Path(str(prefix)).relative_to("/") / where)
    installed = sorted(p.name for p in (site / "breachclock").iterdir())
    assert {"__init__.py", "__init__.pyi", "_instants.py", "py.typed"} <= set(installed)
    assert any(n.startswith("_core.") and n.endswith(".so") for n in installed)
    # A fresh interpreter in an empty folder, with only the installed package on its path.
    code = (
        "import breachclock, sys\n"
        "assert breachclock.__file__.startswith(sys.argv[1]), breachclock.__file__\n"
        "rules = breachclock.Rules.bundled()\n"
        "incident = breachclock.Incident.from_file(sys.argv[2])\n"
        "sys.stdout.write(rules.assess_json(incident, sys.argv[3]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(site)
    empty = scratch / "empty"
    empty.mkdir()
    python = os.environ.get("BREACHCLOCK_PYTHON", sys.executable)
    done = subprocess.run([python, "-c", code, str(site), str(SOURCE / CWU), CWU_AS_OF], cwd=empty, env=env,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    _, expected, _ = run_cli("assess", CWU, "--as-of", CWU_AS_OF, "--format", "json")
    assert done.stdout == expected
    shutil.rmtree(scratch)
