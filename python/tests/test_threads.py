"""One rule set and one incident shared by many Python threads: the same bytes in every thread."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest


def test_threads_share_rules_and_incidents(rules, cwu, bc):
    start = datetime(2024, 3, 21, 9, tzinfo=timezone.utc)
    instants = [start + timedelta(hours=h) for h in range(0, 96, 6)]
    expected = [rules.assess_json(cwu, t) for t in instants]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(lambda t: rules.assess_json(cwu, t), instants)) == expected
        # Loading and reading in threads too: every load gives the same rule set.
        digests = set(pool.map(lambda _: bc.Rules.load("rules").digest, range(4)))
        assert digests == {rules.digest}


def test_the_gil_is_released_while_the_library_works(rules):
    # While one thread runs every bundled policy test (in C++), another runs Python: with the GIL
    # held for the whole call it could not, except just before and just after it.
    from conftest import SOURCE

    paths = ["tests/policy", *sorted(str(p.relative_to(SOURCE)) for p in SOURCE.glob("rules/*/tests"))]
    window = {}

    def work():
        window["start"] = time.perf_counter()
        run = rules.run_tests(paths)
        window["end"] = time.perf_counter()
        window["failed"] = run["failed"]

    ticks = []
    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    assert window["failed"] == 0
    margin = 0.03
    if window["end"] - window["start"] < 4 * margin:
        pytest.skip("the policy tests ran too fast to tell")
    inside = [t for t in ticks if window["start"] + margin < t < window["end"] - margin]
    assert inside, "no Python ran while the library worked: the GIL was held"
