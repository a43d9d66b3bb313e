#!/usr/bin/python3
"""The peer a user would script instead of breachclock, in python3 with zoneinfo (the standard
library, reading the system's tz database): the due instant of a 72-hour deadline (elapsed hours)
from an incident's aware time, in the incident's zone.

  python3 bench/peers/deadline.py 2024-03-21T09:00:00Z Europe/London
  due        2024-03-24T09:00:00Z
  due local  2024-03-24T09:00:00+00:00 (Europe/London)

scripts/bench times it as a whole process beside `breachclock assess` and deadline.mjs.
"""

import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def main():
    if len(sys.argv) != 3:
        print("usage: deadline.py TIME ZONE", file=sys.stderr)
        return 2
    text, name = sys.argv[1], sys.argv[2]
    try:
        zone = ZoneInfo(name)
        aware = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, KeyError) as e:
        print(f"deadline.py: {text} in {name}: {e}", file=sys.stderr)
        return 2
    if aware.tzinfo is None:
        aware = aware.replace(tzinfo=zone)  # a local time in the incident's zone (fold=0: the earlier)
    # Elapsed hours: add in UTC (Python's aware arithmetic in one zone adds wall-clock time).
    due = aware.astimezone(timezone.utc) + timedelta(hours=72)
    print(f"due        {due.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    print(f"due local  {due.astimezone(zone).isoformat()} ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
