"""Checks of moto_launcher.py's ElastiCache, CloudFront and other patches, over HTTP with boto3: one
check per patch, named after it, each asserting what AWS does and moto 5.2.1 does not. Run from
moto-launcher.test.ts.

Usage:
  python3 moto_launcher_checks.py --endpoint URL CHECK
      run CHECK against a running launcher (the jest suite starts one on a free port)
  python3 moto_launcher_checks.py --without PATCH CHECK
      import the launcher, apply every patch but PATCH, serve moto in-process on a free 127.0.0.1
      port and run CHECK against it: the check must fail, or it proves nothing about PATCH
  python3 moto_launcher_checks.py --list
      print the check names, one a line

Exit 0 printing "ok" when the check holds; exit 1 with what differed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any, Callable

LAUNCHER = Path(__file__).with_name("moto_launcher.py")
ACCOUNT = "111111111111"
REGION = "ap-northeast-2"

CHECKS: dict[str, Callable[[Any], None]] = {}


def check(function: Callable[[Any], None]) -> Callable[[Any], None]:
    CHECKS[function.__name__] = function
    return function


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


def expect_error(code: str, call: Callable[[], Any], what: str) -> None:
    """`call` must fail with the AWS error `code`."""
    from botocore.exceptions import ClientError

    try:
        call()
    except ClientError as error:
        got = str(error.response.get("Error", {}).get("Code"))
        expect(got == code, f"{what}: expected {code}, got {got}")
        return
    raise CheckFailed(f"{what}: expected {code}, the call succeeded")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def client(endpoint: str, service: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="moto-accepts-any-secret",
        # A missing action answers 500; retrying it only makes the failing run slow.
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def subnet_group(ec: Any) -> tuple[str, str]:
    """A cache subnet group on two subnets (zones a and c) of a new VPC, and a security group there."""
    ec2 = client(ec.meta.endpoint_url, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.50.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")
        for i, zone in enumerate("ac")
    ]
    name = unique("sn")
    ec.create_cache_subnet_group(
        CacheSubnetGroupName=name,
        CacheSubnetGroupDescription="probe",
        SubnetIds=[s["Subnet"]["SubnetId"] for s in subnets],
    )
    group = ec2.create_security_group(GroupName=unique("cache"), Description="cache", VpcId=vpc)["GroupId"]
    return name, group


def rbac_user_group(ec: Any, engine: str = "redis") -> str:
    """A user group of a disabled "default" user and an IAM-authenticated application user."""
    default = unique("default")
    ec.create_user(
        UserId=default, UserName="default", Engine=engine, AccessString="off -@all", NoPasswordRequired=True
    )
    app = unique("app")
    ec.create_user(
        UserId=app,
        UserName=app,
        Engine=engine,
        AccessString="on ~* +@all",
        AuthenticationMode={"Type": "iam"},
    )
    group = ec.create_user_group(UserGroupId=unique("ug"), Engine=engine, UserIds=[default, app])
    return str(group["UserGroupId"])


def parameter_group(ec: Any, family: str = "redis7", cluster_enabled: bool = False) -> str:
    name = unique("pg")
    ec.create_cache_parameter_group(
        CacheParameterGroupName=name, CacheParameterGroupFamily=family, Description="x"
    )
    if cluster_enabled:
        ec.modify_cache_parameter_group(
            CacheParameterGroupName=name,
            ParameterNameValues=[{"ParameterName": "cluster-enabled", "ParameterValue": "yes"}],
        )
    return name


def replication_group(ec: Any, **request: Any) -> str:
    group_id = unique("rg")
    ec.create_replication_group(
        ReplicationGroupId=group_id,
        ReplicationGroupDescription="probe",
        CacheNodeType="cache.t4g.small",
        **request,
    )
    return group_id


@check
def elasticache_tags_on_every_resource(ec: Any) -> None:
    owner = [{"Key": "Owner", "Value": "platform"}]
    arn = ec.create_cache_parameter_group(
        CacheParameterGroupName=unique("pg"), CacheParameterGroupFamily="redis7", Description="x", Tags=owner
    )["CacheParameterGroup"]["ARN"]
    expect(ec.list_tags_for_resource(ResourceName=arn)["TagList"] == owner, "parameter group tags")
    group_arn = ec.describe_user_groups(UserGroupId=rbac_user_group(ec))["UserGroups"][0]["ARN"]
    team = [{"Key": "Team", "Value": "alerts"}]
    ec.add_tags_to_resource(ResourceName=group_arn, Tags=team)
    expect(ec.list_tags_for_resource(ResourceName=group_arn)["TagList"] == team, "user group tags")


@check
def elasticache_cache_parameter_groups(ec: Any) -> None:
    name = unique("pg")
    created = ec.create_cache_parameter_group(
        CacheParameterGroupName=name.upper(), CacheParameterGroupFamily="redis7", Description="probe"
    )["CacheParameterGroup"]
    expect(created["CacheParameterGroupName"] == name, f"AWS lowercases the name, got {created}")
    expect_error(
        "CacheParameterGroupAlreadyExists",
        lambda: ec.create_cache_parameter_group(
            CacheParameterGroupName=name, CacheParameterGroupFamily="redis7", Description="again"
        ),
        "a second group of the same name",
    )
    expect_error(
        "InvalidParameterValue",
        lambda: ec.create_cache_parameter_group(
            CacheParameterGroupName=unique("pg"), CacheParameterGroupFamily="redis9", Description="x"
        ),
        "an unknown family",
    )
    ec.modify_cache_parameter_group(
        CacheParameterGroupName=name,
        ParameterNameValues=[
            {"ParameterName": "cluster-enabled", "ParameterValue": "yes"},
            {"ParameterName": "maxmemory-policy", "ParameterValue": "noeviction"},
        ],
    )
    user = ec.describe_cache_parameters(CacheParameterGroupName=name, Source="user")["Parameters"]
    expect(
        [(p["ParameterName"], p["ParameterValue"], p["Source"]) for p in user]
        == [("cluster-enabled", "yes", "user"), ("maxmemory-policy", "noeviction", "user")],
        f"what was set reads back with Source user, got {user}",
    )
    ec.reset_cache_parameter_group(
        CacheParameterGroupName=name, ParameterNameValues=[{"ParameterName": "maxmemory-policy"}]
    )
    parameters = ec.describe_cache_parameters(CacheParameterGroupName=name)["Parameters"]
    left = [p["ParameterName"] for p in parameters]
    expect(left == ["cluster-enabled"], f"reset removes the parameter, left {left}")
    described = ec.describe_cache_parameter_groups(CacheParameterGroupName=name)["CacheParameterGroups"]
    families = [g["CacheParameterGroupFamily"] for g in described]
    expect(families == ["redis7"], f"describe by name: {described}")
    default = ec.describe_cache_parameter_groups(CacheParameterGroupName="default.redis7.cluster.on")
    expect(len(default["CacheParameterGroups"]) == 1, "AWS's default groups exist")
    expect_error(
        "InvalidParameterValue",
        lambda: ec.delete_cache_parameter_group(CacheParameterGroupName="default.redis7"),
        "deleting a default group",
    )
    ec.delete_cache_parameter_group(CacheParameterGroupName=name)
    expect_error(
        "CacheParameterGroupNotFound",
        lambda: ec.describe_cache_parameter_groups(CacheParameterGroupName=name),
        "describing a deleted group",
    )
    expect_error(
        "CacheParameterGroupNotFound",
        lambda: ec.delete_cache_parameter_group(CacheParameterGroupName=name),
        "deleting it again",
    )


@check
def elasticache_replication_group_parameter_group(ec: Any) -> None:
    subnets, _ = subnet_group(ec)
    redis = {"Engine": "redis", "EngineVersion": "7.1", "CacheSubnetGroupName": subnets}
    # A 2 x 1 layout with a cluster-enabled group and no ClusterMode: AWS makes it cluster mode.
    group_id = replication_group(
        ec,
        NumNodeGroups=2,
        ReplicasPerNodeGroup=1,
        AutomaticFailoverEnabled=True,
        CacheParameterGroupName=parameter_group(ec, cluster_enabled=True),
        **redis,
    )
    group = ec.describe_replication_groups(ReplicationGroupId=group_id)["ReplicationGroups"][0]
    mode = (group["ClusterEnabled"], group.get("ClusterMode"))
    expect(mode == (True, "enabled"), f"cluster mode from the parameter group, got {mode}")
    shards = len(group["NodeGroups"])
    expect("ConfigurationEndpoint" in group and shards == 2, f"a configuration endpoint, 2 shards: {shards}")
    expect_error(
        "InvalidParameterCombination",
        lambda: replication_group(
            ec, NumCacheClusters=1, CacheParameterGroupName=parameter_group(ec, "redis6.x"), **redis
        ),
        "a redis6.x parameter group for Redis OSS 7.1",
    )
    expect_error(
        "InvalidParameterCombination",
        lambda: replication_group(
            ec,
            NumNodeGroups=2,
            ReplicasPerNodeGroup=0,
            ClusterMode="enabled",
            AutomaticFailoverEnabled=True,
            CacheParameterGroupName=parameter_group(ec),
            **redis,
        ),
        "ClusterMode enabled with a cluster-enabled no group",
    )
    expect_error(
        "CacheParameterGroupNotFound",
        lambda: replication_group(ec, NumCacheClusters=1, CacheParameterGroupName=unique("missing"), **redis),
        "a parameter group that does not exist",
    )


@check
def elasticache_user_groups(ec: Any) -> None:
    group_id = rbac_user_group(ec)
    group = ec.describe_user_groups(UserGroupId=group_id)["UserGroups"][0]
    expect(group["Status"] == "active" and len(group["UserIds"]) == 2, f"the group as created, got {group}")
    app = next(u for u in group["UserIds"] if u.startswith("app-"))
    default = next(u for u in group["UserIds"] if u.startswith("default-"))
    user = ec.describe_users(UserId=app)["Users"][0]
    expect(user.get("UserGroupIds") == [group_id], f"users list their group, got {user.get('UserGroupIds')}")
    expect_error(
        "DefaultUserRequired",
        lambda: ec.modify_user_group(UserGroupId=group_id, UserIdsToRemove=[default]),
        "removing the default user",
    )
    expect_error(
        "DefaultUserRequired",
        lambda: ec.create_user_group(UserGroupId=unique("ug"), Engine="redis", UserIds=[app]),
        "a Redis OSS group without a default user",
    )
    expect_error(
        "UserGroupAlreadyExists",
        lambda: ec.create_user_group(UserGroupId=group_id, Engine="redis", UserIds=[default]),
        "a second group of the same id",
    )
    expect_error(
        "UserNotFound",
        lambda: ec.create_user_group(UserGroupId=unique("ug"), Engine="redis", UserIds=[default, "nobody"]),
        "an unknown user",
    )
    expect_error(
        "InvalidParameterCombination",
        lambda: replication_group(
            ec, NumCacheClusters=1, UserGroupIds=[group_id], TransitEncryptionEnabled=False
        ),
        "RBAC without transit encryption",
    )
    rg = replication_group(ec, NumCacheClusters=1, UserGroupIds=[group_id], TransitEncryptionEnabled=True)
    in_use = ec.describe_user_groups(UserGroupId=group_id)["UserGroups"][0]["ReplicationGroups"]
    expect(in_use == [rg], f"the group lists its replication group, got {in_use}")
    expect_error(
        "InvalidUserGroupState", lambda: ec.delete_user_group(UserGroupId=group_id), "deleting a group in use"
    )
    other = rbac_user_group(ec)
    deleted = ec.delete_user_group(UserGroupId=other)
    expect(deleted["Status"] == "deleting", f"delete answers deleting, got {deleted['Status']}")
    expect_error(
        "UserGroupNotFound", lambda: ec.describe_user_groups(UserGroupId=other), "describing a deleted group"
    )


@check
def elasticache_replication_group_members(ec: Any) -> None:
    subnets, security_group = subnet_group(ec)
    group_id = replication_group(
        ec,
        Engine="valkey",
        EngineVersion="8.0",
        NumCacheClusters=3,
        AutomaticFailoverEnabled=True,
        MultiAZEnabled=True,
        ClusterMode="disabled",
        CacheSubnetGroupName=subnets,
        SecurityGroupIds=[security_group],
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        TransitEncryptionMode="required",
        PreferredMaintenanceWindow="Sun:18:00-Sun:19:00",
    )
    group = ec.describe_replication_groups(ReplicationGroupId=group_id)["ReplicationGroups"][0]
    members = sorted(group["MemberClusters"])
    expected = [f"{group_id}-00{i}" for i in (1, 2, 3)]
    expect(members == expected, f"NumCacheClusters 3 makes 3 members, got {members}")
    reader = group["NodeGroups"][0].get("ReaderEndpoint", {})
    expect("Address" in reader, f"a reader endpoint, got {group['NodeGroups'][0]}")
    wanted = {
        "ReplicationGroupId": group_id,
        "Engine": "valkey",
        "EngineVersion": "8.0.0",
        "CacheNodeType": "cache.t4g.small",
        "CacheSubnetGroupName": subnets,
        "AtRestEncryptionEnabled": True,
        "TransitEncryptionEnabled": True,
        "TransitEncryptionMode": "required",
        "PreferredMaintenanceWindow": "sun:18:00-sun:19:00",
        "CacheClusterStatus": "available",
    }
    zones = set()
    for member in members:
        described = ec.describe_cache_clusters(CacheClusterId=member, ShowCacheNodeInfo=True)
        cluster = described["CacheClusters"][0]
        got = {key: cluster.get(key) for key in wanted}
        expect(got == wanted, f"member {member}: {got}")
        groups = [g["SecurityGroupId"] for g in cluster.get("SecurityGroups", [])]
        expect(groups == [security_group], f"member {member} security groups: {groups}")
        parameters = cluster.get("CacheParameterGroup", {})
        expect("CacheParameterGroupName" in parameters, f"member {member} parameter group")
        zones.add(cluster["PreferredAvailabilityZone"])
    expect(zones == {f"{REGION}a", f"{REGION}c"}, f"Multi-AZ members in the subnet group's zones: {zones}")


@check
def elasticache_delete_replication_group(ec: Any) -> None:
    group_id = replication_group(ec, NumCacheClusters=2)
    snapshot = f"{group_id}-final"
    deleted = ec.delete_replication_group(ReplicationGroupId=group_id, FinalSnapshotIdentifier=snapshot)
    status = deleted["ReplicationGroup"]["Status"]
    expect(status == "deleting", f"delete answers deleting, got {status}")
    expect_error(
        "ReplicationGroupNotFoundFault",
        lambda: ec.describe_replication_groups(ReplicationGroupId=group_id),
        "describing a deleted group",
    )
    clusters = [c["CacheClusterId"] for c in ec.describe_cache_clusters()["CacheClusters"]]
    expect(not any(c.startswith(group_id) for c in clusters), f"its member clusters are gone, got {clusters}")
    snapshots = ec.describe_snapshots(SnapshotName=snapshot)["Snapshots"]
    expect([s["ReplicationGroupId"] for s in snapshots] == [group_id], "the final snapshot was taken")


@check
def elasticache_delete_cache_subnet_group(ec: Any) -> None:
    name, _ = subnet_group(ec)
    group_id = replication_group(ec, NumCacheClusters=1, CacheSubnetGroupName=name)
    expect_error(
        "CacheSubnetGroupInUse",
        lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName=name),
        "deleting a subnet group in use",
    )
    ec.delete_replication_group(ReplicationGroupId=group_id)
    ec.delete_cache_subnet_group(CacheSubnetGroupName=name)
    expect_error(
        "CacheSubnetGroupNotFoundFault",
        lambda: ec.describe_cache_subnet_groups(CacheSubnetGroupName=name),
        "describing a deleted subnet group",
    )
    expect_error(
        "CacheSubnetGroupNotFoundFault",
        lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName=name),
        "deleting it again",
    )


@check
def rds_unique_resource_ids(ec: Any) -> None:
    rds = client(ec.meta.endpoint_url, "rds")
    ids = []
    for _ in range(2):
        name = unique("db")
        rds.create_db_instance(
            DBInstanceIdentifier=name,
            DBInstanceClass="db.t4g.micro",
            Engine="postgres",
            MasterUsername="dbadmin",
            MasterUserPassword="not-a-secret-1",
            AllocatedStorage=20,
        )
        ids.append(rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]["DbiResourceId"])
    expect(ids[0] != ids[1], f"two instances share DbiResourceId {ids[0]}")
    found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [ids[1]]}])["DBInstances"]
    expect(len(found) == 1, f"the dbi-resource-id filter found {len(found)} instances, AWS finds one")


@check
def route53_private_zone_from_vpc(ec: Any) -> None:
    endpoint = ec.meta.endpoint_url
    vpc_id = client(endpoint, "ec2").create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    r53 = client(endpoint, "route53")
    # As the provider sends it: a VPC, and no HostedZoneConfig.PrivateZone.
    created = r53.create_hosted_zone(
        Name=f"{unique('model')}.internal",
        CallerReference=unique("ref"),
        HostedZoneConfig={"Comment": "check"},
        VPC={"VPCRegion": REGION, "VPCId": vpc_id},
    )
    zone = r53.get_hosted_zone(Id=created["HostedZone"]["Id"])
    expect(zone["HostedZone"]["Config"].get("PrivateZone") is True, "a zone created with a VPC is not private")
    vpcs = [v.get("VPCId") for v in zone.get("VPCs", [])]
    expect(vpcs == [vpc_id], f"GetHostedZone VPCs are {vpcs}, expected [{vpc_id}]")
    public = r53.create_hosted_zone(Name=f"{unique('public')}.example.com", CallerReference=unique("ref"))
    expect(
        r53.get_hosted_zone(Id=public["HostedZone"]["Id"])["HostedZone"]["Config"].get("PrivateZone") is False,
        "a zone created without a VPC is not public",
    )


# --- CloudFront (and the prefix-list rule description the ALB's CloudFront-only ingress needs).


def cloudfront(ec: Any) -> Any:
    return client(ec.meta.endpoint_url, "cloudfront")


def distribution_config(**overrides: Any) -> dict[str, Any]:
    """A distribution with one S3 origin and a cache policy, as CloudFrontDistribution makes them."""
    behavior = {
        "TargetOriginId": "frontend",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
        "Compress": True,
    }
    config: dict[str, Any] = {
        "CallerReference": unique("ref"),
        "Comment": "probe",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "frontend",
                    "DomainName": "probe-bucket.s3.ap-northeast-2.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": behavior,
    }
    for key, value in overrides.items():
        if key == "behavior":
            behavior.update(value)
        elif key == "origin":
            config["Origins"]["Items"][0].update(value)
        else:
            config[key] = value
    return config


def stored_config(cf: Any, created: dict[str, Any]) -> dict[str, Any]:
    """What GetDistributionConfig answers for a distribution CreateDistribution answered with."""
    return dict(cf.get_distribution_config(Id=created["Distribution"]["Id"])["DistributionConfig"])


def viewer_request(arn: str) -> dict[str, Any]:
    items = [{"FunctionARN": arn, "EventType": "viewer-request"}]
    return {"FunctionAssociations": {"Quantity": 1, "Items": items}}


def security_headers(name: str) -> dict[str, Any]:
    return {
        "Name": name,
        "Comment": "probe",
        "SecurityHeadersConfig": {
            "StrictTransportSecurity": {
                "Override": True,
                "IncludeSubdomains": True,
                "Preload": False,
                "AccessControlMaxAgeSec": 31536000,
            },
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"Override": True, "FrameOption": "DENY"},
            "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "strict-origin-when-cross-origin"},
            "XSSProtection": {"Override": True, "Protection": True, "ModeBlock": True},
        },
    }


SPA_CODE = b"function handler(event) { return event.request; }\n"
SPA_CONFIG = {"Comment": "probe", "Runtime": "cloudfront-js-2.0"}


@check
def cloudfront_origin_access_control_on_origins(ec: Any) -> None:
    cf = cloudfront(ec)
    oac = cf.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": unique("oac"),
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )["OriginAccessControl"]["Id"]
    config = distribution_config(origin={"OriginAccessControlId": oac})
    origin = stored_config(cf, cf.create_distribution(DistributionConfig=config))["Origins"]["Items"][0]
    expect(origin.get("OriginAccessControlId") == oac, f"the origin keeps its access control, got {origin}")


@check
def cloudfront_cache_policy_behaviors(ec: Any) -> None:
    cf = cloudfront(ec)
    legacy = {
        "PathPattern": "/legacy/*",
        "TargetOriginId": "frontend",
        "ViewerProtocolPolicy": "https-only",
        "ForwardedValues": {"QueryString": True, "Cookies": {"Forward": "all"}},
        "MinTTL": 0,
    }
    with_policy = {
        "PathPattern": "/api/*",
        "TargetOriginId": "frontend",
        "ViewerProtocolPolicy": "https-only",
        "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    }
    behaviors = {"Quantity": 2, "Items": [with_policy, legacy]}
    created = cf.create_distribution(DistributionConfig=distribution_config(CacheBehaviors=behaviors))
    config = stored_config(cf, created)
    default = config["DefaultCacheBehavior"]
    expect("ForwardedValues" not in default, f"no ForwardedValues beside a cache policy, got {default}")
    stored = {b["PathPattern"]: b for b in config["CacheBehaviors"]["Items"]}
    expect("ForwardedValues" not in stored["/api/*"], f"none on the API behavior, got {stored['/api/*']}")
    forwarded = stored["/legacy/*"].get("ForwardedValues", {})
    expect(forwarded.get("QueryString") is True, f"a legacy behavior keeps its values, got {forwarded}")


@check
def cloudfront_function_associations(ec: Any) -> None:
    cf = cloudfront(ec)
    arn = f"arn:aws:cloudfront::{ACCOUNT}:function/{unique('spa')}"
    created = cf.create_distribution(DistributionConfig=distribution_config(behavior=viewer_request(arn)))
    default = stored_config(cf, created)["DefaultCacheBehavior"]
    associations = default.get("FunctionAssociations", {})
    expect(
        associations == viewer_request(arn)["FunctionAssociations"],
        f"the viewer-request association is kept, got {associations}",
    )
    expect(default.get("LambdaFunctionAssociations", {}).get("Quantity") == 0, "no Lambda@Edge association")


@check
def cloudfront_viewer_certificate_as_sent(ec: Any) -> None:
    cf = cloudfront(ec)
    default = distribution_config(ViewerCertificate={"CloudFrontDefaultCertificate": True})
    certificate = stored_config(cf, cf.create_distribution(DistributionConfig=default))["ViewerCertificate"]
    expect("SSLSupportMethod" not in certificate, f"no SSL method for the default one, got {certificate}")
    expect(certificate.get("CloudFrontDefaultCertificate") is True, f"default certificate, got {certificate}")
    acm_arn = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{uuid.uuid4()}"
    custom = distribution_config(
        Aliases={"Quantity": 1, "Items": ["www.example.com"]},
        ViewerCertificate={
            "ACMCertificateArn": acm_arn,
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
    )
    certificate = stored_config(cf, cf.create_distribution(DistributionConfig=custom))["ViewerCertificate"]
    wanted = {
        "CloudFrontDefaultCertificate": False,
        "ACMCertificateArn": acm_arn,
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "CertificateSource": "acm",
    }
    got = {key: certificate.get(key) for key in wanted}
    expect(got == wanted, f"an ACM certificate reads back as sent, got {got}")


@check
def cloudfront_response_headers_policies(ec: Any) -> None:
    cf = cloudfront(ec)
    name = unique("headers")
    created = cf.create_response_headers_policy(ResponseHeadersPolicyConfig=security_headers(name))
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    etag = created["ETag"]
    expect(bool(etag) and created["Location"].endswith(policy_id), f"ETag and Location, got {created}")
    got = cf.get_response_headers_policy(Id=policy_id)
    stored = got["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]
    expect(
        got["ETag"] == etag
        and stored["SecurityHeadersConfig"] == security_headers(name)["SecurityHeadersConfig"],
        f"the policy reads back as created, got {got['ResponseHeadersPolicy']}",
    )
    config = cf.get_response_headers_policy_config(Id=policy_id)["ResponseHeadersPolicyConfig"]
    expect(config["Name"] == name, f"GetResponseHeadersPolicyConfig, got {config}")
    expect_error(
        "ResponseHeadersPolicyAlreadyExists",
        lambda: cf.create_response_headers_policy(ResponseHeadersPolicyConfig=security_headers(name)),
        "a second policy of the same name",
    )
    changed = security_headers(name)
    changed["SecurityHeadersConfig"]["FrameOptions"]["FrameOption"] = "SAMEORIGIN"
    expect_error(
        "PreconditionFailed",
        lambda: cf.update_response_headers_policy(
            Id=policy_id, IfMatch="STALE", ResponseHeadersPolicyConfig=changed
        ),
        "an update with a stale If-Match",
    )
    updated = cf.update_response_headers_policy(
        Id=policy_id, IfMatch=etag, ResponseHeadersPolicyConfig=changed
    )
    expect(updated["ETag"] != etag, "an update gives a new ETag")
    replaced = updated["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]
    frame = replaced["SecurityHeadersConfig"]["FrameOptions"]
    expect(frame["FrameOption"] == "SAMEORIGIN", f"the update replaced the policy, got {frame}")
    using = distribution_config(behavior={"ResponseHeadersPolicyId": policy_id})
    distribution = cf.create_distribution(DistributionConfig=using)["Distribution"]["Id"]
    expect_error(
        "ResponseHeadersPolicyInUse",
        lambda: cf.delete_response_headers_policy(Id=policy_id, IfMatch=updated["ETag"]),
        "deleting a policy a distribution uses",
    )
    cf.delete_distribution(Id=distribution, IfMatch="any")
    cf.delete_response_headers_policy(Id=policy_id, IfMatch=updated["ETag"])
    expect_error(
        "NoSuchResponseHeadersPolicy",
        lambda: cf.get_response_headers_policy(Id=policy_id),
        "reading a deleted policy",
    )


@check
def cloudfront_functions(ec: Any) -> None:
    cf = cloudfront(ec)
    name = unique("spa")
    created = cf.create_function(Name=name, FunctionConfig=SPA_CONFIG, FunctionCode=SPA_CODE)
    summary = created["FunctionSummary"]
    expect(
        summary["Status"] == "UNPUBLISHED" and summary["FunctionMetadata"]["Stage"] == "DEVELOPMENT",
        f"a new function is an unpublished DEVELOPMENT stage, got {summary}",
    )
    arn = summary["FunctionMetadata"]["FunctionARN"]
    expect(arn == f"arn:aws:cloudfront::{ACCOUNT}:function/{name}", f"the function's ARN, got {arn}")
    expect_error(
        "NoSuchFunctionExists",
        lambda: cf.describe_function(Name=name, Stage="LIVE"),
        "LIVE before publishing",
    )
    expect_error(
        "FunctionAlreadyExists",
        lambda: cf.create_function(Name=name, FunctionConfig=SPA_CONFIG, FunctionCode=SPA_CODE),
        "a second function of the same name",
    )
    development = cf.describe_function(Name=name, Stage="DEVELOPMENT")["ETag"]
    expect(development == created["ETag"], "DescribeFunction gives the DEVELOPMENT ETag CreateFunction gave")
    expect_error(
        "PreconditionFailed", lambda: cf.publish_function(Name=name, IfMatch="STALE"), "a stale If-Match"
    )
    published = cf.publish_function(Name=name, IfMatch=development)["FunctionSummary"]
    expect(published["FunctionMetadata"]["Stage"] == "LIVE", f"publishing makes LIVE, got {published}")
    live = cf.describe_function(Name=name, Stage="LIVE")
    expect(live["ETag"] != development, "LIVE has a version of its own")
    code = cf.get_function(Name=name, Stage="LIVE")["FunctionCode"].read()
    expect(code == SPA_CODE, f"GetFunction returns the code, got {code!r}")
    associated = distribution_config(behavior=viewer_request(arn))
    distribution = cf.create_distribution(DistributionConfig=associated)["Distribution"]["Id"]
    expect_error(
        "FunctionInUse",
        lambda: cf.delete_function(Name=name, IfMatch=development),
        "deleting an associated function",
    )
    cf.delete_distribution(Id=distribution, IfMatch="any")
    cf.delete_function(Name=name, IfMatch=development)
    expect_error(
        "NoSuchFunctionExists", lambda: cf.describe_function(Name=name), "describing a deleted function"
    )


@check
def ec2_prefix_list_rule_description(ec: Any) -> None:
    ec2 = client(ec.meta.endpoint_url, "ec2")
    lists = ec2.describe_managed_prefix_lists(
        Filters=[{"Name": "prefix-list-name", "Values": ["com.amazonaws.global.cloudfront.origin-facing"]}]
    )["PrefixLists"]
    expect(len(lists) == 1, f"moto has CloudFront's origin-facing prefix list, got {lists}")
    prefix_list = lists[0]["PrefixListId"]
    vpc = ec2.create_vpc(CidrBlock="10.51.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName=unique("alb"), Description="alb", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "PrefixListIds": [{"PrefixListId": prefix_list, "Description": "HTTPS from CloudFront"}],
            }
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
    ingress = [r for r in rules["SecurityGroupRules"] if not r["IsEgress"]]
    expect(
        [(r.get("PrefixListId"), r.get("Description")) for r in ingress]
        == [(prefix_list, "HTTPS from CloudFront")],
        f"the prefix list rule keeps its description, got {ingress}",
    )


@check
def ec2_modify_all_traffic_rule_without_ports(ec: Any) -> None:
    ec2 = client(ec.meta.endpoint_url, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.52.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName=unique("nat"), Description="nat", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.52.0.0/16"}]}]
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
    rule_id = next(r["SecurityGroupRuleId"] for r in rules["SecurityGroupRules"] if not r["IsEgress"])
    # What the provider sends to update an all-traffic rule in place: no ports.
    ec2.modify_security_group_rules(
        GroupId=group,
        SecurityGroupRules=[
            {
                "SecurityGroupRuleId": rule_id,
                "SecurityGroupRule": {"IpProtocol": "-1", "CidrIpv4": "10.52.0.0/24", "Description": "narrowed"},
            }
        ],
    )
    rule = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"][0]
    expect(
        (rule["IpProtocol"], rule["FromPort"], rule["ToPort"], rule["CidrIpv4"], rule.get("Description"))
        == ("-1", -1, -1, "10.52.0.0/24", "narrowed"),
        f"the all-traffic rule is modified without ports, got {rule}",
    )


@check
def s3_one_canonical_user_id(ec: Any) -> None:
    s3 = client(ec.meta.endpoint_url, "s3")
    bucket = unique("acl")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    listed = s3.list_buckets()["Owner"]["ID"]
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]["ID"]
    expect(listed == owner, f"ListBuckets and GetBucketAcl name one canonical user, got {listed} and {owner}")


# --- Budgets and Lambda event sources (modules/budgets/, modules/lambda/event-sources.ts).


def budget_notification(kind: str, threshold: float) -> dict[str, Any]:
    return {
        "NotificationType": kind,
        "ComparisonOperator": "GREATER_THAN",
        "Threshold": threshold,
        "ThresholdType": "PERCENTAGE",
    }


def monthly_budget(name: str) -> dict[str, Any]:
    return {
        "BudgetName": name,
        "BudgetLimit": {"Amount": "500", "Unit": "USD"},
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
    }


@check
def budgets_describe_subscribers_for_notification(ec: Any) -> None:
    budgets = client(ec.meta.endpoint_url, "budgets")
    name = unique("budget")
    forecast = budget_notification("FORECASTED", 80)
    actual = budget_notification("ACTUAL", 100)
    email = [{"SubscriptionType": "EMAIL", "Address": "finance@example.com"}]
    sns = [{"SubscriptionType": "SNS", "Address": f"arn:aws:sns:{REGION}:{ACCOUNT}:budget-alerts"}]
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget=monthly_budget(name),
        NotificationsWithSubscribers=[
            {"Notification": forecast, "Subscribers": email},
            {"Notification": actual, "Subscribers": email + sns},
        ],
    )
    for notification, expected in ((forecast, email), (actual, email + sns)):
        got = budgets.describe_subscribers_for_notification(
            AccountId=ACCOUNT, BudgetName=name, Notification=notification
        )["Subscribers"]
        expect(got == expected, f"subscribers of the {notification['NotificationType']} notification: {got}")
    expect_error(
        "NotFoundException",
        lambda: budgets.describe_subscribers_for_notification(
            AccountId=ACCOUNT, BudgetName=name, Notification=budget_notification("ACTUAL", 90)
        ),
        "a notification the budget does not have",
    )
    expect_error(
        "NotFoundException",
        lambda: budgets.describe_subscribers_for_notification(
            AccountId=ACCOUNT, BudgetName=unique("missing"), Notification=actual
        ),
        "a budget that does not exist",
    )


@check
def budgets_resource_tags(ec: Any) -> None:
    budgets = client(ec.meta.endpoint_url, "budgets")
    name = unique("budget")
    arn = f"arn:aws:budgets::{ACCOUNT}:budget/{name}"
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget=monthly_budget(name),
        ResourceTags=[{"Key": "System", "Value": "aipx"}, {"Key": "Environment", "Value": "dev"}],
    )
    listed = lambda: {t["Key"]: t["Value"] for t in budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"]}
    expect(listed() == {"System": "aipx", "Environment": "dev"}, f"tags from CreateBudget: {listed()}")
    budgets.tag_resource(ResourceARN=arn, ResourceTags=[{"Key": "Owner", "Value": "finance"}])
    budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["Environment"])
    expect(listed() == {"System": "aipx", "Owner": "finance"}, f"tags after tag and untag: {listed()}")
    budgets.delete_budget(AccountId=ACCOUNT, BudgetName=name)
    expect_error("NotFoundException", listed, "the tags of a deleted budget")


@check
def budgets_update_budget(ec: Any) -> None:
    budgets = client(ec.meta.endpoint_url, "budgets")
    name = unique("budget")
    actual = budget_notification("ACTUAL", 100)
    email = [{"SubscriptionType": "EMAIL", "Address": "finance@example.com"}]
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget=monthly_budget(name),
        NotificationsWithSubscribers=[{"Notification": actual, "Subscribers": email}],
    )
    period = budgets.describe_budget(AccountId=ACCOUNT, BudgetName=name)["Budget"]["TimePeriod"]
    budgets.update_budget(
        AccountId=ACCOUNT,
        NewBudget={**monthly_budget(name), "BudgetLimit": {"Amount": "600", "Unit": "USD"}},
    )
    updated = budgets.describe_budget(AccountId=ACCOUNT, BudgetName=name)["Budget"]
    expect(updated["BudgetLimit"] == {"Amount": "600", "Unit": "USD"}, f"BudgetLimit {updated['BudgetLimit']}")
    expect(updated["TimePeriod"] == period, f"the time period changed: {updated['TimePeriod']} from {period}")
    kept = budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]
    expect(kept == [actual], f"notifications after the update: {kept}")
    expect_error(
        "NotFoundException",
        lambda: budgets.update_budget(AccountId=ACCOUNT, NewBudget=monthly_budget(unique("missing"))),
        "updating a budget that does not exist",
    )


@check
def apigatewayv2_update_stage(ec: Any) -> None:
    api = client(ec.meta.endpoint_url, "apigatewayv2")
    api_id = api.create_api(Name=unique("api"), ProtocolType="HTTP")["ApiId"]
    api.create_stage(
        ApiId=api_id,
        StageName="$default",
        AutoDeploy=True,
        DefaultRouteSettings={"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50.0},
    )
    logs = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/apigateway/check"
    api.update_stage(
        ApiId=api_id,
        StageName="$default",
        DefaultRouteSettings={"ThrottlingBurstLimit": 40, "ThrottlingRateLimit": 20.0},
        AccessLogSettings={"DestinationArn": logs, "Format": '{"requestId":"$context.requestId"}'},
    )
    stage = api.get_stage(ApiId=api_id, StageName="$default")
    settings = stage.get("DefaultRouteSettings", {})
    expect(
        (settings.get("ThrottlingBurstLimit"), settings.get("ThrottlingRateLimit")) == (40, 20.0),
        f"DefaultRouteSettings after the update: {settings}",
    )
    expect(stage.get("AccessLogSettings", {}).get("DestinationArn") == logs, f"AccessLogSettings {stage}")
    expect(stage.get("AutoDeploy") is True, "a field the update did not name was changed")

@check
def lambda_msk_event_source_mappings(ec: Any) -> None:
    import io
    import json
    import zipfile

    endpoint = ec.meta.endpoint_url
    kafka = client(endpoint, "kafka")
    created = kafka.create_cluster_v2(
        ClusterName=unique("aipx"),
        Provisioned={
            "BrokerNodeGroupInfo": {"InstanceType": "kafka.t3.small", "ClientSubnets": ["subnet-a", "subnet-b"]},
            "KafkaVersion": "3.6.0",
            "NumberOfBrokerNodes": 2,
        },
    )
    cluster_id = created["ClusterArn"].rsplit("/", 1)[-1]
    # The ARN as AWS shapes it (cluster/<name>/<uuid>), which moto shortens to cluster/<uuid>.
    cluster_arn = f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/{created['ClusterName']}/{cluster_id}"
    role = client(endpoint, "iam").create_role(
        RoleName=unique("recorder"),
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.js", "exports.handler = async () => ({});\n")
    lam = client(endpoint, "lambda")
    function = lam.create_function(
        FunctionName=unique("recorder"),
        Runtime="nodejs22.x",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": code.getvalue()},
    )["FunctionArn"]
    failures = client(endpoint, "sqs").create_queue(QueueName=unique("failures"))["QueueUrl"]
    failures_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{failures.rsplit('/', 1)[-1]}"
    mapping = lam.create_event_source_mapping(
        EventSourceArn=cluster_arn,
        FunctionName=function,
        Topics=["market.trades"],
        StartingPosition="LATEST",
        AmazonManagedKafkaEventSourceConfig={"ConsumerGroupId": "recorder-market.trades"},
        DestinationConfig={"OnFailure": {"Destination": failures_arn}},
    )
    read = lam.get_event_source_mapping(UUID=mapping["UUID"])
    expect(read.get("EventSourceArn") == cluster_arn, f"EventSourceArn {read.get('EventSourceArn')}")
    expect(read.get("Topics") == ["market.trades"], f"Topics {read.get('Topics')}")
    expect(read.get("StartingPosition") == "LATEST", f"StartingPosition {read.get('StartingPosition')}")
    expect(read.get("BatchSize") == 100, f"Lambda's default Kafka batch is 100, got {read.get('BatchSize')}")
    expect(
        read.get("AmazonManagedKafkaEventSourceConfig") == {"ConsumerGroupId": "recorder-market.trades"},
        f"AmazonManagedKafkaEventSourceConfig {read.get('AmazonManagedKafkaEventSourceConfig')}",
    )
    expect(
        read.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination") == failures_arn,
        f"DestinationConfig {read.get('DestinationConfig')}",
    )
    listed = lam.list_event_source_mappings(EventSourceArn=cluster_arn)["EventSourceMappings"]
    expect([m["UUID"] for m in listed] == [mapping["UUID"]], f"mappings of the cluster: {listed}")
    expect_error(
        "InvalidParameterValueException",
        lambda: lam.create_event_source_mapping(
            EventSourceArn=cluster_arn, FunctionName=function, Topics=["a", "b"], StartingPosition="LATEST"
        ),
        "two topics in one MSK mapping",
    )
    expect_error(
        "ResourceNotFoundException",
        lambda: lam.create_event_source_mapping(
            EventSourceArn=f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/nowhere/{uuid.uuid4()}-1",
            FunctionName=function,
            Topics=["a"],
            StartingPosition="LATEST",
        ),
        "a cluster that does not exist",
    )
    lam.delete_event_source_mapping(UUID=mapping["UUID"])
    expect_error(
        "ResourceNotFoundException",
        lambda: lam.get_event_source_mapping(UUID=mapping["UUID"]),
        "reading a deleted mapping",
    )


# --- MSK (modules/msk/kafka-cluster.ts)

MSK_IAM_ONLY = {"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": False}}


def msk_client(ec: Any) -> Any:
    return client(ec.meta.endpoint_url, "kafka")


def msk_subnets(ec: Any) -> tuple[list[str], str]:
    """Two subnets (zones a and c) of a new VPC, and a security group there."""
    ec2 = client(ec.meta.endpoint_url, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.52.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.52.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")
        for i, zone in enumerate("ac")
    ]
    group = ec2.create_security_group(GroupName=unique("msk"), Description="msk", VpcId=vpc)["GroupId"]
    return [s["Subnet"]["SubnetId"] for s in subnets], group


def msk_cluster(msk: Any, ec: Any, auth: dict[str, Any] | None = None, **request: Any) -> tuple[str, str]:
    """A provisioned two-broker cluster (CreateCluster, as the provider calls it): its name and ARN."""
    subnets, group = msk_subnets(ec)
    name = unique("kafka")
    created = msk.create_cluster(
        ClusterName=name,
        KafkaVersion="3.8.x",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo={
            "InstanceType": "kafka.t3.small",
            "ClientSubnets": subnets,
            "SecurityGroups": [group],
            "StorageInfo": {"EbsStorageInfo": {"VolumeSize": 20}},
        },
        ClientAuthentication=auth or MSK_IAM_ONLY,
        EncryptionInfo={"EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True}},
        **request,
    )
    return name, created["ClusterArn"]


def msk_serverless_cluster(msk: Any, ec: Any) -> tuple[str, dict[str, Any]]:
    subnets, group = msk_subnets(ec)
    name = unique("serverless")
    created = msk.create_cluster_v2(
        ClusterName=name,
        Serverless={
            "VpcConfigs": [{"SubnetIds": subnets, "SecurityGroupIds": [group]}],
            "ClientAuthentication": {"Sasl": {"Iam": {"Enabled": True}}},
        },
    )
    return name, created


def msk_arn_shape(kind: str, name: str) -> Any:
    """AWS's <kind>/<name>/<uuid>-<suffix> resource ARN."""
    import re

    return re.compile(rf"^arn:aws:kafka:{REGION}:{ACCOUNT}:{kind}/{re.escape(name)}/[0-9a-f-]{{36}}-\w+$")


@check
def msk_cluster_arns(ec: Any) -> None:
    msk = msk_client(ec)
    name, arn = msk_cluster(msk, ec)
    expect(
        bool(msk_arn_shape("cluster", name).match(arn)),
        f"a provisioned cluster's ARN is cluster/<name>/<uuid>-<n>, got {arn}",
    )
    name, created = msk_serverless_cluster(msk, ec)
    arn = created["ClusterArn"]
    expect(bool(msk_arn_shape("cluster", name).match(arn)), f"a serverless cluster's too, got {arn}")


@check
def msk_clusters_active(ec: Any) -> None:
    msk = msk_client(ec)
    _, arn = msk_cluster(msk, ec)
    state = msk.describe_cluster(ClusterArn=arn)["ClusterInfo"]["State"]
    expect(state == "ACTIVE", f"a provisioned cluster is ACTIVE once created, got {state}")
    _, created = msk_serverless_cluster(msk, ec)
    expect(created["State"] == "CREATING", f"CreateClusterV2 answers CREATING, got {created['State']}")
    state = msk.describe_cluster_v2(ClusterArn=created["ClusterArn"])["ClusterInfo"]["State"]
    expect(state == "ACTIVE", f"a serverless cluster is ACTIVE once created, got {state}")


@check
def msk_bootstrap_brokers(ec: Any) -> None:
    msk = msk_client(ec)

    def brokers(arn: str) -> dict[str, list[str]]:
        answer = msk.get_bootstrap_brokers(ClusterArn=arn)
        return {k: v.split(",") for k, v in answer.items() if k.startswith("BootstrapBrokerString")}

    def only(got: dict[str, list[str]], key: str, port: int) -> bool:
        return list(got) == [key] and all(host.endswith(f":{port}") for host in got[key])

    _, iam = msk_cluster(msk, ec)
    got = brokers(iam)
    expect(only(got, "BootstrapBrokerStringSaslIam", 9098), f"an IAM-only cluster answers on 9098, got {got}")
    expect(len(got["BootstrapBrokerStringSaslIam"]) == 2, f"one host per broker, got {got}")
    scram = {"Sasl": {"Scram": {"Enabled": True}}, "Unauthenticated": {"Enabled": False}}
    got = brokers(msk_cluster(msk, ec, auth=scram)[1])
    expect(only(got, "BootstrapBrokerStringSaslScram", 9096), f"a SCRAM cluster answers on 9096, got {got}")
    ca = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/{uuid.uuid4()}"
    tls = {
        "Tls": {"CertificateAuthorityArnList": [ca], "Enabled": True},
        "Unauthenticated": {"Enabled": False},
    }
    got = brokers(msk_cluster(msk, ec, auth=tls)[1])
    expect(only(got, "BootstrapBrokerStringTls", 9094), f"a mutual-TLS cluster answers on 9094, got {got}")
    _, created = msk_serverless_cluster(msk, ec)
    got = brokers(created["ClusterArn"])
    expect(
        only(got, "BootstrapBrokerStringSaslIam", 9098) and len(got["BootstrapBrokerStringSaslIam"]) == 1,
        f"serverless: one IAM endpoint on 9098, got {got}",
    )
    unknown = iam.rsplit("/", 1)[0] + f"/{uuid.uuid4()}-1"
    expect_error(
        "NotFoundException", lambda: msk.get_bootstrap_brokers(ClusterArn=unknown), "an unknown cluster"
    )


@check
def msk_cluster_not_found_after_delete(ec: Any) -> None:
    msk = msk_client(ec)
    _, arn = msk_cluster(msk, ec)
    deleted = msk.delete_cluster(ClusterArn=arn)
    expect(deleted["State"] == "DELETING", f"DeleteCluster answers DELETING, got {deleted['State']}")
    for what, call in (
        ("DescribeCluster", msk.describe_cluster),
        ("DescribeClusterV2", msk.describe_cluster_v2),
        ("a second DeleteCluster", msk.delete_cluster),
    ):
        expect_error(
            "NotFoundException", lambda call=call: call(ClusterArn=arn), f"{what} of a deleted cluster"
        )


@check
def msk_no_invented_configuration(ec: Any) -> None:
    msk = msk_client(ec)

    def software_v2(arn: str) -> dict[str, Any]:
        info = msk.describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]
        return info["Provisioned"]["CurrentBrokerSoftwareInfo"]

    _, bare = msk_cluster(msk, ec)
    software = msk.describe_cluster(ClusterArn=bare)["ClusterInfo"]["CurrentBrokerSoftwareInfo"]
    expect("ConfigurationArn" not in software, f"no configuration the cluster was not given, got {software}")
    expect("ConfigurationArn" not in software_v2(bare), f"nor in DescribeClusterV2, got {software_v2(bare)}")
    configuration = f"arn:aws:kafka:{REGION}:{ACCOUNT}:configuration/{unique('given')}/{uuid.uuid4()}-1"
    _, given = msk_cluster(msk, ec, ConfigurationInfo={"Arn": configuration, "Revision": 3})
    software = software_v2(given)
    expect(
        software.get("ConfigurationArn") == configuration and software.get("ConfigurationRevision") == 3,
        f"a given configuration reads back as given, got {software}",
    )


@check
def msk_configurations(ec: Any) -> None:
    from botocore.exceptions import ClientError

    msk = msk_client(ec)
    name = unique("brokers")
    first = b"auto.create.topics.enable=false\nmin.insync.replicas=2\n"
    created = msk.create_configuration(
        Name=name, Description="first", KafkaVersions=["3.8.x"], ServerProperties=first
    )
    arn = created["Arn"]
    expect(
        bool(msk_arn_shape("configuration", name).match(arn)),
        f"a configuration's ARN is configuration/<name>/<uuid>-<n>, got {arn}",
    )
    expect(
        created["State"] == "ACTIVE" and created["LatestRevision"]["Revision"] == 1,
        f"a new configuration is ACTIVE at revision 1, got {created}",
    )
    expect_error(
        "ConflictException",
        lambda: msk.create_configuration(Name=name, ServerProperties=first),
        "a second configuration of the same name",
    )
    expect_error(
        "BadRequestException",
        lambda: msk.create_configuration(Name="-bad.name", ServerProperties=first),
        "a name MSK refuses",
    )
    described = msk.describe_configuration(Arn=arn)
    got = (described["Name"], described["KafkaVersions"], described["Description"])
    expect(got == (name, ["3.8.x"], "first"), f"DescribeConfiguration, got {described}")
    revision = msk.describe_configuration_revision(Arn=arn, Revision=1)
    expect(
        revision["ServerProperties"] == first and revision["Description"] == "first",
        f"revision 1 holds the properties as sent, got {revision}",
    )
    second = b"auto.create.topics.enable=false\nmin.insync.replicas=1\n"
    updated = msk.update_configuration(Arn=arn, Description="second", ServerProperties=second)
    expect(updated["LatestRevision"]["Revision"] == 2, f"an update is revision 2, got {updated}")
    latest = msk.describe_configuration(Arn=arn)["LatestRevision"]
    expect((latest["Revision"], latest["Description"]) == (2, "second"), f"the latest revision, got {latest}")
    expect(
        msk.describe_configuration_revision(Arn=arn, Revision=2)["ServerProperties"] == second
        and msk.describe_configuration_revision(Arn=arn, Revision=1)["ServerProperties"] == first,
        "each revision keeps its own properties",
    )
    revisions = [r["Revision"] for r in msk.list_configuration_revisions(Arn=arn)["Revisions"]]
    expect(revisions == [1, 2], f"ListConfigurationRevisions, got {revisions}")
    listed = [c["Arn"] for c in msk.list_configurations()["Configurations"]]
    expect(arn in listed, f"ListConfigurations lists it, got {listed}")
    expect_error(
        "BadRequestException", lambda: msk.describe_configuration_revision(Arn=arn, Revision=3), "revision 3"
    )
    deleted = msk.delete_configuration(Arn=arn)
    expect(deleted["State"] == "DELETING", f"DeleteConfiguration answers DELETING, got {deleted}")
    try:
        msk.describe_configuration(Arn=arn)
    except ClientError as error:
        body = error.response.get("Error", {})
        expect(
            body.get("Code") == "BadRequestException"
            and "Configuration ARN does not exist" in str(body.get("Message")),
            f'a deleted configuration is BadRequestException "Configuration ARN does not exist", got {body}',
        )
        return
    raise CheckFailed("a deleted configuration is still described")


def run(name: str, endpoint: str) -> int:
    try:
        CHECKS[name](client(endpoint, "elasticache"))
    except Exception as error:  # the point is to report any failure, whatever raised it
        detail = str(error) if isinstance(error, CheckFailed) else traceback.format_exc(limit=3)
        print(f"{name}: {detail}", file=sys.stderr)
        return 1
    print("ok")
    return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_without(patch_name: str, name: str) -> int:
    spec = importlib.util.spec_from_file_location("launcher_under_test", LAUNCHER)
    assert spec and spec.loader
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    names = [n for n, _ in launcher.PATCHES]
    if patch_name not in names:
        print(f"no patch named {patch_name} in {LAUNCHER.name} (has {', '.join(names)})", file=sys.stderr)
        return 2
    for patch, apply in launcher.PATCHES:
        if patch != patch_name:
            apply()
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        return run(name, f"http://127.0.0.1:{port}")
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", nargs="?")
    parser.add_argument("--endpoint")
    parser.add_argument("--without")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CHECKS))
        return 0
    if args.check not in CHECKS:
        parser.error(f"check must be one of {', '.join(CHECKS)}")
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    if args.without:
        return run_without(args.without, args.check)
    if not args.endpoint:
        parser.error("--endpoint or --without is required")
    return run(args.check, args.endpoint)


if __name__ == "__main__":
    sys.exit(main())
