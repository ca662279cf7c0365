#!/usr/bin/env python3
"""Tests of `citsim serve` over HTTP (python3 standard library only).

    server_test.py CITSIM_BINARY GROUP

Starts `citsim serve --port 0`, reads the bound port from its first line, runs
one GROUP of checks, then stops the server with SIGTERM and checks that it
exits cleanly. GROUP is one of: basics, plan, bad-requests, limits,
traversal, origin, bodies, slow-clients, plans, shutdown, messages, all.
Exit 0 when every check passes, 1 otherwise. Every connection goes to
127.0.0.1 and every wait is bounded.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pen-cheek-rejuvenation.toml"
# A legitimately expensive case (the most sessions a case may have, over the
# longest span a case may run, ten years: 29 x 120 + 170 = 3650 days): its
# plan runs for most of a minute, long enough to test what happens around a
# plan in flight.
SLOW_CASE = (EXAMPLE.read_text().replace("sessions = 4", "sessions = 30")
             .replace("interval_days = 30", "interval_days = 120")
             .replace("follow_up_days = 180 ", "follow_up_days = 170 "))
failures = 0


def check(ok, what):
    global failures
    print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures += 1


class Server:
    def __init__(self, binary, *extra):
        self.proc = subprocess.Popen([binary, "serve", "--port", "0", "-j", "2", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.line = ""
        reader = threading.Thread(target=self._first_line, daemon=True)
        reader.start()
        reader.join(30)
        m = re.fullmatch(r"citsim: serving on http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)", self.line.strip())
        if not m:
            self.proc.kill()
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise SystemExit(f"server_test: no 'serving on' line from citsim serve: {self.line!r} {err!r}")
        self.port = int(m.group(1))

    def _first_line(self):
        self.line = self.proc.stdout.readline()

    def request(self, method, target, body=None, headers=None, timeout=180):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            hdrs = dict(headers or {})
            conn.putrequest(method, target, skip_host="Host" in hdrs, skip_accept_encoding=True)
            if body is not None:
                data = body if isinstance(body, bytes) else body.encode()
                hdrs.setdefault("Content-Length", str(len(data)))
            for k, v in hdrs.items():
                conn.putheader(k, v)
            conn.endheaders()
            if body is not None:
                try:
                    conn.send(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server may answer (413) before reading it all
            res = conn.getresponse()
            return res.status, dict(res.getheaders()), res.read()
        finally:
            conn.close()

    def post_json(self, path, obj, content_type="application/json", headers=None):
        return self.request("POST", path, json.dumps(obj), {"Content-Type": content_type, **(headers or {})})

    def raw(self, data, timeout=20):
        """Sends raw bytes; returns (status, headers, body) of the answer, or
        (None, {}, b"") when the connection closed without one."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return read_response(sock)

    def alive(self):
        if self.proc.poll() is not None:
            return False
        status, _, body = self.request("GET", "/api/health", timeout=10)
        return status == 200 and json.loads(body)["status"] == "ok"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = None
        check(code == 0, f"SIGTERM stops the server cleanly (exit {code})")


def read_response(sock):
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                return None, {}, b""
            buf += chunk
        head, body = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip()] = v.strip()
        length = int(headers.get("Content-Length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, headers, body
    except (ConnectionResetError, socket.timeout, OSError):
        return None, {}, b""


def json_error(status, headers, body, want_status, pattern, what):
    ok_type = headers.get("Content-Type", "").startswith("application/json")
    try:
        message = json.loads(body).get("error", "")
    except ValueError:
        message = None
    ok = (status in want_status if isinstance(want_status, tuple) else status == want_status)
    ok = ok and ok_type and isinstance(message, str) and "\n" not in message and re.search(pattern, message)
    check(bool(ok), f"{what}: {status} {message!r}")


def group_basics(s):
    status, headers, body = s.request("GET", "/api/health")
    data = json.loads(body)
    check(status == 200 and data.get("status") == "ok" and re.match(r"\d+\.\d+", data.get("version", "")),
          f"GET /api/health: {status} {data}")
    status, _, body = s.request("GET", "/api/examples")
    examples = json.loads(body).get("examples", [])
    names = [e.get("name") for e in examples]
    # Every example but those naming a scan file (a request may not).
    want = sorted(p.stem for p in (ROOT / "examples").glob("*.toml")
                  if "[site.surface]" not in p.read_text())
    check(status == 200 and names == want and "scan-acne-scars" not in names,
          f"GET /api/examples lists {names}")
    pen = next((e for e in examples if e["name"] == "pen-cheek-rejuvenation"), None)
    check(pen is not None and pen["toml"] == EXAMPLE.read_text(), "an example's TOML text is the file's")
    status, headers, body = s.request("GET", "/")
    if (ROOT / "web" / "dist" / "index.html").exists():
        check(status == 200 and headers.get("Content-Type", "").startswith("text/html")
              and b"/assets/app.js" in body, f"GET / serves the page ({status})")
        status, headers, body = s.request("GET", "/assets/app.js")
        check(status == 200 and "javascript" in headers.get("Content-Type", "") and len(body) > 1000,
              f"GET /assets/app.js ({status}, {len(body)} bytes)")
    else:
        json_error(status, headers, body, 404, r"not built", "GET / without web/dist")
    status, headers, body = s.post_json("/api/validate", {"case_toml": EXAMPLE.read_text()})
    check(status == 200 and json.loads(body) == {"valid": True}, f"POST /api/validate of the example: {status}")


def group_plan(s):
    t0 = time.time()
    status, _, body = s.post_json("/api/plan", {"case_toml": EXAMPLE.read_text(), "start": "2026-03-02"})
    plan = json.loads(body).get("plan", {}) if status == 200 else {}
    check(status == 200, f"POST /api/plan of pen-cheek-rejuvenation: {status} in {time.time() - t0:.1f} s")
    check(plan.get("screening", {}).get("outcome") in ("proceed", "caution"),
          f"plan has a screening outcome ({plan.get('screening', {}).get('outcome')})")
    courses = (plan.get("predictions") or {}).get("courses", [])
    check(len(courses) >= 1 and "collagen_change_pct" in courses[0].get("series", {}),
          f"plan has predictions ({len(courses)} courses)")
    check(plan.get("start_date") == "2026-03-02", f"the start date is used ({plan.get('start_date')})")
    if "tryon" in plan:
        t = plan["tryon"]
        check(t.get("format") == "citsim-tryon/1" and len(t.get("frames", [])) >= 2,
              f"plan has a try-on object ({len(t.get('frames', []))} frames)")
    status, _, body = s.post_json("/api/plan", {"case_toml": (ROOT / "examples" / "contraindicated.toml").read_text()})
    plan = json.loads(body).get("plan", {}) if status == 200 else {}
    check(status == 200 and plan.get("screening", {}).get("stopped") is True,
          f"a contraindicated patient is a result, not an error ({status}, stopped)")


def group_bad_requests(s):
    text = EXAMPLE.read_text().replace("needle_length_mm = 1.0", "needle_length_mm = 9.0")
    json_error(*s.post_json("/api/plan", {"case_toml": text}), 400, r"^request: device\.needle_length_mm = 9",
               "bad value in the case names the key")
    json_error(*s.post_json("/api/validate", {"case_toml": text}), 400, r"device\.needle_length_mm",
               "validate names the key too")
    json_error(*s.post_json("/api/plan", {"case_toml": "[patient\nage_years = 40"}), 400, r"^request",
               "TOML syntax error")
    json_error(*s.post_json("/api/plan", {"case_toml": EXAMPLE.read_text() + "\n[extra]\nfoo = 1\n"}), 400,
               r"extra", "unknown table named")
    json_error(*s.post_json("/api/plan", {"case_toml": EXAMPLE.read_text(), "start": "2026-13-40"}), 400,
               r"2026-13-40", "bad start date named")
    json_error(*s.request("POST", "/api/plan", "{not json", {"Content-Type": "application/json"}), 400,
               r"not valid JSON", "malformed JSON")
    json_error(*s.request("POST", "/api/plan", "[1, 2]", {"Content-Type": "application/json"}), 400,
               r"JSON object", "JSON that is not an object")
    json_error(*s.post_json("/api/plan", {}), 400, r"missing field \"case_toml\"", "missing case_toml")
    json_error(*s.post_json("/api/plan", {"case_toml": 42}), 400, r"\"case_toml\" must be a string",
               "non-string case_toml")
    json_error(*s.post_json("/api/plan", {"case_toml": EXAMPLE.read_text(), "start": 20260105}), 400,
               r"\"start\" must be a string", "non-string start")
    json_error(*s.post_json("/api/plan", {"case_toml": "", "bogus": 1}), 400, r"unknown field \"bogus\"",
               "unknown field")
    json_error(*s.post_json("/api/plan", {"case_toml": EXAMPLE.read_text()}, "text/plain"), (400, 415),
               r"Content-Type must be application/json", "wrong content type")
    json_error(*s.request("POST", "/api/plan", json.dumps({"case_toml": "x"})), (400, 415),
               r"Content-Type", "no content type")
    json_error(*s.request("GET", "/api/plan"), 405, r"GET not allowed on /api/plan", "GET on a POST route")
    json_error(*s.request("DELETE", "/api/health"), 405, r"DELETE not allowed", "DELETE on a GET route")
    status, headers, _ = s.request("PUT", "/api/plan", "{}", {"Content-Type": "application/json"})
    check(status == 405 and "POST" in headers.get("Allow", ""), f"405 names the allowed method (Allow: {headers.get('Allow')})")
    json_error(*s.request("GET", "/api/nothing"), 404, r"not found: /api/nothing", "unknown API route")
    json_error(*s.request("POST", "/nowhere", "{}", {"Content-Type": "application/json"}), 404, r"not found",
               "POST to an unknown route")
    scan_case = (ROOT / "examples" / "scan-acne-scars.toml").read_text().replace(
        'scan = "scans/cheek-scan.png"', 'scan = "/etc/passwd.png"')
    for route in ("/api/plan", "/api/validate"):
        json_error(*s.post_json(route, {"case_toml": scan_case}), 400,
                   r"^request: site\.surface\.scan = \"/etc/passwd\.png\": not accepted over HTTP",
                   f"a scan file named by a request is refused ({route})")
    check(s.alive(), "server alive after the bad requests")


def group_limits(s):
    big = json.dumps({"case_toml": "#" * (300 * 1024)})
    json_error(*s.request("POST", "/api/plan", big, {"Content-Type": "application/json"}), 413,
               r"larger than 262144 bytes", "oversized body")
    just_under = json.dumps({"case_toml": EXAMPLE.read_text() + "#" * (200 * 1024)})
    status, _, body = s.request("POST", "/api/validate", just_under, {"Content-Type": "application/json"})
    check(status == 200, f"a body under the limit is accepted ({len(just_under)} bytes: {status})")
    json_error(*s.request("GET", "/" + "a" * 9000), (404, 414), r".", "very long URI")
    # Many requests at once: all answered, server still up.
    results = []

    def hit():
        results.append(s.request("GET", "/api/health", timeout=30)[0])

    threads = [threading.Thread(target=hit) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(results.count(200) == 24, f"24 concurrent requests answered ({results.count(200)} ok)")
    check(s.alive(), "server alive after the limits")


def group_traversal(s):
    secrets = [b"cmake_minimum_required", b"root:x:0:0", b"# CITSim", b"CITSim"]
    targets = [
        "/assets/../CMakeLists.txt",
        "/assets/..%2f..%2fCMakeLists.txt",
        "/assets/..%2F..%2F..%2FCMakeLists.txt",
        "/assets/%2e%2e/%2e%2e/README.md",
        "/assets/%2e%2e%2f%2e%2e%2fREADME.md",
        "/assets/....//....//README.md",
        "/../../etc/passwd",
        "/assets//etc/passwd",
        "/assets/%2fetc%2fpasswd",
        "/etc/passwd",
        "/assets/../../../../../../etc/passwd",
        "/assets/..\\..\\CMakeLists.txt",
        "/assets/build.mjs",
        "/assets/package.json",
        "/assets/index.html%00.js",
        "/assets/",
        "//etc/passwd",
    ]
    for target in targets:
        status, headers, body = s.request("GET", target)
        leaked = any(secret in body for secret in secrets) and not body.startswith(b"{\"error\"")
        check(status in (400, 404) and not leaked
              and headers.get("Content-Type", "").startswith("application/json"),
              f"GET {target} -> {status}, no file contents")
    # An absolute URL as the request target.
    status, _, body = s.request("GET", "http://127.0.0.1/etc/passwd")
    # (Its Host, 127.0.0.1 without the port, does not name this server: 421.)
    check(status in (400, 404, 421) and b"root:x:0:0" not in body, f"absolute-form target -> {status}")
    check(s.alive(), "server alive after the traversal attempts")


def clean_message(body):
    """The error message of a JSON answer; None if the answer is not one."""
    try:
        message = json.loads(body).get("error")
    except ValueError:
        return None
    return message if isinstance(message, str) else None


def group_origin(s):
    """DNS rebinding (a foreign Host) and cross-site requests (a foreign Origin) are refused."""
    case = {"case_toml": EXAMPLE.read_text()}
    for host in ("evil.example", f"evil.example:{s.port}", f"127.0.0.1.evil.example:{s.port}", ""):
        for method, path in (("GET", "/api/health"), ("GET", "/"), ("POST", "/api/validate")):
            body = json.dumps(case) if method == "POST" else None
            json_error(*s.request(method, path, body, {"Host": host, "Content-Type": "application/json"}),
                       (403, 421), r"Host", f"{method} {path} with Host: {host!r} refused")
    for origin in ("http://evil.example", f"http://evil.example:{s.port}", "null",
                   f"http://localhost:{s.port + 1}", f"https://127.0.0.1:{s.port}"):
        json_error(*s.post_json("/api/validate", case, headers={"Origin": origin}), 403, r"Origin",
                   f"POST /api/validate from Origin {origin} refused")
        json_error(*s.post_json("/api/plan", case, headers={"Origin": origin}), 403, r"Origin",
                   f"POST /api/plan from Origin {origin} refused")
        json_error(*s.request("GET", "/api/examples", headers={"Origin": origin}), 403, r"Origin",
                   f"GET /api/examples from Origin {origin} refused")
    json_error(*s.request("GET", "/api/examples", headers={"Sec-Fetch-Site": "cross-site"}), 403,
               r"another site", "GET /api/examples sent by another site's page refused")
    # The server's own page, under each of its names.
    for name in ("127.0.0.1", "localhost", "LOCALHOST", "[::1]"):
        host = f"{name}:{s.port}"
        status, _, body = s.post_json("/api/validate", case,
                                      headers={"Host": host, "Origin": f"http://{host}",
                                               "Sec-Fetch-Site": "same-origin"})
        check(status == 200 and json.loads(body) == {"valid": True},
              f"same-origin POST /api/validate as {host}: {status}")
        status, _, _ = s.request("GET", "/api/health", headers={"Host": host})
        check(status == 200, f"GET /api/health with Host: {host}: {status}")
    check(s.alive(), "server alive after the foreign requests")


def group_bodies(s):
    """The body limit holds whatever the framing; bodies are refused before being read."""
    host = f"Host: 127.0.0.1:{s.port}\r\n".encode()

    def chunked(payload, size=16384):
        parts = [f"{len(payload[i:i + size]):x}\r\n".encode() + payload[i:i + size] + b"\r\n"
                 for i in range(0, len(payload), size)]
        return b"".join(parts) + b"0\r\n\r\n"

    big = json.dumps({"case_toml": "#" * (1024 * 1024)}).encode()
    head = (b"POST /api/validate HTTP/1.1\r\n" + host +
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    t0 = time.time()
    json_error(*s.raw(head + chunked(big)), 413, r"larger than 262144 bytes",
               f"a chunked 1 MB body is refused ({time.time() - t0:.1f} s)")
    json_error(*s.raw(head + chunked(big, 7)), 413, r"larger than 262144 bytes",
               "a chunked 1 MB body in tiny chunks is refused")
    small = json.dumps({"case_toml": EXAMPLE.read_text()}).encode()
    status, _, body = s.raw(head + chunked(small, 1000))
    check(status == 200 and json.loads(body) == {"valid": True}, f"a chunked body under the limit is read ({status})")
    # A length announced too large: refused at once, nothing sent.
    t0 = time.time()
    json_error(*s.raw(b"POST /api/plan HTTP/1.1\r\n" + host +
                      b"Content-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n", timeout=5),
               413, r"larger than", "Content-Length of 10 GB refused before the body")
    check(time.time() - t0 < 3, f"... at once ({time.time() - t0:.1f} s)")
    for bad in (b"Content-Length: -1\r\n", b"Content-Length: 12abc\r\n",
                b"Content-Length: 99999999999999999999999999\r\n",
                b"Transfer-Encoding: gzip\r\n", b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"):
        status, headers, body = s.raw(b"POST /api/validate HTTP/1.1\r\n" + host +
                                      b"Content-Type: application/json\r\n" + bad + b"\r\n{}", timeout=5)
        json_error(status, headers, body, (400, 413), r"request", f"framing {bad.strip()!r} refused")
    json_error(*s.raw(b"POST /api/validate HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\n\r\n",
                      timeout=5), 411, r"Content-Length required", "a POST without a length refused at once")
    # A body on a route that takes none is not read (PUT, unknown paths, other methods).
    for method, path in (("PUT", "/api/plan"), ("POST", "/nowhere"), ("PATCH", "/api/health")):
        t0 = time.time()
        status, headers, body = s.raw(f"{method} {path} HTTP/1.1\r\n".encode() + host +
                                      b"Transfer-Encoding: chunked\r\n\r\n" + chunked(big[:300000]), timeout=5)
        json_error(status, headers, body, (404, 405), r".", f"{method} {path} with a chunked body: not read")
    check(s.alive(), "server alive after the bodies")


def group_slow_clients(s):
    """Clients that send a request a byte at a time, or never, hold no one else up."""
    start = time.time()
    stop = threading.Event()
    socks = []
    for _ in range(8):
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        socks.append(sock)

    def trickle():
        request = f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\nX-Slow: ".encode() + b"a" * 200
        i = 0
        while not stop.is_set() and i < len(request):
            for sock in socks:
                try:
                    sock.send(request[i:i + 1])
                except OSError:
                    pass
            i += 1
            stop.wait(0.25)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(1.0)
    for attempt in range(3):
        t0 = time.time()
        try:
            status, _, _ = s.request("GET", "/api/health", timeout=2)
        except OSError:
            status = None
        check(status == 200 and time.time() - t0 < 2,
              f"/api/health answers beside 8 slow clients ({status}, {time.time() - t0:.2f} s)")
    # The slow requests are ended by the server (a whole request must arrive within 10 s).
    closed = 0
    for sock in socks:
        sock.settimeout(max(1.0, 16 - (time.time() - start)))
        try:
            closed += 1 if sock.recv(4096) is not None else 0
        except (socket.timeout, OSError):
            pass
    stop.set()
    t.join(5)
    for sock in socks:
        sock.close()
    check(closed == 8, f"the server ends requests that do not arrive in time ({closed} of 8 within 16 s)")
    # Many connections that send nothing: beyond the pool they are refused
    # at once (503) or closed, and the server answers again once they go.
    idle = []
    for _ in range(100):
        try:
            idle.append(socket.create_connection(("127.0.0.1", s.port), timeout=5))
        except OSError:
            break
    refused = 0
    for sock in idle:
        sock.settimeout(0.05)
        try:
            data = sock.recv(4096)
            refused += 1 if (data.startswith(b"HTTP/1.1 503") or data == b"") else 0
        except (socket.timeout, OSError) as e:
            refused += 1 if isinstance(e, ConnectionResetError) else 0
    for sock in idle:
        sock.close()
    check(refused >= 100 - 24 - 32 - 5, f"connections beyond the bound are refused at once ({refused} of {len(idle)})")
    time.sleep(0.5)
    check(s.alive(), "server alive after the slow and idle clients")


def start_plan(s, results, key, case=SLOW_CASE, timeout=200):
    def run():
        t0 = time.time()
        try:
            status, headers, body = s.request("POST", "/api/plan", json.dumps({"case_toml": case}),
                                              {"Content-Type": "application/json"}, timeout=timeout)
            results[key] = (status, headers, body, time.time() - t0)
        except OSError as e:
            results[key] = (None, {}, str(e).encode(), time.time() - t0)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def group_plans(s):
    """A plan in flight holds up nothing else; the queue is bounded; a plan past its budget is cancelled."""
    results = {}
    a = start_plan(s, results, "a")
    time.sleep(1.0)
    for method, path, body in (("GET", "/api/health", None), ("GET", "/api/examples", None),
                               ("POST", "/api/validate", json.dumps({"case_toml": EXAMPLE.read_text()}))):
        t0 = time.time()
        status, _, _ = s.request(method, path, body, {"Content-Type": "application/json"}, timeout=5)
        check(status == 200 and time.time() - t0 < 1.0,
              f"{method} {path} answers while a plan runs ({status}, {time.time() - t0:.2f} s)")
    # This server: 1 plan at a time, 1 waiting, 4 s each (--max-plans 1 --plan-queue 1 --plan-timeout 4).
    b = start_plan(s, results, "b")
    time.sleep(0.5)
    t0 = time.time()
    status, headers, body = s.post_json("/api/plan", {"case_toml": SLOW_CASE})
    json_error(status, headers, body, 503, r"busy.*retry later", f"a plan beyond the queue is refused at once ({time.time() - t0:.2f} s)")
    a.join(30)
    b.join(30)
    status, headers, body, took = results.get("a", (None, {}, b"", 0))
    json_error(status, headers, body, 503, r"not finished within .*4 s.*cancelled",
               f"a plan past its time limit is cancelled ({took:.1f} s)")
    check(took < 8, f"... promptly ({took:.1f} s)")
    status, headers, body, took = results.get("b", (None, {}, b"", 0))
    json_error(status, headers, body, 503, r"(no turn|not finished).*4 s",
               f"the waiting plan ends within its own budget too ({took:.1f} s)")
    status, _, body = s.post_json("/api/plan", {"case_toml": (ROOT / "examples" / "contraindicated.toml").read_text()})
    check(status == 200, f"a quick plan after the cancelled ones: {status}")
    check(s.alive(), "server alive after the plans")


def group_messages(s):
    """Errors are 4xx JSON in one bounded, escaped line, never a library's internal text."""
    def clean(status, headers, body, what, want=range(400, 500)):
        message = clean_message(body)
        ok = (status in want and headers.get("Content-Type", "").startswith("application/json")
              and message is not None and len(message) <= 500
              and not re.search(r"std::|what\(\)|json\.exception|\x1b|[\x00-\x1f]|basic_string|stoi|stod", message))
        check(ok, f"{what}: {status} {message[:160] if message else message!r}")
        return message

    text = EXAMPLE.read_text()
    for number in ("99999999999999999999", "-99999999999999999999", "1e999", "0x7fffffffffffffffff",
                   "9223372036854775808", "nan", "inf"):
        clean(*s.post_json("/api/plan", {"case_toml": text.replace("sessions = 4", f"sessions = {number}")}),
              f"sessions = {number} in the case")
        clean(*s.post_json("/api/validate", {"case_toml": text.replace("area_cm2 = 30.0", f"area_cm2 = {number}")}),
              f"area_cm2 = {number} in the case")
    for raw in (b'{"case_toml": "x", "start": 1e999}', b'{"case_toml": 1e99999}',
                b'{"case_toml": "x", "start": -1e400}', b'[' + b'9' * 5000 + b'e9999]',
                b'{"case_toml": "' + b'9' * 400 + b'"}'):
        clean(*s.request("POST", "/api/plan", raw, {"Content-Type": "application/json"}), f"JSON {raw[:40]!r}")
    # Escape codes and very long text in keys and values: shown escaped, cut.
    evil_key = '"\\u001b[31mEVIL\\u001b[0m\\u0007" = 1\n'  # TOML escapes: the key holds ESC and BEL
    m = clean(*s.post_json("/api/validate", {"case_toml": evil_key + text}), "escape codes in a key")
    check(m is not None and "\\x1b[31mEVIL" in m, f"... shown as \\x1b ({m!r})")
    m = clean(*s.post_json("/api/validate", {"case_toml": text.replace("[device]", "[device]\n\"" + "k" * 200000 + "\" = 1")}),
              "a 200 KB key")
    check(m is not None and "..." in m and len(m) < 500, f"... cut ({len(m or '')} characters)")
    m = clean(*s.post_json("/api/plan", {"case_toml": text, "start": "2026\x1b[2J" + "x" * 200000}), "a 200 KB start date")
    check(m is not None and "\\x1b[2J" in m and len(m) < 500, f"... escaped and cut ({len(m or '')} characters)")
    m = clean(*s.post_json("/api/plan", {"case_toml": text, "\x1b]0;pwned\x07" + "f" * 100000: 1}), "escape codes in a field name")
    m = clean(*s.request("POST", "/api/plan", "{}", {"Content-Type": "text/\x1b[31m" + "p" * 3000}), "escape codes in Content-Type")
    m = clean(*s.post_json("/api/validate", {"case_toml": "x = \"" + "y" * 200000 + "\n"}), "a 200 KB line that is not TOML")
    check(s.alive(), "server alive after the messages")


GROUPS = {"basics": group_basics, "plan": group_plan, "bad-requests": group_bad_requests,
          "limits": group_limits, "traversal": group_traversal, "origin": group_origin,
          "bodies": group_bodies, "slow-clients": group_slow_clients, "plans": group_plans,
          "messages": group_messages}
# Groups that need the server started with options of their own.
SERVER_OPTIONS = {"plans": ["--max-plans", "1", "--plan-queue", "1", "--plan-timeout", "4"]}


def group_shutdown(binary):
    """SIGTERM during a plan: the plan is cancelled, answered 503, and the server exits 0 at once."""
    s = Server(binary)
    results = {}
    t = start_plan(s, results, "a")
    time.sleep(1.5)
    check(t.is_alive(), "a slow plan is in flight")
    t0 = time.time()
    s.proc.send_signal(signal.SIGTERM)
    try:
        code = s.proc.wait(10)
    except subprocess.TimeoutExpired:
        s.proc.kill()
        code = None
    took = time.time() - t0
    check(code == 0 and took < 5, f"SIGTERM during a plan: exit {code} after {took:.1f} s")
    t.join(5)
    status, headers, body, _ = results.get("a", (None, {}, b"", 0))
    json_error(status, headers, body, 503, r"stopping", "the plan in flight is answered 503")


def main():
    if len(sys.argv) != 3 or (sys.argv[2] not in GROUPS and sys.argv[2] not in ("shutdown", "all")):
        print(f"usage: {sys.argv[0]} CITSIM_BINARY {{{','.join(GROUPS)},shutdown,all}}", file=sys.stderr)
        return 2
    binary, group = sys.argv[1], sys.argv[2]
    for name, fn in GROUPS.items():
        if group not in (name, "all"):
            continue
        server = Server(binary, *SERVER_OPTIONS.get(name, []))
        print(f"{name} (citsim serve on port {server.port}):")
        try:
            fn(server)
        finally:
            server.stop()
    if group in ("shutdown", "all"):
        print("shutdown:")
        group_shutdown(binary)
    print("server test: all checks passed" if failures == 0 else f"server test: {failures} check(s) FAILED")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
