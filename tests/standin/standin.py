#!/usr/bin/python3
"""A local stand-in for the AWS APIs warroom calls, for the tests.

It listens on 127.0.0.1 only.  Every signed request is checked with
botocore's own SigV4 signer (Debian's python3-botocore), against the
headers named in SignedHeaders, and also for the BR-17 invariants: every
host, content-type and x-amz-* header sent is signed, none is sent twice.
Services are told apart by the credential scope, so one endpoint
(AWS_ENDPOINT_URL) serves them all.

    /usr/bin/python3 tests/standin/standin.py --data FILE --port-file F

Answers, in the real shapes: GuardDuty (REST-JSON) ListDetectors,
ListFindings, GetFindings; CloudTrail (JSON 1.1) LookupEvents; Cost
Explorer (JSON 1.1) GetAnomalies; CloudWatch (query/XML) GetMetricData;
STS (query/XML) GetCallerIdentity and AssumeRole; IAM (query/XML,
with state from data "iam") UpdateAccessKey, ListAccessKeys,
GetAccessKeyLastUsed,
Get/DeleteLoginProfile, Put/Get/DeleteUserPolicy and RolePolicy; S3
(REST/XML) GetObject and, with state from data "buckets",
Put/Get/DeletePublicAccessBlock; EC2 (query/XML, state from data
"ec2", tests/standin/standin_ec2.py) Stop/Start/TerminateInstances,
DescribeInstances, CreateSnapshot, Describe/CreateSecurityGroup(s),
RevokeSecurityGroupEgress, ModifyInstanceAttribute and the instance
profile associations; IMDSv2.  Lists are
paginated with tokens containing + / = that must come back unchanged.

Control, unsigned, under /_standin/ (JSON bodies):
    GET  log        every request seen, with what was wrong with it
    GET  iam        the IAM state (users' keys, passwords, policies)
    GET  buckets    the buckets' PublicAccessBlock settings
    GET  instances  the EC2 instances' states {ID: "running"}
    GET  ec2        all EC2 state: instances (vpc, groups, volumes,
                    profile), security_groups (rules, tags),
                    snapshots (volume, tags), associations
    POST fail       {"op", "status", "code", "message", "count"}: the
                    next COUNT calls of OP get that error
    POST canned     {"file", "block", "count"}: raw replies from a
                    BR-18-style file (=== R1 ... blocks)
    POST add        {"guardduty": {REGION: [finding...]},
                     "cloudtrail": {REGION: [event...]}}
    POST clock      {"offset": seconds} or {"now": "ISO"}: server time

To add a service (IAM and EC2 query/XML, S3 REST with state for the
containment actions): write a handler taking (server, req) and put it
in SERVICES under its signing name; req.params holds the query form.
"""

import argparse
import base64
import datetime
import email.utils
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import standin_ec2  # noqa: E402

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

MAX_SKEW = 300          # seconds, as the JSON and query services allow
GD_PAGE = 50            # GuardDuty ListFindings default page
CT_PAGE = 50            # CloudTrail LookupEvents maximum
CT_RATE = 2             # CloudTrail LookupEvents: requests per second


class ApiError(Exception):
    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class Request:
    """One parsed request as the handlers see it."""

    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.service = None
        self.region = None
        self.access_key = None
        self.op = None
        self.params = {}
        self.json = None


def token_for(kind, n):
    # Tokens with + / = in them, as real ones have (BR-05 paging).
    raw = ("%s:%d:%s" % (kind, n, "x" * (n % 3))).encode()
    return "EX+" + base64.b64encode(raw).decode() + "/=="


def iso(ts):
    return datetime.datetime.fromtimestamp(
        ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def amz_date(ts):
    return datetime.datetime.fromtimestamp(
        ts, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def parse_amz_date(s):
    d = datetime.datetime.strptime(s, "%Y%m%dT%H%M%SZ")
    return d.replace(tzinfo=datetime.timezone.utc).timestamp()


def parse_iso(s):
    s = s.replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(s).timestamp()


class State:
    """Everything the stand-in knows, behind one lock."""

    def __init__(self, data):
        self.lock = threading.Lock()
        self.account = data.get("account", "111122223333")
        self.keys = dict(data.get("credentials", {}))
        self.tokens = {}                 # access key -> session token
        self.roles = data.get("roles", {})
        self.imds = data.get("imds")
        self.imds_tokens = set()
        self.gd = {}                     # region -> {detector, findings}
        for region, v in data.get("guardduty", {}).items():
            self.gd[region] = {"detectors": v.get("detectors", []),
                               "findings": list(v.get("findings", []))}
        self.ct = {r: list(v) for r, v in
                   data.get("cloudtrail", {}).items()}
        self.anomalies = list(data.get("anomalies", []))
        self.metrics = data.get("metrics", [])
        self.objects = dict(data.get("s3", {}))
        # IAM: {"users": {NAME: {"keys": {ID: "Active"}, "login_profile":
        # true, "policies": {}}}, "roles": {NAME: {"policies": {}}}}
        # Buckets: {NAME: {"public_access_block": null or {4 flags}}}
        self.buckets = {n: dict(b) for n, b in
                        data.get("buckets", {}).items()}
        # EC2: tests/standin/standin_ec2.py says what "ec2" holds.
        self.ec2 = standin_ec2.Ec2(data.get("ec2", {}))
        iam = data.get("iam", {})
        self.iam = {"users": {n: {"keys": dict(u.get("keys", {})),
                                  "login_profile": u.get("login_profile",
                                                         False),
                                  "policies": dict(u.get("policies", {}))}
                              for n, u in iam.get("users", {}).items()},
                    "roles": {n: {"policies": dict(r.get("policies", {}))}
                              for n, r in iam.get("roles", {}).items()}}
        self.failures = []               # queued errors
        self.canned = []                 # queued raw replies
        self.log = []
        self.clock_offset = 0.0
        self.clock_fixed = None
        self.ct_calls = {}               # region -> recent call times
        self.tokens_seen = {}            # token -> (kind, state)

    def now(self):
        if self.clock_fixed is not None:
            return self.clock_fixed
        return time.time() + self.clock_offset


# ---------------------------------------------------------------- signing

AUTH_RE = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/"
                     r"([^/]+)/([^/]+)/aws4_request, ?SignedHeaders="
                     r"([^,]+), ?Signature=([0-9a-f]{64})$")


def verify(state, req, raw_headers, url, skew=True):
    """Check the signature the way AWS does; raise ApiError if bad."""
    auth = req.headers.get("authorization")
    if auth is None:
        raise ApiError(403, "MissingAuthenticationTokenException",
                       "Missing Authentication Token")
    m = AUTH_RE.match(auth)
    if m is None:
        raise ApiError(403, "IncompleteSignatureException",
                       "Authorization header is malformed")
    akid, date, region, service, signed, sig = m.groups()
    req.service, req.region, req.access_key = service, region, akid
    names = signed.split(";")
    sent = [k.lower() for k, _ in raw_headers]
    for k in set(sent):
        if sent.count(k) > 1:
            raise ApiError(400, "SignatureDoesNotMatch",
                           "header %s sent %d times" % (k, sent.count(k)))
    for k in sent:
        if (k in ("host", "content-type") or k.startswith("x-amz-")) \
                and k not in names:
            raise ApiError(403, "AccessDeniedException",
                           "HeadersNotSigned: %s" % k)
    for k in names:
        if k not in sent:
            raise ApiError(403, "IncompleteSignatureException",
                           "'%s' is named as a SignedHeader, but it does "
                           "not exist in the HTTP request" % k)
    if akid not in state.keys:
        raise ApiError(403, "UnrecognizedClientException",
                       "The security token included in the request is "
                       "invalid.")
    want_token = state.tokens.get(akid)
    if want_token is not None and \
            req.headers.get("x-amz-security-token") != want_token:
        raise ApiError(403, "UnrecognizedClientException",
                       "The security token included in the request is "
                       "invalid.")
    stamp = req.headers.get("x-amz-date", "")
    if skew:
        check_skew(state, stamp)
    creds = Credentials(akid, state.keys[akid],
                        req.headers.get("x-amz-security-token"))
    ar = AWSRequest(method=req.method, url=url, data=req.body,
                    headers={k: v for k, v in raw_headers
                             if k.lower() in names})
    ar.context["timestamp"] = stamp
    signer = (S3SigV4Auth if service == "s3" else SigV4Auth)(
        creds, service, region)
    creq = signer.canonical_request(ar)
    sts = signer.string_to_sign(ar, creq)
    if signer.signature(sts, ar) != sig:
        raise ApiError(403, "SignatureDoesNotMatch",
                       "The request signature we calculated does not "
                       "match the signature you provided. Check your "
                       "AWS Secret Access Key and signing method. "
                       "Consult the service documentation for details.")
    if "x-amz-content-sha256" in req.headers and service == "s3":
        import hashlib
        if hashlib.sha256(req.body).hexdigest() != \
                req.headers["x-amz-content-sha256"]:
            raise ApiError(400, "XAmzContentSHA256Mismatch",
                           "The provided 'x-amz-content-sha256' header "
                           "does not match what was computed.")


def check_skew(state, stamp):
    try:
        t = parse_amz_date(stamp)
    except ValueError:
        raise ApiError(400, "IncompleteSignatureException",
                       "X-Amz-Date is missing or malformed")
    now = state.now()
    if t < now - MAX_SKEW:
        raise ApiError(400, "InvalidSignatureException",
                       "Signature expired: %s is now earlier than %s "
                       "(%s - 5 min.)" % (stamp, amz_date(now - MAX_SKEW),
                                          amz_date(now)))
    if t > now + MAX_SKEW:
        raise ApiError(400, "InvalidSignatureException",
                       "Signature not yet current: %s is still later "
                       "than %s (%s + 5 min.)" %
                       (stamp, amz_date(now + MAX_SKEW), amz_date(now)))


# ---------------------------------------------------------------- GuardDuty

def gd_region(state, req):
    g = state.gd.get(req.region)
    if g is None:
        g = state.gd[req.region] = {"detectors": [], "findings": []}
    return g


def page(items, token, kind, size):
    """Slice items by a token this stand-in issued earlier."""
    start = 0
    if token:
        m = re.match(r"^EX\+([A-Za-z0-9+/=]+)/==$", token)
        try:
            k, n, _ = base64.b64decode(m.group(1)).decode().split(":")
            start = int(n)
            assert k == kind
        except Exception:
            raise ApiError(400, "BadRequestException",
                           "The request is rejected because the input "
                           "nextToken is invalid: %r" % token)
    end = start + size
    nxt = token_for(kind, end) if end < len(items) else None
    return items[start:end], nxt


def gd_updated_ms(f):
    return int(parse_iso(f["updatedAt"]) * 1000)


def gd_op(req):
    parts = req.path.strip("/").split("/")
    if req.method == "GET" and parts == ["detector"]:
        return "ListDetectors"
    if req.method == "POST" and parts[2:] == ["findings"]:
        return "ListFindings"
    if req.method == "POST" and parts[2:] == ["findings", "get"]:
        return "GetFindings"
    return None


def guardduty(state, req):
    g = gd_region(state, req)
    parts = req.path.strip("/").split("/")
    if req.op == "ListDetectors":
        return 200, {"detectorIds": g["detectors"]}
    if len(parts) < 3 or parts[0] != "detector" or \
            parts[1] not in g["detectors"]:
        raise ApiError(400, "BadRequestException",
                       "The request is rejected because the input "
                       "detectorId is not owned by the current account.")
    body = req.json or {}
    if req.op == "ListFindings":
        crit = body.get("findingCriteria", {}).get("criterion", {})
        gte = crit.get("updatedAt", {}).get("gte")
        fs = sorted(g["findings"], key=lambda f: (gd_updated_ms(f),
                                                   f["id"]))
        if gte is not None:
            fs = [f for f in fs if gd_updated_ms(f) >= int(gte)]
        size = int(body.get("maxResults", GD_PAGE))
        if not 1 <= size <= 50:
            raise ApiError(400, "BadRequestException",
                           "maxResults must be between 1 and 50")
        ids, nxt = page([f["id"] for f in fs], body.get("nextToken"),
                        "gdlist", size)
        out = {"findingIds": ids}
        if nxt:
            out["nextToken"] = nxt
        return 200, out
    if req.op == "GetFindings":
        ids = body.get("findingIds", [])
        if not 1 <= len(ids) <= 50:
            raise ApiError(400, "BadRequestException",
                           "findingIds must hold 1 to 50 ids")
        by_id = {f["id"]: f for f in g["findings"]}
        return 200, {"findings": [by_id[i] for i in ids if i in by_id]}
    raise ApiError(404, "BadRequestException", "no such GuardDuty route")


# ---------------------------------------------------------------- JSON 1.1

def cloudtrail(state, req):
    if req.op != "LookupEvents":
        raise ApiError(400, "UnknownOperationException", req.op or "")
    # LookupEvents allows 2 requests per second per account and region.
    now = time.time()
    calls = [t for t in state.ct_calls.get(req.region, []) if t > now - 1]
    if len(calls) >= CT_RATE:
        raise ApiError(400, "ThrottlingException", "Rate exceeded")
    calls.append(now)
    state.ct_calls[req.region] = calls
    body = req.json or {}
    evs = state.ct.get(req.region, [])
    start, end = body.get("StartTime"), body.get("EndTime")
    sel = []
    for e in evs:
        t = float(e["EventTime"])
        if start is not None and t < float(start):
            continue
        if end is not None and t > float(end):
            continue
        if not ct_match(e, body.get("LookupAttributes", [])):
            continue
        sel.append(e)
    # Newest first, as the real API returns them.
    sel.sort(key=lambda e: (-float(e["EventTime"]), e["EventId"]))
    size = int(body.get("MaxResults", CT_PAGE))
    if not 1 <= size <= 50:
        raise ApiError(400, "InvalidMaxResultsException",
                       "MaxResults must be 1 to 50")
    try:
        items, nxt = page(sel, body.get("NextToken"), "ct", size)
    except ApiError as e:
        raise ApiError(400, "InvalidNextTokenException", e.message)
    out = {"Events": items}
    if nxt:
        out["NextToken"] = nxt
    return 200, out


def ct_match(e, attrs):
    keys = {"EventName": "EventName", "Username": "Username",
            "AccessKeyId": "AccessKeyId", "EventSource": "EventSource",
            "EventId": "EventId", "ReadOnly": "ReadOnly"}
    for a in attrs:
        k = keys.get(a.get("AttributeKey"))
        if k is None:
            raise ApiError(400, "InvalidLookupAttributesException",
                           "unknown AttributeKey %r" % a.get("AttributeKey"))
        if str(e.get(k)) != a.get("AttributeValue"):
            return False
    return True


def cost_explorer(state, req):
    if req.op != "GetAnomalies":
        raise ApiError(400, "UnknownOperationException", req.op or "")
    body = req.json or {}
    di = body.get("DateInterval")
    if not di or "StartDate" not in di:
        raise ApiError(400, "ValidationException",
                       "DateInterval.StartDate is required")
    sel = [a for a in state.anomalies
           if a.get("AnomalyStartDate", "")[:10] >= di["StartDate"]]
    size = int(body.get("MaxResults", 100))
    items, nxt = page(sel, body.get("NextPageToken"), "ce", size)
    out = {"Anomalies": items}
    if nxt:
        out["NextPageToken"] = nxt
    return 200, out


# ---------------------------------------------------------------- query/XML

def xml_reply(op, ns, inner):
    rid = str(uuid.uuid4())
    return 200, ('<%sResponse xmlns="%s"><%sResult>%s</%sResult>'
                 '<ResponseMetadata><RequestId>%s</RequestId>'
                 '</ResponseMetadata></%sResponse>' %
                 (op, ns, op, inner, op, rid, op)), "text/xml"


STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def sts(state, req):
    p = req.params
    if p.get("Version") != "2011-06-15":
        raise ApiError(400, "InvalidAction", "bad or missing Version")
    if req.op == "GetCallerIdentity":
        arn = "arn:aws:iam::%s:user/standin" % state.account
        for role, r in state.roles.items():
            if r.get("issued") == req.access_key:
                arn = "arn:aws:sts::%s:assumed-role/%s/%s" % (
                    state.account, role.split("/")[-1], r["session"])
        return xml_reply("GetCallerIdentity", STS_NS,
                         "<Arn>%s</Arn><UserId>%s</UserId>"
                         "<Account>%s</Account>" %
                         (escape(arn), escape(req.access_key),
                          state.account))
    if req.op == "AssumeRole":
        arn, name = p.get("RoleArn"), p.get("RoleSessionName")
        if not arn or not name:
            raise ApiError(400, "ValidationError",
                           "RoleArn and RoleSessionName are required")
        if arn not in state.roles:
            raise ApiError(403, "AccessDenied",
                           "User is not authorized to perform: "
                           "sts:AssumeRole on resource: %s" % arn)
        akid = "ASIASTANDIN%08d" % len(state.keys)
        secret = "standin-role-secret-%d" % len(state.keys)
        token = "FAKEsessionTOKEN+/%d==" % len(state.keys)
        state.keys[akid] = secret
        state.tokens[akid] = token
        state.roles[arn].update(issued=akid, session=name)
        exp = iso(state.now() + int(p.get("DurationSeconds", 3600)))
        return xml_reply("AssumeRole", STS_NS,
                         "<Credentials><AccessKeyId>%s</AccessKeyId>"
                         "<SecretAccessKey>%s</SecretAccessKey>"
                         "<SessionToken>%s</SessionToken>"
                         "<Expiration>%s</Expiration></Credentials>"
                         "<AssumedRoleUser><Arn>%s</Arn>"
                         "<AssumedRoleId>AROASTANDIN:%s</AssumedRoleId>"
                         "</AssumedRoleUser>" %
                         (akid, escape(secret), escape(token), exp,
                          escape(arn), escape(name)))
    raise ApiError(400, "InvalidAction", "unknown Action %r" % req.op)


CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/"


def cloudwatch(state, req):
    p = req.params
    if req.op != "GetMetricData" or p.get("Version") != "2010-08-01":
        raise ApiError(400, "InvalidAction", "unknown Action %r" % req.op)
    qid = p.get("MetricDataQueries.member.1.Id")
    ns = p.get("MetricDataQueries.member.1.MetricStat.Metric.Namespace")
    if not qid or not ns:
        raise ApiError(400, "ValidationError",
                       "MetricDataQueries.member.1 is incomplete")
    pts = [m for m in state.metrics if m.get("Namespace") == ns]
    ts = "".join("<member>%s</member>" % m["Timestamp"] for m in pts)
    vs = "".join("<member>%s</member>" % m["Value"] for m in pts)
    return xml_reply("GetMetricData", CW_NS,
                     "<MetricDataResults><member><Id>%s</Id>"
                     "<Label>EstimatedCharges</Label>"
                     "<Timestamps>%s</Timestamps><Values>%s</Values>"
                     "<StatusCode>Complete</StatusCode></member>"
                     "</MetricDataResults><Messages/>" %
                     (escape(qid), ts, vs))


IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"


def iam_entity(state, kind, p):
    key = "UserName" if kind == "users" else "RoleName"
    name = p.get(key)
    if not name:
        raise ApiError(400, "ValidationError", "%s is required" % key)
    ent = state.iam[kind].get(name)
    if ent is None:
        raise ApiError(404, "NoSuchEntity", "The %s with name %s cannot "
                       "be found." % (kind[:-1], name))
    return name, ent


def iam_policy(ent, p, op):
    name = p.get("PolicyName")
    if not name:
        raise ApiError(400, "ValidationError", "PolicyName is required")
    if op.startswith("Put"):
        doc = p.get("PolicyDocument", "")
        try:
            json.loads(doc)
        except ValueError:
            raise ApiError(400, "MalformedPolicyDocument",
                           "PolicyDocument is not JSON")
        ent["policies"][name] = doc
        return ""
    if name not in ent["policies"]:
        raise ApiError(404, "NoSuchEntity", "The policy %s cannot be "
                       "found." % name)
    if op.startswith("Delete"):
        del ent["policies"][name]
        return ""
    return ("<PolicyName>%s</PolicyName><PolicyDocument>%s"
            "</PolicyDocument>" % (escape(name), urllib.parse.quote(
                ent["policies"][name], safe="")))


def iam_key_last_used(state, p, op):
    """The key's owner, found across the users (no UserName given)."""
    kid = p.get("AccessKeyId")
    if not kid:
        raise ApiError(400, "ValidationError", "AccessKeyId is required")
    for name, u in state.iam["users"].items():
        if kid in u["keys"]:
            return xml_reply(op, IAM_NS, "<UserName>%s</UserName>"
                             "<AccessKeyLastUsed><Region>N/A</Region>"
                             "<ServiceName>N/A</ServiceName>"
                             "</AccessKeyLastUsed>" % escape(name))
    raise ApiError(404, "NoSuchEntity", "The Access Key with id %s cannot "
                   "be found." % kid)


def iam(state, req):
    """IAM with state: access keys, login profiles, inline policies."""
    p, op = req.params, req.op
    if p.get("Version") != "2010-05-08":
        raise ApiError(400, "InvalidAction", "bad or missing Version")
    if op in ("PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy"):
        name, ent = iam_entity(state, "roles", p)
        inner = iam_policy(ent, p, op)
        if op == "GetRolePolicy":
            inner = "<RoleName>%s</RoleName>%s" % (escape(name), inner)
        return xml_reply(op, IAM_NS, inner)
    if op == "GetAccessKeyLastUsed":
        return iam_key_last_used(state, p, op)
    name, ent = iam_entity(state, "users", p)
    if op in ("PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy"):
        inner = iam_policy(ent, p, op)
        if op == "GetUserPolicy":
            inner = "<UserName>%s</UserName>%s" % (escape(name), inner)
        return xml_reply(op, IAM_NS, inner)
    if op == "UpdateAccessKey":
        kid, status = p.get("AccessKeyId"), p.get("Status")
        if status not in ("Active", "Inactive"):
            raise ApiError(400, "ValidationError", "bad Status")
        if kid not in ent["keys"]:
            raise ApiError(404, "NoSuchEntity", "The Access Key with id "
                           "%s cannot be found." % kid)
        ent["keys"][kid] = status
        return xml_reply(op, IAM_NS, "")
    if op == "ListAccessKeys":
        ms = "".join("<member><UserName>%s</UserName><AccessKeyId>%s"
                     "</AccessKeyId><Status>%s</Status></member>" %
                     (escape(name), k, v) for k, v in ent["keys"].items())
        return xml_reply(op, IAM_NS, "<AccessKeyMetadata>%s"
                         "</AccessKeyMetadata><IsTruncated>false"
                         "</IsTruncated>" % ms)
    if op in ("GetLoginProfile", "DeleteLoginProfile"):
        if not ent["login_profile"]:
            raise ApiError(404, "NoSuchEntity", "Login Profile for User "
                           "%s cannot be found." % name)
        if op == "DeleteLoginProfile":
            ent["login_profile"] = False
            return xml_reply(op, IAM_NS, "")
        return xml_reply(op, IAM_NS, "<LoginProfile><UserName>%s"
                         "</UserName></LoginProfile>" % escape(name))
    raise ApiError(400, "InvalidAction", "unknown Action %r" % op)


def ec2(state, req):
    """EC2 with state (tests/standin/standin_ec2.py)."""
    try:
        return state.ec2.handle(req.params)
    except standin_ec2.Ec2Error as e:
        raise ApiError(e.status, e.code, e.message)


PAB = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
       "RestrictPublicBuckets")
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def s3_pab(state, req):
    """Put/Get/DeletePublicAccessBlock on a bucket from data "buckets"."""
    name = req.path.strip("/")
    if name not in state.buckets:
        raise ApiError(404, "NoSuchBucket",
                       "The specified bucket does not exist")
    b = state.buckets[name]
    if req.op == "PutPublicAccessBlock":
        want = base64.b64encode(hashlib.md5(req.body).digest()).decode()
        if req.headers.get("content-md5") != want:
            raise ApiError(400, "InvalidDigest", "Content-MD5 is missing "
                           "or does not match the body")
        try:
            root = ET.fromstring(req.body)
        except ET.ParseError:
            raise ApiError(400, "MalformedXML", "body is not XML")
        cfg = {}
        for k in PAB:
            e = root.find("{%s}%s" % (S3_NS, k))
            e = e if e is not None else root.find(k)
            cfg[k] = e is not None and e.text == "true"
        b["public_access_block"] = cfg
        return 200, "", "application/xml"
    cfg = b.get("public_access_block")
    if cfg is None:
        raise ApiError(404, "NoSuchPublicAccessBlockConfiguration",
                       "The public access block configuration was not "
                       "found")
    if req.op == "DeletePublicAccessBlock":
        b["public_access_block"] = None
        return 204, "", "application/xml"
    inner = "".join("<%s>%s</%s>" % (k, "true" if cfg.get(k) else "false",
                                     k) for k in PAB)
    return 200, ('<PublicAccessBlockConfiguration xmlns="%s">%s'
                 '</PublicAccessBlockConfiguration>' % (S3_NS, inner)), \
        "application/xml"


def s3(state, req):
    """Path-style GetObject from data "s3": {"bucket/key": text}, and
    the bucket's PublicAccessBlock."""
    if req.op and req.op.endswith("PublicAccessBlock"):
        return s3_pab(state, req)
    if req.op != "GetObject":
        raise ApiError(405, "MethodNotAllowed", req.method)
    key = req.path.lstrip("/")
    if key not in state.objects:
        raise ApiError(404, "NoSuchKey",
                       "The specified key does not exist.")
    return 200, state.objects[key], "application/octet-stream"


def s3_op(req):
    if "publicAccessBlock" in urllib.parse.parse_qs(
            req.query, keep_blank_values=True):
        return {"PUT": "PutPublicAccessBlock", "GET": "GetPublicAccessBlock",
                "DELETE": "DeletePublicAccessBlock"}.get(req.method)
    return "GetObject" if req.method == "GET" else None


# REST services: the operation from method and path.
ROUTES = {
    "guardduty": gd_op,
    "s3": s3_op,
}

# Signing name -> (handler, protocol).
SERVICES = {
    "guardduty": (guardduty, "rest-json"),
    "cloudtrail": (cloudtrail, "json"),
    "ce": (cost_explorer, "json"),
    "sts": (sts, "query"),
    "monitoring": (cloudwatch, "query"),
    "iam": (iam, "query"),
    "ec2": (ec2, "ec2"),
    "s3": (s3, "rest-xml"),
}


def error_reply(proto, e, rid):
    if proto == "ec2":
        return standin_ec2.error_body(e.code, e.message, rid), "text/xml", {}
    if proto in ("query", "rest-xml"):
        body = ('<ErrorResponse xmlns="%s"><Error><Type>Sender</Type>'
                '<Code>%s</Code><Message>%s</Message></Error>'
                '<RequestId>%s</RequestId></ErrorResponse>' %
                (STS_NS, escape(e.code), escape(e.message), rid))
        return body, "text/xml", {}
    if proto == "rest-json":
        return (json.dumps({"message": e.message, "__type": e.code}),
                "application/json", {"x-amzn-ErrorType": e.code})
    return (json.dumps({"__type": e.code, "message": e.message}),
            "application/x-amz-json-1.1", {})


def read_canned(path, block):
    """One reply block (=== RN ...) of a BR-18-style file, raw."""
    text = open(path, encoding="utf-8").read()
    parts = re.split(r"^=== (R\d+)[^\n]*\n", text, flags=re.M)
    for i in range(1, len(parts), 2):
        if parts[i] == block:
            return parts[i + 1].strip("\n")
    raise KeyError(block)


# ---------------------------------------------------------------- server

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "standin"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("standin: " + fmt % args + "\n")

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        u = urllib.parse.urlsplit(self.path)
        st = self.server.state
        if u.path.startswith("/_standin/"):
            return self.control(u.path[len("/_standin/"):], body)
        if u.path.startswith("/latest/"):
            return self.imds(u.path, body)
        raw = list(self.headers.items())
        req = Request(self.command, urllib.parse.unquote(u.path),
                      u.query, {k.lower(): v for k, v in raw}, body)
        url = "%s://%s%s" % ("https" if self.server.tls else "http",
                              self.headers.get("Host"), self.path)
        entry = {"method": self.command, "path": u.path,
                 "query": u.query,
                 "headers": [k for k, _ in raw], "status": 0}
        with st.lock:
            st.log.append(entry)
            self.serve(st, req, raw, url, entry)

    def serve(self, st, req, raw, url, entry):
        rid = str(uuid.uuid4())
        proto = "json"
        try:
            # A canned reply stands for AWS's verdict on the clock.
            verify(st, req, raw, url, skew=not st.canned)
            handler, proto = SERVICES.get(req.service, (None, "json"))
            entry.update(service=req.service, region=req.region)
            if handler is None:
                raise ApiError(400, "UnknownService", req.service)
            self.decode(req, proto)
            entry["op"] = req.op
            entry["body"] = req.body.decode("utf-8", "replace")
            canned = self.take_canned(st, req)
            if canned is not None:
                entry["status"] = "canned"
                return self.send_raw(canned)
            self.take_failure(st, req)
            out = handler(st, req)
            status, payload = out[0], out[1]
            ctype = out[2] if len(out) > 2 else (
                "application/x-amz-json-1.1" if proto == "json"
                else "application/json")
            if not isinstance(payload, str):
                payload = json.dumps(payload)
            entry["status"] = status
            self.send(status, payload, ctype, {"x-amzn-RequestId": rid})
        except ApiError as e:
            entry.update(status=e.status, error=e.code, message=e.message)
            text, ctype, extra = error_reply(proto, e, rid)
            extra.update(e.headers)
            extra["x-amzn-RequestId"] = rid
            self.send(e.status, text, ctype, extra)

    def decode(self, req, proto):
        if proto in ("query", "ec2"):
            req.params = dict(urllib.parse.parse_qsl(
                req.body.decode(), keep_blank_values=True))
            req.op = req.params.get("Action")
            return
        if req.body and proto != "rest-xml":
            try:
                req.json = json.loads(req.body)
            except ValueError:
                raise ApiError(400, "SerializationException",
                               "body is not JSON")
        target = req.headers.get("x-amz-target", "")
        if req.service in ROUTES:
            req.op = ROUTES[req.service](req)
        if proto == "json":
            if req.headers.get("content-type") != \
                    "application/x-amz-json-1.1":
                raise ApiError(400, "UnknownOperationException",
                               "Content-Type must be "
                               "application/x-amz-json-1.1")
            req.op = target.rsplit(".", 1)[-1] or None

    def take_failure(self, st, req):
        for f in st.failures:
            if f.get("op") in (req.op, "*") and f.get("count", 1) > 0:
                f["count"] = f.get("count", 1) - 1
                st.failures = [x for x in st.failures
                               if x.get("count", 1) > 0]
                hdrs = {}
                if f.get("retry_after"):
                    hdrs["Retry-After"] = str(f["retry_after"])
                raise ApiError(f.get("status", 500),
                               f.get("code", "InternalFailure"),
                               f.get("message", "injected failure"), hdrs)

    def take_canned(self, st, req):
        for c in st.canned:
            if c.get("op") not in (req.op, None, "*"):
                continue
            if c["count"] <= 0:
                continue
            c["count"] -= 1
            st.canned = [x for x in st.canned if x["count"] > 0]
            return read_canned(c["file"], c["block"])
        return None

    def send(self, status, text, ctype, extra):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Date", email.utils.formatdate(
            self.server.state.now(), usegmt=True))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def send_raw(self, block):
        head, _, body = block.partition("\n\n")
        lines = head.split("\n")
        status = int(lines[0].split()[1])
        data = body.strip("\n").encode("utf-8")
        self.send_response_only(status)
        for line in lines[1:]:
            k, _, v = line.partition(":")
            self.send_header(k.strip(), v.strip())
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def imds(self, path, body):
        st = self.server.state
        with st.lock:
            st.log.append({"method": self.command, "path": path,
                           "service": "imds", "status": 200})
            if st.imds is None:
                return self.send(404, "", "text/plain", {})
            if path == "/latest/api/token" and self.command == "PUT":
                if not self.headers.get(
                        "X-aws-ec2-metadata-token-ttl-seconds"):
                    return self.send(400, "", "text/plain", {})
                tok = "imds-" + uuid.uuid4().hex
                st.imds_tokens.add(tok)
                return self.send(200, tok, "text/plain", {})
            if self.headers.get("X-aws-ec2-metadata-token") \
                    not in st.imds_tokens:
                return self.send(401, "", "text/plain", {})
            base = "/latest/meta-data/iam/security-credentials/"
            role = st.imds["role"]
            if path == base:
                return self.send(200, role, "text/plain", {})
            if path == base + role:
                c = st.imds["credentials"]
                st.keys[c["AccessKeyId"]] = c["SecretAccessKey"]
                st.tokens[c["AccessKeyId"]] = c["Token"]
                return self.send(200, json.dumps(dict(
                    c, Code="Success", Type="AWS-HMAC",
                    LastUpdated=iso(st.now()))), "text/plain", {})
            return self.send(404, "", "text/plain", {})

    def control(self, what, body):
        st = self.server.state
        arg = json.loads(body) if body else {}
        with st.lock:
            if what == "log":
                return self.send(200, json.dumps(st.log),
                                 "application/json", {})
            if what == "iam":
                return self.send(200, json.dumps(st.iam),
                                 "application/json", {})
            if what == "instances":
                return self.send(200, json.dumps(st.ec2.states()),
                                 "application/json", {})
            if what == "ec2":
                return self.send(200, json.dumps(st.ec2.public()),
                                 "application/json", {})
            if what == "buckets":
                return self.send(200, json.dumps(st.buckets),
                                 "application/json", {})
            if what == "fail":
                st.failures.append(arg)
            elif what == "canned":
                arg.setdefault("count", 1)
                st.canned.append(arg)
            elif what == "add":
                for region, fs in arg.get("guardduty", {}).items():
                    st.gd.setdefault(region, {"detectors": [],
                                              "findings": []})
                    st.gd[region]["findings"].extend(fs)
                for region, evs in arg.get("cloudtrail", {}).items():
                    st.ct.setdefault(region, []).extend(evs)
            elif what == "clock":
                if "now" in arg:
                    st.clock_fixed = parse_iso(arg["now"])
                else:
                    st.clock_fixed = None
                    st.clock_offset = float(arg.get("offset", 0))
            else:
                return self.send(404, "{}", "application/json", {})
        return self.send(200, "{}", "application/json", {})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="initial state (JSON)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--now", help="fixed server time (ISO 8601)")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="serve HTTPS with this certificate (AWS_CA_BUNDLE)")
    ap.add_argument("-v", action="store_true", dest="verbose")
    a = ap.parse_args()
    data = json.load(open(a.data)) if a.data else {}
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.state = State(data)
    srv.verbose = a.verbose
    srv.tls = bool(a.tls)
    if a.now:
        srv.state.clock_fixed = parse_iso(a.now)
    if a.tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.server_address[1])
        os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
