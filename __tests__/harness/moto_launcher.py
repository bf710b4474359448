"""Our moto server for the Terraform suites: moto 5.2.1 plus the patches below, on 127.0.0.1 only.

Usage: python3 moto_launcher.py --port N

The Terraform suites (__tests__/terraform, __tests__/e2e) drive the real hashicorp/aws 5.100.0
provider and the S3 backend against this server. Every patch exists because moto 5.2.1 behaves
differently from AWS in a way the provider or our tests depend on; each is applied by a named
function below and listed here with the moto behaviour behind it:

  account_from_numeric_access_key
      moto serves one default account (123456789012) per process: BaseResponse.get_current_account
      asks moto.iam.models.get_account_id_from(access_key) (imported at call time in
      moto/core/responses.py), which only knows access keys created through moto's IAM. Each
      environment's provider has allowed_account_ids = [<that env's account>], so against one
      default account every plan would fail (or the check would have to be skipped). The patch maps
      an access key id that is exactly a 12-digit number to that account id, so the harness sets
      AWS_ACCESS_KEY_ID=<env's account id> and allowed_account_ids is really exercised (STS
      GetCallerIdentity answers with that account, and resources live in that account's backend).
      BaseResponse.access_key_regex only extracts 20-character AKIA-style key ids from the
      Authorization header (anything else becomes "AKIAEXAMPLE"), so the patch widens it to accept
      a 12-digit key id too.

  application_autoscaling_tags
      moto's application-autoscaling has no ListTagsForResource / TagResource / UntagResource and
      RegisterScalableTarget drops its Tags. The provider reads tags after creating an
      aws_appautoscaling_target and retries the NotImplemented error until it times out. The patch
      registers the three actions with real tag storage on the scalable target, fed by
      RegisterScalableTarget Tags, TagResource and UntagResource, so tags round-trip and a re-plan
      shows no tag drift.

  s3_tls_only_bucket_policy
      moto's object-level bucket-policy check (FakeBucket.get_permission, used for Get/Put/Head/
      DeleteObject) evaluates a statement's Condition only for StringEquals and with no request
      context: any other operator (here Bool) is ignored, so the statement applies to every
      request. Our buckets (modules/s3/secure-bucket.ts) carry the standard TLS-only statement
      (Deny s3:* when Bool aws:SecureTransport = "false"), which moto therefore applies to every
      request: the S3 backend gets 403 on HeadObject of its state and nothing can be read or
      written. Real AWS clients (the provider, the S3 backend) always use TLS, so against AWS that
      statement never matches them; the emulator link is plain HTTP on loopback only. The patch
      leaves such statements out of moto's evaluation; every other statement is still enforced.

  rds_parameter_source_user
      moto keeps only the parameters a caller sets on a DB parameter group (it has no engine
      defaults) and returns them from DescribeDBParameters without a Source. The provider keeps a
      parameter in state only when Source is "user" (or it is a system default named in the
      configuration), so every parameter we set (e.g. rds.force_ssl = 1) vanished on read and the
      re-plan wanted to add it again. AWS reports parameters set through
      Create/ModifyDBParameterGroup with Source "user"; the patch records exactly that, so the
      parameter values themselves are still compared on re-plan.

  rds_unique_resource_ids
      moto gives every DB instance the same DbiResourceId ("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U",
      moto/rds/models.py DBInstance.__init__). The provider finds an instance by that id
      (DescribeDBInstances with the dbi-resource-id filter) while it waits for a create or update to
      finish, so as soon as two instances exist in one account and region (two system stacks with a
      database, deployed side by side), each wait sees two results and fails with "couldn't find
      resource". AWS makes the id unique per instance; the patch derives one from the account, region
      and identifier, so it is unique and stable across describes.

  launch_template_own_tags_stay_out_of_data
      moto's CreateLaunchTemplate copies the request's TagSpecifications (the tags of the launch
      template itself, ResourceType "launch-template") into the template data, so
      DescribeLaunchTemplateVersions returns a LaunchTemplateData.TagSpecifications entry of type
      "launch-template". AWS keeps the template's own tags apart (that type is not even accepted in
      LaunchTemplateData). The provider sends the template's `tags` that way, reads the extra entry
      back into `tag_specifications`, and every re-plan of a tagged aws_launch_template (the NAT
      instance's, modules/vpc/nat-instance.ts) wants to remove it and to roll the Auto Scaling group
      to a new version. The patch drops "launch-template" entries from the data of every version
      moto stores; the template's own tags (DescribeLaunchTemplates, DescribeTags) are unchanged.

  lambda_dead_letter_config
      moto's Lambda ignores DeadLetterConfig: CreateFunction and UpdateFunctionConfiguration never
      read it and GetFunction(Configuration) never returns it, so every re-plan of a function with
      a dead-letter queue (NodejsFunction deadLetterQueue, the ScheduleGroup trigger) wants to add
      dead_letter_config again. AWS stores {"TargetArn": ...} and returns it; an empty TargetArn
      removes it. The patch keeps exactly that on the function.

  acm_requested_key_algorithm
      moto's RequestCertificate ignores KeyAlgorithm: every certificate it issues has an RSA 2048
      key and DescribeCertificate says "RSA_2048". The provider sends key_algorithm and reads it
      back, so an aws_acm_certificate asking for "EC_prime256v1" (DnsValidatedCertificate's
      keyAlgorithm, modules/dns/) was planned for replacement on every re-plan. AWS issues the key
      that was asked for; the patch records the requested algorithm and DescribeCertificate reports
      it (moto's key material stays RSA, which nothing here reads).

  route53_private_zone_from_vpc
      moto's CreateHostedZone reads the request's VPC only when HostedZoneConfig.PrivateZone is
      true, and otherwise makes a public zone. The provider (aws_route53_zone with a vpc block, the
      GpuModelServer's zone, modules/ec2/) sends the VPC without that flag, as AWS expects: naming a
      VPC is what makes a zone private. So the zone came out public with no VPC, and every re-plan
      wanted to add the vpc block again. The patch treats a request with VPC.VPCId as private; a
      request without one is unchanged. Its check is in moto_launcher_checks.py.

  ElastiCache (modules/elasticache/redis-cache.ts); each patch has a check of its own in
  moto_launcher_checks.py, run by moto-launcher.test.ts against this server and against moto with
  every patch but that one:

  elasticache_tags_on_every_resource
      moto's ListTagsForResource / AddTagsToResource accept only cluster, snapshot, subnetgroup,
      replicationgroup and user ARNs (ElastiCacheBackend.arn_regex) and answer InvalidARN for
      parameter groups and user groups, whose tags the provider reads after every create. AWS tags
      both; the patch widens the pattern, the tags themselves are moto's.

  elasticache_cache_parameter_groups
      moto has no cache parameter groups at all: Create/Describe/Modify/Reset/
      DeleteCacheParameterGroup and DescribeCacheParameters answer NotImplemented (500), which the
      provider retries for minutes. The patch keeps them in memory as AWS does: names lowercased,
      known families only, 1-20 parameters per Modify, what a caller set reported with Source
      "user" (engine defaults are not modelled, as for RDS), AWS's read-only default.<family> and
      default.<family>.cluster.on groups, CacheParameterGroupNotFound / AlreadyExists, and no
      delete (InvalidCacheParameterGroupState) or cluster-enabled change while a replication group
      uses the group.

  elasticache_replication_group_parameter_group
      moto's CreateReplicationGroup never looks at the parameter group: cluster mode is only what
      ClusterMode says, so a 2 x 1 layout with a cluster-enabled group but no ClusterMode comes out
      cluster mode disabled (one node group, no configuration endpoint). In AWS cluster mode is the
      group's cluster-enabled. The patch resolves the group (default.<family>[.cluster.on] when none
      is named), derives ClusterMode from it when not sent, and refuses what AWS refuses: a missing
      group, a family that does not match the engine version, ClusterMode that contradicts
      cluster-enabled, more than one node group without cluster mode (InvalidParameterCombination).

  elasticache_user_groups
      moto has no user groups: Create/Describe/Modify/DeleteUserGroup answer NotImplemented, so an
      aws_elasticache_user_group (RBAC, the module's only authentication) never gets created. The
      patch keeps them in memory with AWS's rules: users must exist (UserNotFound), one name once
      (DuplicateUserName), a Redis OSS group keeps a user named "default" (DefaultUserRequired),
      no delete while a replication group uses it (InvalidUserGroupState), users list their
      UserGroupIds; CreateReplicationGroup with UserGroupIds needs the group, no AuthToken and
      transit encryption (InvalidParameterCombination), as in AWS.

  elasticache_replication_group_members
      moto's CreateReplicationGroup creates no member cache clusters, so the provider's read of the
      first member (DescribeCacheClusters <id>-001, where it reads engine version, node type,
      security groups, parameter group, encryption at rest and in transit) fails with
      CacheClusterNotFound. It also sizes a cluster-mode-disabled group from ReplicasPerNodeGroup
      only, ignoring NumCacheClusters (3 gives one member, so num_cache_clusters drifts), and keeps
      the reader endpoint as a loose address that never reaches NodeGroups[].ReaderEndpoint. The
      patch creates every member as AWS reports it (the group's node type, engine, the patch
      version AWS runs for a major.minor, subnet group, SecurityGroups, CacheParameterGroup,
      AtRestEncryptionEnabled, TransitEncryptionEnabled/Mode, lowercase maintenance window, zones
      from the subnet group), honours NumCacheClusters and returns the reader endpoint. Members
      without encryption or security groups would read back as drift, and at_rest_encryption_enabled
      is ForceNew: every re-plan would replace the group.

  elasticache_delete_replication_group
      moto's DeleteReplicationGroup only marks the group "deleting" and keeps it and its members
      for ever; the provider waits for ReplicationGroupNotFound until its 45-minute timeout, and the
      subnet and parameter groups stay in use. AWS answers "deleting", takes the
      FinalSnapshotIdentifier snapshot (SnapshotAlreadyExistsFault for a taken name) and removes
      the group and its members (keeping the primary as a cluster with RetainPrimaryCluster). The
      patch does the same at once.

  elasticache_delete_cache_subnet_group
      moto has no DeleteCacheSubnetGroup: it answers NotImplemented (500) and `terraform destroy`
      retries it for minutes, then fails. The patch deletes the group, answering
      CacheSubnetGroupNotFoundFault for an unknown one and CacheSubnetGroupInUse while a
      replication group or cluster uses it, as AWS does.

  CloudFront (modules/cdn/): each patch has a check of its own in moto_launcher_checks.py, run by
  moto-launcher.test.ts as for ElastiCache:

  cloudfront_origin_access_control_on_origins
      moto's Origin model has no OriginAccessControlId: an origin created with one comes back from
      GetDistribution(Config) without it, so every re-plan of an S3 origin behind origin access
      control (CloudFrontDistribution) wants to set origin_access_control_id again. AWS stores and
      returns it; the patch keeps it on the origin.

  cloudfront_cache_policy_behaviors
      moto gives every cache behavior legacy ForwardedValues (no query strings, no cookies), also a
      behavior that names a cache policy; the provider reads them into forwarded_values, which the
      configuration does not have, and a re-plan wants to remove them. AWS keeps ForwardedValues
      only on behaviors that were given them (it refuses them together with a cache policy). The
      patch drops the invented ones where a CachePolicyId is set.

  cloudfront_function_associations
      moto answers FunctionAssociations and LambdaFunctionAssociations with Quantity 0 whatever the
      behavior was given, so the SPA fallback's viewer-request function association drifts on every
      re-plan. AWS keeps each behavior's associations; the patch stores and returns them.

  cloudfront_viewer_certificate_as_sent
      moto reports SSLSupportMethod "sni-only" for every distribution, and CloudFrontDefaultCertificate
      true and CertificateSource "cloudfront" even for an ACM certificate. AWS reports an SSL support
      method only for a certificate of one's own (ssl_support_method drifted from unset to "sni-only"
      on a distribution with the default certificate), CloudFrontDefaultCertificate as sent and the
      certificate's source. The patch reports the viewer certificate as AWS does.

  cloudfront_response_headers_policies
      moto has no response headers policies: Create/Get/GetConfig/Update/Delete/
      ListResponseHeadersPolicies answer 404 with an HTML body the provider cannot parse. The patch
      keeps them in memory with AWS's API shapes (ResponseHeadersPolicy with Id, LastModifiedTime and
      the config as sent, ETag and Location headers), names unique per account
      (ResponseHeadersPolicyAlreadyExists), a new ETag per update, If-Match required on update and
      delete (InvalidIfMatchVersion, PreconditionFailed), NoSuchResponseHeadersPolicy, and no delete
      while a distribution's behavior uses the policy (ResponseHeadersPolicyInUse). AWS's managed
      policies are not listed.

  cloudfront_functions
      moto has no CloudFront Functions (Create/Describe/Get/Update/Publish/Delete/ListFunctions answer
      404). The patch keeps them in memory: a DEVELOPMENT stage on create ("UNPUBLISHED"), LIVE a
      copy with its own ETag on publish ("UNASSOCIATED"), GetFunction returning the stage's code,
      DescribeFunction of a never-published LIVE stage NoSuchFunctionExists (the provider reads it
      for live_stage_etag), names unique (FunctionAlreadyExists), the runtimes cloudfront-js-1.0/2.0,
      10 KB of code at most (FunctionSizeLimitExceeded), If-Match on update, publish and delete, and
      no delete while a distribution is associated with it (FunctionInUse).

  ec2_prefix_list_rule_description
      moto keeps a security group rule's description only for CIDR rules (SecurityGroupRule reads it
      from the IP range): a rule whose peer is a managed prefix list (the ALB's CloudFront-only
      ingress, `connections.allowFromPrefixList`) reads back from DescribeSecurityGroupRules without
      it, and every re-plan wants to set it again. AWS returns it for every rule; the patch keeps the
      prefix list entry's description. Checked in moto_launcher_checks.py like the CloudFront
      patches.

  ec2_modify_all_traffic_rule_without_ports
      moto's ModifySecurityGroupRules requires FromPort and ToPort for every rule ("Invalid value
      for portRange. Must specify both from and to ports with TCP/UDP.", InvalidParameterValue),
      also for IpProtocol -1 (all traffic), where AWS ignores ports. The provider updates an
      aws_vpc_security_group_ingress_rule / _egress_rule in place with ModifySecurityGroupRules and
      sends no ports for protocol -1, so converging an all-traffic rule changed out of band (the
      drift suite, __tests__/e2e/drift.e2e.test.ts, re-applies the NAT interface's VPC ingress rule)
      failed. The patch accepts -1 without ports and stores the rule without a port range, as
      AuthorizeSecurityGroupIngress does for -1 (DescribeSecurityGroupRules reports -1/-1). Checked
      in moto_launcher_checks.py.

  s3_one_canonical_user_id
      moto answers ListBuckets with Owner.ID "bcaf1ffd86f41161ca5fb16fd081034f" but uses
      "75aa57f0...ba06a" as the owner of every bucket and object ACL (GetBucketAcl). The provider's
      `data aws_canonical_user_id` reads ListBuckets, and SecureBucket's CloudFront log bucket
      (cloudFrontStandardLogs) grants its ACL to that id, so every re-plan of the bucket ACL wanted to
      change the owner. In AWS both are the account's one canonical user id; the patch makes
      ListBuckets report moto's ACL owner. Checked in moto_launcher_checks.py.

  Budgets (modules/budgets/monthly-budget.ts), the HTTP API's stage (modules/apigateway/
  http-api.ts) and Lambda event sources (modules/lambda/event-sources.ts); each patch has a check
  of its own in moto_launcher_checks.py:

  budgets_describe_subscribers_for_notification
      moto has no DescribeSubscribersForNotification: it answers 500, which the provider retries
      until it times out on every read of an aws_budgets_budget with a notification. moto already
      keeps each notification's subscribers (CreateBudget's NotificationsWithSubscribers,
      CreateNotification); the patch returns them for the notification asked about (matched on
      type, comparison, threshold and threshold type, as AWS does), NotFoundException for an
      unknown budget or notification.

  budgets_resource_tags
      moto has no ListTagsForResource / TagResource / UntagResource for Budgets (500) and drops
      CreateBudget's ResourceTags; the provider reads a budget's tags (the stacks' default tags)
      after every create and read. The patch keeps tags per budget ARN
      (arn:<partition>:budgets::<account>:budget/<name>), fed by ResourceTags, TagResource and
      UntagResource, dropped with the budget; NotFoundException for a budget that does not exist.

  budgets_update_budget
      moto has no UpdateBudget (500, retried until the provider times out), so changing a budget's
      amount, filter or period in place never finishes. AWS replaces the budget's definition with
      NewBudget and keeps its notifications and subscribers; the patch does that, keeping the
      budget's time period when NewBudget names none, NotFoundException for an unknown budget.

  apigatewayv2_update_stage
      moto has no UpdateStage for API Gateway v2 (500, retried until the provider times out), so a
      stage's throttling, access log settings or auto-deploy cannot change in place. AWS sets the
      fields the request names and leaves the others; the patch does the same on moto's stage
      (NotFoundException from moto's lookup for an unknown API or stage).

  lambda_msk_event_source_mappings
      moto's CreateEventSourceMapping accepts only SQS, DynamoDB and Kinesis sources and answers
      ResourceNotFoundException "Invalid EventSourceArn" for an MSK cluster, so no
      aws_lambda_event_source_mapping from Kafka can be created. AWS takes an MSK cluster ARN with
      exactly one topic and a starting position. The patch accepts a kafka ARN when moto's MSK
      backend holds that cluster (by ARN, or by the cluster id AWS puts last in it, which finds the
      cluster under its AWS-shaped ARN cluster/<name>/<id> also where moto alone shortens it to
      cluster/<id>), requires one topic and StartingPosition LATEST or TRIM_HORIZON
      (InvalidParameterValueException otherwise), uses Lambda's Kafka batch limits (default 100,
      at most 10000), and keeps Topics, StartingPosition, AmazonManagedKafkaEventSourceConfig and
      DestinationConfig as sent.

  MSK (modules/msk/kafka-cluster.ts); each patch has a check of its own in moto_launcher_checks.py,
  run by moto-launcher.test.ts as for ElastiCache:

  msk_cluster_arns
      moto names clusters cluster/<uuid> (provisioned) and serverless-cluster/<uuid>. AWS names
      both cluster/<cluster name>/<uuid>-<n>: the provider reads cluster_uuid from that shape, and
      IAM policies for kafka-cluster: actions and the topic and group ARNs KafkaCluster.grantTopics
      derives from it (topic/<name>/<uuid>/<topic>) need it. The patch gives clusters AWS's shape
      (the UUID part, and so cluster_id, ends in "-1", serverless "-s1").

  msk_clusters_active
      moto's clusters stay CREATING for ever; the provider waits for ACTIVE after every create
      (provisioned and serverless) until its create timeout. AWS answers CREATING and is ACTIVE
      some 20 minutes later; the patch keeps that answer and makes the cluster ACTIVE at once.

  msk_bootstrap_brokers
      moto has no GetBootstrapBrokers (500, retried by the provider on every read of an
      aws_msk_cluster or aws_msk_serverless_cluster). The patch answers as AWS does, one string
      per listener the cluster has: plaintext 9092 (client-broker PLAINTEXT or TLS_PLAINTEXT), TLS
      9094 (TLS in transit with mutual TLS or unauthenticated access), SASL/SCRAM 9096 and SASL/IAM
      9098 (when enabled), one b-<n> host per broker, one boot- host for a serverless cluster
      (IAM); NotFoundException for an unknown cluster.

  msk_cluster_not_found_after_delete
      moto's DescribeCluster, DescribeClusterV2 and DeleteCluster raise KeyError (500) for a cluster
      that does not exist, and DeleteCluster answers the cluster's last state. The provider waits
      after a delete for NotFoundException, so every destroy failed. The patch answers
      NotFoundException (404) and DeleteCluster DELETING, as AWS does.

  msk_no_invented_configuration
      moto's DescribeCluster(V2) reports configurationArn "string", revision 1, for a cluster
      created without a configuration, so the provider reads a configuration_info block nobody set
      and a re-plan wants to remove it. AWS reports no configuration then; the patch drops the
      invented one (a configuration given at create is reported as given).

  msk_configurations
      moto has no MSK configurations at all (no /v1/configurations route: 404 with an HTML body),
      so no aws_msk_configuration can be created. The patch keeps them in memory with AWS's API:
      Create (ARN configuration/<name>/<uuid>-<n>, ACTIVE, revision 1, ConflictException for a
      taken name, BadRequestException for a name or a server.properties line MSK refuses),
      Describe, List, ListConfigurationRevisions, DescribeConfigurationRevision (the properties
      as sent), Update (a new revision with its own description) and Delete (DELETING, then gone);
      an unknown ARN is AWS's BadRequestException "Configuration ARN does not exist", which the
      provider reads as not found.

The server binds 127.0.0.1 only, and exits when the process that started it goes away (the
test run stops it by its pid in afterAll; the watch covers a run killed before afterAll).

Environment set here (before moto is imported):
  MOTO_IAM_LOAD_MANAGED_POLICIES=true  AWS managed IAM policies (arn:aws:iam::aws:policy/...) only
                                       exist in moto with it; role policy attachments need them.
  MOTO_ACCOUNT_ID (removed)            it would pin every request to one account.
  MOTO_ACM_VALIDATION_WAIT=2           seconds after which moto reports a requested ACM certificate
                                       ISSUED (moto's default 60; AWS issues minutes after the CNAME
                                       resolves). With 60, aws_acm_certificate_validation of every
                                       DnsValidatedCertificate (modules/dns/) idled ~30 s after its
                                       record existed; with 2 the certificate is still
                                       PENDING_VALIDATION when created and ISSUED once its record
                                       exists, as in AWS. A value already in the environment wins.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
from typing import Any, Callable

# Taken first thing, so a parent that dies while moto is still importing is noticed too.
STARTED_BY = os.getppid()

os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
# MOTO_ACCOUNT_ID would pin every request to one account, defeating account_from_numeric_access_key.
os.environ.pop("MOTO_ACCOUNT_ID", None)
# ACM certificates validate 2 s after they are requested instead of 60 (see the docstring).
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "2")

PATCHES: list[tuple[str, Callable[[], None]]] = []


def patch(function: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append((function.__name__, function))
    return function


@patch
def account_from_numeric_access_key() -> None:
    import moto.iam.models as iam_models
    from moto.core.responses import BaseResponse

    original = iam_models.get_account_id_from
    twelve_digits = re.compile(r"\d{12}")

    def get_account_id_from(access_key: str) -> str:
        if access_key and twelve_digits.fullmatch(access_key):
            return access_key
        return original(access_key)

    # moto/core/responses.py does `from moto.iam.models import get_account_id_from` inside
    # get_current_account, so replacing the module attribute is enough.
    iam_models.get_account_id_from = get_account_id_from
    # Same pattern as moto's, plus the 12-digit alternative (SigV4: "Credential=<key id>/<date>/...").
    BaseResponse.access_key_regex = re.compile(
        r"AWS.*(?P<access_key>(?<![A-Z0-9])(?:[A-Z0-9]{20}|[0-9]{12})(?![A-Z0-9]))[:/]"
    )


@patch
def application_autoscaling_tags() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.core.exceptions import JsonRESTError

    tags_attribute = "_launcher_tags"

    def target_by_arn(response: Any, arn: str) -> Any:
        backend = response.applicationautoscaling_backend
        for by_resource in backend.targets.values():
            for target in by_resource.values():
                if target.arn == arn:
                    return target
        raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")

    def tags_of(target: Any) -> dict[str, str]:
        if not hasattr(target, tags_attribute):
            setattr(target, tags_attribute, {})
        return getattr(target, tags_attribute)

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        body = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            tags_of(target_by_arn(self, json.loads(body)["ScalableTargetARN"])).update(tags)
        return body

    def list_tags_for_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        return json.dumps({"Tags": dict(tags_of(target))})

    def tag_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        tags_of(target).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        for key in self._get_param("TagKeys") or []:
            tags_of(target).pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


@patch
def s3_tls_only_bucket_policy() -> None:
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    original = FakeBucket.get_permission

    def denies_only_insecure_transport(statement: dict[str, Any]) -> bool:
        condition = statement.get("Condition")
        if statement.get("Effect") != "Deny" or not isinstance(condition, dict) or list(condition) != ["Bool"]:
            return False
        values = condition["Bool"]
        if not isinstance(values, dict) or list(values) != ["aws:SecureTransport"]:
            return False
        value = values["aws:SecureTransport"]
        return [str(v).lower() for v in (value if isinstance(value, list) else [value])] == ["false"]

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return original(self, action, resource)
        document = json.loads(self.policy.decode())
        statements = document.get("Statement")
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements or [] if not denies_only_insecure_transport(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        # Same evaluation as moto's FakeBucket.get_permission, on a copy without those statements
        # (the bucket's stored policy is untouched, so GetBucketPolicy still returns it in full).
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


@patch
def rds_parameter_source_user() -> None:
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    def update_parameters(self: Any, new_parameters: Any) -> None:
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]].setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


@patch
def rds_unique_resource_ids() -> None:
    import base64
    import hashlib

    from moto.rds.models import DBInstance

    original = DBInstance.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        seed = f"{self.account_id}/{self.region}/{self.db_instance_identifier}".encode()
        digest = base64.b32encode(hashlib.sha256(seed).digest()).decode()[:26]
        self.dbi_resource_id = f"db-{digest}"

    DBInstance.__init__ = init


@patch
def launch_template_own_tags_stay_out_of_data() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplateVersion

    original_init = LaunchTemplateVersion.__init__

    def __init__(self: Any, template: Any, number: int, data: dict[str, Any], description: str) -> None:
        specs = data.get("TagSpecifications")
        if isinstance(specs, list):
            kept = [
                s for s in specs if not (isinstance(s, dict) and s.get("ResourceType") == "launch-template")
            ]
            data = {key: value for key, value in data.items() if key != "TagSpecifications"}
            if kept:
                data["TagSpecifications"] = kept
        original_init(self, template, number, data, description)

    LaunchTemplateVersion.__init__ = __init__


@patch
def lambda_dead_letter_config() -> None:
    """Store, update and return a function's DeadLetterConfig (see the module docstring)."""
    from moto.awslambda.models import LambdaFunction

    attribute = "_launcher_dead_letter_config"
    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def remember(function: Any, config: Any) -> None:
        target = config.get("TargetArn") if isinstance(config, dict) else None
        setattr(function, attribute, {"TargetArn": target} if target else None)

    def __init__(self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        remember(self, spec.get("DeadLetterConfig"))

    def get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        dead_letter = getattr(self, attribute, None)
        if dead_letter:
            config["DeadLetterConfig"] = dict(dead_letter)
        return config

    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "DeadLetterConfig" in config_updates:
            remember(self, config_updates["DeadLetterConfig"])
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration


@patch
def acm_requested_key_algorithm() -> None:
    """Report the KeyAlgorithm a certificate was requested with (see the module docstring)."""
    from moto.acm.models import CertBundle
    from moto.acm.responses import AWSCertificateManagerResponse

    algorithm_attribute = "_launcher_key_algorithm"
    original_request = AWSCertificateManagerResponse.request_certificate
    original_describe = CertBundle.describe

    def request_certificate(self: Any) -> Any:
        response = original_request(self)
        algorithm = self._get_param("KeyAlgorithm")
        # A str is the success body; errors come back as (body, status) tuples.
        if algorithm and isinstance(response, str):
            bundle = self.acm_backend.get_certificate(json.loads(response)["CertificateArn"])
            setattr(bundle, algorithm_attribute, algorithm)
        return response

    def describe(self: Any) -> dict[str, Any]:
        result = original_describe(self)
        algorithm = getattr(self, algorithm_attribute, None)
        if algorithm:
            result["Certificate"]["KeyAlgorithm"] = algorithm
        return result

    AWSCertificateManagerResponse.request_certificate = request_certificate
    CertBundle.describe = describe


@patch
def route53_private_zone_from_vpc() -> None:
    """A CreateHostedZone request naming a VPC makes a private zone (see the module docstring)."""
    from moto.route53.responses import Route53

    private_flag = "HostedZoneConfig.PrivateZone"
    original_create = Route53.create_hosted_zone

    def create_hosted_zone(self: Any) -> Any:
        if self._get_param("VPC.VPCId") and not self._get_bool_param(private_flag, False):
            read_bool = self._get_bool_param

            def bool_param(name: str, default: Any = None) -> Any:
                return True if name == private_flag else read_bool(name, default)

            # This request only: the instance attribute shadows the method for this response object.
            self._get_bool_param = bool_param
        return original_create(self)

    Route53.create_hosted_zone = create_hosted_zone


# --- ElastiCache (modules/elasticache/redis-cache.ts). The patches below share these helpers: the
# in-memory parameter groups and user groups live on moto's per-account, per-region ElastiCache backend.


def _elasticache_store(backend: Any, name: str) -> dict[str, Any]:
    store = getattr(backend, name, None)
    if store is None:
        store = {}
        setattr(backend, name, store)
    return store


def _elasticache_error(code: str, message: str) -> Exception:
    from moto.core.exceptions import ServiceException

    class LauncherElastiCacheError(ServiceException):
        # moto looks the error up in the service model of the exception's module when that module is
        # moto's ("moto.<service>..."); outside moto it uses the model of the request (ElastiCache).
        __module__ = "launcher.elasticache"

    # The code is the AWS error code of the ElastiCache model, so moto's serializer adds the model's
    # HTTP status (404 for the *NotFound faults) and the SDKs map it to their typed error.
    return LauncherElastiCacheError(code, message)


def _elasticache_family(engine: str, version: str | None) -> str | None:
    """The parameter group family AWS gives an engine version (None when the version is unknown)."""
    match = re.match(r"^(\d+)\.(\d+|x)", version or "")
    if not match:
        return None
    major, minor = int(match.group(1)), match.group(2)
    if engine == "valkey":
        return f"valkey{major}"
    if major >= 7:
        return f"redis{major}"
    if major == 6:
        return "redis6.x"
    return f"redis{major}.{minor}"


@patch
def elasticache_tags_on_every_resource() -> None:
    from moto.elasticache.models import ElastiCacheBackend

    original_init = ElastiCacheBackend.__init__

    def __init__(self: Any, region_name: str, account_id: str) -> None:
        original_init(self, region_name, account_id)
        # moto's pattern stops at cluster|snapshot|subnetgroup|replicationgroup|user; AWS tags
        # parameter groups and user groups too, and the provider lists their tags on every read.
        self.arn_regex = re.compile(
            r"^arn:aws[a-z-]*:elasticache:.*:[0-9]*:"
            r"(cluster|snapshot|subnetgroup|replicationgroup|user|usergroup|parametergroup):.*$"
        )

    ElastiCacheBackend.__init__ = __init__


@patch
def elasticache_cache_parameter_groups() -> None:
    from moto.core.responses import ActionResult, EmptyResult
    from moto.elasticache.responses import ElastiCacheResponse

    families = [
        "memcached1.4", "memcached1.5", "memcached1.6",
        "redis2.6", "redis2.8", "redis3.2", "redis4.0", "redis5.0", "redis6.x", "redis7",
        "valkey7", "valkey8",
    ]
    name_pattern = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,254}$")

    def groups(response: Any) -> dict[str, Any]:
        return _elasticache_store(response.elasticache_backend, "_launcher_cache_parameter_groups")

    def default_group(name: str, backend: Any) -> dict[str, Any] | None:
        # AWS's own groups, e.g. default.redis7 and default.redis7.cluster.on: read-only, always there.
        match = re.fullmatch(r"default\.(.+?)(\.cluster\.on)?", name)
        if not match or match.group(1) not in families:
            return None
        cluster_on = bool(match.group(2))
        return {
            "name": name,
            "family": match.group(1),
            "description": f"Default parameter group for {match.group(1)}"
            + (" with cluster mode on" if cluster_on else ""),
            "arn": f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:parametergroup:{name}",
            "parameters": {},
            "system": {"cluster-enabled": "yes"} if cluster_on else {},
            "default": True,
        }

    def find(response: Any, name: str | None) -> dict[str, Any]:
        key = (name or "").lower()
        group = groups(response).get(key) or default_group(key, response.elasticache_backend)
        if group is None:
            raise _elasticache_error("CacheParameterGroupNotFound", f"CacheParameterGroup {name} not found.")
        return group

    def view(group: dict[str, Any]) -> dict[str, Any]:
        return {
            "CacheParameterGroupName": group["name"],
            "CacheParameterGroupFamily": group["family"],
            "Description": group["description"],
            "IsGlobal": False,
            "ARN": group["arn"],
        }

    def in_use_by(response: Any, name: str) -> list[str]:
        backend = response.elasticache_backend
        users = [
            rg.replication_group_id
            for rg in backend.replication_groups.values()
            if (rg.cache_parameter_group_name or "").lower() == name and rg.status != "deleting"
        ]
        users += [
            c.cache_cluster_id
            for c in backend.cache_clusters.values()
            if (c.cache_parameter_group_name or "").lower() == name and not c.replication_group_id
        ]
        return users

    def name_values(response: Any) -> list[tuple[str, str]]:
        values = response._get_param("ParameterNameValues") or []
        return [(str(v.get("ParameterName", "")).lower(), str(v.get("ParameterValue", ""))) for v in values]

    def writable(response: Any, name: str | None) -> dict[str, Any]:
        group = find(response, name)
        if group.get("default"):
            raise _elasticache_error(
                "InvalidParameterValue", f"Default parameter group {group['name']} cannot be modified."
            )
        return group

    def create_cache_parameter_group(self: Any) -> ActionResult:
        backend = self.elasticache_backend
        name = str(self._get_param("CacheParameterGroupName") or "").lower()
        family = self._get_param("CacheParameterGroupFamily")
        description = self._get_param("Description")
        if not name_pattern.match(name) or name.endswith("-"):
            raise _elasticache_error(
                "InvalidParameterValue",
                "Parameter group name must begin with a letter, contain only ASCII letters, digits and "
                "hyphens, and must not end with a hyphen or contain two consecutive hyphens.",
            )
        if family not in families:
            raise _elasticache_error(
                "InvalidParameterValue", f"CacheParameterGroupFamily {family} is not a valid family."
            )
        if not description:
            raise _elasticache_error("InvalidParameterValue", "The parameter Description must be provided.")
        if name in groups(self) or default_group(name, backend):
            raise _elasticache_error(
                "CacheParameterGroupAlreadyExists", f"Parameter group {name} already exists."
            )
        group = {
            "name": name,
            "family": family,
            "description": description,
            "arn": f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:parametergroup:{name}",
            "parameters": {},
            "system": {},
        }
        groups(self)[name] = group
        tags = self._get_param("Tags") or []
        if tags:
            backend.tagging_service.tag_resource(group["arn"], tags)
        return ActionResult({"CacheParameterGroup": view(group)})

    def describe_cache_parameter_groups(self: Any) -> ActionResult:
        name = self._get_param("CacheParameterGroupName")
        found = [find(self, name)] if name else list(groups(self).values())
        return ActionResult({"CacheParameterGroups": [view(g) for g in found]})

    def describe_cache_parameters(self: Any) -> ActionResult:
        group = find(self, self._get_param("CacheParameterGroupName"))
        source = self._get_param("Source")
        # Engine defaults are not modelled (moto has no catalogue of them); what a caller set is kept
        # and reported with Source "user", as AWS does.
        user = [] if source not in (None, "user") else sorted(group["parameters"].items())
        return ActionResult(
            {
                "Parameters": [
                    {
                        "ParameterName": name,
                        "ParameterValue": value,
                        "Source": "user",
                        "DataType": "string",
                        "IsModifiable": True,
                        "ChangeType": "requires-reboot" if name == "cluster-enabled" else "immediate",
                    }
                    for name, value in user
                ]
            }
        )

    def modify_cache_parameter_group(self: Any) -> ActionResult:
        group = writable(self, self._get_param("CacheParameterGroupName"))
        values = name_values(self)
        if not values or len(values) > 20:
            raise _elasticache_error(
                "InvalidParameterValue", "ParameterNameValues must hold 1 to 20 parameters per request."
            )
        users = in_use_by(self, group["name"])
        for name, value in values:
            if name == "cluster-enabled" and users and value != group["parameters"].get(name, "no"):
                raise _elasticache_error(
                    "InvalidCacheParameterGroupState",
                    f"Cannot modify cluster-enabled of parameter group {group['name']}: "
                    f"it is in use by {', '.join(users)}.",
                )
        group["parameters"].update(dict(values))
        return ActionResult({"CacheParameterGroupName": group["name"]})

    def reset_cache_parameter_group(self: Any) -> ActionResult:
        group = writable(self, self._get_param("CacheParameterGroupName"))
        if self._get_bool_param("ResetAllParameters"):
            group["parameters"].clear()
        else:
            for name, _ in name_values(self):
                group["parameters"].pop(name, None)
        return ActionResult({"CacheParameterGroupName": group["name"]})

    def delete_cache_parameter_group(self: Any) -> EmptyResult:
        group = find(self, self._get_param("CacheParameterGroupName"))
        if group.get("default"):
            raise _elasticache_error(
                "InvalidParameterValue", f"Default parameter group {group['name']} cannot be deleted."
            )
        users = in_use_by(self, group["name"])
        if users:
            raise _elasticache_error(
                "InvalidCacheParameterGroupState",
                f"Parameter group {group['name']} is in use by {', '.join(users)} and cannot be deleted.",
            )
        del groups(self)[group["name"]]
        return EmptyResult()

    ElastiCacheResponse.create_cache_parameter_group = create_cache_parameter_group
    ElastiCacheResponse.describe_cache_parameter_groups = describe_cache_parameter_groups
    ElastiCacheResponse.describe_cache_parameters = describe_cache_parameters
    ElastiCacheResponse.modify_cache_parameter_group = modify_cache_parameter_group
    ElastiCacheResponse.reset_cache_parameter_group = reset_cache_parameter_group
    ElastiCacheResponse.delete_cache_parameter_group = delete_cache_parameter_group
    # For elasticache_replication_group_parameter_group, which resolves names the same way.
    ElastiCacheResponse._launcher_find_parameter_group = staticmethod(find)


@patch
def elasticache_replication_group_parameter_group() -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    original = ElastiCacheResponse.create_replication_group

    def create_replication_group(self: Any) -> Any:
        engine = (self._get_param("Engine") or "redis").lower()
        version = self._get_param("EngineVersion")
        cluster_mode = self._get_param("ClusterMode")
        num_node_groups = self._get_int_param("NumNodeGroups") or 1
        name = self._get_param("CacheParameterGroupName")
        family = _elasticache_family(engine, version)
        if name:
            group = self._launcher_find_parameter_group(self, name)
            if family and group["family"] != family:
                raise _elasticache_error(
                    "InvalidParameterCombination",
                    f"The parameter group family {group['family']} does not match "
                    f"engine {engine} {version} (family {family}).",
                )
            values = {**group["system"], **group["parameters"]}
            cluster_enabled = values.get("cluster-enabled", "no") == "yes"
        else:
            # Without a group AWS picks its default, the cluster-mode one when the layout asks for it.
            cluster_enabled = cluster_mode == "enabled" or (cluster_mode is None and num_node_groups > 1)
            if family:
                name = f"default.{family}{'.cluster.on' if cluster_enabled else ''}"
        # Cluster mode is the parameter group's cluster-enabled; ClusterMode, when sent, must agree.
        if cluster_mode is None:
            cluster_mode = "enabled" if cluster_enabled else "disabled"
        elif (cluster_mode == "enabled") != cluster_enabled and cluster_mode != "compatible":
            raise _elasticache_error(
                "InvalidParameterCombination",
                f"ClusterMode {cluster_mode} needs a parameter group with cluster-enabled "
                f"{'yes' if cluster_mode == 'enabled' else 'no'}; "
                f"{name} has {'yes' if cluster_enabled else 'no'}.",
            )
        if cluster_mode != "enabled" and num_node_groups > 1:
            raise _elasticache_error(
                "InvalidParameterCombination", "NumNodeGroups above 1 needs cluster mode enabled."
            )
        # The request as AWS resolves it: moto's handler reads both from the parsed parameters.
        if name:
            self.params["CacheParameterGroupName"] = name
        self.params["ClusterMode"] = cluster_mode
        return original(self)

    ElastiCacheResponse.create_replication_group = create_replication_group


@patch
def elasticache_user_groups() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def groups(response: Any) -> dict[str, Any]:
        return _elasticache_store(response.elasticache_backend, "_launcher_user_groups")

    def find(response: Any, group_id: str | None) -> dict[str, Any]:
        group = groups(response).get(group_id or "")
        if group is None:
            raise _elasticache_error("UserGroupNotFound", f"User group {group_id} not found.")
        return group

    def replication_groups_of(response: Any, group_id: str) -> list[str]:
        return [
            rg.replication_group_id
            for rg in response.elasticache_backend.replication_groups.values()
            if group_id in (rg.user_group_ids or []) and rg.status != "deleting"
        ]

    def view(response: Any, group: dict[str, Any], status: str | None = None) -> dict[str, Any]:
        return {
            "UserGroupId": group["id"],
            "Status": status or "active",
            "Engine": group["engine"],
            "UserIds": list(group["user_ids"]),
            "MinimumEngineVersion": "6.0",
            "ReplicationGroups": replication_groups_of(response, group["id"]),
            "ServerlessCaches": [],
            "ARN": group["arn"],
        }

    def check_members(response: Any, engine: str, user_ids: list[str]) -> None:
        users = response.elasticache_backend.users
        for user_id in user_ids:
            if user_id not in users or users[user_id].status == "deleting":
                raise _elasticache_error("UserNotFound", f"User {user_id} not found.")
        names = [users[u].name for u in user_ids]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise _elasticache_error(
                "DuplicateUserName", f"User name {duplicates[0]} appears more than once."
            )
        # Redis OSS user groups answer unauthenticated connections as the user named "default".
        if engine == "redis" and "default" not in names:
            raise _elasticache_error(
                "DefaultUserRequired", "User group needs to contain a user with the user name default."
            )

    def link(response: Any, group_id: str, user_ids: list[str], linked: bool) -> None:
        for user_id in user_ids:
            user = response.elasticache_backend.users.get(user_id)
            if user is None:
                continue
            if linked and group_id not in user.user_group_ids:
                user.user_group_ids.append(group_id)
            if not linked and group_id in user.user_group_ids:
                user.user_group_ids.remove(group_id)

    def create_user_group(self: Any) -> ActionResult:
        backend = self.elasticache_backend
        group_id = self._get_param("UserGroupId")
        engine = str(self._get_param("Engine") or "").lower()
        user_ids = list(dict.fromkeys(self._get_param("UserIds") or []))
        if engine not in ("redis", "valkey"):
            raise _elasticache_error(
                "InvalidParameterValue", f"Unknown engine {engine}: must be redis or valkey."
            )
        if group_id in groups(self):
            raise _elasticache_error("UserGroupAlreadyExists", f"User Group {group_id} already exists.")
        check_members(self, engine, user_ids)
        group = {
            "id": group_id,
            "engine": engine,
            "user_ids": user_ids,
            "arn": f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:usergroup:{group_id}",
        }
        groups(self)[group_id] = group
        link(self, group_id, user_ids, True)
        tags = self._get_param("Tags") or []
        if tags:
            backend.tagging_service.tag_resource(group["arn"], tags)
        return ActionResult(view(self, group))

    def describe_user_groups(self: Any) -> ActionResult:
        group_id = self._get_param("UserGroupId")
        found = [find(self, group_id)] if group_id else list(groups(self).values())
        return ActionResult({"UserGroups": [view(self, g) for g in found]})

    def modify_user_group(self: Any) -> ActionResult:
        group = find(self, self._get_param("UserGroupId"))
        to_add = [u for u in self._get_param("UserIdsToAdd") or [] if u not in group["user_ids"]]
        to_remove = list(self._get_param("UserIdsToRemove") or [])
        user_ids = [u for u in group["user_ids"] if u not in to_remove] + to_add
        check_members(self, group["engine"], user_ids)
        link(self, group["id"], to_remove, False)
        link(self, group["id"], to_add, True)
        group["user_ids"] = user_ids
        return ActionResult(view(self, group))

    def delete_user_group(self: Any) -> ActionResult:
        group = find(self, self._get_param("UserGroupId"))
        in_use = replication_groups_of(self, group["id"])
        if in_use:
            raise _elasticache_error(
                "InvalidUserGroupState",
                f"User group {group['id']} is associated with replication group(s) {', '.join(in_use)}.",
            )
        link(self, group["id"], group["user_ids"], False)
        del groups(self)[group["id"]]
        # AWS answers "deleting" and the group is gone from the next describe on.
        return ActionResult(view(self, group, status="deleting"))

    original_create_replication_group = ElastiCacheResponse.create_replication_group

    def create_replication_group(self: Any) -> Any:
        user_group_ids = self._get_param("UserGroupIds") or []
        for group_id in user_group_ids:
            find(self, group_id)
        if user_group_ids and self._get_param("AuthToken"):
            raise _elasticache_error(
                "InvalidParameterCombination", "AuthToken and UserGroupIds cannot be used together."
            )
        if user_group_ids and not self._get_bool_param("TransitEncryptionEnabled"):
            raise _elasticache_error(
                "InvalidParameterCombination",
                "Role-based access control needs in-transit encryption enabled.",
            )
        return original_create_replication_group(self)

    ElastiCacheResponse.create_user_group = create_user_group
    ElastiCacheResponse.describe_user_groups = describe_user_groups
    ElastiCacheResponse.modify_user_group = modify_user_group
    ElastiCacheResponse.delete_user_group = delete_user_group
    ElastiCacheResponse.create_replication_group = create_replication_group


@patch
def elasticache_replication_group_members() -> None:
    from moto.core.utils import utcnow
    from moto.elasticache.models import CacheCluster, ElastiCacheBackend, ReplicationGroup

    original_disabled = ReplicationGroup._set_node_members_clusters_disabled

    def _set_node_members_clusters_disabled(self: Any, **kwargs: Any) -> None:
        # moto sizes the group from ReplicasPerNodeGroup only and ignores NumCacheClusters, which is
        # what cluster-mode-disabled callers (the provider's num_cache_clusters) send.
        if not kwargs.get("replicas_per_node_group") and (kwargs.get("num_cache_clusters") or 1) > 1:
            kwargs["replicas_per_node_group"] = kwargs["num_cache_clusters"] - 1
        original_disabled(self, **kwargs)
        node_group = kwargs["node_group"]
        # The reader endpoint is a structure in the API (NodeGroup.ReaderEndpoint); moto only keeps a
        # loose address that never reaches the response.
        node_group["reader_endpoint"] = {"address": node_group["reader_endpoint_address"], "port": self.port}

    def actual_version(version: str | None) -> str | None:
        # AWS takes "7.1" or "6.x" and reports the patch level it runs.
        if not version:
            return version
        if version == "6.x":
            return "6.2.6"
        return f"{version}.0" if re.fullmatch(r"\d+\.\d+", version) else version

    original_create = ElastiCacheBackend.create_replication_group

    def create_replication_group(self: Any, **kwargs: Any) -> Any:
        group = original_create(self, **kwargs)
        subnet_group = self.cache_subnet_groups.get(group.cache_subnet_group_name or "")
        zones = [
            s.get("subnet_availability_zone") for s in (subnet_group.subnets if subnet_group else [])
        ] or [f"{self.region_name}a"]
        engine = group.engine
        maintenance_window = (group.preferred_maintenance_window or "sun:23:00-mon:00:30").lower()
        members = [m for ng in group.node_groups for m in ng["node_group_members"]]
        for index, member in enumerate(members):
            cluster_id = member["cache_cluster_id"]
            zone = zones[index % len(zones)] if group.multi_az == "enabled" else zones[0]
            member["preferred_availability_zone"] = zone
            cluster = CacheCluster(
                account_id=self.account_id,
                region_name=self.region_name,
                cache_cluster_id=cluster_id,
                cache_node_type=group.cache_node_type,
                replication_group_id=group.replication_group_id,
                az_mode="single-az",
                preferred_availability_zone=zone,
                num_cache_nodes=1,
                engine=engine,
                engine_version=actual_version(group.engine_version),
                cache_parameter_group_name=group.cache_parameter_group_name,
                cache_subnet_group_name=group.cache_subnet_group_name,
                transit_encryption_enabled=group.transit_encryption_enabled,
                network_type=group.network_type,
                ip_discovery=group.ip_discovery,
                snapshot_name=None,
                preferred_maintenance_window=maintenance_window,
                port=group.port,
                notification_topic_arn=group.notification_topic_arn,
                auto_minor_version_upgrade=str(group.auto_minor_version_upgrade).lower() != "false",
                snapshot_retention_limit=group.snapshot_retention_limit,
                snapshot_window=group.snapshot_window,
                auth_token=None,
                outpost_mode=None,
                preferred_outpost_arn=None,
                preferred_availability_zones=None,
                cache_security_group_names=None,
                security_group_ids=list(group.security_group_ids or []),
                tags=None,
                snapshot_arns=None,
                preferred_outpost_arns=None,
                log_delivery_configurations=group.log_delivery_configurations,
                cache_node_ids_to_remove=[],
                cache_node_ids_to_reboot=[],
            )
            # What AWS reports for a member and moto's CacheCluster leaves out (or, for Valkey, never
            # sets): the provider reads the group's encryption, security groups, parameter group and
            # version back from the first member, and at_rest_encryption_enabled is ForceNew.
            cluster.replication_group_id = group.replication_group_id
            cluster.num_cache_nodes = 1
            cluster.snapshot_window = group.snapshot_window
            cluster.at_rest_encryption_enabled = bool(group.at_rest_encryption_enabled)
            cluster.transit_encryption_enabled = bool(group.transit_encryption_enabled)
            cluster.transit_encryption_mode = group.transit_encryption_mode or (
                "required" if group.transit_encryption_enabled else None
            )
            cluster.auth_token_enabled = bool(group.auth_token_enabled)
            cluster.security_groups = [
                {"SecurityGroupId": sg, "Status": "active"} for sg in group.security_group_ids or []
            ]
            if group.cache_parameter_group_name:
                cluster.cache_parameter_group = {
                    "CacheParameterGroupName": group.cache_parameter_group_name,
                    "ParameterApplyStatus": "in-sync",
                    "CacheNodeIdsToReboot": [],
                }
            cluster.replication_group_log_delivery_enabled = bool(group.log_delivery_configurations)
            address = (member.get("read_endpoint") or {}).get("address") or (
                f"{cluster_id}.{group.replication_group_id}.{self.region_name}.cache.amazonaws.com"
            )
            cluster.cache_nodes = [
                {
                    "CacheNodeId": "0001",
                    "CacheNodeStatus": "available",
                    "CacheNodeCreateTime": utcnow(),
                    "Endpoint": {"Address": address, "Port": group.port},
                    "ParameterGroupStatus": "in-sync",
                    "CustomerAvailabilityZone": zone,
                }
            ]
            self.cache_clusters[cluster_id] = cluster
        return group

    ReplicationGroup._set_node_members_clusters_disabled = _set_node_members_clusters_disabled
    ElastiCacheBackend.create_replication_group = create_replication_group


@patch
def elasticache_delete_replication_group() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def delete_replication_group(self: Any) -> ActionResult:
        backend = self.elasticache_backend
        group_id = self._get_param("ReplicationGroupId")
        retain_primary = bool(self._get_bool_param("RetainPrimaryCluster"))
        final_snapshot = self._get_param("FinalSnapshotIdentifier")
        if group_id in backend.replication_groups and final_snapshot:
            # Raises SnapshotAlreadyExistsFault for a taken name, as AWS does, before anything goes.
            backend.create_snapshot(
                snapshot_name=final_snapshot,
                replication_group_id=group_id,
                cache_cluster_id=None,
                kms_key_id=None,
                tags=None,
            )
        existing = backend.replication_groups.get(group_id)
        primary = existing.primary_cluster_id if existing else None
        group = backend.delete_replication_group(
            replication_group_id=group_id, retain_primary_cluster=retain_primary
        )
        # moto only marks the group "deleting" and keeps it (and its members) forever; AWS removes
        # them, and the provider waits for DescribeReplicationGroups to say ReplicationGroupNotFound.
        for cluster_id, cluster in list(backend.cache_clusters.items()):
            if cluster.replication_group_id == group_id:
                if retain_primary and cluster_id == primary:
                    cluster.replication_group_id = None
                else:
                    del backend.cache_clusters[cluster_id]
        del backend.replication_groups[group_id]
        return ActionResult({"ReplicationGroup": group})

    ElastiCacheResponse.delete_replication_group = delete_replication_group


@patch
def elasticache_delete_cache_subnet_group() -> None:
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound
    from moto.elasticache.responses import ElastiCacheResponse

    def delete_cache_subnet_group(self: Any) -> EmptyResult:
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        if name not in backend.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        groups = backend.replication_groups.values()
        clusters = backend.cache_clusters.values()
        users = [g.replication_group_id for g in groups if g.cache_subnet_group_name == name]
        users += [c.cache_cluster_id for c in clusters if c.cache_subnet_group_name == name]
        if users:
            raise _elasticache_error(
                "CacheSubnetGroupInUse",
                f"Cache subnet group {name} is currently in use by {', '.join(sorted(set(users)))}.",
            )
        group = backend.cache_subnet_groups.pop(name)
        backend.tagging_service.delete_all_tags_for_resource(group.arn)
        return EmptyResult()

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group


# --- CloudFront (modules/cdn/cloudfront-distribution.ts, security-headers-policy.ts). CloudFront is
# global: moto keeps one CloudFront backend per account and partition, and so do the stores below.


def _cloudfront_error(code: str, message: str) -> Exception:
    from moto.core.exceptions import ServiceException

    class LauncherCloudFrontError(ServiceException):
        # Outside moto's own modules the serializer takes the error from the request's model
        # (CloudFront), which gives the HTTP status (404 for NoSuch*, 409 for *AlreadyExists, 412...).
        __module__ = "launcher.cloudfront"

    return LauncherCloudFrontError(code, message)


def _cloudfront_store(backend: Any, name: str) -> dict[str, Any]:
    store = getattr(backend, name, None)
    if store is None:
        store = {}
        setattr(backend, name, store)
    return store


def _cloudfront_etag() -> str:
    import uuid

    return uuid.uuid4().hex[:14].upper()


def _cloudfront_if_match(response: Any, current: str) -> None:
    """CloudFront's optimistic locking: no If-Match is InvalidIfMatchVersion, a stale one
    PreconditionFailed."""
    if_match = response._get_param("IfMatch")
    if not if_match:
        raise _cloudfront_error(
            "InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource."
        )
    if if_match != current:
        raise _cloudfront_error(
            "PreconditionFailed",
            "The precondition given in one or more of the request-header fields evaluated to false.",
        )


_CLOUDFRONT_LOCATION = "https://cloudfront.amazonaws.com/2020-05-31"


def _cloudfront_listed(items: list[Any]) -> dict[str, Any]:
    """A CloudFront list's Items, left out when empty as AWS does."""
    return {"Items": items} if items else {}


def _cloudfront_routes(*paths: str) -> None:
    """Routes more CloudFront paths to moto's dispatcher; the action is then taken from the API model."""
    import moto.cloudfront.urls as urls
    from moto.cloudfront.responses import CloudFrontResponse

    for path in paths:
        urls.url_paths.setdefault("{0}/2020-05-31/" + path, CloudFrontResponse.dispatch)


@patch
def cloudfront_origin_access_control_on_origins() -> None:
    from moto.cloudfront.models import Origin

    original_init = Origin.__init__

    def __init__(self: Any, origin: dict[str, Any]) -> None:
        original_init(self, origin)
        # moto reads the origin field by field and has no OriginAccessControlId, so it is gone from
        # GetDistribution(Config); AWS returns it ("" when the origin has none).
        self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    Origin.__init__ = __init__


@patch
def cloudfront_cache_policy_behaviors() -> None:
    from moto.cloudfront.models import DefaultCacheBehaviour

    original_init = DefaultCacheBehaviour.__init__

    def __init__(self: Any, config: dict[str, Any]) -> None:
        original_init(self, config)
        # moto fills in legacy ForwardedValues (no query string, no cookies) for every behavior. AWS
        # keeps them only for behaviors that were given them: a behavior with a cache policy has
        # none, and sending both is refused.
        if config.get("CachePolicyId") and "ForwardedValues" not in config:
            self.forwarded_values = None

    DefaultCacheBehaviour.__init__ = __init__  # CacheBehaviour calls it through super()


@patch
def cloudfront_function_associations() -> None:
    from moto.cloudfront.models import DefaultCacheBehaviour

    original_init = DefaultCacheBehaviour.__init__

    def associations(config: dict[str, Any], key: str) -> dict[str, Any]:
        items = list((config.get(key) or {}).get("Items") or [])
        return {"Quantity": len(items), **_cloudfront_listed(items)}

    def __init__(self: Any, config: dict[str, Any]) -> None:
        original_init(self, config)
        # moto answers Quantity 0 whatever the behavior was given; AWS keeps the CloudFront Function
        # and Lambda@Edge associations of each behavior.
        self.function_associations = associations(config, "FunctionAssociations")
        self.lambda_function_associations = associations(config, "LambdaFunctionAssociations")

    DefaultCacheBehaviour.__init__ = __init__


@patch
def cloudfront_viewer_certificate_as_sent() -> None:
    from moto.cloudfront.models import ViewerCertificate

    def __init__(self: Any, config: dict[str, Any]) -> None:
        acm = config.get("ACMCertificateArn") or ""
        iam = config.get("IAMCertificateId") or ""
        custom = bool(acm or iam)
        self.cloud_front_default_certificate = bool(config.get("CloudFrontDefaultCertificate", not custom))
        self.acm_certificate_arn = acm
        self.iam_certificate_id = iam
        # moto reports "sni-only" for every distribution; AWS reports an SSL support method only for
        # a certificate of one's own, and the default certificate always allows TLSv1.
        self.ssl_support_method = (config.get("SSLSupportMethod") or "sni-only") if custom else None
        version = config.get("MinimumProtocolVersion") or "TLSv1"
        self.minimum_protocol_version = version if custom else "TLSv1"
        self.certificate_source = "acm" if acm else ("iam" if iam else "cloudfront")
        self.certificate = acm or iam or None

    ViewerCertificate.__init__ = __init__


@patch
def cloudfront_response_headers_policies() -> None:
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult
    from moto.core.utils import utcnow

    _cloudfront_routes(
        "response-headers-policy$",
        "response-headers-policy/(?P<id>[^/]+)$",
        "response-headers-policy/(?P<id>[^/]+)/config$",
    )
    name_pattern = re.compile(r"^[A-Za-z0-9_-]{1,128}$")

    def policies(response: Any) -> dict[str, Any]:
        return _cloudfront_store(response.backend, "_launcher_response_headers_policies")

    def find(response: Any) -> dict[str, Any]:
        policy_id = response._get_param("Id")
        policy = policies(response).get(policy_id)
        if policy is None:
            raise _cloudfront_error(
                "NoSuchResponseHeadersPolicy", f"The response headers policy {policy_id} does not exist."
            )
        return policy

    def checked_config(response: Any, own_id: str | None) -> dict[str, Any]:
        config = response._get_param("ResponseHeadersPolicyConfig") or {}
        name = config.get("Name") or ""
        if not name_pattern.match(name):
            raise _cloudfront_error(
                "InvalidArgument", f"The response headers policy name {name!r} is not valid."
            )
        for other in policies(response).values():
            if other["config"].get("Name") == name and other["id"] != own_id:
                raise _cloudfront_error(
                    "ResponseHeadersPolicyAlreadyExists",
                    f"A response headers policy named {name} already exists.",
                )
        hsts = (config.get("SecurityHeadersConfig") or {}).get("StrictTransportSecurity")
        if hsts is not None and hsts.get("AccessControlMaxAgeSec") is None:
            raise _cloudfront_error(
                "InvalidArgument", "StrictTransportSecurity needs AccessControlMaxAgeSec."
            )
        return config

    def view(policy: dict[str, Any]) -> dict[str, Any]:
        return {
            "Id": policy["id"],
            "LastModifiedTime": policy["modified"],
            "ResponseHeadersPolicyConfig": policy["config"],
        }

    def in_use_by(response: Any, policy_id: str) -> list[str]:
        users = []
        for distribution in response.backend.distributions.values():
            config = distribution.distribution_config
            behaviors = [config.DefaultCacheBehavior] + list(config.CacheBehaviors.get("Items") or [])
            if any(getattr(b, "response_headers_policy_id", None) == policy_id for b in behaviors):
                users.append(distribution.distribution_id)
        return users

    def create_response_headers_policy(self: Any) -> ActionResult:
        import uuid

        config = checked_config(self, None)
        policy = {"id": str(uuid.uuid4()), "config": config, "etag": _cloudfront_etag(), "modified": utcnow()}
        policies(self)[policy["id"]] = policy
        return ActionResult(
            {
                "ResponseHeadersPolicy": view(policy),
                "ETag": policy["etag"],
                "Location": f"{_CLOUDFRONT_LOCATION}/response-headers-policy/{policy['id']}",
            }
        )

    def get_response_headers_policy(self: Any) -> ActionResult:
        policy = find(self)
        return ActionResult({"ResponseHeadersPolicy": view(policy), "ETag": policy["etag"]})

    def get_response_headers_policy_config(self: Any) -> ActionResult:
        policy = find(self)
        return ActionResult({"ResponseHeadersPolicyConfig": policy["config"], "ETag": policy["etag"]})

    def update_response_headers_policy(self: Any) -> ActionResult:
        policy = find(self)
        _cloudfront_if_match(self, policy["etag"])
        # An update replaces the whole policy, as in AWS; a new version gets a new ETag.
        policy["config"] = checked_config(self, policy["id"])
        policy["etag"] = _cloudfront_etag()
        policy["modified"] = utcnow()
        return ActionResult({"ResponseHeadersPolicy": view(policy), "ETag": policy["etag"]})

    def delete_response_headers_policy(self: Any) -> EmptyResult:
        policy = find(self)
        _cloudfront_if_match(self, policy["etag"])
        users = in_use_by(self, policy["id"])
        if users:
            raise _cloudfront_error(
                "ResponseHeadersPolicyInUse",
                f"The response headers policy is in use by distribution(s) {', '.join(users)}.",
            )
        del policies(self)[policy["id"]]
        return EmptyResult()

    def list_response_headers_policies(self: Any) -> ActionResult:
        # Only the account's own policies: AWS's managed ones (Type "managed") are not modelled.
        kind = self._get_param("Type")
        items = [] if kind == "managed" else [
            {"Type": "custom", "ResponseHeadersPolicy": view(p)} for p in policies(self).values()
        ]
        return ActionResult(
            {
                "ResponseHeadersPolicyList": {
                    "MaxItems": 100,
                    "Quantity": len(items),
                    **_cloudfront_listed(items),
                }
            }
        )

    CloudFrontResponse.create_response_headers_policy = create_response_headers_policy
    CloudFrontResponse.get_response_headers_policy = get_response_headers_policy
    CloudFrontResponse.get_response_headers_policy_config = get_response_headers_policy_config
    CloudFrontResponse.update_response_headers_policy = update_response_headers_policy
    CloudFrontResponse.delete_response_headers_policy = delete_response_headers_policy
    CloudFrontResponse.list_response_headers_policies = list_response_headers_policies


@patch
def cloudfront_functions() -> None:
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult
    from moto.core.utils import utcnow

    _cloudfront_routes(
        "function$",
        "function/(?P<name>[^/]+)$",
        "function/(?P<name>[^/]+)/describe$",
        "function/(?P<name>[^/]+)/publish$",
    )
    name_pattern = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
    runtimes = ("cloudfront-js-1.0", "cloudfront-js-2.0")
    max_code_bytes = 10 * 1024

    def functions(response: Any) -> dict[str, Any]:
        return _cloudfront_store(response.backend, "_launcher_functions")

    def find(response: Any) -> dict[str, Any]:
        name = response._get_param("Name")
        function = functions(response).get(name)
        if function is None:
            raise _cloudfront_error("NoSuchFunctionExists", f"The function {name} does not exist.")
        return function

    def stage_of(response: Any, function: dict[str, Any]) -> dict[str, Any]:
        stage = response._get_param("Stage") or "DEVELOPMENT"
        found = function["stages"].get(stage)
        if found is None:
            # A function never published has no LIVE stage.
            raise _cloudfront_error(
                "NoSuchFunctionExists", f"The function {function['name']} has no {stage} stage."
            )
        return found

    def code_of(response: Any) -> bytes:
        code = response._get_param("FunctionCode") or b""
        code = code.encode() if isinstance(code, str) else bytes(code)
        if len(code) > max_code_bytes:
            raise _cloudfront_error(
                "FunctionSizeLimitExceeded",
                f"The function code is {len(code)} bytes; at most {max_code_bytes}.",
            )
        return code

    def config_of(response: Any) -> dict[str, Any]:
        config = dict(response._get_param("FunctionConfig") or {})
        if config.get("Runtime") not in runtimes:
            raise _cloudfront_error("InvalidArgument", f"Runtime must be one of {', '.join(runtimes)}.")
        config.setdefault("Comment", "")
        return config

    def summary(function: dict[str, Any], stage_name: str) -> dict[str, Any]:
        stage = function["stages"][stage_name]
        return {
            "Name": function["name"],
            "Status": function["status"],
            "FunctionConfig": stage["config"],
            "FunctionMetadata": {
                "FunctionARN": function["arn"],
                "Stage": stage_name,
                "CreatedTime": function["created"],
                "LastModifiedTime": stage["modified"],
            },
        }

    def associated_with(response: Any, arn: str) -> list[str]:
        users = []
        for distribution in response.backend.distributions.values():
            config = distribution.distribution_config
            behaviors = [config.DefaultCacheBehavior] + list(config.CacheBehaviors.get("Items") or [])
            for behavior in behaviors:
                items = (getattr(behavior, "function_associations", None) or {}).get("Items") or []
                if any(item.get("FunctionARN") == arn for item in items):
                    users.append(distribution.distribution_id)
        return users

    def create_function(self: Any) -> ActionResult:
        name = self._get_param("Name") or ""
        if not name_pattern.match(name):
            raise _cloudfront_error("InvalidArgument", f"The function name {name!r} is not valid.")
        if name in functions(self):
            raise _cloudfront_error("FunctionAlreadyExists", f"A function named {name} already exists.")
        now = utcnow()
        function = {
            "name": name,
            "arn": f"arn:aws:cloudfront::{self.current_account}:function/{name}",
            "created": now,
            "status": "UNPUBLISHED",
            "stages": {
                "DEVELOPMENT": {
                    "config": config_of(self),
                    "code": code_of(self),
                    "etag": _cloudfront_etag(),
                    "modified": now,
                }
            },
        }
        functions(self)[name] = function
        return ActionResult(
            {
                "FunctionSummary": summary(function, "DEVELOPMENT"),
                "ETag": function["stages"]["DEVELOPMENT"]["etag"],
                "Location": f"{_CLOUDFRONT_LOCATION}/function/{function['arn']}",
            }
        )

    def describe_function(self: Any) -> ActionResult:
        function = find(self)
        stage = stage_of(self, function)
        name = "LIVE" if stage is function["stages"].get("LIVE") else "DEVELOPMENT"
        return ActionResult({"FunctionSummary": summary(function, name), "ETag": stage["etag"]})

    def get_function(self: Any) -> ActionResult:
        function = find(self)
        stage = stage_of(self, function)
        return ActionResult(
            {"FunctionCode": stage["code"], "ETag": stage["etag"], "ContentType": "application/octet-stream"}
        )

    def update_function(self: Any) -> ActionResult:
        function = find(self)
        development = function["stages"]["DEVELOPMENT"]
        _cloudfront_if_match(self, development["etag"])
        development.update(
            config=config_of(self), code=code_of(self), etag=_cloudfront_etag(), modified=utcnow()
        )
        function["status"] = "UNPUBLISHED"
        return ActionResult(
            {"FunctionSummary": summary(function, "DEVELOPMENT"), "ETag": development["etag"]}
        )

    def publish_function(self: Any) -> ActionResult:
        function = find(self)
        development = function["stages"]["DEVELOPMENT"]
        _cloudfront_if_match(self, development["etag"])
        # LIVE becomes a copy of DEVELOPMENT, with a version (ETag) of its own.
        function["stages"]["LIVE"] = {
            "config": dict(development["config"]),
            "code": development["code"],
            "etag": _cloudfront_etag(),
            "modified": utcnow(),
        }
        function["status"] = "UNASSOCIATED"
        return ActionResult({"FunctionSummary": summary(function, "LIVE")})

    def delete_function(self: Any) -> EmptyResult:
        function = find(self)
        _cloudfront_if_match(self, function["stages"]["DEVELOPMENT"]["etag"])
        users = associated_with(self, function["arn"])
        if users:
            raise _cloudfront_error(
                "FunctionInUse",
                f"The function {function['name']} is associated with distribution(s) {', '.join(users)}.",
            )
        del functions(self)[function["name"]]
        return EmptyResult()

    def list_functions(self: Any) -> ActionResult:
        wanted = self._get_param("Stage")
        items = [
            summary(f, stage)
            for f in functions(self).values()
            for stage in ("DEVELOPMENT", "LIVE")
            if stage in f["stages"] and (wanted in (None, stage))
        ]
        listing = {"MaxItems": 100, "Quantity": len(items), **_cloudfront_listed(items)}
        return ActionResult({"FunctionList": listing})

    CloudFrontResponse.create_function = create_function
    CloudFrontResponse.describe_function = describe_function
    CloudFrontResponse.get_function = get_function
    CloudFrontResponse.update_function = update_function
    CloudFrontResponse.publish_function = publish_function
    CloudFrontResponse.delete_function = delete_function
    CloudFrontResponse.list_functions = list_functions


@patch
def ec2_prefix_list_rule_description() -> None:
    import inspect

    from moto.ec2.models.security_groups import SecurityGroupRule

    original_init = SecurityGroupRule.__init__
    signature = inspect.signature(original_init)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        # The peer's entry of the request's IpPermissions ({"PrefixListId", "Description"}), passed
        # positionally by moto's _iterate_security_rules.
        peer = signature.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
        self._launcher_prefix_list_description = peer.get("Description") if isinstance(peer, dict) else None

    def description(self: Any) -> str | None:
        # A description set later (ModifySecurityGroupRules) lands in ip_range, as for CIDR rules.
        return self.ip_range.get("Description") or getattr(self, "_launcher_prefix_list_description", None)

    SecurityGroupRule.__init__ = __init__
    SecurityGroupRule.description = property(description)


@patch
def ec2_modify_all_traffic_rule_without_ports() -> None:
    from moto.ec2.models.security_groups import SecurityGroupBackend

    original = SecurityGroupBackend.modify_security_group_rules

    def all_traffic(rule: dict[str, Any]) -> bool:
        return str(rule.get("IpProtocol")).lower() in ("-1", "all")

    def modify_security_group_rules(self: Any, group_id: str, rules: dict[str, dict[str, Any]]) -> None:
        # moto validates the port range before it looks at the protocol: give it one to check.
        padded = {
            rule_id: {**rule, "FromPort": rule.get("FromPort", -1), "ToPort": rule.get("ToPort", -1)}
            if all_traffic(rule)
            else rule
            for rule_id, rule in rules.items()
        }
        original(self, group_id, padded)
        group = self.get_security_group_by_name_or_id(group_id)
        for rule_id, rule in rules.items():
            stored = group.get_rule(rule_id) if all_traffic(rule) else None
            if stored is not None:
                # As SecurityGroupRule.__init__ keeps a -1 rule authorized by Authorize*: no range.
                stored.ip_protocol = "-1"
                stored.from_port = stored.to_port = None

    SecurityGroupBackend.modify_security_group_rules = modify_security_group_rules


@patch
def s3_one_canonical_user_id() -> None:
    from moto.s3.models import OWNER
    from moto.s3.responses import S3Response

    original = S3Response.all_buckets
    # The owner moto puts in ListBuckets, and nowhere else.
    list_buckets_owner = "bcaf1ffd86f41161ca5fb16fd081034f"

    def all_buckets(self: Any) -> Any:
        status, headers, body = original(self)
        if isinstance(body, bytes):
            body = body.replace(list_buckets_owner.encode(), OWNER.encode())
        elif isinstance(body, str):
            body = body.replace(list_buckets_owner, OWNER)
        return status, headers, body

    S3Response.all_buckets = all_buckets


# --- Budgets (modules/budgets/) and Lambda event sources (modules/lambda/event-sources.ts).


def _budgets_not_found(message: str) -> Exception:
    from moto.budgets.exceptions import NotFoundException

    return NotFoundException(message)


@patch
def budgets_describe_subscribers_for_notification() -> None:
    from moto.budgets.responses import BudgetsResponse

    def identity(notification: dict[str, Any]) -> tuple[Any, ...]:
        threshold = notification.get("Threshold")
        return (
            notification.get("NotificationType"),
            notification.get("ComparisonOperator"),
            float(threshold) if threshold is not None else None,
            notification.get("ThresholdType"),
        )

    def describe_subscribers_for_notification(self: Any) -> str:
        budget_name = self._get_param("BudgetName")
        budgets = self.backend.budgets[self._get_param("AccountId")]
        if budget_name not in budgets:
            raise _budgets_not_found(f"Unable to get subscribers: {budget_name} - the budget doesn't exist.")
        asked = identity(self._get_param("Notification") or {})
        for notification in budgets[budget_name].notifications:
            if identity(notification.details) == asked:
                return json.dumps({"Subscribers": list(notification.subscribers or [])})
        raise _budgets_not_found(
            f"Unable to get subscribers: the notification doesn't exist for budget {budget_name}."
        )

    BudgetsResponse.describe_subscribers_for_notification = describe_subscribers_for_notification


@patch
def budgets_resource_tags() -> None:
    from moto.budgets.models import BudgetsBackend
    from moto.budgets.responses import BudgetsResponse

    tags_attribute = "_launcher_tags"
    arn_pattern = re.compile(r"^arn:[a-z-]+:budgets::(\d{12}):budget/(.+)$")
    original_create = BudgetsBackend.create_budget
    original_delete = BudgetsBackend.delete_budget
    original_create_response = BudgetsResponse.create_budget

    def tags_of(backend: Any) -> dict[str, dict[str, str]]:
        if not hasattr(backend, tags_attribute):
            setattr(backend, tags_attribute, {})
        return getattr(backend, tags_attribute)

    def arn_of(backend: Any, account_id: str, budget_name: str) -> str:
        # The budgets backend is keyed by partition (moto's region_name for global services).
        return f"arn:{backend.region_name}:budgets::{account_id}:budget/{budget_name}"

    def existing(response: Any) -> tuple[Any, str]:
        arn = response._get_param("ResourceARN") or ""
        match = arn_pattern.match(arn)
        backend = response.backend
        if not match or match.group(2) not in backend.budgets[match.group(1)]:
            raise _budgets_not_found(f"Unable to find resource {arn}: the budget doesn't exist.")
        return backend, arn

    def create_budget(self: Any, account_id: str, budget: dict[str, Any], notifications: Any) -> None:
        original_create(self, account_id=account_id, budget=budget, notifications=notifications)
        tags_of(self)[arn_of(self, account_id, budget["BudgetName"])] = {}

    def delete_budget(self: Any, account_id: str, budget_name: str) -> None:
        original_delete(self, account_id=account_id, budget_name=budget_name)
        tags_of(self).pop(arn_of(self, account_id, budget_name), None)

    def create_budget_response(self: Any) -> str:
        body = original_create_response(self)
        account_id = self._get_param("AccountId")
        name = (self._get_param("Budget") or {}).get("BudgetName")
        tags = {t["Key"]: t["Value"] for t in self._get_param("ResourceTags") or []}
        tags_of(self.backend)[arn_of(self.backend, account_id, name)] = tags
        return body

    def list_tags_for_resource(self: Any) -> str:
        backend, arn = existing(self)
        tags = tags_of(backend).get(arn, {})
        return json.dumps({"ResourceTags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]})

    def tag_resource(self: Any) -> str:
        backend, arn = existing(self)
        tags = tags_of(backend).setdefault(arn, {})
        tags.update({t["Key"]: t["Value"] for t in self._get_param("ResourceTags") or []})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        backend, arn = existing(self)
        tags = tags_of(backend).setdefault(arn, {})
        for key in self._get_param("ResourceTagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    BudgetsBackend.create_budget = create_budget
    BudgetsBackend.delete_budget = delete_budget
    BudgetsResponse.create_budget = create_budget_response
    BudgetsResponse.list_tags_for_resource = list_tags_for_resource
    BudgetsResponse.tag_resource = tag_resource
    BudgetsResponse.untag_resource = untag_resource


@patch
def budgets_update_budget() -> None:
    from moto.budgets.responses import BudgetsResponse
    from moto.core.utils import unix_time

    def update_budget(self: Any) -> str:
        new = dict(self._get_param("NewBudget") or {})
        budgets = self.backend.budgets[self._get_param("AccountId")]
        budget = budgets.get(new.get("BudgetName"))
        if budget is None:
            name = new.get("BudgetName")
            raise _budgets_not_found(f"Unable to update budget: {name} - the budget doesn't exist.")
        new.setdefault("TimePeriod", budget.budget.get("TimePeriod"))
        new["LastUpdatedTime"] = unix_time()
        # Notifications and their subscribers live beside the definition and stay as they are.
        budget.budget = new
        return json.dumps({})

    BudgetsResponse.update_budget = update_budget


@patch
def apigatewayv2_update_stage() -> None:
    from datetime import datetime
    from urllib.parse import unquote

    from moto.apigatewayv2.responses import ApiGatewayV2Response

    fields = {
        "accessLogSettings": "access_log_settings",
        "autoDeploy": "auto_deploy",
        "clientCertificateId": "client_certificate_id",
        "defaultRouteSettings": "default_route_settings",
        "description": "description",
        "routeSettings": "route_settings",
        "stageVariables": "stage_variables",
    }

    def update_stage(self: Any) -> Any:
        parts = self.path.split("/")
        stage = self.apigatewayv2_backend.get_stage(parts[-3], unquote(parts[-1]))
        body = json.loads(self.body or "{}")
        for key, attribute in fields.items():
            if key in body:
                setattr(stage, attribute, body[key])
        stage.updated = datetime.now()
        return 200, {}, json.dumps(stage.to_json())

    ApiGatewayV2Response.update_stage = update_stage

@patch
def lambda_msk_event_source_mappings() -> None:
    from moto.awslambda.models import EventSourceMapping, LambdaBackend
    from moto.core.exceptions import JsonRESTError
    from moto.kafka.models import kafka_backends

    kafka_batch = (100, 10_000)  # Lambda's default and maximum for Kafka sources
    original_arn = EventSourceMapping.event_source_arn
    original_batch = EventSourceMapping.batch_size
    original_create = LambdaBackend.create_event_source_mapping

    def is_kafka(arn: str | None) -> bool:
        return bool(arn) and str(arn).split(":")[2:3] == ["kafka"]

    def set_arn(self: Any, arn: str) -> None:
        if is_kafka(arn):
            self._event_source_arn = arn
        else:
            original_arn.fset(self, arn)

    def set_batch(self: Any, size: int | None) -> None:
        if not is_kafka(getattr(self, "_event_source_arn", None)):
            original_batch.fset(self, size)
        elif size is None:
            self._batch_size = kafka_batch[0]
        elif int(size) > kafka_batch[1]:
            raise ValueError("InvalidParameterValueException", f"BatchSize {size} exceeds the max of {kafka_batch[1]}")
        else:
            self._batch_size = int(size)

    class MappingSourceNotFound(JsonRESTError):
        code = 404

    def invalid(message: str) -> Exception:
        return JsonRESTError("InvalidParameterValueException", message)

    def create_event_source_mapping(self: Any, spec: dict[str, Any]) -> Any:
        arn = spec.get("EventSourceArn")
        if not is_kafka(arn):
            return original_create(self, spec)
        clusters = kafka_backends[self.account_id][self.region_name].clusters
        cluster_id = str(arn).rsplit("/", 1)[-1]
        if arn not in clusters and not any(c.cluster_id == cluster_id for c in clusters.values()):
            raise MappingSourceNotFound("ResourceNotFoundException", f"Cluster {arn} does not exist.")
        topics = spec.get("Topics") or []
        if len(topics) != 1:
            raise invalid(f"An Amazon MSK event source takes exactly one topic, got {len(topics)}.")
        if spec.get("StartingPosition") not in ("LATEST", "TRIM_HORIZON"):
            raise invalid("StartingPosition must be LATEST or TRIM_HORIZON for an Amazon MSK event source.")
        function = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec.get("FunctionName", ""))
        spec.update({"RegionName": self.region_name, "AccountId": self.account_id})
        spec["FunctionArn"] = function.function_arn
        mapping = EventSourceMapping(spec)
        self._event_source_mappings[mapping.uuid] = mapping
        return mapping

    EventSourceMapping.event_source_arn = property(original_arn.fget, set_arn)
    EventSourceMapping.batch_size = property(original_batch.fget, set_batch)
    LambdaBackend.create_event_source_mapping = create_event_source_mapping


# --- MSK (modules/msk/kafka-cluster.ts). moto's Kafka backend keeps clusters in KafkaBackend.clusters
# (FakeKafkaCluster, keyed by ARN); the in-memory configurations live on the same per-account,
# per-region backend.


def _msk_error(code: str, message: str, status: int) -> Exception:
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    # JsonRESTError answers 400 whatever the error; MSK answers NotFound 404, Conflict 409.
    error.code = status
    return error


def _msk_not_found(arn: str) -> Exception:
    return _msk_error("NotFoundException", f"The cluster {arn} does not exist.", 404)


def _msk_cluster_of(backend: Any, arn: str) -> Any:
    cluster = backend.clusters.get(arn)
    if cluster is None:
        raise _msk_not_found(arn)
    return cluster


def _msk_path_arn(response: Any, collection: str, suffix: str = "") -> str:
    """The ARN in a /v1/<collection>/<arn>[/<suffix>] path (URL-encoded by the SDKs)."""
    from urllib.parse import unquote

    path = unquote(response.parsed_url.path)
    arn = path.split(f"/{collection}/", 1)[-1]
    return arn[: -len(suffix)] if suffix and arn.endswith(suffix) else arn


def _msk_enabled(block: Any) -> bool:
    return isinstance(block, dict) and bool(block.get("enabled"))


@patch
def msk_cluster_arns() -> None:
    """AWS's cluster ARN shape, cluster/<name>/<uuid>-<n>, serverless too (see the module docstring)."""
    from moto.kafka.models import FakeKafkaCluster
    from moto.utilities.utils import get_partition

    original_init = FakeKafkaCluster.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        # The UUID part carries a suffix in AWS ("-5" and the like; serverless clusters "-s1").
        self.cluster_id = f"{self.cluster_id}-{'s1' if self.cluster_type == 'SERVERLESS' else '1'}"
        partition = get_partition(self.region_name)
        self.arn = (
            f"arn:{partition}:kafka:{self.region_name}:{self.account_id}:"
            f"cluster/{self.cluster_name}/{self.cluster_id}"
        )

    FakeKafkaCluster.__init__ = __init__


@patch
def msk_clusters_active() -> None:
    """A created cluster is ACTIVE on its first describe (see the module docstring)."""
    from moto.kafka.models import KafkaBackend

    def activated(original: Callable[..., Any]) -> Callable[..., Any]:
        def create(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(self, *args, **kwargs)
            # The create answer still says CREATING, as AWS's does; the cluster is ready at once.
            self.clusters[result[0]].state = "ACTIVE"
            return result

        return create

    KafkaBackend.create_cluster = activated(KafkaBackend.create_cluster)
    KafkaBackend.create_cluster_v2 = activated(KafkaBackend.create_cluster_v2)


@patch
def msk_bootstrap_brokers() -> None:
    """GetBootstrapBrokers, per authentication method (see the module docstring)."""
    import hashlib

    from moto.kafka.responses import KafkaResponse

    def hosts(cluster: Any) -> list[str]:
        short = hashlib.sha256(cluster.arn.encode()).hexdigest()[:6]
        region = cluster.region_name
        if cluster.cluster_type == "SERVERLESS":
            return [f"boot-{short}.c1.kafka-serverless.{region}.amazonaws.com"]
        name = re.sub(r"[^a-z0-9]", "", cluster.cluster_name.lower())[:40]
        count = int(cluster.number_of_broker_nodes or 0)
        return [f"b-{i}.{name}.{short}.c1.kafka.{region}.amazonaws.com" for i in range(1, count + 1)]

    def strings(cluster: Any) -> dict[str, str]:
        if cluster.cluster_type == "SERVERLESS":
            auth = (cluster.serverless_config or {}).get("clientAuthentication") or {}
            client_broker = "TLS"
        else:
            auth = cluster.client_authentication or {}
            transit = (cluster.encryption_info or {}).get("encryptionInTransit") or {}
            client_broker = transit.get("clientBroker") or "TLS"
        sasl = auth.get("sasl") or {}
        # No ClientAuthentication at all is an unauthenticated cluster.
        unauthenticated = _msk_enabled(auth.get("unauthenticated")) or not auth
        tls_listener = client_broker in ("TLS", "TLS_PLAINTEXT")
        listeners = {
            "bootstrapBrokerString": (client_broker in ("PLAINTEXT", "TLS_PLAINTEXT"), 9092),
            "bootstrapBrokerStringTls": (
                tls_listener and (_msk_enabled(auth.get("tls")) or unauthenticated),
                9094,
            ),
            "bootstrapBrokerStringSaslScram": (tls_listener and _msk_enabled(sasl.get("scram")), 9096),
            "bootstrapBrokerStringSaslIam": (tls_listener and _msk_enabled(sasl.get("iam")), 9098),
        }
        return {
            key: ",".join(f"{host}:{port}" for host in hosts(cluster))
            for key, (on, port) in listeners.items()
            if on
        }

    def get_bootstrap_brokers(self: Any) -> str:
        arn = _msk_path_arn(self, "clusters", "/bootstrap-brokers")
        return json.dumps(strings(_msk_cluster_of(self.kafka_backend, arn)))

    KafkaResponse.get_bootstrap_brokers = get_bootstrap_brokers


@patch
def msk_cluster_not_found_after_delete() -> None:
    """NotFoundException for a cluster that does not exist (see the module docstring)."""
    from moto.kafka.models import KafkaBackend

    original_describe = KafkaBackend.describe_cluster
    original_describe_v2 = KafkaBackend.describe_cluster_v2
    original_delete = KafkaBackend.delete_cluster

    def describe_cluster(self: Any, cluster_arn: str) -> dict[str, Any]:
        _msk_cluster_of(self, cluster_arn)
        return original_describe(self, cluster_arn)

    def describe_cluster_v2(self: Any, cluster_arn: str) -> dict[str, Any]:
        _msk_cluster_of(self, cluster_arn)
        return original_describe_v2(self, cluster_arn)

    def delete_cluster(self: Any, cluster_arn: str, current_version: str) -> tuple[str, str]:
        _msk_cluster_of(self, cluster_arn)
        arn, _ = original_delete(self, cluster_arn, current_version)
        # AWS answers DELETING; the cluster is gone by the next describe here.
        return arn, "DELETING"

    KafkaBackend.describe_cluster = describe_cluster
    KafkaBackend.describe_cluster_v2 = describe_cluster_v2
    KafkaBackend.delete_cluster = delete_cluster


@patch
def msk_no_invented_configuration() -> None:
    """No configuration in a cluster's description that it was not created with (module docstring)."""
    from moto.kafka.models import KafkaBackend

    original_describe = KafkaBackend.describe_cluster
    original_describe_v2 = KafkaBackend.describe_cluster_v2

    def without_invented(cluster: Any, software: Any) -> None:
        if isinstance(software, dict) and not cluster.configuration_info:
            software.pop("configurationArn", None)
            software.pop("configurationRevision", None)

    def describe_cluster(self: Any, cluster_arn: str) -> dict[str, Any]:
        info = original_describe(self, cluster_arn)
        without_invented(self.clusters[cluster_arn], info.get("currentBrokerSoftwareInfo"))
        return info

    def describe_cluster_v2(self: Any, cluster_arn: str) -> dict[str, Any]:
        info = original_describe_v2(self, cluster_arn)
        provisioned = info.get("provisioned") or {}
        without_invented(self.clusters[cluster_arn], provisioned.get("currentBrokerSoftwareInfo"))
        return info

    KafkaBackend.describe_cluster = describe_cluster
    KafkaBackend.describe_cluster_v2 = describe_cluster_v2


@patch
def msk_configurations() -> None:
    """MSK configurations, in memory (see the module docstring)."""
    import base64
    import uuid

    import moto.kafka.urls as urls
    from moto.core.utils import utcnow
    from moto.kafka.responses import KafkaResponse
    from moto.utilities.utils import get_partition

    for path in (
        "{0}/v1/configurations$",
        "{0}/v1/configurations/(?P<arn>.+)/revisions/(?P<revision>[^/]+)$",
        "{0}/v1/configurations/(?P<arn>.+)/revisions$",
        "{0}/v1/configurations/(?P<arn>.+)$",
    ):
        urls.url_paths.setdefault(path, KafkaResponse.dispatch)
    name_pattern = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,}$")

    def configurations(response: Any) -> dict[str, Any]:
        backend = response.kafka_backend
        store = getattr(backend, "_launcher_configurations", None)
        if store is None:
            store = {}
            backend._launcher_configurations = store
        return store

    def bad_request(message: str) -> Exception:
        return _msk_error("BadRequestException", message, 400)

    def find(response: Any, arn: str) -> dict[str, Any]:
        configuration = configurations(response).get(arn)
        if configuration is None:
            # AWS's answer for an unknown configuration; the provider matches this very message.
            raise bad_request("Configuration ARN does not exist.")
        return configuration

    def properties_of(response: Any) -> str:
        encoded = response._get_param("serverProperties")
        if not encoded:
            raise bad_request("serverProperties is required.")
        try:
            text = base64.b64decode(encoded, validate=True).decode()
        except ValueError as error:
            raise bad_request(f"serverProperties must be base64-encoded text: {error}") from error
        for line in text.splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith("#") and "=" not in stripped:
                raise bad_request(f"Invalid server property line: {stripped!r}.")
        return encoded

    def timestamp(when: Any) -> str:
        return when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def revision_view(revision: dict[str, Any]) -> dict[str, Any]:
        view = {"creationTime": revision["created"], "revision": revision["revision"]}
        if revision["description"] is not None:
            view["description"] = revision["description"]
        return view

    def configuration_view(configuration: dict[str, Any]) -> dict[str, Any]:
        view = {
            "arn": configuration["arn"],
            "creationTime": configuration["created"],
            "kafkaVersions": list(configuration["kafkaVersions"]),
            "latestRevision": revision_view(configuration["revisions"][-1]),
            "name": configuration["name"],
            "state": configuration["state"],
        }
        if configuration["description"] is not None:
            view["description"] = configuration["description"]
        return view

    def create_configuration(self: Any) -> str:
        name = self._get_param("name") or ""
        if not name_pattern.match(name):
            raise bad_request(f"Configuration name {name!r} must match ^[0-9A-Za-z][0-9A-Za-z-]{{0,}}$.")
        if any(c["name"] == name for c in configurations(self).values()):
            raise _msk_error("ConflictException", f"A configuration named {name} already exists.", 409)
        description = self._get_param("description")
        now = timestamp(utcnow())
        partition = get_partition(self.region)
        arn = (
            f"arn:{partition}:kafka:{self.region}:{self.current_account}:"
            f"configuration/{name}/{uuid.uuid4()}-1"
        )
        configuration = {
            "arn": arn,
            "name": name,
            "description": description,
            "kafkaVersions": list(self._get_param("kafkaVersions") or []),
            "created": now,
            "state": "ACTIVE",
            "revisions": [
                {
                    "revision": 1,
                    "created": now,
                    "description": description,
                    "properties": properties_of(self),
                }
            ],
        }
        configurations(self)[arn] = configuration
        view = configuration_view(configuration)
        answer = ("arn", "creationTime", "latestRevision", "name", "state")
        return json.dumps({key: view[key] for key in answer})

    def describe_configuration(self: Any) -> str:
        return json.dumps(configuration_view(find(self, _msk_path_arn(self, "configurations"))))

    def list_configurations(self: Any) -> str:
        listed = [configuration_view(c) for c in configurations(self).values()]
        return json.dumps({"configurations": listed})

    def list_configuration_revisions(self: Any) -> str:
        configuration = find(self, _msk_path_arn(self, "configurations", "/revisions"))
        return json.dumps({"revisions": [revision_view(r) for r in configuration["revisions"]]})

    def describe_configuration_revision(self: Any) -> str:
        from urllib.parse import unquote

        path = unquote(self.parsed_url.path)
        arn, _, number = path.split("/configurations/", 1)[-1].rpartition("/revisions/")
        configuration = find(self, arn)
        revision = next((r for r in configuration["revisions"] if str(r["revision"]) == number), None)
        if revision is None:
            raise bad_request(f"Revision {number} of {arn} does not exist.")
        view = {"arn": configuration["arn"], **revision_view(revision)}
        return json.dumps({**view, "serverProperties": revision["properties"]})

    def update_configuration(self: Any) -> str:
        configuration = find(self, _msk_path_arn(self, "configurations"))
        # Every update is a new revision with a description of its own (the provider reads the
        # latest revision's).
        revision = {
            "revision": configuration["revisions"][-1]["revision"] + 1,
            "created": timestamp(utcnow()),
            "description": self._get_param("description"),
            "properties": properties_of(self),
        }
        configuration["revisions"].append(revision)
        return json.dumps({"arn": configuration["arn"], "latestRevision": revision_view(revision)})

    def delete_configuration(self: Any) -> str:
        arn = _msk_path_arn(self, "configurations")
        find(self, arn)
        del configurations(self)[arn]
        # AWS answers DELETING and removes it shortly after; here it is gone by the next describe.
        return json.dumps({"arn": arn, "state": "DELETING"})

    KafkaResponse.create_configuration = create_configuration
    KafkaResponse.describe_configuration = describe_configuration
    KafkaResponse.list_configurations = list_configurations
    KafkaResponse.list_configuration_revisions = list_configuration_revisions
    KafkaResponse.describe_configuration_revision = describe_configuration_revision
    KafkaResponse.update_configuration = update_configuration
    KafkaResponse.delete_configuration = delete_configuration


def exit_with_parent() -> None:
    def watch() -> None:
        while os.getppid() == STARTED_BY:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    # `npm run local` starts the emulator for later commands to reuse and stops it by its pid.
    parser.add_argument(
        "--outlive-parent",
        action="store_true",
        help="keep running after the process that started this one exits",
    )
    args = parser.parse_args()
    if not args.outlive_parent:
        exit_with_parent()

    for name, apply in PATCHES:
        apply()
        print(f"moto_launcher: applied patch {name}", file=sys.stderr, flush=True)

    from moto.server import main as moto_server_main

    # Loopback only: the emulator accepts any credentials and must not be reachable from elsewhere.
    moto_server_main(["--host", "127.0.0.1", "--port", str(args.port)])


if __name__ == "__main__":
    main()
