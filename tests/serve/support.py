"""What the serve tests share: starting and stopping a server, requests (http.client, or a raw
socket for what http.client will not send), the CLI's answers to compare with, and validation of
a response against the OpenAPI document (jsonschema, Draft 2020-12, $refs resolved in the
document).
"""
import atexit
import datetime
import functools
import hashlib
import json
import os
import pathlib
import queue
import re
import signal
import socket
import subprocess
import tempfile
import threading
import sys
import time
import tomllib
import http.client

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # tests/: toml_json
from toml_json import jsonable  # noqa: E402

ROOT = pathlib.Path(os.environ.get("BREACHCLOCK_SOURCE_DIR") or pathlib.Path(__file__).resolve().parents[2])
EXE = os.environ.get("BREACHCLOCK_EXE")
OPENAPI_FILE = ROOT / "examples" / "cli" / "openapi.json"
AS_OF = "2025-12-01T12:00:00Z"  # the instant of tests/examples.cmake
MAX_BODY = 65536  # the shared server's --max-body: every example incident is far smaller
# The spec (notes/http-spec.md) gives the line as it starts; the server adds " (rules sha256:...)".
LISTENING = re.compile(r"^breachclock serve: listening on http://(\S+):(\d+)/(?: .*)?$")
# The headers every response carries (docs/http.md, "Security").
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
FORMAT_TYPES = {"json": "application/json", "text": "text/plain", "md": "text/markdown", "ics": "text/calendar",
                "svg": "image/svg+xml"}


def examples():
    """Every example incident: rules/*/examples and examples/incidents, sorted."""
    folders = [ROOT / "examples" / "incidents"] + sorted((ROOT / "rules").glob("*/examples"))
    return sorted(p for f in folders for p in f.iterdir() if p.suffix in (".toml", ".json"))


def example_id(path):
    return str(path.relative_to(ROOT))


@functools.lru_cache(maxsize=None)
def json_twin(path):
    """The incident at `path` as JSON bytes (a JSON file as it is)."""
    if path.suffix == ".json":
        return path.read_bytes()
    data = jsonable(tomllib.loads(path.read_text(encoding="utf-8")))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def content_type_of(path):
    return "application/json" if path.suffix == ".json" else "application/toml"


# --- the CLI ---------------------------------------------------------------------------------

_scratch = tempfile.TemporaryDirectory(prefix="breachclock-serve-test-")


def scratch_file(name, data):
    """A file of the scratch folder holding `data` (bytes), for the CLI to read: in a folder of
    its own for each content (cli() remembers its answers by the arguments)."""
    folder = pathlib.Path(_scratch.name) / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@functools.lru_cache(maxsize=None)
def cli(*args):
    """(exit code, stdout bytes, stderr text) of `breachclock ARGS`, run from the source folder."""
    r = subprocess.run([EXE, *args], capture_output=True, cwd=ROOT, timeout=120)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def cli_ok(*args):
    code, out, err = cli(*args)
    assert code == 0, f"breachclock {' '.join(args)}: exit {code}: {err}"
    return out


@functools.lru_cache(maxsize=None)
def twin_file(path):
    """The JSON twin of an example, as a file (same stem, .json) for the CLI."""
    return str(scratch_file(path.parent.parent.name + "-" + path.stem + ".json", json_twin(path)))


DIAGNOSTIC_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|note)"
                             r"\[(?P<code>[a-z0-9.-]+)\]: (?P<message>.*)$")


def cli_diagnostics(stderr):
    """The located diagnostics the CLI printed, as dicts of a problem document's fields."""
    out = []
    for line in stderr.splitlines():
        m = DIAGNOSTIC_LINE.match(line)
        if m:
            d = m.groupdict()
            d["line"], d["col"] = int(d["line"]), int(d["col"])
            out.append(d)
    return out


# --- a server --------------------------------------------------------------------------------

class Connection(http.client.HTTPConnection):
    """http.client's connection with TCP_NODELAY, as curl sets it (http.client may send a
    request's headers and body in two writes: neither waits for the other's ACK)."""

    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


_started = []  # every server started, stopped at exit whatever a test did


@atexit.register
def _stop_all():
    for server in _started:
        server.stop()


class Server:
    """`breachclock serve --port 0 ARGS` on loopback. `log` collects its stdout lines (the access
    log), `stderr` its other lines."""

    def __init__(self, args=(), env=None, listen_timeout=60):
        full_env = dict(os.environ)
        full_env.pop("BREACHCLOCK_TOKEN", None)
        full_env.update(env or {})
        self.args = [EXE, "serve", "--port", "0", *args]
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=full_env, cwd=ROOT)
        _started.append(self)
        self.log = []
        self.stderr = []
        self._lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc.stdout, self.log, False), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr, True), daemon=True).start()
        self.host, self.port = None, None
        deadline = time.monotonic() + listen_timeout
        while self.host is None:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise AssertionError(f"{' '.join(self.args)}: no 'listening on' line in {listen_timeout} s; "
                                     f"stderr: {self.stderr}")
            if line is None:
                code = self.proc.wait()
                raise AssertionError(f"{' '.join(self.args)}: exited {code} before listening; stderr: {self.stderr}")
            m = LISTENING.match(line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
        self.address = "127.0.0.1" if self.host in ("0.0.0.0", "127.0.0.1") else self.host

    def _read(self, stream, into, signal_lines):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            into.append(line)
            if signal_lines:
                self._lines.put(line)
        if signal_lines:
            self._lines.put(None)

    @property
    def origin(self):
        return f"http://{self.host}:{self.port}"

    def running(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def connection(self, timeout=60):
        return Connection(self.address, self.port, timeout=timeout)

    def request(self, method, target, body=None, headers=None, content_type=None, conn=None):
        """(status, {lower-case header: value}, body bytes); a new connection unless `conn`."""
        own = conn is None
        conn = conn or self.connection()
        h = {"Host": f"{self.host if self.host != '0.0.0.0' else '127.0.0.1'}:{self.port}"}
        if content_type:
            h["Content-Type"] = content_type
        h.update(headers or {})
        try:
            conn.request(method, target, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                conn.close()

    def get(self, target, **kw):
        return self.request("GET", target, **kw)

    def post(self, target, body, content_type="application/json", **kw):
        return self.request("POST", target, body=body, content_type=content_type, **kw)

    def healthy(self):
        status, headers, body = self.get("/healthz")
        return status == 200 and json.loads(body).get("status") == "ok"

    def raw(self, data, wait=10.0, pause_after=None):
        """Sends `data` (bytes) on a socket of its own and reads until the server closes it or
        `wait` seconds pass; (status or None, head text, body bytes). `pause_after`: (n, seconds):
        send the first n bytes, sleep, then the rest."""
        with socket.create_connection((self.address, self.port), timeout=wait) as s:
            try:
                if pause_after:
                    n, seconds = pause_after
                    s.sendall(data[:n])
                    time.sleep(seconds)
                    data = data[n:]
                if data:
                    s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return read_response(s, wait)


def read_response(s, wait):
    """Reads one response from socket `s`: (status or None, head text, body bytes)."""
    chunks = []
    end = time.monotonic() + wait
    s.settimeout(wait)
    while time.monotonic() < end:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        got = b"".join(chunks)
        head, sep, rest = got.partition(b"\r\n\r\n")
        if sep:
            m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
            if m and len(rest) >= int(m.group(1)):
                break
    got = b"".join(chunks)
    head, _, body = got.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return (int(m.group(1)) if m else None), head.decode("latin-1"), body


def raw_headers(head):
    """{lower-case name: value} of a raw response head."""
    out = {}
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        out[name.strip().lower()] = value.strip()
    return out


# --- the OpenAPI document --------------------------------------------------------------------

class OpenAPI:
    """examples/cli/openapi.json, and validation of responses against it."""

    def __init__(self):
        self.doc = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
        self.resolver = jsonschema.RefResolver(base_uri="", referrer=self.doc)

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            _, node = self.resolver.resolve(node["$ref"])
        return node

    def operation(self, method, template):
        op = self.doc["paths"].get(template, {}).get(method.lower())
        assert op is not None, f"the OpenAPI document has no {method} {template}"
        return op

    def response(self, method, template, status):
        responses = self.operation(method, template)["responses"]
        r = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        assert r is not None, f"{method} {template}: status {status} is not documented"
        return self.resolve(r)

    def validator(self, schema):
        return jsonschema.Draft202012Validator(schema, resolver=self.resolver)

    def validate(self, schema, value, what):
        errors = sorted(self.validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
        assert not errors, (f"{what}: {errors[0].message} at {list(errors[0].absolute_path)} "
                            f"(schema {list(errors[0].absolute_schema_path)}); {len(errors)} errors")

    def check(self, method, template, status, headers, body):
        """The response is documented: its status, its content type for that status, its body
        against the schema of that content type, its documented headers (the security headers
        on every response). Returns the parsed JSON body (or the text)."""
        return self.check_against(self.response(method, template, status), f"{method} {template} -> {status}",
                                  headers, body)

    def check_against(self, r, what, headers, body):
        """The same against one response object of the document (components.responses.NotFound
        for a path that matches no route)."""
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        content = r.get("content", {})
        assert media in content, f"{what}: Content-Type {headers.get('content-type')!r} is not one of {list(content)}"
        for name, h in r.get("headers", {}).items():
            h = self.resolve(h)
            value = headers.get(name.lower())
            if value is None:
                assert not h.get("required") and name.lower() not in SECURITY_HEADERS, f"{what}: no {name} header"
                continue
            schema = h.get("schema", {})
            if schema.get("type") == "integer":
                assert re.fullmatch(r"\d+", value), f"{what}: {name}: {value!r} is not a number"
                value = int(value)
            self.validate(schema, value, f"{what}: header {name}")
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, f"{what}: header {name} is {headers.get(name)!r}, not {value!r}"
        schema = content[media].get("schema", {})
        if media.endswith("json"):
            try:
                parsed = json.loads(body)
            except ValueError as e:
                raise AssertionError(f"{what}: the body is not JSON ({e}): {body[:200]!r}")
            self.validate(schema, parsed, what)
            return parsed
        text = body.decode("utf-8")
        self.validate(schema, text, what)
        return text


def check_problem(openapi, method, template, status, headers, body, expected_status):
    """A problem document of `expected_status` (an int, or a set of them), documented for the route."""
    expected = {expected_status} if isinstance(expected_status, int) else set(expected_status)
    assert status in expected, f"{method} {template}: status {status}, not {sorted(expected)}: {body[:300]!r}"
    assert headers.get("content-type", "").split(";")[0] == "application/problem+json", \
        f"{method} {template}: Content-Type {headers.get('content-type')!r}"
    if template is None:  # no route: the document's NotFound (or its generic Problem)
        name = "NotFound" if status == 404 else "Problem"
        problem = openapi.check_against(openapi.doc["components"]["responses"][name], f"{method} -> {status}",
                                        headers, body)
    else:
        problem = openapi.check(method, template, status, headers, body)
    assert problem["status"] == status, f"{method} {template}: the document's status {problem['status']} != {status}"
    return problem


def log_records(server):
    """The access log so far: each stdout line parsed (a line that is not a JSON object fails)."""
    out = []
    for line in list(server.log):
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"an access log line is not JSON: {line!r}")
        assert isinstance(record, dict), f"an access log line is not an object: {line!r}"
        out.append(record)
    return out
