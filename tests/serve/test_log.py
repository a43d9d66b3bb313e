"""The access log: one JSON object a line on stdout for each request (errors, 408 and 503
included), saying what was asked and answered, and nothing of what the incident says.
"""
import json
import time

import support
from support import Server

CANARY = "ZEBRA-CANARY-q8v1-the-CFO-laptop-in-the-taxi"
TOKEN = "log-test-token-4f0e9b"


def flat(record):
    """Every string and number in a log record, as text."""
    out = []

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                out.append(str(k))
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        else:
            out.append(str(v))
    walk(record)
    return out


def test_one_json_line_per_request_without_incident_contents(exe, tmp_path):
    incident = {"id": CANARY + "-id", "zone": "Europe/London", "title": CANARY, "notes": [CANARY],
                "events": {"aware": "2024-03-21T09:00:00Z"}, "facts": {"uk_processing": True}}
    good = json.dumps(incident).encode()
    bad_zone = json.dumps(dict(incident, zone=CANARY)).encode()
    bad_fact = json.dumps(dict(incident, facts={CANARY.replace("-", "_").lower(): True})).encode()
    malformed = (json.dumps(incident)[:-1] + ', "' + CANARY + '": }').encode()
    toml = ('id = "' + CANARY + '"\nzone = "Europe/London"\ntitle = "' + CANARY + '"\n').encode()
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    s = Server(["--token-file", str(token_file)])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    asked = []
    try:
        for target, body, ctype, headers in (
                ("/v1/assess?as_of=2025-12-01T12:00:00Z", good, "application/json", auth),
                ("/v1/assess?as_of=2025-12-01T12:00:00Z&format=text", good, "application/json", auth),
                ("/v1/explain?obligation=uk-gdpr/notify-ico&as_of=2025-12-01T12:00:00Z", good, "application/json", auth),
                ("/v1/questions?format=text", toml, "application/toml", auth),
                ("/v1/assess", bad_zone, "application/json", auth),
                ("/v1/assess", bad_fact, "application/json", auth),
                ("/v1/assess", malformed, "application/json", auth),
                ("/v1/assess", good, "text/plain", auth),
                ("/v1/assess", good, "application/json", {"Authorization": "Bearer " + CANARY}),
                ("/v1/assess", good, "application/json", {}),
                ("/v1/rules", None, None, auth),
                ("/v1/nothing", None, None, auth),
                ("/healthz", None, None, {})):
            status, _, _ = s.request("POST" if body else "GET", target, body=body, content_type=ctype, headers=headers)
            asked.append((target.split("?")[0], status))
        time.sleep(0.5)  # the log is written as each answer goes: let the reader thread catch up
    finally:
        s.stop()
    records = support.log_records(s)
    assert len(records) == len(asked), f"{len(asked)} requests, {len(records)} log lines: {s.log}"
    # A line is written once its answer has gone, by the connection's thread: two requests in a
    # row may be logged in either order. Each request has its line.
    unmatched = list(records)
    for path, status in asked:
        match = next((r for r in unmatched if status in r.values() and
                      any(v == path or v.startswith(path + "?") for v in flat(r))), None)
        assert match is not None, f"{path} -> {status}: no log line in {unmatched}"
        unmatched.remove(match)
    text = "\n".join(s.log)
    assert CANARY not in text, "the incident's contents are in the access log"
    assert CANARY.replace("-", "_").lower() not in text
    assert TOKEN not in text, "the token is in the access log"
    assert all(CANARY not in line and TOKEN not in line for line in s.stderr), "stderr holds incident contents"
