"""Shared pieces of the Python tests: the source folder, the CLI to compare with, the bundled rules.

ctest runs them (python/CMakeLists.txt) with PYTHONPATH at the build tree's package, and
BREACHCLOCK_CLI and BREACHCLOCK_SOURCE_DIR set; the working folder is the source folder, so the
paths in the documents are those the CLI's goldens use.
"""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("BREACHCLOCK_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CWU = "rules/uk/examples/cwu-2024.toml"
CWU_AS_OF = "2024-03-22T18:00:00Z"


def run_cli(*args, check=True):
    """Runs the CLI from the source folder: (exit code, stdout, stderr), stdout as bytes."""
    cli = os.environ.get("BREACHCLOCK_CLI")
    if not cli:
        pytest.skip("BREACHCLOCK_CLI is not set (ctest sets it)")
    done = subprocess.run([cli, *args], cwd=SOURCE, capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    if check and done.returncode != 0:
        raise AssertionError(f"breachclock {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()}")
    return done.returncode, done.stdout, done.stderr.decode()


@pytest.fixture(autouse=True)
def _in_source_folder(monkeypatch):
    monkeypatch.chdir(SOURCE)


@pytest.fixture(scope="session")
def bc():
    import breachclock

    return breachclock


@pytest.fixture(scope="session")
def rules(bc):
    return bc.Rules.bundled()


@pytest.fixture(scope="session")
def cwu(bc):
    return bc.Incident.from_file(SOURCE / CWU)
