import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { AlertSystemConfig } from "../config/schema/systems/alert-system";
import { cacheTopologyOf } from "../config/schema/systems/cache";
import { Alb } from "../modules/alb/alb";
import { AliasRecord } from "../modules/dns/alias-record";
import { DnsValidatedCertificate } from "../modules/dns/dns-validated-certificate";
import { AlarmTopic } from "../modules/monitoring/alarm-topic";
import { Dashboard } from "../modules/monitoring/dashboard";
import { albAlarms, ecsServiceAlarms } from "../modules/monitoring/standard-alarms";
import {
  albWidgets,
  ecsServiceWidgets,
  queueWidgets,
  rdsInstanceWidgets,
} from "../modules/monitoring/standard-widgets";
import { EcrRepository } from "../modules/ecr/ecr-repository";
import { AutoscaledService } from "../modules/ecs/autoscaled-service";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { RedisCache } from "../modules/elasticache/redis-cache";
import { PostgresDatabase } from "../modules/rds/postgres-database";
import { Secret } from "../modules/secrets/secret";
import { ScheduleGroup } from "../modules/scheduler/schedule-group";
import { GitHubDeployRole } from "../modules/iam/github-deploy-role";
import { LAMBDA_ENTRIES } from "../lambdas/entries";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { alertSystemParameterArns, githubOidcProviderArn } from "./props/alert-system";
import { autoscaledServicePropsFrom } from "./props/fargate-service";
import { postgresPropsFrom } from "./props/postgres";
import { systemNetwork } from "./system-network";

/**
 * Alert System: Route 53 `api.<domain>` → HTTPS ALB → NestJS API (autoscaled Fargate, port 3000) →
 * RDS PostgreSQL and ElastiCache Redis; user schedules in EventBridge Scheduler call the API back;
 * alarms e-mail whoever is on call; CI releases through a role, never access keys.
 */
export class AlertSystemStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig, alert: AlertSystemConfig, network: SharedNetwork) {
    super(scope, { config, system: "alert-system" });
    const env = config.environment;
    const name = `alert-system-${env}`;

    const vpc = systemNetwork(this, alert.network, network);
    const repository = new EcrRepository(this, "repository", {
      name: this.accountUniqueName("alert-system"),
      imageTagMutability: alert.ecr.image_tag_mutability,
      keepTaggedImages: alert.ecr.keep_tagged_images,
      untaggedExpiryDays: alert.ecr.untagged_expiry_days,
    });
    const cluster = new EcsCluster(this, "cluster", { clusterName: `${name}-cluster` });

    // api.<domain> over HTTPS; without a domain (dev only, config refuses it in prod) plain HTTP.
    const certificate = alert.domain
      ? new DnsValidatedCertificate(this, "certificate", {
          domainName: alert.domain.name,
          hostedZoneId: alert.domain.hosted_zone_id,
        })
      : undefined;
    const alb = new Alb(this, "alb", {
      name,
      vpcId: vpc.vpcId,
      subnetIds: vpc.publicSubnetIds,
      ...(certificate ? { certificateArn: certificate.certificateArn } : { allowPlainHttp: true }),
      deletionProtection: alert.alb.deletion_protection,
      idleTimeoutSeconds: alert.alb.idle_timeout_seconds,
      ...(alert.alb.ingress_cidrs ? { ingressCidrs: alert.alb.ingress_cidrs } : {}),
      accessLogRetentionDays: alert.alb.access_log_retention_days,
      accessLogForceDestroy: alert.alb.access_logs_force_destroy,
    });

    if (alert.domain) {
      new AliasRecord(this, "api-record", {
        hostedZoneId: alert.domain.hosted_zone_id,
        recordName: alert.domain.name,
        target: alb,
      });
    }
    const alarms =
      alert.alarms.emails.length > 0
        ? new AlarmTopic(this, "alarm-topic", {
            topicName: `${name}-alarms`,
            emailAddresses: alert.alarms.emails,
          })
        : undefined;

    const database = new PostgresDatabase(
      this,
      "database",
      postgresPropsFrom(alert.database, {
        identifier: this.accountUniqueName("alert-system-db"),
        databaseName: "alert_system",
        vpc,
        logRetentionDays: config.log_retention_days,
        ...(alarms ? { alarmTopicArn: alarms.topicArn } : {}),
      }),
    );
    // The backend and the scheduler's trigger share this secret (README: Alert System), set by ops.
    const schedulerSecret = new Secret(this, "scheduler-secret", {
      name: this.accountUniqueName("alert-system/scheduler-secret"),
      description: "SCHEDULER_SECRET: the trigger sends it, the API checks it on POST /scheduler/trigger",
    });
    const schedules = new ScheduleGroup(this, "scheduler", {
      groupName: alert.scheduler.group_name ?? `${name}-alerts`,
      triggerEntry: LAMBDA_ENTRIES.schedulerTrigger,
      backendUrl: alert.domain ? `https://${alert.domain.name}` : `http://${alb.dnsName}`,
      sharedSecret: schedulerSecret,
      vpc: { vpcId: vpc.vpcId, subnetIds: vpc.privateSubnetIds },
      logRetentionDays: config.log_retention_days,
      ...(alarms ? { alarmTopic: alarms } : {}),
    });

    // BullMQ reads a plain REDIS_URL, so the cache authenticates with a password that ops set: the
    // stack creates the user without one and an empty secret for the URL (README: Alert System).
    const cache = new RedisCache(this, "cache", {
      replicationGroupId: `${name}-redis`,
      vpcId: vpc.vpcId,
      subnetIds: vpc.isolatedSubnetIds,
      engine: alert.cache.engine,
      ...(alert.cache.engine_version ? { engineVersion: alert.cache.engine_version } : {}),
      nodeType: alert.cache.node_type,
      topology: cacheTopologyOf(alert.cache),
      ...(alert.cache.multi_az !== undefined ? { multiAz: alert.cache.multi_az } : {}),
      ...(alert.cache.automatic_failover !== undefined
        ? { automaticFailover: alert.cache.automatic_failover }
        : {}),
      auth: "token",
      snapshotRetentionDays: alert.cache.snapshot_retention_days,
      // No snapshots kept means nothing worth a final one either (dev).
      skipFinalSnapshot: alert.cache.snapshot_retention_days === 0,
      logRetentionDays: config.log_retention_days,
      ...(alarms ? { notificationTopicArn: alarms.topicArn } : {}),
    });

    // The application's own database role (README: Alert System), never the rotating master user.
    const databaseUrl = new Secret(this, "database-url", {
      name: this.accountUniqueName("alert-system/database-url"),
      description: "DATABASE_URL of the Alert System API (postgresql://alert_app:...); value set by ops",
    });

    const api = new AutoscaledService(this, "api", {
      ...autoscaledServicePropsFrom(
        this,
        {
          ...alert.api,
          environment: {
            AWS_REGION: config.aws_region,
            AWS_SCHEDULER_ENABLED: String(alert.scheduler_enabled),
            QUEUE_ENABLED: String(alert.queue_enabled),
            NODE_ENV: alert.node_env,
            PORT: "3000",
            SCHEDULE_GROUP_NAME: schedules.scheduleGroupName,
            SCHEDULER_ROLE_ARN: schedules.schedulerRoleArn,
            SCHEDULER_TARGET_ARN: schedules.targetArn,
            SCHEDULER_DLQ_ARN: schedules.deadLetterQueueArn,
            ...alert.api.environment,
          },
          secrets: {
            ...alertSystemParameterArns(config),
            DATABASE_URL: databaseUrl.secretArn,
            SCHEDULER_SECRET: schedulerSecret.secretArn,
            REDIS_URL: cache.urlSecret!.secretArn,
            ...alert.api.secrets,
          },
        },
        {
          serviceName: `${name}-service`,
          containerName: "api",
          port: 3000,
          logGroupName: "/aws/ecs/alert-system",
          repository,
          cluster,
          vpc,
        },
        alb,
      ),
      taskFamily: name,
      roleNamePrefix: name,
      // With a release workflow, CI registers the revisions (image) and terraform ignores which one runs.
      taskDefinitionOwner: alert.ci ? "ci" : "terraform",
    });
    database.connections.allowFrom(api, undefined, "from the API");
    cache.connections.allowFrom(api, undefined, "from the API");
    schedules.grantManageSchedules(api.taskDefinition.taskRole);

    const deployRole = alert.ci
      ? new GitHubDeployRole(this, "deploy-role", {
          roleName: `${name}-deploy`,
          provider: { providerArn: githubOidcProviderArn(config) },
          owner: alert.ci.repository.split("/")[0]!,
          repo: alert.ci.repository.split("/")[1]!,
          branch: alert.ci.branch,
          repository,
          service: api,
        })
      : undefined;

    // The alarms the source lists (ECS CPU/memory > 80 %, ALB 5XX > 10 per 5 minutes, RDS CPU > 80 %,
    // RDS free storage below the configured GiB) plus the scheduler's DLQ, all to the on-call topic.
    if (alarms) {
      ecsServiceAlarms(new Construct(this, "api-alarms"), {
        clusterName: cluster.clusterName,
        serviceName: api.serviceName,
        topic: alarms,
        alarmNamePrefix: `${name}-api`,
      });
      albAlarms(new Construct(this, "alb-alarms"), {
        loadBalancerArnSuffix: alb.albArnSuffix,
        topic: alarms,
        alarmNamePrefix: `${name}-alb`,
      });
    }
    const dashboard = new Dashboard(this, "dashboard", {
      dashboardName: name,
      region: config.aws_region,
      widgets: [
        ...ecsServiceWidgets({ clusterName: cluster.clusterName, serviceName: api.serviceName }),
        ...albWidgets({ loadBalancerArnSuffix: alb.albArnSuffix, title: "ALB" }),
        ...rdsInstanceWidgets({ instanceIdentifier: database.instanceIdentifier }),
        ...queueWidgets({ queueName: schedules.deadLetterQueueName, title: "Scheduler DLQ" }),
      ],
    });

    const output = (id: string, value: string, sensitive = false) =>
      new TerraformOutput(this, id, { value, sensitive });
    output("alb_dns_name", alb.dnsName);
    output("cloudwatch_dashboard_url", dashboard.dashboardUrl);
    if (alert.domain) output("api_url", `https://${alert.domain.name}`);
    if (alarms) output("alarm_topic_arn", alarms.topicArn);
    output("ecr_repository_url", repository.repositoryUrl);
    output("ecs_cluster_name", cluster.clusterName);
    output("ecs_service_name", api.serviceName);
    output("database_endpoint", database.endpoint, true);
    output("database_master_secret_arn", database.masterSecretArn);
    output("database_url_secret_arn", databaseUrl.secretArn);
    output("scheduler_secret_arn", schedulerSecret.secretArn);
    output("redis_endpoint", cache.url);
    output("redis_url_secret_arn", cache.urlSecret!.secretArn);
    output("schedule_group_name", schedules.scheduleGroupName);
    output("scheduler_role_arn", schedules.schedulerRoleArn);
    output("scheduler_dlq_url", schedules.deadLetterQueueUrl);
    if (deployRole) output("ci_deploy_role_arn", deployRole.roleArn);
  }
}
