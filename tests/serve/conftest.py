"""Fixtures of the `breachclock serve` tests: a server on a free loopback port, the CLI to compare
it with, the OpenAPI document to check its answers against.

The binary is BREACHCLOCK_EXE (set by tests/serve/serve.cmake), or --breachclock PATH. Debian's
python3 with python3-pytest and python3-jsonschema; nothing else (http.client, sockets, threads).
"""
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import support  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--breachclock", default=None, help="the breachclock binary (default: $BREACHCLOCK_EXE)")


def pytest_configure(config):
    config.addinivalue_line("markers", "load: the load test (ctest serve.load), left out of serve.api")
    exe = config.getoption("--breachclock") or os.environ.get("BREACHCLOCK_EXE")
    if exe:
        support.EXE = exe


@pytest.fixture(scope="session")
def exe():
    if not support.EXE:
        pytest.fail("set BREACHCLOCK_EXE (or --breachclock) to the breachclock binary")
    return support.EXE


@pytest.fixture(scope="session")
def server(exe):
    """The server most tests share: default limits but a small body limit."""
    s = support.Server(["--max-body", str(support.MAX_BODY)])
    yield s
    s.stop()


@pytest.fixture(scope="session")
def openapi():
    return support.OpenAPI()
