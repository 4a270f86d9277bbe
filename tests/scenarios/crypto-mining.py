#!/usr/bin/python3
"""Writes data/scenarios/crypto-mining/ (the bundled demo incident).

A leaked CI access key (ci-deploy) is used from the Internet to launch GPU
instances for crypto mining.  Every record is written for this project in
the formats AWS uses: CloudTrail S3 log files {"Records": [...]} (some
gzip'd, as the trail delivers them), the output of `aws guardduty
get-findings`, and an EventBridge "GuardDuty Finding" event.  Values are
fake: account 111122223333, attacker addresses from 203.0.113.0/24 and
198.51.100.0/24 (documentation ranges), EXAMPLE access keys.

Run from the repository root: /usr/bin/python3 tests/scenarios/crypto-mining.py
[OUTDIR].  The output is byte-for-byte reproducible (fixed ids, gzip with no
name and no time stamp), which tests/e2e/demo.sh checks.
"""

import calendar
import gzip
import json
import os
import sys
import uuid

ACCT = "111122223333"
NS = uuid.UUID("6f1c7a52-2d0e-4c55-9b39-5e7f6d8a4b21")
DAY = "2026-11-24"

CI_IP = "192.0.2.10"            # the CI runner's NAT address (legitimate)
OFFICE_IP = "192.0.2.44"        # the office
ATK1 = "203.0.113.77"           # first attacker address: recon, IAM
ATK2 = "198.51.100.23"          # second: the backdoor user, the launches

CI_KEY = "AKIAEXAMPLECIDEPLOY7"
BD_KEY = "AKIAEXAMPLEBACKDOOR4"
RUNNER_KEY = "ASIAEXAMPLERUNNER01"
RUNNER_INSTANCE = "i-0c1d2e3f4a5b6c7d8"

UA_CI = ("aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.0-1064-aws "
         "md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython "
         "exec-env/github-actions cfg/retry-mode#standard md/installer#exe "
         "md/distrib#ubuntu.22 md/prompt#off md/command#ecs.update-service")
UA_ATK = ("Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.5.0-14-generic "
          "md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython "
          "cfg/retry-mode#legacy Botocore/1.34.11")
UA_ATK2 = ("aws-cli/2.15.10 Python/3.11.6 Linux/6.5.0-14-generic "
           "exe/x86_64.ubuntu.23 prompt/off command/ec2.run-instances")
UA_CONSOLE = ("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 "
              "Firefox/132.0")

_seq = [0]


def uid(tag):
    return str(uuid.uuid5(NS, tag))


def hexid(tag, n):
    return uuid.uuid5(NS, tag).hex[:n]


def iam_user(name, pid, key, mfa=None):
    u = {"type": "IAMUser", "principalId": pid,
         "arn": "arn:aws:iam::%s:user/%s" % (ACCT, name),
         "accountId": ACCT, "accessKeyId": key, "userName": name}
    if mfa is not None:
        u["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                               "attributes": {"creationDate": mfa[0],
                                              "mfaAuthenticated": mfa[1]}}
    return u


CI = iam_user("ci-deploy", "AIDAEXAMPLECIDEPLOY01", CI_KEY)
BD = iam_user("svc-monitoring", "AIDAEXAMPLEBACKDOOR02", BD_KEY)
RUNNER = {
    "type": "AssumedRole",
    "principalId": "AROAEXAMPLERUNNERROLE:" + RUNNER_INSTANCE,
    "arn": "arn:aws:sts::%s:assumed-role/ci-runner-role/%s"
           % (ACCT, RUNNER_INSTANCE),
    "accountId": ACCT, "accessKeyId": RUNNER_KEY,
    "sessionContext": {
        "sessionIssuer": {"type": "Role",
                          "principalId": "AROAEXAMPLERUNNERROLE",
                          "arn": "arn:aws:iam::%s:role/ci-runner-role" % ACCT,
                          "accountId": ACCT, "userName": "ci-runner-role"},
        "webIdFederationData": {},
        "attributes": {"creationDate": DAY + "T06:12:40Z",
                       "mfaAuthenticated": "false"},
        "ec2RoleDelivery": "2.0"}}


def alice(t):
    return iam_user("alice.ops", "AIDAEXAMPLEALICEOPS03",
                    "ASIAEXAMPLEALICECON1", (DAY + "T" + t, "true"))


ROOT = {"type": "Root", "principalId": ACCT,
        "arn": "arn:aws:iam::%s:root" % ACCT, "accountId": ACCT,
        "accessKeyId": "ASIAEXAMPLEROOTCONS1",
        "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
                           "attributes": {"creationDate": DAY + "T08:47:02Z",
                                          "mfaAuthenticated": "true"}}}

READ_PREFIXES = ("Get", "List", "Describe", "Lookup")


def ev(t, who, source, name, region, ip, ua, req=None, resp=None, err=None,
       extra=None, read=None):
    """One CloudTrail record, fields in the order the service writes them."""
    _seq[0] += 1
    tag = "%d:%s:%s" % (_seq[0], t, name)
    host = source
    if source not in ("iam.amazonaws.com", "signin.amazonaws.com") \
            and not source.startswith("s3"):
        host = source.replace(".amazonaws.com",
                              ".%s.amazonaws.com" % region)
    if source == "ecr.amazonaws.com":
        host = "api." + host
    r = {"eventVersion": "1.10" if source == "ec2.amazonaws.com" else "1.09",
         "userIdentity": who,
         "eventTime": "%sT%sZ" % (DAY, t),
         "eventSource": source, "eventName": name, "awsRegion": region,
         "sourceIPAddress": ip, "userAgent": ua}
    if err:
        r["errorCode"] = err[0]
        r["errorMessage"] = err[1]
    r["requestParameters"] = req
    r["responseElements"] = resp
    if extra:
        r.update(extra)
    r["requestID"] = uid("req" + tag)
    r["eventID"] = uid("evt" + tag)
    if read is None:
        read = name.startswith(READ_PREFIXES)
    r["readOnly"] = read
    r["eventType"] = "AwsApiCall"
    r["managementEvent"] = True
    r["recipientAccountId"] = ACCT
    r["eventCategory"] = "Management"
    if ip.endswith(".amazonaws.com"):
        return r
    r["tlsDetails"] = {"tlsVersion": "TLSv1.3",
                       "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": host}
    if ua == UA_CONSOLE:
        r["sessionCredentialFromConsole"] = "true"
    return r


def denied(who, action, resource, scp=False):
    why = ("with an explicit deny in a service control policy" if scp else
           "because no identity-based policy allows the %s action" % action)
    return ("AccessDenied",
            "User: %s is not authorized to perform: %s on resource: %s %s"
            % (who["arn"], action, resource, why))


def ec2_denied(who, action):
    return ("Client.UnauthorizedOperation",
            "You are not authorized to perform this operation. User: %s is "
            "not authorized to perform: %s on resource: arn:aws:ec2:*:%s:* "
            "because no identity-based policy allows the %s action. Encoded "
            "authorization failure message: %s" %
            (who["arn"], action, ACCT, action,
             uuid.uuid5(NS, action).hex * 3))


def epoch_ms(t):
    h, m, s = (int(x) for x in t.split(":"))
    return 1000 * (calendar.timegm((2026, 11, 24, h, m, s, 0, 0, 0)))


def aws_date(t):
    """The 'Nov 24, 2026, 9:09:41 AM' form IAM uses in responseElements."""
    h, m, s = (int(x) for x in t.split(":"))
    ap = "AM" if h < 12 else "PM"
    return "Nov 24, 2026, %d:%02d:%02d %s" % ((h - 1) % 12 + 1, m, s, ap)


def console_login(t, who, ip, mfa):
    r = ev(t, who, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", ip,
           UA_CONSOLE, None, {"ConsoleLogin": "Success"},
           extra={"additionalEventData": {
               "LoginTo": "https://console.aws.amazon.com/console/home",
               "MobileVersion": "No", "MFAUsed": mfa}}, read=False)
    r["eventType"] = "AwsConsoleSignIn"
    # A sign-in has no request id and no console session yet.
    del r["requestID"]
    r.pop("sessionCredentialFromConsole", None)
    r["tlsDetails"]["clientProvidedHostHeader"] = "signin.aws.amazon.com"
    del r["userIdentity"]["accessKeyId"]
    r["userIdentity"].pop("sessionContext", None)
    return r


def service_assume(t, service, role, session, region="us-east-1"):
    arn = "arn:aws:iam::%s:role/%s" % (ACCT, role)
    r = ev(t, {"type": "AWSService", "invokedBy": service},
           "sts.amazonaws.com", "AssumeRole", region, service, service,
           {"roleArn": arn, "roleSessionName": session},
           {"credentials": {"accessKeyId": "ASIAEXAMPLESERVICE" +
                            hexid(t, 2).upper(),
                            "sessionToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                            "expiration": aws_date(t)}},
           extra={"resources": [{"accountId": ACCT, "type": "AWS::IAM::Role",
                                 "ARN": arn}],
                  "sharedEventID": uid("shared" + t)})
    return r


def instances(region, n, itype, key, sg, t, tag):
    items = []
    for i in range(n):
        iid = "i-0" + hexid("%s%s%d" % (region, tag, i), 16)
        items.append({
            "instanceId": iid, "imageId": AMI[region],
            "currentInstanceBootMode": "legacy-bios",
            "instanceState": {"code": 0, "name": "pending"},
            "privateDnsName": "ip-10-0-%d-%d.%s.compute.internal"
                              % (7 + i, 20 + 11 * i, region),
            "keyName": key, "amiLaunchIndex": i, "productCodes": {},
            "instanceType": itype,
            "launchTime": epoch_ms(t) + 1000 * (2 + i),
            "placement": {"availabilityZone": region + "a",
                          "tenancy": "default"},
            "monitoring": {"state": "disabled"},
            "subnetId": SUBNET[region], "vpcId": VPC[region],
            "privateIpAddress": "10.0.%d.%d" % (7 + i, 20 + 11 * i),
            "stateReason": {"code": "pending", "message": "pending"},
            "architecture": "x86_64", "rootDeviceType": "ebs",
            "rootDeviceName": "/dev/sda1", "blockDeviceMapping": {},
            "virtualizationType": "hvm", "hypervisor": "xen",
            "tagSet": {"items": [{"key": "Name", "value": tag}]},
            "groupSet": {"items": [{"groupId": sg,
                                    "groupName": "default-ssh"}]},
            "sourceDestCheck": True,
            "cpuOptions": {"coreCount": 32, "threadsPerCore": 2},
            "capacityReservationSpecification": {
                "capacityReservationPreference": "open"},
            "hibernationOptions": {"configured": False},
            "enclaveOptions": {"enabled": False},
            "metadataOptions": {"state": "pending", "httpTokens": "optional",
                                "httpPutResponseHopLimit": 1,
                                "httpEndpoint": "enabled",
                                "httpProtocolIpv4": "enabled",
                                "httpProtocolIpv6": "disabled",
                                "instanceMetadataTags": "disabled"},
            "maintenanceOptions": {"autoRecovery": "default"},
            "privateDnsNameOptions": {"hostnameType": "ip-name",
                                      "enableResourceNameDnsARecord": False,
                                      "enableResourceNameDnsAAAARecord":
                                      False}})
    return items


AMI = {"us-east-1": "ami-0a7d80731ae1b2435",
       "us-west-2": "ami-05d38da78ce859165",
       "eu-west-1": "ami-0d64bb532e0502c46",
       "ap-southeast-1": "ami-047126e50991d067b"}
VPC = {"us-east-1": "vpc-0e1f2a3b4c5d6e7f8",
       "us-west-2": "vpc-0a9b8c7d6e5f4a3b2",
       "eu-west-1": "vpc-01a2b3c4d5e6f7a8b",
       "ap-southeast-1": "vpc-0f9e8d7c6b5a4f3e2"}
SUBNET = {"us-east-1": "subnet-0123abcd4567ef890",
          "us-west-2": "subnet-0fedc4321ba098765",
          "eu-west-1": "subnet-0aa11bb22cc33dd44",
          "ap-southeast-1": "subnet-0ee55ff66aa77bb88"}
USERDATA = ("<sensitiveDataRemoved>")


def run_instances(t, who, ip, ua, region, itype, n, key, sg, tag, err=None):
    req = {"instancesSet": {"items": [{"imageId": AMI[region],
                                       "minCount": 1, "maxCount": n,
                                       "keyName": key}]},
           "userData": USERDATA, "instanceType": itype,
           "blockDeviceMapping": {"items": [{"deviceName": "/dev/sda1",
                                             "ebs": {"volumeSize": 200,
                                                     "deleteOnTermination":
                                                     True,
                                                     "volumeType": "gp3"}}]},
           "monitoring": {"enabled": False}, "disableApiTermination": True,
           "disableApiStop": False,
           "networkInterfaceSet": {"items": [{
               "deviceIndex": 0, "subnetId": SUBNET[region],
               "associatePublicIpAddress": True,
               "groupSet": {"items": [{"groupId": sg}]}}]},
           "tagSpecificationSet": {"items": [{
               "resourceType": "instance",
               "tags": [{"key": "Name", "value": tag}]}]},
           "clientToken": uid("ct" + t + region)}
    resp = None
    if err is None:
        resp = {"requestId": uid("rr" + t + region),
                "reservationId": "r-0" + hexid("res" + t + region, 16),
                "ownerId": ACCT, "groupSet": {},
                "instancesSet": {"items": instances(region, n, itype, key,
                                                    sg, t, tag)}}
    return ev(t, who, "ec2.amazonaws.com", "RunInstances", region, ip, ua,
              req, resp, err)


def sg_open(t, who, ip, ua, region, sg):
    req = {"groupId": sg, "ipPermissions": {"items": [{
        "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {},
        "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
        "ipv6Ranges": {}, "prefixListIds": {}}]}}
    resp = {"requestId": uid("sgr" + t), "_return": True,
            "securityGroupRuleSet": {"items": [{
                "groupOwnerId": ACCT, "groupId": sg,
                "securityGroupRuleId": "sgr-0" + hexid("sgr" + t, 16),
                "isEgress": False, "ipProtocol": "tcp", "fromPort": 22,
                "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}}
    return ev(t, who, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress",
              region, ip, ua, req, resp)


def sg_create(t, who, ip, ua, region, sg):
    return ev(t, who, "ec2.amazonaws.com", "CreateSecurityGroup", region, ip,
              ua, {"groupName": "default-ssh",
                   "groupDescription": "default ssh", "vpcId": VPC[region]},
              {"requestId": uid("sgc" + t), "_return": True, "groupId": sg,
               "securityGroupArn": "arn:aws:ec2:%s:%s:security-group/%s"
                                   % (region, ACCT, sg)})


def ci_background(t, region="us-east-1"):
    """A normal deploy from the CI runner: what ci-deploy is for."""
    h, m, s = t.split(":")
    nxt = "%s:%s:%02d" % (h, m, int(s) + 4)
    return [
        ev(t, CI, "ecr.amazonaws.com", "GetAuthorizationToken", region, CI_IP,
           UA_CI.replace("ecs.update-service", "ecr.get-login-password"),
           {}, None),
        ev(nxt, CI, "ecs.amazonaws.com", "UpdateService", region, CI_IP,
           UA_CI, {"cluster": "prod", "service": "web",
                   "taskDefinition": "web:412", "forceNewDeployment": True},
           {"service": {"serviceName": "web", "clusterArn":
                        "arn:aws:ecs:%s:%s:cluster/prod" % (region, ACCT),
                        "taskDefinition": "arn:aws:ecs:%s:%s:task-definition/"
                                          "web:412" % (region, ACCT),
                        "desiredCount": 3, "status": "ACTIVE"}}),
    ]


WEB_TASK = "7d5e2f0a9c3b4e1d8a6f2c0b5e9d3a71"


def web_task(t):
    """The web service reading its database secret: steady noise."""
    who = {"type": "AssumedRole",
           "principalId": "AROAEXAMPLEWEBTASKRL:" + WEB_TASK,
           "arn": "arn:aws:sts::%s:assumed-role/web-task-role/%s"
                  % (ACCT, WEB_TASK),
           "accountId": ACCT, "accessKeyId": "ASIAEXAMPLEWEBTASK01",
           "sessionContext": {
               "sessionIssuer": {
                   "type": "Role", "principalId": "AROAEXAMPLEWEBTASKRL",
                   "arn": "arn:aws:iam::%s:role/web-task-role" % ACCT,
                   "accountId": ACCT, "userName": "web-task-role"},
               "webIdFederationData": {},
               "attributes": {"creationDate": DAY + "T06:00:12Z",
                              "mfaAuthenticated": "false"}}}
    sid = "arn:aws:secretsmanager:us-east-1:%s:secret:prod/web/db-Xk3pQ9" \
          % ACCT
    return ev(t, who, "secretsmanager.amazonaws.com", "GetSecretValue",
              "us-east-1", "192.0.2.12",
              "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux "
              "md/GOARCH#amd64 api/secretsmanager#1.32.4",
              {"secretId": sid}, None,
              extra={"resources": [{"accountId": ACCT, "type":
                                    "AWS::SecretsManager::Secret",
                                    "ARN": sid}]})


def noise(times):
    return [web_task(t) if i % 3 else
            service_assume(t, "lambda.amazonaws.com", "thumbnailer-role",
                           "awslambda_412_2026112%s" % t.replace(":", ""))
            for i, t in enumerate(times)]


# --- the files, in the order the trail would deliver them ---------------

def file_0855():
    r = []
    r += ci_background("08:41:07")
    r.append(service_assume("08:43:30", "ecs-tasks.amazonaws.com",
                            "web-task-role", "a1b2c3d4e5f6"))
    r.append(console_login("08:47:02", dict(ROOT), OFFICE_IP, "Yes"))
    r.append(ev("08:48:15", ROOT, "ce.amazonaws.com", "GetCostAndUsage",
                "us-east-1", OFFICE_IP, UA_CONSOLE,
                {"timePeriod": {"start": "2026-11-01", "end": "2026-11-24"},
                 "granularity": "MONTHLY", "metrics": ["UnblendedCost"]},
                None))
    r.append(ev("08:52:40", alice("08:52:01"), "ec2.amazonaws.com",
                "DescribeInstances", "us-east-1", OFFICE_IP, UA_CONSOLE,
                {"instancesSet": {}, "filterSet": {}, "maxResults": 50},
                None))
    r.append(service_assume("08:54:12", "lambda.amazonaws.com",
                            "thumbnailer-role",
                            "awslambda_412_20261124085412003"))
    r += noise(["08:42:10", "08:45:31", "08:49:50", "08:51:05", "08:53:58",
                "08:54:40"])
    return r


def file_0905():
    r = []
    # The runner's instance-role credentials, used off the instance.
    r.append(ev("09:01:58", RUNNER, "sts.amazonaws.com", "GetCallerIdentity",
                "us-east-1", ATK1, UA_ATK, None, None))
    r.append(ev("09:02:05", RUNNER, "s3.amazonaws.com", "ListBuckets",
                "us-east-1", ATK1, UA_ATK, {"Host": "s3.amazonaws.com"},
                None, denied(RUNNER, "s3:ListAllMyBuckets",
                             "arn:aws:s3:::*"),
                extra={"additionalEventData": {
                    "SignatureVersion": "SigV4", "AuthenticationMethod":
                    "AuthHeader", "CipherSuite": "TLS_AES_128_GCM_SHA256",
                    "bytesTransferredIn": 0, "bytesTransferredOut": 243,
                    "x-amz-id-2": "EXAMPLEid2" + hexid("s3a", 24)}}))
    # The leaked CI key, from the same address.
    r.append(ev("09:02:11", CI, "sts.amazonaws.com", "GetCallerIdentity",
                "us-east-1", ATK1, UA_ATK, None, None))
    r.append(ev("09:02:31", CI, "s3.amazonaws.com", "ListBuckets",
                "us-east-1", ATK1, UA_ATK, {"Host": "s3.amazonaws.com"},
                None,
                extra={"additionalEventData": {
                    "SignatureVersion": "SigV4", "AuthenticationMethod":
                    "AuthHeader", "CipherSuite": "TLS_AES_128_GCM_SHA256",
                    "bytesTransferredIn": 0, "bytesTransferredOut": 1187,
                    "x-amz-id-2": "EXAMPLEid2" + hexid("s3b", 24)}}))
    r.append(ev("09:02:50", CI, "iam.amazonaws.com", "GetUser", "us-east-1",
                ATK1, UA_ATK, None, None))
    r.append(ev("09:03:02", CI, "iam.amazonaws.com",
                "ListAttachedUserPolicies", "us-east-1", ATK1, UA_ATK,
                {"userName": "ci-deploy"}, None))
    r.append(ev("09:03:20", CI, "iam.amazonaws.com",
                "GetAccountAuthorizationDetails", "us-east-1", ATK1, UA_ATK,
                None, None,
                denied(CI, "iam:GetAccountAuthorizationDetails",
                       "*")))
    r.append(ev("09:03:41", CI, "iam.amazonaws.com", "ListUsers",
                "us-east-1", ATK1, UA_ATK, None, None))
    r.append(ev("09:04:02", CI, "secretsmanager.amazonaws.com",
                "ListSecrets", "us-east-1", ATK1, UA_ATK, None, None,
                denied(CI, "secretsmanager:ListSecrets", "*")))
    r.append(ev("09:04:15", CI, "ec2.amazonaws.com", "DescribeRegions",
                "us-east-1", ATK1, UA_ATK,
                {"regionSet": {}, "allRegions": False}, None))
    for i, reg in enumerate(("us-east-1", "us-west-2", "eu-west-1")):
        r.append(ev("09:04:%02d" % (30 + 9 * i), CI, "ec2.amazonaws.com",
                    "DescribeInstances", reg, ATK1, UA_ATK,
                    {"instancesSet": {}, "filterSet": {}}, None))
    r.append(ev("09:05:10", CI, "servicequotas.amazonaws.com",
                "GetServiceQuota", "us-east-1", ATK1, UA_ATK,
                {"serviceCode": "ec2", "quotaCode": "L-417A185B"}, None))
    r.append(run_instances("09:06:02", CI, ATK1, UA_ATK, "us-east-1",
                           "p3.16xlarge", 4, None, SG_E, "ci-runner-gpu",
                           ec2_denied(CI, "ec2:RunInstances")))
    r[-1]["requestParameters"]["instancesSet"]["items"][0].pop("keyName")
    r += ci_background("09:06:40")
    r += noise(["09:00:12", "09:02:44", "09:04:20", "09:05:33"])
    return r


def file_0915():
    r = []
    t = "09:09:41"
    r.append(ev(t, CI, "iam.amazonaws.com", "CreateUser", "us-east-1", ATK1,
                UA_ATK, {"userName": "svc-monitoring"},
                {"user": {"path": "/", "userName": "svc-monitoring",
                          "userId": "AIDAEXAMPLEBACKDOOR02",
                          "arn": "arn:aws:iam::%s:user/svc-monitoring"
                                 % ACCT,
                          "createDate": aws_date(t)}}))
    r.append(ev("09:09:58", CI, "iam.amazonaws.com", "AttachUserPolicy",
                "us-east-1", ATK1, UA_ATK,
                {"userName": "svc-monitoring",
                 "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                None))
    t = "09:10:12"
    r.append(ev(t, CI, "iam.amazonaws.com", "CreateAccessKey", "us-east-1",
                ATK1, UA_ATK, {"userName": "svc-monitoring"},
                {"accessKey": {"userName": "svc-monitoring",
                               "accessKeyId": BD_KEY, "status": "Active",
                               "createDate": aws_date(t)}}))
    t = "09:10:30"
    r.append(ev(t, CI, "iam.amazonaws.com", "CreateLoginProfile",
                "us-east-1", ATK1, UA_ATK,
                {"userName": "svc-monitoring",
                 "password": "HIDDEN_DUE_TO_SECURITY_REASONS",
                 "passwordResetRequired": False},
                {"loginProfile": {"userName": "svc-monitoring",
                                  "createDate": aws_date(t),
                                  "passwordResetRequired": False}}))
    # The backdoor key, from a second address.
    r.append(ev("09:14:03", BD, "sts.amazonaws.com", "GetCallerIdentity",
                "us-east-1", ATK2, UA_ATK2.replace("ec2.run-instances",
                                                   "sts.get-caller-identity"),
                None, None))
    r.append(ev("09:15:27", BD, "cloudtrail.amazonaws.com",
                "DescribeTrails", "us-east-1", ATK2,
                UA_ATK2.replace("ec2.run-instances",
                                "cloudtrail.describe-trails"),
                {"trailNameList": [], "includeShadowTrails": True}, None))
    r.append(ev("09:16:04", BD, "cloudtrail.amazonaws.com", "StopLogging",
                "us-east-1", ATK2,
                UA_ATK2.replace("ec2.run-instances",
                                "cloudtrail.stop-logging"),
                {"name": "arn:aws:cloudtrail:us-east-1:%s:trail/"
                         "management-events" % ACCT}, None,
                denied(BD, "cloudtrail:StopLogging",
                       "arn:aws:cloudtrail:us-east-1:%s:trail/"
                       "management-events" % ACCT, scp=True)))
    r += noise(["09:08:02", "09:11:29", "09:13:15", "09:14:48"])
    return r


SG_E = "sg-05a1e7c3d9b2f4e6a"
SG_W = "sg-08c2d4f6a1b3e5c7d"
PUBKEY_FP = "d3:1f:0c:9a:5e:77:b2:48:aa:10:6e:c4:91:3b:f8:25"


def file_0925():
    r = []
    r.append(ev("09:18:22", BD, "ec2.amazonaws.com", "ImportKeyPair",
                "us-east-1", ATK2, UA_ATK2.replace("run-instances",
                                                   "import-key-pair"),
                {"keyName": "deploy-key",
                 "publicKeyMaterial": "c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJ"
                                      "MU5URTVBQUFBSUV4YW1wbGVFeGFtcGxlRXhh"
                                      "bXBsZSBkZXBsb3kK"},
                {"requestId": uid("ikp"), "keyName": "deploy-key",
                 "keyFingerprint": PUBKEY_FP,
                 "keyPairId": "key-0" + hexid("ikp", 16)}))
    r.append(sg_create("09:19:05", BD, ATK2, UA_ATK2.replace(
        "run-instances", "create-security-group"), "us-east-1", SG_E))
    r.append(sg_open("09:19:16", BD, ATK2, UA_ATK2.replace(
        "run-instances", "authorize-security-group-ingress"),
        "us-east-1", SG_E))
    r.append(run_instances("09:21:33", BD, ATK2, UA_ATK2, "us-east-1",
                           "p3.16xlarge", 4, "deploy-key", SG_E,
                           "ci-runner-gpu"))
    r += ci_background("09:22:10")
    r += noise(["09:17:40", "09:20:05", "09:23:51"])
    return r


def file_0930_west():
    r = []
    r.append(ev("09:24:40", BD, "ec2.amazonaws.com", "CreateKeyPair",
                "us-west-2", ATK2, UA_ATK2.replace("run-instances",
                                                   "create-key-pair"),
                {"keyName": "ops-key", "keyType": "rsa", "keyFormat": "pem"},
                {"requestId": uid("ckp"), "keyName": "ops-key",
                 "keyFingerprint": "7e:42:a1:0b:c9:5d:33:e8:14:f6:2a:"
                                   "9c:d0:6b:81:5f:e2:07:c3:4d",
                 "keyPairId": "key-0" + hexid("ckp", 16),
                 "keyMaterial": "<sensitiveDataRemoved>"}))
    r.append(sg_create("09:25:02", BD, ATK2, UA_ATK2.replace(
        "run-instances", "create-security-group"), "us-west-2", SG_W))
    r.append(sg_open("09:25:11", BD, ATK2, UA_ATK2.replace(
        "run-instances", "authorize-security-group-ingress"),
        "us-west-2", SG_W))
    r.append(run_instances("09:27:48", BD, ATK2, UA_ATK2, "us-west-2",
                           "p3.16xlarge", 3, "ops-key", SG_W,
                           "ci-runner-gpu"))
    return r


def file_0930_eu():
    r = []
    sg = "sg-03e5f7a9c1d2b4e6f"
    r.append(run_instances("09:29:14", BD, ATK2, UA_ATK2, "eu-west-1",
                           "p3.16xlarge", 4, "ops-key", sg, "ci-runner-gpu",
                           ("Client.VcpuLimitExceeded",
                            "You have requested more vCPU capacity than "
                            "your current vCPU limit of 0 allows for the "
                            "instance bucket that the specified instance "
                            "type belongs to. Please visit "
                            "http://aws.amazon.com/contact-us/ec2-request "
                            "to request an adjustment to this limit.")))
    return r


def file_1105():
    r = []
    r.append(ev("09:41:19", BD, "servicequotas.amazonaws.com",
                "RequestServiceQuotaIncrease", "us-east-1", ATK2,
                UA_ATK2.replace("ec2.run-instances",
                                "service-quotas.request-service-quota-"
                                "increase"),
                {"serviceCode": "ec2", "quotaCode": "L-417A185B",
                 "desiredValue": 512.0},
                {"requestedQuota": {
                    "id": hexid("sq", 32), "serviceCode": "ec2",
                    "serviceName": "Amazon Elastic Compute Cloud (Amazon "
                                   "EC2)",
                    "quotaCode": "L-417A185B",
                    "quotaName": "Running On-Demand P instances",
                    "desiredValue": 512.0, "status": "PENDING",
                    "created": "Nov 24, 2026, 9:41:19 AM",
                    "requester": "{\"accountId\":\"%s\",\"callerArn\":"
                                 "\"%s\"}" % (ACCT, BD["arn"]),
                    "quotaArn": "arn:aws:servicequotas:us-east-1:%s:ec2/"
                                "L-417A185B" % ACCT,
                    "globalQuota": False, "unit": "None"}}))
    r.append(ev("10:05:37", BD, "ec2.amazonaws.com", "DescribeInstances",
                "us-east-1", ATK2, UA_ATK2.replace("run-instances",
                                                   "describe-instances"),
                {"instancesSet": {}, "filterSet": {"items": [{
                    "name": "instance-state-name",
                    "valueSet": {"items": [{"value": "running"}]}}]}},
                None))
    r += ci_background("10:31:55")
    r.append(console_login("10:48:10", alice("10:48:10"), OFFICE_IP, "Yes"))
    r.append(ev("10:50:02", alice("10:48:10"), "guardduty.amazonaws.com",
                "ListFindings", "us-east-1", OFFICE_IP, UA_CONSOLE,
                {"detectorId": DETECTOR, "maxResults": 50}, None))
    r.append(ev("10:52:44", alice("10:48:10"), "cloudtrail.amazonaws.com",
                "LookupEvents", "us-east-1", OFFICE_IP, UA_CONSOLE,
                {"lookupAttributes": [{"attributeKey": "AccessKeyId",
                                       "attributeValue": CI_KEY}],
                 "maxResults": 50}, None))
    r.append(ev("10:58:30", alice("10:48:10"), "ec2.amazonaws.com",
                "DescribeInstances", "us-west-2", OFFICE_IP, UA_CONSOLE,
                {"instancesSet": {}, "filterSet": {}}, None))
    r += noise(["09:44:10", "09:52:31", "10:01:12", "10:12:48", "10:20:03",
                "10:33:40", "10:41:18", "10:55:52"])
    return r


def file_replay_1130():
    """Second wave, for an exercise's replay: a second key, a new region."""
    r = []
    t = "11:12:09"
    r.append(ev(t, BD, "iam.amazonaws.com", "CreateAccessKey", "us-east-1",
                ATK2, UA_ATK2.replace("ec2.run-instances",
                                      "iam.create-access-key"),
                {"userName": "ci-deploy"},
                {"accessKey": {"userName": "ci-deploy",
                               "accessKeyId": "AKIAEXAMPLECIDEPLOY9",
                               "status": "Active",
                               "createDate": aws_date(t)}}))
    sg = "sg-06b7c8d9e0f1a2b3c"
    r.append(sg_create("11:18:40", BD, ATK2, UA_ATK2.replace(
        "run-instances", "create-security-group"), "ap-southeast-1", sg))
    r.append(sg_open("11:18:52", BD, ATK2, UA_ATK2.replace(
        "run-instances", "authorize-security-group-ingress"),
        "ap-southeast-1", sg))
    r.append(run_instances("11:21:07", BD, ATK2, UA_ATK2, "ap-southeast-1",
                           "g4dn.12xlarge", 6, None, sg, "ci-runner-gpu"))
    for it in r[-1]["responseElements"]["instancesSet"]["items"]:
        it.pop("keyName")
    r[-1]["requestParameters"]["instancesSet"]["items"][0].pop("keyName")
    return r


# --- GuardDuty ------------------------------------------------------------

DETECTOR = "4ab6e1d3f0c2e8b7a9d5c1e3f7a2b4c6"


def gd_arn(region, fid):
    return ("arn:aws:guardduty:%s:%s:detector/%s/finding/%s"
            % (region, ACCT, DETECTOR, fid))


def remote_ip(ip, city, country, org, asn):
    return {"IpAddressV4": ip,
            "Organization": {"Asn": asn, "AsnOrg": org, "Isp": org,
                             "Org": org},
            "Country": {"CountryName": country},
            "City": {"CityName": city},
            "GeoLocation": {"Lat": 52.3676, "Lon": 4.9041}}


def key_resource(user, pid, key, utype="IAMUser"):
    return {"ResourceType": "AccessKey",
            "AccessKeyDetails": {"AccessKeyId": key, "PrincipalId": pid,
                                 "UserName": user, "UserType": utype}}


def runner_resource():
    """The runner's role key, and the instance it was made for."""
    r = key_resource("ci-runner-role", "AROAEXAMPLERUNNERROLE:" +
                     RUNNER_INSTANCE, RUNNER_KEY, "AssumedRole")
    r["InstanceDetails"] = {
        "InstanceId": RUNNER_INSTANCE, "InstanceType": "c6i.2xlarge",
        "InstanceState": "running", "AvailabilityZone": "us-east-1b",
        "ImageId": AMI["us-east-1"],
        "IamInstanceProfile": {
            "Arn": "arn:aws:iam::%s:instance-profile/ci-runner" % ACCT,
            "Id": "AIPAEXAMPLERUNNERPRF"},
        "Tags": [{"Key": "Name", "Value": "ci-runner-1"}]}
    return r


def instance_resource(region, iid):
    return {"ResourceType": "Instance",
            "InstanceDetails": {
                "InstanceId": iid, "InstanceType": "p3.16xlarge",
                "LaunchTime": "2026-11-24T09:21:35.000Z",
                "ImageId": AMI[region],
                "ImageDescription": "Ubuntu Server 22.04 LTS",
                "InstanceState": "running",
                "AvailabilityZone": region + "a",
                "NetworkInterfaces": [{
                    "NetworkInterfaceId": "eni-0" + hexid("eni" + iid, 16),
                    "PrivateIpAddress": "10.0.7.20",
                    "PrivateDnsName": "ip-10-0-7-20.%s.compute.internal"
                                      % region,
                    "PublicIp": "192.0.2.201",
                    "PublicDnsName": "",
                    "SubnetId": SUBNET[region], "VpcId": VPC[region],
                    "SecurityGroups": [{"GroupId": SG_E if region ==
                                        "us-east-1" else SG_W,
                                        "GroupName": "default-ssh"}],
                    "Ipv6Addresses": [],
                    "PrivateIpAddresses": [{
                        "PrivateIpAddress": "10.0.7.20",
                        "PrivateDnsName": "ip-10-0-7-20.%s.compute."
                                          "internal" % region}]}],
                "ProductCodes": [],
                "Tags": [{"Key": "Name", "Value": "ci-runner-gpu"}]}}


def finding(fid, ftype, sev, region, title, desc, resource, action, first,
            last, count, created, updated, extra_service=None):
    svc = {"Action": action, "Archived": False, "Count": count,
           "DetectorId": DETECTOR,
           "EventFirstSeen": "%sT%sZ" % (DAY, first),
           "EventLastSeen": "%sT%sZ" % (DAY, last),
           "ResourceRole": "TARGET", "ServiceName": "guardduty"}
    if extra_service:
        svc.update(extra_service)
    return {"AccountId": ACCT, "Arn": gd_arn(region, fid),
            "CreatedAt": "%sT%sZ" % (DAY, created), "Description": desc,
            "Id": fid, "Partition": "aws", "Region": region,
            "Resource": resource, "SchemaVersion": "2.0", "Service": svc,
            "Severity": sev, "Title": title, "Type": ftype,
            "UpdatedAt": "%sT%sZ" % (DAY, updated)}


IE1 = None  # first us-east-1 miner, filled in by main()
IW1 = None


def api_action(api, service, ip, city, country, org, asn, err=None):
    a = {"Api": api, "CallerType": "Remote IP", "ServiceName": service,
         "RemoteIpDetails": remote_ip(ip, city, country, org, asn)}
    if err:
        a["ErrorCode"] = err
    return {"ActionType": "AWS_API_CALL", "AwsApiCallAction": a}


def guardduty_findings():
    f = []
    f.append(finding(
        "c2ccb4a5e8f10d7a6b3e9f1d2c4a6e80",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        8, "us-east-1",
        "Credentials for instance role ci-runner-role used from external "
        "IP address.",
        "Credentials created exclusively for an EC2 instance using instance "
        "role ci-runner-role have been used from external IP address "
        "%s." % ATK1,
        runner_resource(),
        api_action("ListBuckets", "s3.amazonaws.com", ATK1, "Amsterdam",
                   "Netherlands", "Example Hosting B.V.", "64500",
                   "AccessDenied"),
        "09:01:58", "09:02:05", 2, "09:08:13.412Z", "09:08:13.412Z"))
    f.append(finding(
        "48ccb4a5f0e21a3b7c9d5e1f3a5b7c90",
        "Recon:IAMUser/MaliciousIPCaller", 5, "us-east-1",
        "Reconnaissance API ListUsers was invoked from a known malicious IP "
        "address %s." % ATK1,
        "API ListUsers, commonly used in reconnaissance attacks, was invoked "
        "from a known malicious IP address %s. Unauthorized actors "
        "perform this type of activity to gather information and discover "
        "resources like databases, S3 buckets etc., in order to further "
        "tailor the attack." % ATK1,
        key_resource("ci-deploy", "AIDAEXAMPLECIDEPLOY01", CI_KEY),
        api_action("ListUsers", "iam.amazonaws.com", ATK1, "Amsterdam",
                   "Netherlands", "Example Hosting B.V.", "64500"),
        "09:02:50", "09:05:10", 9, "09:11:40.207Z", "09:26:02.915Z",
        {"Evidence": {"ThreatIntelligenceDetails": [{
            "ThreatListName": "ProofPoint",
            "ThreatNames": ["Scanner"]}]}}))
    f.append(finding(
        "5accb4a6a1b2c3d4e5f60718293a4b5c",
        "CryptoCurrency:EC2/BitcoinTool.B!DNS", 8, "us-east-1",
        "Bitcoin-related domain name queried by EC2 instance %s." % IE1,
        "EC2 instance %s is querying a domain name that is associated with "
        "Bitcoin-related activity." % IE1,
        instance_resource("us-east-1", IE1),
        {"ActionType": "DNS_REQUEST",
         "DnsRequestAction": {"Domain": "xmr-pool.example.com",
                              "Protocol": "UDP", "Blocked": False}},
        "09:31:07", "10:44:51", 312, "09:38:20.611Z", "10:50:12.003Z",
        {"Evidence": {"ThreatIntelligenceDetails": [{
            "ThreatListName": "Amazon", "ThreatNames": []}]},
         "FeatureName": "DnsLogs", "ResourceRole": "ACTOR"}))
    f.append(finding(
        "6cccb4a6b2c3d4e5f607182930a1b2c3",
        "CryptoCurrency:EC2/BitcoinTool.B", 8, "us-west-2",
        "EC2 instance %s is communicating with a Bitcoin mining pool." % IW1,
        "EC2 instance %s is communicating with IP address 198.51.100.140 "
        "on TCP port 3333, which is associated with cryptocurrency-related "
        "activity." % IW1,
        instance_resource("us-west-2", IW1),
        {"ActionType": "NETWORK_CONNECTION",
         "NetworkConnectionAction": {
             "Blocked": False, "ConnectionDirection": "OUTBOUND",
             "Protocol": "TCP",
             "LocalPortDetails": {"Port": 48126, "PortName": "Unknown"},
             "RemotePortDetails": {"Port": 3333, "PortName": "Unknown"},
             "LocalIpDetails": {"IpAddressV4": "10.0.7.20"},
             "RemoteIpDetails": remote_ip("198.51.100.140", "Frankfurt",
                                          "Germany", "Example Pool GmbH",
                                          "64511")}},
        "09:36:44", "10:46:02", 1180, "09:44:51.330Z", "10:51:40.876Z",
        {"FeatureName": "FlowLogs", "ResourceRole": "ACTOR"}))
    f.append(finding(
        "72ccb4a6c3d4e5f60718293a4b5c6d7e",
        "Policy:IAMUser/RootCredentialUsage", 2, "us-east-1",
        "API GetCostAndUsage was invoked using root credentials.",
        "API GetCostAndUsage was invoked using root credentials from IP "
        "address %s." % OFFICE_IP,
        key_resource("Root", ACCT, "ASIAEXAMPLEROOTCONS1", "Root"),
        api_action("GetCostAndUsage", "ce.amazonaws.com", OFFICE_IP,
                   "Leeds", "United Kingdom", "Example Office ISP",
                   "64496"),
        "08:47:02", "08:48:15", 2, "08:55:31.048Z", "08:55:31.048Z"))
    f.append(finding(
        "84ccb4a6d4e5f60718293a4b5c6d7e8f",
        "Persistence:IAMUser/AnomalousBehavior", 5, "us-east-1",
        "User ci-deploy is anomalously invoking APIs commonly used in "
        "Persistence tactics.",
        "APIs commonly used in Persistence tactics were invoked by user "
        "IAMUser : ci-deploy, under anomalous circumstances. Such activity "
        "is not typically seen from this user.",
        key_resource("ci-deploy", "AIDAEXAMPLECIDEPLOY01", CI_KEY),
        api_action("CreateAccessKey", "iam.amazonaws.com", ATK1,
                   "Amsterdam", "Netherlands", "Example Hosting B.V.",
                   "64500"),
        "09:09:41", "09:10:30", 4, "09:22:17.505Z", "09:22:17.505Z"))
    # A sample finding someone generated to test the alert wiring.
    s = finding(
        "a8ccb4a6e5f60718293a4b5c6d7e8f90",
        "Backdoor:EC2/C&CActivity.B!DNS", 8, "us-east-1",
        "Command and Control server domain name queried by EC2 instance "
        "i-99999999.",
        "EC2 instance i-99999999 is querying a domain name associated with "
        "a known Command & Control server.",
        {"ResourceType": "Instance",
         "InstanceDetails": {"InstanceId": "i-99999999",
                             "InstanceType": "m3.xlarge",
                             "ImageId": "ami-99999999",
                             "InstanceState": "running",
                             "AvailabilityZone":
                             "GeneratedFindingInstaceAvailabilityZone",
                             "Tags": [{"Key": "GeneratedFindingInstaceTag1",
                                       "Value":
                                       "GeneratedFindingInstaceValue1"}]}},
        {"ActionType": "DNS_REQUEST",
         "DnsRequestAction": {"Domain": "GeneratedFindingDomainName",
                              "Protocol": "UDP", "Blocked": True}},
        "08:30:00", "08:30:00", 1, "08:30:01.211Z", "08:30:01.211Z",
        {"AdditionalInfo": {"Value": "{\"sample\":true}",
                            "Type": "default"}})
    f.append(s)
    return {"Findings": f}


def eventbridge_update(gd):
    """The DNS finding again, as EventBridge delivers it: camelCase
    inside a "GuardDuty Finding" envelope, count and updatedAt moved on."""
    src = [x for x in gd["Findings"]
           if x["Type"] == "CryptoCurrency:EC2/BitcoinTool.B!DNS"][0]
    d = camel(json.loads(json.dumps(src)))
    d["service"]["count"] = 498
    d["service"]["eventLastSeen"] = DAY + "T11:24:30Z"
    d["updatedAt"] = DAY + "T11:30:09.512Z"
    return {"version": "0", "id": uid("eb-1"),
            "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
            "account": ACCT, "time": DAY + "T11:30:09Z",
            "region": "us-east-1", "resources": [], "detail": d}


def camel(o):
    if isinstance(o, dict):
        return {k[0].lower() + k[1:]: camel(v) for k, v in o.items()}
    if isinstance(o, list):
        return [camel(v) for v in o]
    return o


# --- output ---------------------------------------------------------------

NOISE = ("GetSecretValue", "AssumeRole", "GetAuthorizationToken",
         "UpdateService")


def who_of(r):
    u = r["userIdentity"]
    if u.get("type") == "Root":
        return "root"
    if u.get("type") == "AssumedRole":
        return u["arn"].split("/")[1]
    return u.get("userName") or u.get("invokedBy", "?")


def readme(manifest, story, gd):
    """The facilitator's page: the story line by line, noise left out."""
    lines = ["# Exercise scenario: %s" % manifest["title"], "",
             manifest["description"], "",
             "Written by `tests/scenarios/crypto-mining.py` (run it again "
             "rather than editing these files); `warroom demo` loads "
             "`scenario.json`'s `files` in order; `replay` is for an "
             "exercise to feed in later.", "",
             "## What the CloudTrail files tell", "",
             "| time (UTC) | who | from | call | outcome |",
             "| --- | --- | --- | --- | --- |"]
    story.sort(key=lambda x: x[0]["eventTime"])
    for r, _ in story:
        if r["eventName"] in NOISE:
            continue
        lines.append("| %s | %s | %s | %s %s | %s |" % (
            r["eventTime"][11:19], who_of(r), r["sourceIPAddress"],
            r["eventName"], r["awsRegion"], r.get("errorCode", "ok")))
    lines += ["", "Around it, routine traffic: CI deploys from 192.0.2.10 "
              "(the same ci-deploy key), the web service reading its "
              "secret, Lambda and ECS assuming their roles.", "",
              "## GuardDuty findings (get-findings.json)", "",
              "| type | severity | about |", "| --- | --- | --- |"]
    for f in gd["Findings"]:
        about = (f["Resource"].get("AccessKeyDetails", {}).get("AccessKeyId")
                 or f["Resource"]["InstanceDetails"]["InstanceId"])
        sample = " (sample)" if "AdditionalInfo" in f["Service"] else ""
        lines.append("| %s%s | %g | %s |" % (f["Type"], sample,
                                             f["Severity"], about))
    return "\n".join(lines) + "\n"

def records_text(recs):
    """{"Records":[...]} with one record a line: still the trail's format,
    easier to read and diff than the single line the trail writes."""
    lines = [json.dumps(r, separators=(",", ":")) for r in recs]
    return '{"Records":[\n' + ",\n".join(lines) + "\n]}\n"


def write(path, text, gz=False):
    data = text.encode()
    if gz:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    with open(path, "wb") as fp:
        fp.write(data)


def ct_name(region, stamp, tag):
    return ("cloudtrail/%s_CloudTrail_%s_2026112%sZ_%s.json"
            % (ACCT, region, stamp, tag))


def main():
    global IE1, IW1
    out = sys.argv[1] if len(sys.argv) > 1 else \
        "data/scenarios/crypto-mining"
    os.makedirs(out + "/cloudtrail", exist_ok=True)
    os.makedirs(out + "/replay", exist_ok=True)
    files = [
        (ct_name("us-east-1", "4T0855", "hT3vX0bq9LmN2kQe"), file_0855, False),
        (ct_name("us-east-1", "4T0905", "Rw7pZc2eY4uJ8sDa") + ".gz",
         file_0905, True),
        (ct_name("us-east-1", "4T0915", "Kq1mB6nV3xT9wLcF"), file_0915, False),
        (ct_name("us-east-1", "4T0925", "Ue5gH0jP7rS2yNbM") + ".gz",
         file_0925, True),
        (ct_name("us-west-2", "4T0930", "Ap8dF3kW6zQ1vXeR") + ".gz",
         file_0930_west, True),
        (ct_name("eu-west-1", "4T0930", "Lm4tY9cB2hG7sJqD"), file_0930_eu,
         False),
        (ct_name("us-east-1", "4T1105", "Zx6nE1wR5uK3pVaT"), file_1105, False),
    ]
    manifest_files = []
    story = []
    for name, fn, gz in files:
        recs = fn()
        recs.sort(key=lambda r: r["eventTime"])
        story += [(r, name) for r in recs]
        write(out + "/" + name, records_text(recs), gz)
        manifest_files.append(name)
        for r in recs:
            if r["eventName"] == "RunInstances" and r["responseElements"]:
                ids = [i["instanceId"] for i in
                       r["responseElements"]["instancesSet"]["items"]]
                if r["awsRegion"] == "us-east-1":
                    IE1 = ids[0]
                elif r["awsRegion"] == "us-west-2":
                    IW1 = ids[0]
    gd = guardduty_findings()
    os.makedirs(out + "/guardduty", exist_ok=True)
    write(out + "/guardduty/get-findings.json",
          json.dumps(gd, indent=4) + "\n")
    manifest_files.append("guardduty/get-findings.json")

    rname = "replay/%s_CloudTrail_ap-southeast-1_20261124T1125Z_" \
            "Jc2vN8qT4mW6bYeH.json.gz" % ACCT
    rec = file_replay_1130()
    rec.sort(key=lambda r: r["eventTime"])
    write(out + "/" + rname, records_text(rec), True)
    ename = "replay/eventbridge-guardduty-finding.json"
    write(out + "/" + ename, json.dumps(eventbridge_update(gd), indent=2)
          + "\n")

    manifest = {
        "title": "Leaked CI key used for crypto mining (exercise)",
        "type": "compromised-iam-access-key",
        "description": (
            "The access key of the CI user ci-deploy leaked from a "
            "compromised CI runner.  From 203.0.113.77 the attacker checks "
            "the key, looks around, fails to launch instances with it, and "
            "creates an administrator user svc-monitoring with its own "
            "key and a console password.  From 198.51.100.23 that user "
            "tries to stop the trail (denied by an SCP), imports and "
            "creates key pairs, opens SSH to the world and launches "
            "p3.16xlarge instances in us-east-1 and us-west-2; GuardDuty "
            "sees them talk to mining pools.  Times: 24 Nov 2026, "
            "08:41-10:58 UTC.  Account 111122223333; every value is fake."),
        "account": ACCT,
        "files": manifest_files,
        "replay": [rname, ename],
    }
    write(out + "/scenario.json", json.dumps(manifest, indent=2) + "\n")
    write(out + "/README.md", readme(manifest, story, gd))


if __name__ == "__main__":
    main()
