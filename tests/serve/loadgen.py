"""Load on `breachclock serve`: N clients on loopback (threads, each with a keep-alive
http.client connection) post a mix of the example incidents for a bounded time; every answer is
compared with the CLI's bytes for the same input and as_of. Used by test_load.py (ctest
serve.load) and scripts/bench-serve (the figures of docs/performance.md).

The client is Python: with the server on the same cores, it costs about as much CPU as the
server does, so the figures are a floor of what the server can do (docs/performance.md).
"""
import concurrent.futures
import os
import threading
import time
import urllib.parse
import http.client

import support

FORMATS = ("json", "text", "md", "ics", "svg")


def cases(as_of=support.AS_OF, formats=FORMATS, twins=True):
    """(target, body, content type, expected bytes, name) for each example incident and format,
    its own bytes and (`twins`) its JSON twin, the expected bytes being the CLI's."""
    jobs = []
    for path in support.examples():
        for fmt in formats:
            target = "/v1/assess?" + urllib.parse.urlencode({"as_of": as_of, "format": fmt})
            jobs.append((target, path.read_bytes(), support.content_type_of(path), (str(path),), fmt,
                         f"{support.example_id(path)} {fmt}"))
            if twins and path.suffix == ".toml":
                jobs.append((target, support.json_twin(path), "application/json", (support.twin_file(path),), fmt,
                             f"{support.example_id(path)} (JSON) {fmt}"))

    def expected(job):
        target, body, ctype, files, fmt, name = job
        return target, body, ctype, support.cli_ok("assess", *files, "--as-of", as_of, "--format", fmt), name

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(expected, jobs))


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def cpu_seconds(pid):
    """User + system CPU time of process `pid`, all its threads (Linux /proc), or None."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run(server, mix, clients=32, seconds=10.0):
    """Runs the load; returns the figures and the first errors (a dict)."""
    latencies = [[] for _ in range(clients)]
    errors = []
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]
    began = [time.monotonic()]

    # Connected one after another before the start: the load measures requests, and a burst of
    # connections is a test of its own (test_limits.py).
    # Each connection is made and answers one GET /healthz before the next is made.
    conns = []
    for _ in range(clients):
        conn = server.connection(timeout=30)
        status = server.request("GET", "/healthz", conn=conn)[0]
        assert status == 200, f"a client's first GET /healthz: {status}"
        conns.append(conn)

    def client(i):
        conn = conns[i]
        n = i
        on_conn = 0  # requests sent on this connection, for the error messages
        start_gate.wait()
        while time.monotonic() < stop_at[0]:
            target, body, ctype, want, name = mix[n % len(mix)]
            n += clients
            t0 = time.perf_counter()
            on_conn += 1
            try:
                status, headers, got = server.request("POST", target, body=body, content_type=ctype, conn=conn)
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    errors.append(f"{name}: {type(e).__name__}: {e} (request {on_conn} of its connection, "
                                  f"{time.monotonic() - began[0]:.2f} s into the run)")
                conn.close()
                conn = server.connection(timeout=30)
                on_conn = 0
                continue
            latencies[i].append(time.perf_counter() - t0)
            if status != 200 or got != want:
                with lock:
                    errors.append(f"{name}: status {status}, {len(got)} bytes, "
                                  f"{'the same' if got == want else 'not the CLI bytes'}: {got[:160]!r}")
            if headers.get("connection", "").lower() == "close":
                conn.close()
                conn = server.connection(timeout=30)
                on_conn = 0
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    cpu_before = cpu_seconds(server.proc.pid)
    began[0] = time.monotonic()
    stop_at[0] = began[0] + seconds
    start_gate.wait()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - began[0]
    cpu_after = cpu_seconds(server.proc.pid)
    server_cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    all_latencies = sorted(x for per in latencies for x in per)
    requests = len(all_latencies)
    cores = os.cpu_count() or 1
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": requests,
        "errors": len(errors),
        "first_errors": errors[:10],
        "requests_per_second": round(requests / elapsed, 1),
        "cores": cores,
        "requests_per_second_per_core": round(requests / elapsed / cores, 1),
        # What one core of the server does: the requests over the server's own CPU time (the
        # client's Python is left out); and how much of the machine the server had.
        "server_cpu_seconds": None if server_cpu is None else round(server_cpu, 2),
        "requests_per_server_cpu_second": None if not server_cpu else round(requests / server_cpu, 1),
        "server_cores_used": None if server_cpu is None else round(server_cpu / elapsed, 2),
        "p50_ms": round(percentile(all_latencies, 50) * 1000, 2),
        "p90_ms": round(percentile(all_latencies, 90) * 1000, 2),
        "p99_ms": round(percentile(all_latencies, 99) * 1000, 2),
        "max_ms": round((all_latencies[-1] if all_latencies else float("nan")) * 1000, 2),
        "bytes_per_answer": round(sum(len(m[3]) for m in mix) / len(mix)),
        "mix": len(mix),
    }


def report(figures):
    return (f"{figures['clients']} clients, {figures['seconds']} s: {figures['requests']} requests, "
            f"{figures['errors']} errors; {figures['requests_per_second']} requests/s "
            f"({figures['requests_per_second_per_core']} per core of {figures['cores']}; "
            f"{figures['requests_per_server_cpu_second']} per second of the server's CPU time, the server using "
            f"{figures['server_cores_used']} cores); latency p50 "
            f"{figures['p50_ms']} ms, p90 {figures['p90_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; "
            f"a mix of {figures['mix']} answers, {figures['bytes_per_answer']} bytes on average")
