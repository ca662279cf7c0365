#!/usr/bin/env python3
"""Tests of `citsim serve` over HTTP (python3 standard library only).

    server_test.py CITSIM_BINARY GROUP

Starts `citsim serve --port 0`, reads the bound port from its first line, runs
one GROUP of checks, then stops the server with SIGTERM and checks that it
exits cleanly. GROUP is one of: basics, plan, bad-requests, limits,
traversal, all. Exit 0 when every check passes, 1 otherwise.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pen-cheek-rejuvenation.toml"
failures = 0


def check(ok, what):
    global failures
    print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures += 1


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "serve", "--port", "0", "-j", "2"],
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
            conn.putrequest(method, target, skip_accept_encoding=True)
            hdrs = dict(headers or {})
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

    def post_json(self, path, obj, content_type="application/json"):
        return self.request("POST", path, json.dumps(obj), {"Content-Type": content_type})

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
    check(status in (400, 404) and b"root:x:0:0" not in body, f"absolute-form target -> {status}")
    check(s.alive(), "server alive after the traversal attempts")


GROUPS = {"basics": group_basics, "plan": group_plan, "bad-requests": group_bad_requests,
          "limits": group_limits, "traversal": group_traversal}


def main():
    if len(sys.argv) != 3 or (sys.argv[2] not in GROUPS and sys.argv[2] != "all"):
        print(f"usage: {sys.argv[0]} CITSIM_BINARY {{{','.join(GROUPS)},all}}", file=sys.stderr)
        return 2
    binary, group = sys.argv[1], sys.argv[2]
    server = Server(binary)
    print(f"citsim serve on port {server.port}")
    try:
        for name, fn in GROUPS.items():
            if group in (name, "all"):
                print(f"{name}:")
                fn(server)
    finally:
        server.stop()
    print("server test: all checks passed" if failures == 0 else f"server test: {failures} check(s) FAILED")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
