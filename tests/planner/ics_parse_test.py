#!/usr/bin/python3
"""Parses every contract case's calendar.ics with an independent iCalendar
parser (Debian's python3-icalendar) and checks it against plan.json.

usage: ics_parse_test.py CITSIM CONTRACT_CASES_DIR
Runs with Debian's /usr/bin/python3, where apt installs python3-icalendar.
"""
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

import icalendar


def check(ics_path, plan_path):
    raw = open(ics_path, "rb").read()
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF in " + ics_path
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, "line longer than 75 octets: %r" % line
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0"
    assert "CITSim" in str(cal["PRODID"])
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    events = list(cal.walk("VEVENT"))
    plan = json.load(open(plan_path))
    expected = plan["calendar"]["events"]
    assert len(events) == len(expected), (len(events), len(expected))
    uids = set()
    for ev, want in zip(events, expected):
        uid = str(ev["UID"])
        assert uid not in uids, "duplicate UID " + uid
        uids.add(uid)
        assert str(ev["SUMMARY"]) == want["title"], (str(ev["SUMMARY"]), want["title"])
        assert want["detail"] in str(ev["DESCRIPTION"]), "DESCRIPTION does not round-trip"
        assert str(ev["DTSTAMP"].to_ical().decode()) == plan["start_date"].replace("-", "") + "T000000Z"
        start = ev["DTSTART"].dt
        if "time" in want:
            assert isinstance(start, datetime.datetime) and start.tzinfo is None, start
            assert start.strftime("%Y-%m-%d %H:%M") == want["date"] + " " + want["time"]
            assert (ev["DTEND"].dt - start).total_seconds() == 60 * want["duration_minutes"]
        else:
            assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime), start
            assert start.isoformat() == want["date"]
            assert (ev["DTEND"].dt - start).days == want["duration_days"]
    return len(events)


def main():
    citsim, cases = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(glob.glob(os.path.join(cases, "*.toml"))):
            name = os.path.splitext(os.path.basename(case))[0]
            out = os.path.join(tmp, name)
            subprocess.run([citsim, "plan", case, "--out", out, "--start", "2026-01-05"], check=True, stdout=subprocess.DEVNULL)
            try:
                n = check(os.path.join(out, "calendar.ics"), os.path.join(out, "plan.json"))
                print("ok   %s: %d events parsed" % (name, n))
                passed += 1
            except AssertionError as e:
                print("FAIL %s: %s" % (name, e))
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
