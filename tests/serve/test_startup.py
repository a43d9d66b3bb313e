"""Starting the server: loopback by default; any other address only with a bearer token, read
from a file or the environment and never from the command line; and with the token, every /v1/
request needs it while /healthz and the page do not.
"""
import os
import signal
import socket
import subprocess

import pytest

import support
from support import ROOT, Server, check_problem

TOKEN = "s3cret-token-for-the-serve-test-7d1c"
CWU = ROOT / "rules" / "uk" / "examples" / "cwu-2024.toml"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def refused_to_start(args, env=None, timeout=30):
    """Runs `serve ARGS` on a fixed free port: it must exit 2 with a message, never listening."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "BREACHCLOCK_TOKEN"}
    full_env.update(env or {})
    proc = subprocess.Popen([support.EXE, "serve", "--port", str(port), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=full_env, cwd=ROOT)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"serve {' '.join(args)} did not refuse to start (still running after {timeout} s)")
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 2, f"serve {' '.join(args)}: exit {proc.returncode}, not 2: {err}"
    assert err.strip(), f"serve {' '.join(args)}: no message"
    assert "listening on" not in err, err
    with socket.socket() as s:
        s.settimeout(1)
        assert s.connect_ex(("127.0.0.1", port)) != 0, "something listens on the port after the refusal"
    return err


def test_loopback_by_default(exe):
    s = Server()
    try:
        assert s.host == "127.0.0.1", s.host
        assert s.healthy()
    finally:
        assert s.stop() in (0, -15), s.stderr


def test_any_address_without_a_token_refuses_to_start(exe):
    for listen in ("0.0.0.0", "::", "192.0.2.1"):
        err = refused_to_start(["--listen", listen])
        assert "token" in err.lower(), err


@pytest.mark.parametrize("option", [["--token", TOKEN], [f"--token={TOKEN}"], ["--bearer", TOKEN], ["--auth", TOKEN]])
def test_a_token_on_the_command_line_is_not_an_option(exe, option):
    err = refused_to_start(["--listen", "0.0.0.0", *option])
    assert TOKEN not in err or "not expected" in err or "unknown" in err.lower()


def test_a_token_file_that_cannot_be_read_refuses_to_start(exe, tmp_path):
    refused_to_start(["--listen", "0.0.0.0", "--token-file", str(tmp_path / "no-such-file")])
    refused_to_start(["--listen", "0.0.0.0", "--token-file", str(tmp_path)])  # a folder
    empty = tmp_path / "empty"
    empty.write_text("")
    refused_to_start(["--listen", "0.0.0.0", "--token-file", str(empty)])  # no token is no token
    blank = tmp_path / "blank"
    blank.write_text("\n  \n")
    refused_to_start(["--listen", "0.0.0.0", "--token-file", str(blank)])


def test_an_empty_environment_token_refuses_to_start(exe):
    refused_to_start(["--listen", "0.0.0.0"], env={"BREACHCLOCK_TOKEN": ""})


def check_token_required(s, openapi):
    page = s.get("/")[0]
    assert page in (200, 404)  # the page needs no token (404 only while it has no page)
    assert s.healthy(), "/healthz needs no token"
    for target in ("/v1/rules", "/v1/facts", "/v1/calendars/gb-eaw/2024", "/v1/openapi.json"):
        template = "/v1/calendars/{id}/{year}" if "calendars" in target else target
        for auth in (None, "Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", TOKEN, f"Basic {TOKEN}",
                     "Bearer", f"bearer  {TOKEN} extra"):
            headers = {"Authorization": auth} if auth else {}
            status, h, body = s.get(target, headers=headers)
            check_problem(openapi, "GET", template, status, h, body, 401)
            assert TOKEN.encode() not in body
        status, h, body = s.get(target, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200, f"{target} with the token: {status} {body[:200]!r}"
    status, h, body = s.post("/v1/assess?as_of=2025-12-01T12:00:00Z", CWU.read_bytes(), content_type="application/toml")
    check_problem(openapi, "POST", "/v1/assess", status, h, body, 401)
    status, h, body = s.post("/v1/assess?as_of=2025-12-01T12:00:00Z", CWU.read_bytes(), content_type="application/toml",
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    assert all(TOKEN not in line for line in s.log + s.stderr), "the token is in the log"


def test_a_token_file_lets_any_address_start(exe, openapi, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")  # the line's end is not part of the token
    token_file.chmod(0o600)
    s = Server(["--listen", "0.0.0.0", "--token-file", str(token_file)])
    try:
        assert s.host == "0.0.0.0"
        check_token_required(s, openapi)
    finally:
        s.stop()


def test_an_environment_token_lets_any_address_start(exe, openapi):
    s = Server(["--listen", "0.0.0.0"], env={"BREACHCLOCK_TOKEN": TOKEN})
    try:
        check_token_required(s, openapi)
        assert TOKEN not in " ".join(s.args)
    finally:
        s.stop()


def test_loopback_with_a_token_needs_it_too(exe, openapi):
    s = Server(env={"BREACHCLOCK_TOKEN": TOKEN})
    try:
        status, h, body = s.get("/v1/rules")
        check_problem(openapi, "GET", "/v1/rules", status, h, body, 401)
        assert s.get("/v1/rules", headers={"Authorization": f"Bearer {TOKEN}"})[0] == 200
    finally:
        s.stop()


def test_stops_cleanly_on_sigterm(exe):
    s = Server()
    assert s.healthy()
    assert s.stop() in (0, -15, 143), f"exit {s.proc.returncode}: {s.stderr}"


def test_sigterm_at_once_after_listening_stops_it(exe):
    # A signal that comes before the server runs its loop must not be lost (it was, 1 in 30).
    for _ in range(10):
        s = Server()
        s.proc.send_signal(signal.SIGTERM)
        try:
            code = s.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            s.proc.kill()
            raise AssertionError("SIGTERM just after 'listening on' did not stop the server")
        assert code == 0, f"exit {code}: {s.stderr}"
