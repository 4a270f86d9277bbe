#!/usr/bin/python3
"""Benchmark corpus: many CloudTrail S3 log files made from real samples.

Reads the CloudTrail records of the shared corpus (stratus-red-team
detonation logs, panther-analysis rule tests and scenarios,
cloudtrail2sightings) and writes FILES gzip'd log files holding RECORDS
records in all, laid out as a trail's bucket is
(AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/...json.gz).  Each written
record is a sample with a new eventID, requestID, time, access key and
source address; everything else stays as the sample had it.

usage: gen.py CORPUS OUTDIR [RECORDS [FILES]]   (defaults 200000 200)
Prints the number of records and files written, and the sample count.
"""

import glob
import gzip
import json
import os
import random
import re
import sys

ACCOUNTS = ["111122223333", "444455556666", "777788889999"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"]
T0 = 1795392000  # 2026-11-24T00:00:00Z
MARK = "@@%s@@"
CUT = re.compile("@@(EID|RID|TIME|KEY|IP)@@")


def is_record(o):
    return (isinstance(o, dict) and "eventName" in o and
            ("eventSource" in o or "userIdentity" in o or
             "eventVersion" in o))


def load(path):
    try:
        with open(path, encoding="utf-8") as fp:
            return json.load(fp)
    except (ValueError, UnicodeDecodeError):
        return None     # the corpus keeps some invalid files on purpose


def samples(corpus):
    pats = ["stratus-red-team/detonation-logs/*.json",
            "panther-analysis/cloudtrail_rule_tests/*.json",
            "panther-analysis/cloudtrail_rule_tests_history/*.json",
            "panther-analysis/test_scenarios/*.json",
            "cloudtrail2sightings/cloudtrail/*.json"]
    out = []
    for pat in pats:
        for path in sorted(glob.glob(os.path.join(corpus, pat))):
            doc = load(path)
            if isinstance(doc, dict) and "Records" in doc:
                recs = doc["Records"]
            elif isinstance(doc, dict) and "tests" in doc:
                recs = [t.get("log") for t in doc["tests"]]
            elif isinstance(doc, list):
                recs = doc
            else:
                continue
            for r in recs if isinstance(recs, list) else []:
                if is_record(r):
                    # Panther's enrichment is not CloudTrail's.
                    out.append({k: v for k, v in r.items()
                                if not k.startswith("p_")})
    return out


def template(rec):
    """The record as JSON text cut at the fields we vary."""
    r = dict(rec)
    r["eventID"] = MARK % "EID"
    r["eventTime"] = MARK % "TIME"
    r["sourceIPAddress"] = MARK % "IP"
    if "requestID" in r:
        r["requestID"] = MARK % "RID"
    ui = r.get("userIdentity")
    if isinstance(ui, dict) and ui.get("type") in ("IAMUser", "AssumedRole",
                                                    "Root", "FederatedUser"):
        ui = dict(ui)
        ui["accessKeyId"] = MARK % "KEY"
        r["userIdentity"] = ui
    text = json.dumps(r, separators=(",", ":"), ensure_ascii=False)
    parts = CUT.split(text)
    # parts alternate: literal, field name, literal, ...
    return [(p, i % 2 == 1) for i, p in enumerate(parts)]


def uuid_text(rnd):
    h = "%032x" % rnd.getrandbits(128)
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:])


def render(tpl, vals):
    return "".join(vals[p] if f else p for p, f in tpl)


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: gen.py CORPUS OUTDIR [RECORDS [FILES]]\n")
        sys.exit(2)
    corpus, outdir = sys.argv[1], sys.argv[2]
    nrec = int(sys.argv[3]) if len(sys.argv) > 3 else 200000
    nfiles = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    base = samples(corpus)
    if not base:
        sys.stderr.write("gen.py: no CloudTrail samples under %s\n" % corpus)
        sys.exit(1)
    tpls = [template(r) for r in base]
    rnd = random.Random(20261124)
    keys = ["AKIA%016X" % rnd.getrandbits(64) for _ in range(400)] + \
           ["ASIA%016X" % rnd.getrandbits(64) for _ in range(400)]
    ips = ["%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256),
                            rnd.randrange(256), rnd.randrange(1, 255))
           for _ in range(2000)]
    per = nrec // nfiles
    written = 0
    for f in range(nfiles):
        n = per if f < nfiles - 1 else nrec - written
        acct = ACCOUNTS[f % len(ACCOUNTS)]
        region = REGIONS[f % len(REGIONS)]
        t = T0 + f * 300
        recs = []
        for i in range(n):
            ts = t + (i * 300) // max(n, 1)
            vals = {"EID": uuid_text(rnd), "RID": uuid_text(rnd),
                    "TIME": "2026-11-%02dT%02d:%02d:%02dZ" % (
                        24 + ts // 86400 - T0 // 86400,
                        ts // 3600 % 24, ts // 60 % 60, ts % 60),
                    "KEY": rnd.choice(keys), "IP": rnd.choice(ips)}
            recs.append(render(rnd.choice(tpls), vals))
        day = "2026/11/%02d" % (24 + (t - T0) // 86400)
        d = os.path.join(outdir, "AWSLogs", acct, "CloudTrail", region, day)
        os.makedirs(d, exist_ok=True)
        stamp = "202611%02dT%02d%02dZ" % (24 + (t - T0) // 86400,
                                         t // 3600 % 24, t // 60 % 60)
        name = "%s_CloudTrail_%s_%s_%08x.json.gz" % (acct, region, stamp,
                                                     rnd.getrandbits(32))
        body = '{"Records":[' + ",".join(recs) + "]}"
        with open(os.path.join(d, name), "wb") as fp:
            fp.write(gzip.compress(body.encode("utf-8"), compresslevel=6,
                                   mtime=0))
        written += n
    print("%d records in %d files from %d samples" % (written, nfiles,
                                                      len(base)))


if __name__ == "__main__":
    main()
