"""Every error is a problem document (RFC 9457) of the right status, documented for its route,
with the diagnostics the CLI gives for the same bytes; nothing names a file on the server; and
after each error the server goes on serving.
"""
import gzip
import json
import time
import urllib.parse

import pytest

import support
from support import AS_OF, ROOT, check_problem, cli, cli_diagnostics, scratch_file

CWU = ROOT / "rules" / "uk" / "examples" / "cwu-2024.toml"
ASSESS = "/v1/assess?" + urllib.parse.urlencode({"as_of": AS_OF})
# What no answer may hold: the first line of /etc/passwd, a line of /etc/shadow, a zoneinfo file.
LEAKS = [b"root:x:0:0", b"root:*:", b"root:!", b"TZif"]


@pytest.fixture(autouse=True)
def still_serving(server):
    yield
    assert server.running(), f"the server stopped: {server.stderr[-5:]}"
    assert server.healthy(), "the server no longer answers /healthz after the error"


def no_leak(body):
    for leak in LEAKS:
        assert leak not in body, f"the answer holds {leak!r}: {body[:300]!r}"


def same_diagnostics_as_cli(problem, data, suffix):
    """The problem's diagnostics are the CLI's for the same bytes, with the file named `request`."""
    path = scratch_file("request" + suffix, data)
    code, out, err = cli("assess", str(path), "--as-of", AS_OF, "--format", "json")
    assert code == 2 and out == b"", f"the CLI accepts {data!r}"
    want = cli_diagnostics(err)
    assert want, f"the CLI gave no located diagnostic: {err}"
    got = [{k: d[k] for k in ("line", "col", "severity", "code", "message")} for d in problem["diagnostics"]]
    assert [d["file"] for d in problem["diagnostics"]] == ["request"] * len(want), problem["diagnostics"]
    # The CLI's message may name the file where the server's names `request`.
    assert got == [{k: w[k] if k != "message" else w[k].replace(str(path), "request")
                    for k in ("line", "col", "severity", "code", "message")} for w in want]
    return problem


# --- the body --------------------------------------------------------------------------------

def test_a_body_over_the_limit_by_its_length_is_413(server, openapi):
    head = (f"POST {ASSESS} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {10 ** 9}\r\n\r\n").encode()
    status, text, body = server.raw(head + b"{", wait=10)
    assert status == 413, text
    check_problem(openapi, "POST", "/v1/assess", status, support.raw_headers(text), body, 413)


def test_a_body_over_the_limit_is_413(server, openapi):
    big = json.dumps({"id": "big", "zone": "UTC", "notes": ["x" * (support.MAX_BODY + 10)]}).encode()
    status, headers, body = server.post(ASSESS, big)
    check_problem(openapi, "POST", "/v1/assess", status, headers, body, 413)
    # A body of exactly the limit is read (and assessed).
    fits = json.dumps({"id": "fits", "zone": "UTC", "notes": [""]}).encode()
    fits = fits.replace(b'[""]', b'["' + b"x" * (support.MAX_BODY - len(fits)) + b'"]')
    assert len(fits) == support.MAX_BODY
    status, _, body = server.post(ASSESS, fits)
    assert status == 200, body[:300]


def test_a_body_without_length_is_411(server, openapi):
    head = (f"POST {ASSESS} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            "Connection: close\r\n\r\n").encode()
    status, text, body = server.raw(head, wait=10)
    check_problem(openapi, "POST", "/v1/assess", status, support.raw_headers(text), body, 411)



@pytest.mark.parametrize("where", ["headers", "line"])
def test_a_head_over_64_kib_is_431(server, openapi, where):
    # cpp-httplib limits each header line (8 KiB), not their number: the server counts the bytes.
    if where == "headers":
        many = "".join(f"X-Filler-{i}: {'y' * 100}\r\n" for i in range(1000))  # about 115 KiB
        data = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n{many}\r\n".encode()
    else:
        data = b"GET /" + b"a" * (70 * 1024)  # a request line that never ends
    status, text, body = server.raw(data, wait=10)
    if where == "headers":
        problem = check_problem(openapi, "GET", "/healthz", status, support.raw_headers(text), body, 431)
    else:
        assert status in (414, 431), (status, body[:300])
        problem = json.loads(body)
    assert problem["status"] == status and problem["code"] in ("serve.head-too-large", "serve.uri-too-long"), problem
    assert server.healthy()

def test_a_chunked_body_is_411_and_not_read(server, openapi):
    # cpp-httplib reads a chunked body whole whatever --max-body says: such a body is refused
    # before any of it is read, even one far over the limit.
    chunk = b"{" + b" " * (support.MAX_BODY * 2) + b"}"
    head = (f"POST {ASSESS} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    data = head + b"%x\r\n" % len(chunk) + chunk + b"\r\n0\r\n\r\n"
    status, text, body = server.raw(data, wait=10)
    problem = check_problem(openapi, "POST", "/v1/assess", status, support.raw_headers(text), body, 411)
    assert problem["code"] == "serve.length" and "Transfer-Encoding" in problem["detail"], problem
    assert server.healthy()
@pytest.mark.parametrize("data", [b'{"id": "x", "zone": "UTC",\n  "facts": {"role": }\n}\n', b"{", b"\xff\xfe{}",
                                  b"", b"[1, 2]"], ids=["value", "truncated", "not-utf8", "empty", "array"])
def test_malformed_json_is_400_located(server, openapi, data):
    status, headers, body = server.post(ASSESS, data)
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, {400, 422} if data == b"[1, 2]" else 400)
    if data.startswith(b"{"):
        same_diagnostics_as_cli(problem, data, ".json")
    # What is no JSON object at all may be refused before the JSON reader sees it: located still.
    d = problem["diagnostics"][0]
    assert (d["file"], d["line"], d["col"]) == ("request", 1, 1) or data.startswith(b"{"), d


def test_malformed_toml_is_400_located(server, openapi):
    data = b'id = "x"\nzone = "UTC"\n[facts]\nrole = controller\n'
    status, headers, body = server.post(ASSESS, data, content_type="application/toml")
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, 400)
    same_diagnostics_as_cli(problem, data, ".toml")


@pytest.mark.parametrize("zone", ["Europe/Londn", "../../../../etc/passwd", "/etc/passwd", "posixrules/../../passwd",
                                  "Etc/../../../../../../etc/shadow", "localtime"])
def test_an_unknown_zone_is_422_located(server, openapi, zone):
    data = json.dumps({"id": "x", "zone": zone, "events": {"aware": "2024-03-21T09:00:00Z"}}, indent=2).encode()
    status, headers, body = server.post(ASSESS, data)
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, 422)
    # The machine's own zone is refused as no place (time.not-a-place); the others are unknown.
    # A name the zone database does not have is unknown; a path, or the machine's own zone, is
    # no place (time.not-a-place): the same codes as the CLI's, below.
    code = "time.unknown-zone" if zone == "Europe/Londn" else "time.not-a-place"
    assert problem["diagnostics"][0]["code"] == code, problem
    assert problem["type"] == "about:blank" and problem["code"] == code, problem
    same_diagnostics_as_cli(problem, data, ".json")
    no_leak(body)


def test_an_unknown_fact_is_422_located(server, openapi):
    data = b'id = "x"\nzone = "Europe/London"\n[facts]\npersonal_data_breech = true\n'
    status, headers, body = server.post(ASSESS, data, content_type="application/toml")
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, 422)
    assert problem["diagnostics"][0]["code"] == "incident.unknown-fact"
    same_diagnostics_as_cli(problem, data, ".toml")


def test_a_bad_as_of_is_400_named_as_of(server, openapi):
    status, headers, body = server.post("/v1/assess?as_of=yesterday", CWU.read_bytes(), content_type="application/toml")
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, 400)
    d = problem["diagnostics"][0]
    assert (d["file"], d["line"], d["col"]) == ("as_of", 1, 1), d
    code, _, err = cli("assess", str(CWU), "--as-of", "yesterday")
    assert code == 2 and d["code"] == cli_diagnostics(err)[0]["code"]


@pytest.mark.parametrize("target", ["/v1/assess?format=pdf", "/v1/assess?format=json&format=text",
                                    "/v1/assess?trace=maybe", "/v1/assess?format=svg&trace=false",
                                    "/v1/assess?nonsense=1", "/v1/questions?format=md"])
def test_a_bad_query_is_400(server, openapi, target):
    status, headers, body = server.post(target, CWU.read_bytes(), content_type="application/toml")
    template = target.split("?")[0]
    problem = check_problem(openapi, "POST", template, status, headers, body, 400)
    assert problem["diagnostics"], problem


def test_an_unknown_obligation_is_404(server, openapi):
    status, headers, body = server.post("/v1/explain?obligation=uk-gdpr/notify-icoo&as_of=" + AS_OF, CWU.read_bytes(),
                                        content_type="application/toml")
    check_problem(openapi, "POST", "/v1/explain", status, headers, body, 404)
    status, headers, body = server.post("/v1/explain?as_of=" + AS_OF, CWU.read_bytes(), content_type="application/toml")
    check_problem(openapi, "POST", "/v1/explain", status, headers, body, 400)


@pytest.mark.parametrize("target,want", [("/v1/calendars/xx-nowhere/2024", 404), ("/v1/calendars/gb-eaw/year", {400, 404}),
                                         ("/v1/calendars/gb-eaw/99999", {400, 404}), ("/v1/calendars/gb-eaw/1200", 400)])
def test_a_bad_calendar_is_4xx(server, openapi, target, want):
    status, headers, body = server.get(target)
    check_problem(openapi, "GET", "/v1/calendars/{id}/{year}", status, headers, body, want)


# --- nothing names a file --------------------------------------------------------------------

@pytest.mark.parametrize("query", ["rules=/etc", "incident=/etc/passwd", "policy=/etc/passwd", "add_rules=/etc",
                                   "add-rules=/etc", "output=/tmp/breachclock-serve-pwned", "o=/tmp/x", "file=/etc/passwd"])
def test_a_path_in_the_query_is_refused(server, openapi, query):
    for route in ("/v1/assess", "/v1/questions"):
        status, headers, body = server.post(f"{route}?{query}", CWU.read_bytes(), content_type="application/toml")
        check_problem(openapi, "POST", route, status, headers, body, 400)
        no_leak(body)
    status, headers, body = server.get(f"/v1/rules?{query}")
    assert status in (200, 400), status  # a GET route with no parameters may ignore the query, or refuse it
    no_leak(body)
    assert not (ROOT / "tmp").exists()


@pytest.mark.parametrize("target", ["/../../etc/passwd", "/..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                                    "/v1/calendars/..%2F..%2Fetc%2Fpasswd/2024", "/v1/calendars/..%2Fetc/2024",
                                    "/v1/calendars/../../../etc/passwd", "/v1/calendars/%2Fetc%2Fpasswd/2024",
                                    "/etc/passwd", "//etc/passwd", "/index.html/../../etc/passwd",
                                    "/v1/calendars/gb-eaw%00/2024", "/app.js%00.html", "/.git/config",
                                    "/CMakeLists.txt", "/examples/cli/openapi.json"])
def test_a_path_in_the_target_is_refused(server, openapi, target):
    status, headers, body = server.get(target)
    assert 400 <= status < 500, f"GET {target}: {status}"
    check_problem(openapi, "GET", "/v1/calendars/{id}/{year}" if target.startswith("/v1/calendars/") and
                  target.count("/") == 4 else None, status, headers, body, {400, 404})
    no_leak(body)


def test_a_path_in_the_body_is_only_text(server, openapi):
    # Paths where an incident has names: none of them is opened (the zone is an IANA name, the
    # rest are text), and the answer is what the CLI gives for the same bytes.
    data = json.dumps({"$schema": "/etc/passwd", "id": "/etc/passwd", "title": "../../etc/shadow",
                       "zone": "Europe/London", "notes": ["file:///etc/passwd"],
                       "events": {"aware": "2024-03-21T09:00:00Z"}, "facts": {"uk_processing": True}}).encode()
    status, headers, body = server.post(ASSESS + "&format=text", data)
    path = scratch_file("paths.json", data)
    code, want, err = cli("assess", str(path), "--as-of", AS_OF, "--format", "text")
    if code == 0:
        assert status == 200 and body == want
    else:
        check_problem(openapi, "POST", "/v1/assess", status, headers, body, {400, 422})
    no_leak(body)


# --- what the request is ---------------------------------------------------------------------

@pytest.mark.parametrize("ctype", [None, "text/plain", "multipart/form-data; boundary=x",
                                   "application/x-www-form-urlencoded", "application/jsonx", "application/toml+json"])
def test_a_body_of_another_type_is_415(server, openapi, ctype):
    status, headers, body = server.post(ASSESS, support.json_twin(CWU), content_type=ctype)
    check_problem(openapi, "POST", "/v1/assess", status, headers, body, 415)


def test_a_json_body_with_a_charset_is_read(server):
    status, _, body = server.post(ASSESS, support.json_twin(CWU), content_type="application/json; charset=utf-8")
    assert status == 200, body[:300]


@pytest.mark.parametrize("method,target,template", [("GET", "/v1/assess", "/v1/assess"),
                                                    ("DELETE", "/v1/assess", "/v1/assess"),
                                                    ("PUT", "/v1/explain", "/v1/explain"),
                                                    ("GET", "/v1/questions", "/v1/questions"),
                                                    ("POST", "/v1/rules", "/v1/rules"),
                                                    ("DELETE", "/v1/facts", "/v1/facts"),
                                                    ("POST", "/healthz", "/healthz"),
                                                    ("PATCH", "/v1/calendars/gb-eaw/2024", "/v1/calendars/{id}/{year}"),
                                                    ("POST", "/v1/openapi.json", "/v1/openapi.json")])
def test_a_wrong_method_is_405_with_allow(server, openapi, method, target, template):
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    status, headers, data = server.request(method, target, body=body,
                                           content_type="application/json" if body else None)
    assert status == 405, f"{method} {target}: {status}"
    problem = check_problem(openapi, method, None, status, headers, data, 405)
    allowed = {m.strip() for m in headers.get("allow", "").split(",") if m.strip()}
    documented = {m.upper() for m in openapi.doc["paths"][template]}
    assert documented <= allowed, f"{method} {target}: Allow {headers.get('allow')!r} (RFC 9110: a 405 lists them)"
    assert problem["status"] == 405


@pytest.mark.parametrize("method,target", [("GET", "/v1/nothing"), ("GET", "/v2/rules"), ("POST", "/v1/assess/x"),
                                           ("GET", "/v1/calendars/gb-eaw"), ("GET", "/v1/calendars/gb-eaw/2024/x"),
                                           ("GET", "/v1/rules/"), ("GET", "/no-such-file.js")])
def test_an_unknown_route_is_404(server, openapi, method, target):
    body = b"{}" if method == "POST" else None
    status, headers, data = server.request(method, target, body=body, content_type="application/json" if body else None)
    check_problem(openapi, method, None, status, headers, data, 404)


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:{port}",
                                    "http://localhost.evil.example:{port}"])
def test_another_origin_is_403(server, openapi, origin):
    origin = origin.format(port=server.port)
    status, headers, body = server.get("/v1/rules", headers={"Origin": origin})
    check_problem(openapi, "GET", "/v1/rules", status, headers, body, 403)
    status, headers, body = server.post(ASSESS, support.json_twin(CWU), headers={"Origin": origin})
    check_problem(openapi, "POST", "/v1/assess", status, headers, body, 403)


def test_the_own_origin_is_served(server):
    # The page, loaded from http://HOST/, sends its own origin: served, by either name.
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        status, _, body = server.post(ASSESS, support.json_twin(CWU), headers={"Host": host, "Origin": "http://" + host})
        assert status == 200, f"Host {host}, Origin http://{host}: {status} {body[:200]!r}"


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.2:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example:{port}"])
def test_another_host_is_421(server, openapi, host):
    host = host.format(port=server.port)
    status, headers, body = server.get("/v1/rules", headers={"Host": host})
    check_problem(openapi, "GET", "/v1/rules", status, headers, body, 421)
    status, headers, body = server.post(ASSESS, support.json_twin(CWU), headers={"Host": host})
    check_problem(openapi, "POST", "/v1/assess", status, headers, body, 421)


def test_the_bound_host_and_localhost_are_served(server):
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        status, _, _ = server.get("/v1/rules", headers={"Host": host})
        assert status == 200, f"Host {host}: {status}"


def test_many_errors_on_one_connection(server, openapi):
    # Errors that leave the request whole keep the connection; the next request on it is served.
    conn = server.connection()
    try:
        for target, body, ctype, want in (("/v1/nothing", None, None, 404),
                                          (ASSESS, b"{", "application/json", 400),
                                          (ASSESS, b"{}", "text/plain", 415),
                                          (ASSESS, support.json_twin(CWU), "application/json", 200)):
            status, _, data = server.request("POST" if body else "GET", target, body=body, content_type=ctype, conn=conn)
            assert status == want, (target, status, data[:200])
    finally:
        conn.close()


def test_an_encoded_body_is_415_and_not_inflated(server, openapi):
    # cpp-httplib inflates gzip, deflate and brotli bodies whole, past --max-body: refused first.
    packed = gzip.compress(b"{" + b" " * (support.MAX_BODY * 50) + b"}")
    status, headers, body = server.request("POST", ASSESS, body=packed, content_type="application/json",
                                           headers={"Content-Encoding": "gzip"})
    problem = check_problem(openapi, "POST", "/v1/assess", status, headers, body, 415)
    assert "Content-Encoding" in problem["detail"], problem


@pytest.mark.parametrize("target", ["/v1/openapi.json", "/nope", "/healthz"])
def test_byte_ranges_are_ignored(server, target):
    # Many overlapping ranges would make one answer many times its size, and a range of an error
    # would cut its problem document: a Range header is ignored, the answer is whole.
    ranges = "bytes=" + ",".join(["0-"] * 500) if target == "/v1/openapi.json" else "bytes=0-5"
    whole = server.get(target)
    status, headers, body = server.get(target, headers={"Range": ranges})
    assert status == whole[0] and status != 206 and body == whole[2], (status, headers)
    status, _, body = server.get("/healthz", headers={"Range": "bytes=99999-"})
    assert status == 200 and json.loads(body)["status"] == "ok"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_are_refused_at_once(server, openapi, method):
    # Without a Content-Length, cpp-httplib would read a PUT's or PATCH's body until the
    # connection closes: refused before anything is read, with the methods the route takes.
    head = (f"{method} /v1/rules HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n").encode()
    started = time.monotonic()
    status, text, body = server.raw(head, wait=5)
    assert time.monotonic() - started < 2, f"{method}: answered after {time.monotonic() - started:.1f} s"
    assert status == 405 and support.raw_headers(text).get("allow") == "GET, HEAD", (status, text)
    assert json.loads(body)["code"] == "serve.method"


def test_a_get_with_a_body_is_400(server):
    # The body of a GET would be read as a second request on the connection (request smuggling).
    inner = f"GET /v1/rules HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n"
    head = (f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: {len(inner)}\r\n\r\n"
            + inner).encode()
    status, text, body = server.raw(head, wait=5)
    assert status == 400 and json.loads(body)["code"] == "serve.bad-request", (status, body[:300])
    assert body.count(b"HTTP/1.1") == 0, "a second answer followed"


def test_expect_100_continue_is_checked_first(server):
    # The checks of Host, Origin, token and length come before 100 Continue: a refused client is
    # not told to send its body.
    head = (f"POST {ASSESS} HTTP/1.1\r\nHost: evil.example:{server.port}\r\nContent-Type: application/json\r\n"
            "Content-Length: 10\r\nExpect: 100-continue\r\n\r\n").encode()
    status, text, body = server.raw(head, wait=5)
    assert status == 421 and b"100 Continue" not in body, (status, text)
    head = (f"POST {ASSESS} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {support.MAX_BODY + 1}\r\nExpect: 100-continue\r\n\r\n").encode()
    status, text, body = server.raw(head, wait=5)
    assert status == 413, (status, text)


def test_host_twice_is_400_and_case_does_not_matter(server):
    head = (f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nHost: evil.example\r\n\r\n").encode()
    status, _, body = server.raw(head, wait=5)
    assert status == 400 and json.loads(body)["code"] == "serve.host", body[:300]
    status, _, _ = server.get("/healthz", headers={"Host": f"LOCALHOST:{server.port}"})
    assert status == 200
