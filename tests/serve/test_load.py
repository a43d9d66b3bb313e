"""The load test (ctest serve.load; `pytest -m load`): 32 concurrent clients on loopback for 10
seconds, posting every example incident in every format; every answer byte-identical to the
CLI's, no error, and the server still serving after. Prints the figures.

BREACHCLOCK_LOAD_CLIENTS and BREACHCLOCK_LOAD_SECONDS change the load.
"""
import os

import pytest

import loadgen
import support

pytestmark = pytest.mark.load


def test_many_clients_get_the_cli_bytes(exe):
    clients = int(os.environ.get("BREACHCLOCK_LOAD_CLIENTS", "32"))
    seconds = float(os.environ.get("BREACHCLOCK_LOAD_SECONDS", "10"))
    mix = loadgen.cases()
    s = support.Server(["--max-connections", str(2 * clients)])
    try:
        figures = loadgen.run(s, mix, clients=clients, seconds=seconds)
        print("\nserve.load: " + loadgen.report(figures))
        assert figures["errors"] == 0, "\n".join(figures["first_errors"])
        assert figures["requests"] >= len(mix), f"only {figures['requests']} requests in {seconds} s"
        assert s.running() and s.healthy()
    finally:
        s.stop()
    records = support.log_records(s)
    assert len(records) >= figures["requests"], f"{figures['requests']} requests, {len(records)} log lines"
