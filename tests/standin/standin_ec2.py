"""EC2 for the AWS stand-in (tests/standin/standin.py): the Query calls
warroom's containment makes, with state, in EC2's own reply shapes.

Data (the "ec2" object of the stand-in's data file):

    {"instances": {ID: "running"                      (a bare state), or
                   ID: {"state", "vpc", "groups": [sg...],
                        "volumes": [vol...], "profile": ARN,
                        "interfaces": N (network interfaces, 1)}},
     "vpcs": {VPC: {"ipv6": true}},
     "security_groups": {SG: {"name", "vpc", "description",
                              "ingress": [RULE], "egress": [RULE]}},
     "instance_profiles": [ARN...],
     "disassociate_lag": N}

With disassociate_lag, a disassociated profile still shows on the
instance (state disassociating) for the next N DescribeInstances, as
EC2 takes a moment to finish.

A RULE is {"protocol": "-1" or "tcp", "from", "to", "cidr" or "cidr6"}.
Every request's parameters are checked against botocore's EC2 model
(UnknownParameter, as EC2 answers a misspelt one).
Instances, groups and profiles named in "instances" exist without
being listed.  Unknown ids get EC2's error codes
(InvalidInstanceID.NotFound, InvalidGroup.NotFound, ...).
"""

import itertools
import time
import uuid
from xml.sax.saxutils import escape

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
CODES = {"pending": 0, "running": 16, "shutting-down": 32,
         "terminated": 48, "stopping": 64, "stopped": 80}
OWNER = "111122223333"


class Ec2Error(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def reply(op, inner):
    return 200, ('<%sResponse xmlns="%s"><requestId>%s</requestId>%s'
                 '</%sResponse>' % (op, NS, uuid.uuid4(), inner, op)), \
        "text/xml"


def error_body(code, message, rid):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors>'
            '<Error><Code>%s</Code><Message>%s</Message></Error></Errors>'
            '<RequestID>%s</RequestID></Response>' %
            (escape(code), escape(message), rid))


def numbered(p, prefix):
    """p's PREFIX.1, PREFIX.2, ... values in order."""
    out = []
    for i in itertools.count(1):
        v = p.get("%s.%d" % (prefix, i))
        if v is None:
            return out
        out.append(v)


def filters(p):
    """Filter.N.Name / Filter.N.Value.M as {name: [values]}."""
    out = {}
    for i in itertools.count(1):
        name = p.get("Filter.%d.Name" % i)
        if name is None:
            return out
        out[name] = numbered(p, "Filter.%d.Value" % i)


def tags(p, rtype):
    """The tags of TagSpecification.N for resource type rtype."""
    out = {}
    for i in itertools.count(1):
        t = p.get("TagSpecification.%d.ResourceType" % i)
        if t is None:
            return out
        if t != rtype:
            raise Ec2Error("InvalidParameterValue", "'%s' is not a valid "
                           "taggable resource type for this operation" % t)
        for j in itertools.count(1):
            k = p.get("TagSpecification.%d.Tag.%d.Key" % (i, j))
            if k is None:
                break
            out[k] = p.get("TagSpecification.%d.Tag.%d.Value" % (i, j), "")


def tag_set(t):
    return "<tagSet>%s</tagSet>" % "".join(
        "<item><key>%s</key><value>%s</value></item>" %
        (escape(k), escape(v)) for k, v in sorted(t.items()))


def need(p, key):
    v = p.get(key)
    if not v:
        raise Ec2Error("MissingParameter", "The request must contain the "
                       "parameter %s" % key)
    return v


def rule_xml(r):
    out = "<item><ipProtocol>%s</ipProtocol>" % escape(r["protocol"])
    if "from" in r:
        out += "<fromPort>%d</fromPort><toPort>%d</toPort>" % (
            r["from"], r["to"])
    out += "<groups/>"
    out += "<ipRanges>%s</ipRanges>" % (
        "<item><cidrIp>%s</cidrIp></item>" % escape(r["cidr"])
        if "cidr" in r else "")
    out += "<ipv6Ranges>%s</ipv6Ranges>" % (
        "<item><cidrIpv6>%s</cidrIpv6></item>" % escape(r["cidr6"])
        if "cidr6" in r else "")
    return out + "<prefixListIds/></item>"


_MODEL = []


def model():
    """botocore's EC2 service model, loaded once."""
    if not _MODEL:
        import botocore.session
        _MODEL.append(botocore.session.get_session().get_service_model(
            "ec2"))
    return _MODEL[0]


def query_name(name, member):
    s = member.serialization
    if "queryName" in s:
        return s["queryName"]
    if "name" in s:
        return s["name"][0].upper() + s["name"][1:]
    return name


def check_params(p):
    """Every form key names a member of the operation's input, as EC2
    serialises it (lists flattened as Name.N); else UnknownParameter."""
    try:
        shape = model().operation_model(p.get("Action")).input_shape
    except Exception:
        return
    for key in p:
        if key in ("Action", "Version"):
            continue
        cur = shape
        for tok in key.split("."):
            if cur is None:
                break
            if cur.type_name == "list":
                cur = cur.member if tok.isdigit() and int(tok) > 0 \
                    else None
            elif cur.type_name == "structure":
                cur = next((m for n, m in cur.members.items()
                            if query_name(n, m) == tok), None)
            else:
                cur = None
        if cur is None or cur.type_name in ("list", "structure"):
            raise Ec2Error("UnknownParameter", "The parameter %s is not "
                           "recognized" % key)


class Ec2:
    """Instances, security groups, snapshots, profile associations."""

    def __init__(self, data):
        self.ids = itertools.count(1)
        self.vpcs = {k: dict(v) for k, v in data.get("vpcs", {}).items()}
        self.groups = {}
        for gid, g in data.get("security_groups", {}).items():
            self.groups[gid] = {
                "name": g.get("name", gid), "vpc": g.get("vpc", ""),
                "description": g.get("description", g.get("name", gid)),
                "ingress": list(g.get("ingress", [])),
                "egress": list(g.get("egress", [])), "tags": {}}
        self.profiles = set(data.get("instance_profiles", []))
        self.lag = int(data.get("disassociate_lag", 0))
        self.instances = {}
        self.assocs = {}
        self.snapshots = {}
        for iid, v in data.get("instances", {}).items():
            self.add_instance(iid, v)

    def new_id(self, prefix):
        return "%s-%017x" % (prefix, 0xa000 + next(self.ids))

    def add_instance(self, iid, v):
        if isinstance(v, str):          # the old format: a bare state
            v = {"state": v}
        inst = {"state": v.get("state", "running"),
                "vpc": v.get("vpc", "vpc-0standin"),
                "groups": list(v.get("groups", [])),
                "volumes": list(v.get("volumes", []))}
        # Each interface has its groups; the instance shows the first's.
        inst["interfaces"] = [{"id": self.new_id("eni"),
                               "groups": list(inst["groups"])}
                              for _ in range(int(v.get("interfaces", 1)))]
        self.vpcs.setdefault(inst["vpc"], {})
        for gid in inst["groups"]:
            self.groups.setdefault(gid, {
                "name": gid, "vpc": inst["vpc"], "description": gid,
                "ingress": [], "egress": [], "tags": {}})
        self.instances[iid] = inst
        if v.get("profile"):
            self.profiles.add(v["profile"])
            aid = self.new_id("iip-assoc")
            self.assocs[aid] = {"instance": iid, "arn": v["profile"],
                                "state": "associated"}

    # ---------------------------------------------------------- lookups

    def instance(self, iid):
        if not iid:
            raise Ec2Error("MissingParameter", "The request must contain "
                           "the parameter InstanceId")
        if iid not in self.instances:
            raise Ec2Error("InvalidInstanceID.NotFound", "The instance ID "
                           "'%s' does not exist" % iid)
        return self.instances[iid]

    def group(self, gid):
        if gid not in self.groups:
            raise Ec2Error("InvalidGroup.NotFound", "The security group "
                           "'%s' does not exist" % gid)
        return self.groups[gid]

    def profile_of(self, iid, shown=False):
        """The instance's association; shown: also one still finishing
        its disassociation."""
        for aid, a in self.assocs.items():
            if a["instance"] == iid and (a["state"] == "associated" or
                                         shown and a.get("lag", 0) > 0):
                return aid, a
        return None, None

    def public(self):
        """The whole state, for GET /_standin/ec2."""
        out = {"instances": {}, "security_groups": self.groups,
               "snapshots": self.snapshots, "associations": self.assocs}
        for iid, inst in self.instances.items():
            _, a = self.profile_of(iid)
            out["instances"][iid] = dict(inst, profile=a["arn"] if a
                                         else None)
        return out

    def states(self):
        return {iid: i["state"] for iid, i in self.instances.items()}

    # ---------------------------------------------------------- calls

    def handle(self, p):
        if p.get("Version") != "2016-11-15":
            raise Ec2Error("InvalidAction", "bad or missing Version")
        op = p.get("Action")
        fn = getattr(self, "op_" + (op or ""), None)
        if fn is None:
            raise Ec2Error("InvalidAction", "The action %s is not valid "
                           "for this web service." % op)
        check_params(p)
        return reply(op, fn(p))

    def groups_xml(self, gids):
        return "".join("<item><groupId>%s</groupId><groupName>%s"
                       "</groupName></item>" %
                       (g, escape(self.groups[g]["name"])) for g in gids)

    def set_groups(self, inst, n, gids):
        """Interface n of inst gets gids (checked to be in its VPC)."""
        for gid in gids:
            if self.group(gid)["vpc"] != inst["vpc"]:
                raise Ec2Error("InvalidGroup.NotFound", "The security "
                               "group '%s' does not exist in VPC '%s'" %
                               (gid, inst["vpc"]))
        inst["interfaces"][n]["groups"] = list(gids)
        if n == 0:
            inst["groups"] = list(gids)

    def instance_xml(self, iid):
        i = self.instances[iid]
        gs = self.groups_xml(i["groups"])
        bdm = "".join("<item><deviceName>/dev/xvd%s</deviceName><ebs>"
                      "<volumeId>%s</volumeId><status>attached</status>"
                      "<deleteOnTermination>true</deleteOnTermination>"
                      "</ebs></item>" % (chr(ord("a") + n), v)
                      for n, v in enumerate(i["volumes"]))
        _, a = self.profile_of(iid, shown=True)
        if a is not None and a["state"] != "associated":
            a["lag"] -= 1
        prof = ("<iamInstanceProfile><arn>%s</arn><id>AIPASTANDIN</id>"
                "</iamInstanceProfile>" % escape(a["arn"])) if a else ""
        # Each network interface has a groupSet of its own, as in AWS.
        enis = "".join("<item><networkInterfaceId>%s</networkInterfaceId>"
                       "<groupSet>%s</groupSet></item>" %
                       (e["id"], self.groups_xml(e["groups"]))
                       for e in i["interfaces"])
        return ("<item><instanceId>%s</instanceId><instanceState><code>%d"
                "</code><name>%s</name></instanceState><vpcId>%s</vpcId>"
                "<groupSet>%s</groupSet><blockDeviceMapping>%s"
                "</blockDeviceMapping>%s<networkInterfaceSet>%s"
                "</networkInterfaceSet></item>" %
                (iid, CODES[i["state"]], i["state"], i["vpc"], gs, bdm,
                 prof, enis))

    def op_DescribeInstances(self, p):
        ids = numbered(p, "InstanceId")
        for iid in ids:
            self.instance(iid)
        ids = ids or sorted(self.instances)
        return ("<reservationSet><item><reservationId>r-0standin"
                "</reservationId><ownerId>%s</ownerId><groupSet/>"
                "<instancesSet>%s</instancesSet></item></reservationSet>" %
                (OWNER, "".join(self.instance_xml(i) for i in ids)))

    def change_state(self, p, new):
        iid = p.get("InstanceId.1")
        inst = self.instance(iid)
        old = inst["state"]
        if old == "terminated" and new != "terminated":
            raise Ec2Error("IncorrectInstanceState", "The instance '%s' "
                           "is terminated" % iid)
        inst["state"] = new
        return ("<instancesSet><item><instanceId>%s</instanceId>"
                "<currentState><code>%d</code><name>%s</name>"
                "</currentState><previousState><code>%d</code><name>%s"
                "</name></previousState></item></instancesSet>" %
                (iid, CODES[new], new, CODES[old], old))

    def op_StopInstances(self, p):
        return self.change_state(p, "stopped")

    def op_StartInstances(self, p):
        return self.change_state(p, "running")

    def op_TerminateInstances(self, p):
        return self.change_state(p, "terminated")

    def op_CreateSnapshot(self, p):
        vol = need(p, "VolumeId")
        if not any(vol in i["volumes"] for i in self.instances.values()):
            raise Ec2Error("InvalidVolume.NotFound", "The volume '%s' "
                           "does not exist." % vol)
        sid = self.new_id("snap")
        s = {"volume": vol, "description": p.get("Description", ""),
             "tags": tags(p, "snapshot"), "state": "pending",
             "started": time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                      time.gmtime())}
        self.snapshots[sid] = s
        return ("<snapshotId>%s</snapshotId><volumeId>%s</volumeId>"
                "<status>pending</status><startTime>%s</startTime>"
                "<progress/><ownerId>%s</ownerId><volumeSize>8"
                "</volumeSize><description>%s</description>"
                "<encrypted>false</encrypted>%s" %
                (sid, vol, s["started"], OWNER, escape(s["description"]),
                 tag_set(s["tags"])))

    def group_xml(self, gid):
        g = self.groups[gid]
        return ("<item><ownerId>%s</ownerId><groupId>%s</groupId>"
                "<groupName>%s</groupName><groupDescription>%s"
                "</groupDescription><vpcId>%s</vpcId><ipPermissions>%s"
                "</ipPermissions><ipPermissionsEgress>%s"
                "</ipPermissionsEgress>%s</item>" %
                (OWNER, gid, escape(g["name"]), escape(g["description"]),
                 g["vpc"], "".join(rule_xml(r) for r in g["ingress"]),
                 "".join(rule_xml(r) for r in g["egress"]),
                 tag_set(g["tags"])))

    def op_DescribeSecurityGroups(self, p):
        ids = numbered(p, "GroupId")
        for gid in ids:
            self.group(gid)
        sel = ids or sorted(self.groups)
        keys = {"group-name": "name", "vpc-id": "vpc"}
        for name, values in filters(p).items():
            if name == "group-id":
                sel = [g for g in sel if g in values]
            elif name in keys:
                sel = [g for g in sel
                       if self.groups[g][keys[name]] in values]
            else:
                raise Ec2Error("InvalidParameterValue", "The filter "
                               "'%s' is invalid" % name)
        return "<securityGroupInfo>%s</securityGroupInfo>" % "".join(
            self.group_xml(g) for g in sel)

    def op_CreateSecurityGroup(self, p):
        name, desc = need(p, "GroupName"), need(p, "GroupDescription")
        vpc = need(p, "VpcId")
        if vpc not in self.vpcs:
            raise Ec2Error("InvalidVpcID.NotFound", "The vpc ID '%s' does "
                           "not exist" % vpc)
        if any(g["name"] == name and g["vpc"] == vpc
               for g in self.groups.values()):
            raise Ec2Error("InvalidGroup.Duplicate", "The security group "
                           "'%s' already exists for VPC '%s'" % (name, vpc))
        gid = self.new_id("sg")
        # A new VPC group allows all egress, IPv6 too where the VPC has it.
        egress = [{"protocol": "-1", "cidr": "0.0.0.0/0"}]
        if self.vpcs[vpc].get("ipv6"):
            egress.append({"protocol": "-1", "cidr6": "::/0"})
        self.groups[gid] = {"name": name, "vpc": vpc, "description": desc,
                            "ingress": [], "egress": egress,
                            "tags": tags(p, "security-group")}
        return "<return>true</return><groupId>%s</groupId>%s" % (
            gid, tag_set(self.groups[gid]["tags"]))

    def op_RevokeSecurityGroupEgress(self, p):
        g = self.group(need(p, "GroupId"))
        want = []
        for i in itertools.count(1):
            proto = p.get("IpPermissions.%d.IpProtocol" % i)
            if proto is None:
                break
            base = {"protocol": proto}
            if "IpPermissions.%d.FromPort" % i in p:
                base["from"] = int(p["IpPermissions.%d.FromPort" % i])
                base["to"] = int(p["IpPermissions.%d.ToPort" % i])
            for j in itertools.count(1):
                c = p.get("IpPermissions.%d.IpRanges.%d.CidrIp" % (i, j))
                if c is None:
                    break
                want.append(dict(base, cidr=c))
            for j in itertools.count(1):
                c = p.get("IpPermissions.%d.Ipv6Ranges.%d.CidrIpv6" %
                          (i, j))
                if c is None:
                    break
                want.append(dict(base, cidr6=c))
        if not want:
            raise Ec2Error("MissingParameter", "No IpPermissions given")
        unknown = [r for r in want if r not in g["egress"]]
        g["egress"] = [r for r in g["egress"] if r not in want]
        return "<return>true</return><unknownIpPermissionSet>%s" \
            "</unknownIpPermissionSet>" % "".join(rule_xml(r)
                                                  for r in unknown)

    def op_ModifyInstanceAttribute(self, p):
        inst = self.instance(p.get("InstanceId"))
        gids = numbered(p, "GroupId")
        if gids and len(inst["interfaces"]) > 1:
            raise Ec2Error("InvalidInstanceID", "There are multiple "
                           "interfaces attached to instance '%s'. Please "
                           "specify an interface ID for the operation "
                           "instead." % p.get("InstanceId"))
        if not gids:
            raise Ec2Error("MissingParameter", "The request must contain "
                           "an attribute to modify")
        self.set_groups(inst, 0, gids)
        return "<return>true</return>"

    def op_ModifyNetworkInterfaceAttribute(self, p):
        eni = need(p, "NetworkInterfaceId")
        gids = numbered(p, "SecurityGroupId")
        for inst in self.instances.values():
            for n, e in enumerate(inst["interfaces"]):
                if e["id"] == eni:
                    if not gids:
                        raise Ec2Error("MissingParameter", "The request "
                                       "must contain an attribute to "
                                       "modify")
                    self.set_groups(inst, n, gids)
                    return "<return>true</return>"
        raise Ec2Error("InvalidNetworkInterfaceID.NotFound", "The "
                       "networkInterface ID '%s' does not exist" % eni)

    def assoc_xml(self, aid):
        a = self.assocs[aid]
        return ("<item><associationId>%s</associationId><instanceId>%s"
                "</instanceId><iamInstanceProfile><arn>%s</arn><id>"
                "AIPASTANDIN</id></iamInstanceProfile><state>%s</state>"
                "</item>" % (aid, a["instance"], escape(a["arn"]),
                             a["state"]))

    def op_DescribeIamInstanceProfileAssociations(self, p):
        sel = numbered(p, "AssociationId") or sorted(self.assocs)
        for aid in sel:
            if aid not in self.assocs:
                raise Ec2Error("InvalidAssociationID.NotFound", "The "
                               "association ID '%s' does not exist" % aid)
        for name, values in filters(p).items():
            if name == "instance-id":
                sel = [a for a in sel
                       if self.assocs[a]["instance"] in values]
            elif name == "state":
                sel = [a for a in sel if self.assocs[a]["state"] in values]
            else:
                raise Ec2Error("InvalidParameterValue", "The filter "
                               "'%s' is invalid" % name)
        return ("<iamInstanceProfileAssociationSet>%s"
                "</iamInstanceProfileAssociationSet>" %
                "".join(self.assoc_xml(a) for a in sel))

    def op_DisassociateIamInstanceProfile(self, p):
        aid = need(p, "AssociationId")
        a = self.assocs.get(aid)
        if a is None or a["state"] != "associated":
            raise Ec2Error("InvalidAssociationID.NotFound", "The "
                           "association ID '%s' does not exist" % aid)
        a["state"] = "disassociated"
        a["lag"] = self.lag
        return "<iamInstanceProfileAssociation>%s" \
            "</iamInstanceProfileAssociation>" % \
            self.assoc_xml(aid)[6:-7].replace(
                "<state>disassociated", "<state>disassociating")

    def op_AssociateIamInstanceProfile(self, p):
        iid = p.get("InstanceId")
        self.instance(iid)
        arn = p.get("IamInstanceProfile.Arn")
        if arn is None and p.get("IamInstanceProfile.Name"):
            arn = "arn:aws:iam::%s:instance-profile/%s" % (
                OWNER, p["IamInstanceProfile.Name"])
        if arn is None:
            raise Ec2Error("MissingParameter", "The request must contain "
                           "the parameter IamInstanceProfile")
        if arn not in self.profiles:
            raise Ec2Error("InvalidParameterValue", "Value (%s) for "
                           "parameter iamInstanceProfile.arn is invalid. "
                           "Invalid IAM Instance Profile ARN" % arn)
        if self.profile_of(iid)[0] is not None:
            raise Ec2Error("IncorrectState", "There is an existing "
                           "association for instance %s" % iid)
        aid = self.new_id("iip-assoc")
        self.assocs[aid] = {"instance": iid, "arn": arn,
                            "state": "associated"}
        return "<iamInstanceProfileAssociation>%s" \
            "</iamInstanceProfileAssociation>" % self.assoc_xml(aid)[6:-7]
