#!/usr/bin/python3
"""Initial state for the stand-in, generated the same way every time.

    gen_data.py [--findings N] [--events N] [--start ISO] > data.json

GuardDuty findings are in the API's camelCase shape, CloudTrail events in
LookupEvents' shape (the record inside as the CloudTrailEvent string).
The key AKIDWATCHEXAMPLE / watch/secret+KEY is what the tests sign with.
"""

import argparse
import datetime
import json

ACCOUNT = "111122223333"


def iso(ts, ms=True):
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    if ms:
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (
            int(round(ts * 1000)) % 1000)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def finding(i, ts, region):
    sev = [2.0, 5.0, 8.0, 9.5][i % 4]
    return {
        "schemaVersion": "2.0",
        "accountId": ACCOUNT,
        "region": region,
        "partition": "aws",
        "id": "f%030d" % i,
        "arn": "arn:aws:guardduty:%s:%s:detector/d1/finding/f%030d"
               % (region, ACCOUNT, i),
        "type": "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        "resource": {
            "resourceType": "AccessKey",
            "accessKeyDetails": {
                "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                "principalId": "AIDAEXAMPLE",
                "userName": "alice-example",
                "userType": "IAMUser"}},
        "service": {"serviceName": "guardduty", "detectorId": "d1",
                    "count": 1, "archived": False,
                    "eventFirstSeen": iso(ts), "eventLastSeen": iso(ts)},
        "severity": sev,
        "createdAt": iso(ts),
        "updatedAt": iso(ts),
        "title": "API call from a listed IP address (%d)" % i,
        "description": "alice-example called an API from 198.51.100.%d."
                       % (i % 250),
    }


def event(i, ts, region):
    eid = "e%035d" % i
    rec = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE",
                         "arn": "arn:aws:iam::%s:user/alice-example"
                                % ACCOUNT,
                         "accountId": ACCOUNT,
                         "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                         "userName": "alice-example"},
        "eventTime": iso(ts, ms=False),
        "eventSource": "iam.amazonaws.com",
        "eventName": "ListUsers",
        "awsRegion": region,
        "sourceIPAddress": "198.51.100.%d" % (i % 250),
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": None,
        "responseElements": None,
        "requestID": "r%d" % i,
        "eventID": eid,
        "readOnly": True,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
    }
    return {"EventId": eid, "EventName": "ListUsers", "ReadOnly": "true",
            "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "EventTime": float(ts),
            "EventSource": "iam.amazonaws.com", "Username": "alice-example",
            "Resources": [], "CloudTrailEvent": json.dumps(rec)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=int, default=120)
    ap.add_argument("--events", type=int, default=120)
    ap.add_argument("--start", default=None,
                    help="time of the first item (default: 2 h ago)")
    ap.add_argument("--region", default="us-east-1")
    a = ap.parse_args()
    now = datetime.datetime.now(datetime.timezone.utc).timestamp()
    t0 = now - 7200 if a.start is None else datetime.datetime.fromisoformat(
        a.start.replace("Z", "+00:00")).timestamp()
    r = a.region
    data = {
        "account": ACCOUNT,
        "credentials": {"AKIDWATCHEXAMPLE": "watch/secret+KEY"},
        "guardduty": {r: {"detectors": ["d1"],
                          "findings": [finding(i, t0 + i * 10.5, r)
                                       for i in range(a.findings)]}},
        "cloudtrail": {r: [event(i, t0 + i * 7, r)
                           for i in range(a.events)]},
        "anomalies": [{
            "AnomalyId": "anomaly-0001",
            "AnomalyStartDate": iso(t0, ms=False)[:10],
            "AnomalyEndDate": iso(now, ms=False)[:10],
            "DimensionValue": "Amazon Elastic Compute Cloud - Compute",
            "RootCauses": [{"Service": "Amazon Elastic Compute Cloud - "
                                       "Compute", "Region": r}],
            "AnomalyScore": {"MaxScore": 0.9, "CurrentScore": 0.8},
            "Impact": {"MaxImpact": 1500.0, "TotalImpact": 2400.0},
            "MonitorArn": "arn:aws:ce::%s:anomalymonitor/m1" % ACCOUNT}],
        "metrics": [{"Namespace": "AWS/Billing",
                     "Timestamp": iso(now - 3600, ms=False),
                     "Value": 1234.5}],
    }
    print(json.dumps(data))


if __name__ == "__main__":
    main()
