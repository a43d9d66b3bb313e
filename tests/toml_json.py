"""TOML values as an incident file in JSON writes them: what tests/json_twins_test.py,
tests/journal_test.py and tests/serve/ compare a TOML file's assessment with its JSON twin by.

Imported by the scripts of tests/ (their folder is on sys.path) and by tests/serve/support.py.
"""
import datetime


def jsonable(value):
    """`value` (parsed by tomllib) as JSON holds it: tables in the order written, not sorted;
    an offset date-time in UTC as `...Z`, a local one as written, a date as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        raise SystemExit("a bare TOML time has no JSON form here")
    return value
