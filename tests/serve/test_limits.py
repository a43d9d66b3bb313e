"""A client cannot hold the server: a request that does not arrive whole in --request-timeout
is answered 408, a connection over --max-connections 503 with Retry-After, and the server goes on
serving the others.
"""
import socket
import threading
import time

import pytest

import support
from support import ROOT, Server, check_problem, raw_headers, read_response

CWU = ROOT / "rules" / "uk" / "examples" / "cwu-2024.toml"


@pytest.fixture(scope="module")
def slow_server(exe):
    s = Server(["--request-timeout", "1"])
    yield s
    s.stop()


def request_bytes(server, body=b'{"id": "x", "zone": "UTC"}'):
    return (f"POST /v1/assess?as_of=2025-12-01T12:00:00Z HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


@pytest.mark.parametrize("cut", ["body", "headers", "request-line"])
def test_a_slow_client_gets_408(slow_server, openapi, cut):
    data = request_bytes(slow_server)
    n = {"body": len(data) - 5, "headers": data.index(b"Content-Type"), "request-line": 10}[cut]
    start = time.monotonic()
    with socket.create_connection((slow_server.address, slow_server.port), timeout=10) as s:
        s.sendall(data[:n])  # ... and stall
        status, head, body = read_response(s, 8)
    took = time.monotonic() - start
    assert status == 408, f"half a request ({cut}) then nothing: {status} {head!r}"
    assert took < 5, f"the 408 came after {took:.1f} s with --request-timeout 1"
    check_problem(openapi, "POST", "/v1/assess", status, raw_headers(head), body, 408)
    assert slow_server.healthy()


def test_a_trickling_client_gets_408(slow_server):
    # A byte every 0.3 s: each read is quick, the whole request is not (slowloris).
    data = request_bytes(slow_server)
    with socket.create_connection((slow_server.address, slow_server.port), timeout=10) as s:
        status = None
        start = time.monotonic()
        try:
            for i in range(len(data) - 1):
                s.sendall(data[i:i + 1])
                time.sleep(0.3)
                if time.monotonic() - start > 4:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, head, _ = read_response(s, 5)
    assert status == 408, f"a byte every 0.3 s: {status} {head!r}"
    assert slow_server.healthy()


def test_a_quick_client_is_served_on_the_slow_server(slow_server):
    status, _, body = slow_server.post("/v1/assess?as_of=2025-12-01T12:00:00Z", CWU.read_bytes(),
                                       content_type="application/toml")
    assert status == 200, body[:200]


def test_an_idle_keep_alive_connection_is_closed_not_answered(slow_server):
    # Between requests a connection may wait (keep-alive) without a 408: it is closed quietly.
    conn = slow_server.connection(timeout=15)
    try:
        assert slow_server.request("GET", "/healthz", conn=conn)[0] == 200
        conn.sock.settimeout(15)
        start = time.monotonic()
        data = conn.sock.recv(1024)
        assert time.monotonic() - start < 14, "an idle connection was held for ever"
        assert data == b"", f"an idle connection got {data[:100]!r}"
    finally:
        conn.close()


def test_too_many_connections_get_503(exe, openapi):
    s = Server(["--max-connections", "2", "--request-timeout", "30"])
    try:
        held = []
        try:
            # Two connections held open: one kept alive after a request, one that has sent nothing.
            c1 = s.connection(timeout=10)
            assert s.request("GET", "/healthz", conn=c1)[0] == 200
            held.append(c1)
            c2 = socket.create_connection((s.address, s.port), timeout=10)
            held.append(c2)
            time.sleep(0.3)
            # A third is answered at once, 503 with Retry-After, and closed.
            start = time.monotonic()
            status, head, body = s.raw(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n\r\n".encode(), wait=5)
            assert status == 503, f"a third connection: {status} {head!r}"
            assert time.monotonic() - start < 3
            headers = raw_headers(head)
            assert headers.get("retry-after", "").isdigit(), headers
            check_problem(openapi, "GET", "/healthz", status, headers, body, 503)
            # The held ones still work.
            assert s.request("GET", "/v1/rules", conn=c1)[0] == 200
        finally:
            for c in held:
                c.close()
        # Once they are closed, new connections are served again.
        deadline = time.monotonic() + 10
        while True:
            status = s.get("/healthz")[0]
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 200, "the server did not serve again after the held connections closed"
        assert s.running()
    finally:
        s.stop()
    assert any(503 in record.values() for record in support.log_records(s)), "the 503 is not in the access log"


def test_a_burst_of_connections_is_served(exe):
    # 64 clients connecting at the same instant, each posting an incident: every one is served
    # (a listen backlog shorter than the burst drops connections: ECONNRESET, or a second's wait).
    clients = 64
    s = Server(["--max-connections", str(2 * clients)])
    body = CWU.read_bytes()
    outcomes = []
    gate = threading.Barrier(clients)

    def client():
        conn = s.connection(timeout=30)
        gate.wait()
        t0 = time.monotonic()
        try:
            status = s.post("/v1/assess?as_of=2025-12-01T12:00:00Z&format=text", body, content_type="application/toml",
                            conn=conn)[0]
        except OSError as e:
            status = f"{type(e).__name__}: {e}"
        finally:
            conn.close()
        outcomes.append((status, time.monotonic() - t0))

    try:
        for _ in range(3):
            threads = [threading.Thread(target=client) for _ in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        failed = [o for o in outcomes if o[0] != 200]
        assert not failed, f"{len(failed)} of {len(outcomes)} connections failed: {failed[:3]}"
        assert s.healthy()
    finally:
        s.stop()


def test_a_kept_alive_request_is_not_delayed(exe):
    # Later requests on a kept-alive connection are answered as fast as the first: a server
    # writing its answers with Nagle's algorithm on (no TCP_NODELAY) makes each wait for the
    # client's delayed ACK, 40 ms on Linux, while the work is a millisecond or two.
    s = Server()
    body = CWU.read_bytes()
    try:
        conn = s.connection()
        times = []
        for _ in range(12):
            t0 = time.perf_counter()
            status = s.post("/v1/assess?as_of=2025-12-01T12:00:00Z&format=text", body, content_type="application/toml",
                            conn=conn)[0]
            times.append(time.perf_counter() - t0)
            assert status == 200
        conn.close()
        later = sorted(times[2:])
        assert later[len(later) // 2] < 0.030, \
            f"kept-alive requests take {later[len(later) // 2] * 1000:.1f} ms (median), the first {times[0] * 1000:.1f} ms"
    finally:
        s.stop()
