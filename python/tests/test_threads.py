"""One rule set and one incident shared by many Python threads: the same bytes in every thread."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone


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
