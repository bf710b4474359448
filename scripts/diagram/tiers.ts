import { IConstruct } from "constructs";
import { Alb } from "../../modules/alb/alb";
import { AlbAccessLogBucket } from "../../modules/alb/access-log-bucket";
import { HttpApi } from "../../modules/apigateway/http-api";
import { MonthlyBudget } from "../../modules/budgets/monthly-budget";
import { CloudFrontDistribution } from "../../modules/cdn/cloudfront-distribution";
import { OriginSecret } from "../../modules/cdn/origin-secret";
import { SecurityHeadersPolicy } from "../../modules/cdn/security-headers-policy";
import { WebAcl } from "../../modules/cdn/web-acl";
import { AliasRecord } from "../../modules/dns/alias-record";
import { DnsValidatedCertificate } from "../../modules/dns/dns-validated-certificate";
import { GpuModelServer } from "../../modules/ec2/gpu-model-server";
import { EcrRepository } from "../../modules/ecr/ecr-repository";
import { EcsCluster } from "../../modules/ecs/ecs-cluster";
import { FargateService } from "../../modules/ecs/fargate-service";
import { FargateTaskDefinition } from "../../modules/ecs/fargate-task-definition";
import { RedisCache } from "../../modules/elasticache/redis-cache";
import { GitHubDeployRole } from "../../modules/iam/github-deploy-role";
import { GitHubOidcProvider } from "../../modules/iam/github-oidc-provider";
import { Role } from "../../modules/iam/role";
import { MskEventSource, SnsEventSource, SqsEventSource } from "../../modules/lambda/event-sources";
import { NodejsFunction } from "../../modules/lambda/nodejs-function";
import { LogGroup } from "../../modules/logs/log-group";
import { Topic } from "../../modules/messaging/topic";
import { AlarmTopic } from "../../modules/monitoring/alarm-topic";
import { Dashboard } from "../../modules/monitoring/dashboard";
import { KafkaCluster } from "../../modules/msk/kafka-cluster";
import { SecurityGroup } from "../../modules/network/security-group";
import { PostgresDatabase } from "../../modules/rds/postgres-database";
import { SecureBucket } from "../../modules/s3/secure-bucket";
import { DeadLetterQueue } from "../../modules/scheduler/dead-letter-queue";
import { ScheduleGroup } from "../../modules/scheduler/schedule-group";
import { Secret } from "../../modules/secrets/secret";
import { ServiceConnectNamespace } from "../../modules/servicediscovery/service-connect-namespace";
import { StateBackend } from "../../modules/state-backend/state-backend";
import { NatInstance } from "../../modules/vpc/nat-instance";
import { VpcFlowLog } from "../../modules/vpc/flow-log";
import { Vpc } from "../../modules/vpc/vpc";
import { Tier } from "./model";

/**
 * Where each module class goes in a diagram. The rule, in one place:
 *
 * - A construct is a module when its class (or a base class: every Fargate service mode is a
 *   `FargateService`) is listed below; anything else that is not a Terraform element (a plain
 *   `Construct` grouping alarms, cdktf's `TerraformAsset`) is looked through.
 * - A module not owned by another module is a node, in its tier:
 *   - edge: what requests arrive through (load balancers, CDN, WAF, API Gateway, DNS, certificates);
 *   - compute: what runs code (ECS services and clusters, Lambda functions, EC2, schedulers);
 *   - data: what holds or carries data (RDS, ElastiCache, MSK, S3, DynamoDB via the state backend,
 *     SNS/SQS, secrets);
 *   - network: the VPC, NAT, stand-alone security groups, service discovery;
 *   - ops: delivery and oversight (ECR, CI roles, dashboards, alarms, budgets, logs, flow logs).
 * - A module owned by another is part of its owner (a service's security group, task definition and
 *   roles; an on-demand service's scaler function), unless `ownNode` says it is a unit of its own
 *   (the network stack's NAT instance and flow log).
 * - `flow` modules (Lambda event sources) are never nodes: they are drawn as the edge they make.
 *
 * A test fails when a construct class exported from modules/ is missing here.
 */
export type Placement = { readonly tier: Tier; readonly ownNode?: true } | { readonly flow: true };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConstructClass = abstract new (...args: any[]) => IConstruct;

const FLOW: Placement = { flow: true };

const PLACEMENTS = new Map<ConstructClass, Placement>([
  [Alb, { tier: "edge" }],
  [CloudFrontDistribution, { tier: "edge" }],
  [WebAcl, { tier: "edge" }],
  [SecurityHeadersPolicy, { tier: "edge" }],
  [HttpApi, { tier: "edge" }],
  [DnsValidatedCertificate, { tier: "edge" }],
  [AliasRecord, { tier: "edge" }],

  [FargateService, { tier: "compute" }],
  [FargateTaskDefinition, { tier: "compute" }],
  [EcsCluster, { tier: "compute" }],
  [NodejsFunction, { tier: "compute" }],
  [GpuModelServer, { tier: "compute" }],
  [ScheduleGroup, { tier: "compute" }],

  [PostgresDatabase, { tier: "data" }],
  [RedisCache, { tier: "data" }],
  [KafkaCluster, { tier: "data" }],
  [SecureBucket, { tier: "data" }],
  [AlbAccessLogBucket, { tier: "data" }],
  [StateBackend, { tier: "data" }],
  [Secret, { tier: "data" }],
  [OriginSecret, { tier: "data" }],
  [Topic, { tier: "data" }],
  [DeadLetterQueue, { tier: "data" }],

  [Vpc, { tier: "network" }],
  [NatInstance, { tier: "network", ownNode: true }],
  [SecurityGroup, { tier: "network" }],
  [ServiceConnectNamespace, { tier: "network" }],

  [EcrRepository, { tier: "ops" }],
  [AlarmTopic, { tier: "ops" }],
  [Dashboard, { tier: "ops" }],
  [MonthlyBudget, { tier: "ops" }],
  [GitHubOidcProvider, { tier: "ops" }],
  [GitHubDeployRole, { tier: "ops" }],
  [Role, { tier: "ops" }],
  [LogGroup, { tier: "ops" }],
  [VpcFlowLog, { tier: "ops", ownNode: true }],

  [MskEventSource, FLOW],
  [SqsEventSource, FLOW],
  [SnsEventSource, FLOW],
]);

/** The placement of a class or of its nearest listed base class; undefined when none is listed. */
export function placementOfClass(cls: unknown): Placement | undefined {
  for (let c = cls; typeof c === "function"; c = Object.getPrototypeOf(c)) {
    const placement = PLACEMENTS.get(c as ConstructClass);
    if (placement) return placement;
  }
  return undefined;
}

export function placementOf(construct: IConstruct): Placement | undefined {
  return placementOfClass(construct.constructor);
}
