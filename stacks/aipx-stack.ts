import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { AipxConfig } from "../config/schema/systems/aipx";
import { cacheTopologyOf } from "../config/schema/systems/cache";
import { lifecycleRuleOf } from "../config/schema/systems/bucket";
import { HttpApi } from "../modules/apigateway/http-api";
import { MonthlyBudget } from "../modules/budgets/monthly-budget";
import { EcrRepository } from "../modules/ecr/ecr-repository";
import { AutoscaledService } from "../modules/ecs/autoscaled-service";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { FargateService } from "../modules/ecs/fargate-service";
import { OnDemandService } from "../modules/ecs/on-demand-service";
import { RedisCache } from "../modules/elasticache/redis-cache";
import { MskEventSource, SnsEventSource } from "../modules/lambda/event-sources";
import { NodejsFunction } from "../modules/lambda/nodejs-function";
import { Topic } from "../modules/messaging/topic";
import { AlarmTopic } from "../modules/monitoring/alarm-topic";
import { KafkaCluster } from "../modules/msk/kafka-cluster";
import { PostgresDatabase } from "../modules/rds/postgres-database";
import { SecureBucket } from "../modules/s3/secure-bucket";
import { ServiceConnectNamespace } from "../modules/servicediscovery/service-connect-namespace";
import { LAMBDA_ENTRIES } from "../lambdas/entries";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { hotServicePropsFrom, kafkaPropsFrom } from "./props/aipx";
import { postgresPropsFrom } from "./props/postgres";
import { systemNetwork } from "./system-network";

/** Kafka topics between the paths: ingestion writes ticks, OMS writes orders; the cold path reads. */
const TOPICS = { ticks: "market-ticks", orders: "orders" } as const;
const OMS_PORT = 50051;
const INGESTION_PORT = 8080;

/**
 * AIPX: hot path (Fargate: data-ingestion → Kafka, OMS over gRPC via Service Connect), cold path
 * (Lambdas fed by Kafka, an HTTP API and SNS), data layer (MSK, Redis, PostgreSQL, S3 data lake), and
 * a monthly budget.
 */
export class AipxStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig, aipx: AipxConfig, network: SharedNetwork) {
    super(scope, { config, system: "aipx" });
    const env = config.environment;
    const name = `aipx-${env}`;
    const vpc = systemNetwork(this, aipx.network, network);
    const logRetentionDays = config.log_retention_days;

    // Alarms (the database's) go to whoever watches the budget.
    const alarms = new AlarmTopic(this, "alarm-topic", {
      topicName: `${name}-alarms`,
      emailAddresses: aipx.budget.emails,
    });

    // Data layer.
    const kafka = new KafkaCluster(this, "kafka", kafkaPropsFrom(aipx.kafka, { clusterName: name, vpc }));
    const cache = new RedisCache(this, "cache", {
      replicationGroupId: `${name}-redis`,
      vpcId: vpc.vpcId,
      subnetIds: vpc.isolatedSubnetIds,
      engine: aipx.cache.engine,
      ...(aipx.cache.engine_version ? { engineVersion: aipx.cache.engine_version } : {}),
      nodeType: aipx.cache.node_type,
      topology: cacheTopologyOf(aipx.cache),
      ...(aipx.cache.multi_az !== undefined ? { multiAz: aipx.cache.multi_az } : {}),
      ...(aipx.cache.automatic_failover !== undefined
        ? { automaticFailover: aipx.cache.automatic_failover }
        : {}),
      snapshotRetentionDays: aipx.cache.snapshot_retention_days,
      skipFinalSnapshot: aipx.cache.snapshot_retention_days === 0,
      logRetentionDays,
      notificationTopicArn: alarms.topicArn,
    });
    const database = new PostgresDatabase(
      this,
      "database",
      postgresPropsFrom(aipx.database, {
        identifier: this.accountUniqueName("aipx-db"),
        databaseName: "aipx",
        vpc,
        logRetentionDays,
        alarmTopicArn: alarms.topicArn,
      }),
    );
    const dataLake = new SecureBucket(this, "data-lake", {
      bucketName: `${name}-data-lake-${config.aws_account_id}`,
      lifecycleRules: aipx.data_lake.lifecycle_rules.map(lifecycleRuleOf),
      forceDestroy: aipx.data_lake.force_destroy,
    });

    // Hot path.
    const namespace = new ServiceConnectNamespace(this, "namespace", { name: `aipx.${env}.internal` });
    const cluster = new EcsCluster(this, "cluster", {
      clusterName: `${name}-cluster`,
      defaultServiceConnectNamespace: namespace,
    });
    const repository = (service: string) =>
      new EcrRepository(this, `${service}-repository`, {
        name: this.accountUniqueName(`aipx-${service}`),
        imageTagMutability: aipx.ecr.image_tag_mutability,
        keepTaggedImages: aipx.ecr.keep_tagged_images,
        untaggedExpiryDays: aipx.ecr.untagged_expiry_days,
      });
    const commonEnvironment = {
      AWS_REGION: config.aws_region,
      KAFKA_BOOTSTRAP_BROKERS: kafka.bootstrapBrokers,
      REDIS_ENDPOINT: cache.url,
    };
    const hotService = (
      id: string,
      settings: AipxConfig["oms"],
      placement: Parameters<typeof hotServicePropsFrom>[2],
    ) => {
      const props = hotServicePropsFrom(this, settings, placement);
      return aipx.out_of_hours
        ? new OnDemandService(this, id, {
            ...props,
            scalerEntry: LAMBDA_ENTRIES.ecsScaler,
            runningCount: settings.min_capacity,
            startSchedule: aipx.out_of_hours.start_schedule,
            stopSchedule: aipx.out_of_hours.stop_schedule,
            scheduleName: this.accountUniqueName(`aipx-${id}`),
          })
        : new AutoscaledService(this, id, {
            ...props,
            minCapacity: settings.min_capacity,
            maxCapacity: settings.max_capacity,
          });
    };
    const oms: FargateService = hotService("oms", aipx.oms, {
      serviceName: `${name}-oms`,
      containerName: "oms",
      port: OMS_PORT,
      logGroupName: "/ecs/aipx-oms",
      repository: repository("oms"),
      cluster,
      vpc,
      environment: { ...commonEnvironment, GRPC_PORT: String(OMS_PORT), ORDERS_TOPIC: TOPICS.orders },
      serviceConnect: { namespace, publish: { portName: "oms", port: OMS_PORT, appProtocol: "grpc" } },
    });
    const ingestion: FargateService = hotService("ingestion", aipx.ingestion, {
      serviceName: `${name}-data-ingestion`,
      containerName: "data-ingestion",
      port: INGESTION_PORT,
      logGroupName: "/ecs/aipx-data-ingestion",
      repository: repository("data-ingestion"),
      cluster,
      vpc,
      environment: {
        ...commonEnvironment,
        TICKS_TOPIC: TOPICS.ticks,
        OMS_GRPC_ENDPOINT: oms.serviceConnectEndpoint!,
      },
      serviceConnect: { namespace, connectsTo: [oms] },
    });
    kafka.grantTopics(ingestion.taskDefinition.taskRole, { produce: [TOPICS.ticks] }, "Ticks");
    kafka.grantTopics(oms.taskDefinition.taskRole, { produce: [TOPICS.orders] }, "Orders");
    for (const service of [ingestion, oms]) {
      kafka.connections.allowFrom(service, undefined, `from ${service.serviceName}`);
      cache.connections.allowFrom(service, undefined, `from ${service.serviceName}`);
      cache.grantConnect(service.taskDefinition.taskRole);
    }
    database.connections.allowFrom(oms, undefined, "from the OMS");

    // Cold path.
    const inVpc = { vpcId: vpc.vpcId, subnetIds: vpc.privateSubnetIds };
    const lambda = (id: string, entry: string, environment: Record<string, string>, vpcPlaced = true) =>
      new NodejsFunction(this, id, {
        functionName: `${name}-${id}`,
        entry,
        environment,
        logRetentionDays,
        ...(vpcPlaced ? { vpc: inVpc } : {}),
      });
    const signals = new Topic(this, "signals", { topicName: `${name}-signals` });
    const notifications = new Topic(this, "notifications", {
      topicName: `${name}-notifications`,
      emailAddresses: aipx.notification_emails,
    });

    const recorder = lambda("recorder", LAMBDA_ENTRIES.aipxRecorder, {
      DATA_LAKE_BUCKET: dataLake.bucketName,
    });
    dataLake.grantPut(recorder.role, "raw/", { sid: "RecorderWritesRaw" });
    const strategy = lambda("strategy-worker", LAMBDA_ENTRIES.aipxStrategyWorker, {
      SIGNAL_TOPIC_ARN: signals.topicArn,
    });
    signals.grantPublish(strategy.role, "PublishSignals");
    for (const [fn, topic] of [
      [recorder, TOPICS.ticks],
      [strategy, TOPICS.ticks],
    ] as const) {
      new MskEventSource(this, `${fn.node.id}-${topic}`, {
        function: fn,
        cluster: kafka,
        topic,
        startingPosition: "LATEST",
      });
      kafka.connections.allowFrom(fn, undefined, `from ${fn.node.id}`);
    }

    const notifier = lambda(
      "notification",
      LAMBDA_ENTRIES.aipxNotification,
      { NOTIFICATION_TOPIC_ARN: notifications.topicArn },
      false,
    );
    notifications.grantPublish(notifier.role, "PublishNotifications");
    new SnsEventSource(this, "notification-signals", { function: notifier, topicArn: signals.topicArn });

    const cognitive = lambda("cognitive", LAMBDA_ENTRIES.aipxCognitive, {}, false);
    const api = new HttpApi(this, "cognitive-api", {
      apiName: `${name}-cognitive`,
      function: cognitive,
      routes: ["GET /health", "POST /analyze"],
      throttle: { rateLimit: aipx.cognitive_api.rate_limit, burstLimit: aipx.cognitive_api.burst_limit },
      logRetentionDays,
    });

    new MonthlyBudget(this, "budget", {
      budgetName: `${name}-monthly`,
      amountUsd: aipx.budget.monthly_usd,
      costFilterTag: { key: "System", value: "aipx" },
      emailAddresses: aipx.budget.emails,
    });

    const output = (id: string, value: string | string[], sensitive = false) =>
      new TerraformOutput(this, id, { value, sensitive });
    output("vpc_id", vpc.vpcId);
    output("public_subnets", vpc.publicSubnetIds);
    output("private_subnets", vpc.privateSubnetIds);
    output("kafka_bootstrap_brokers", kafka.bootstrapBrokers, true);
    output("redis_endpoint", cache.url, true);
    output("database_endpoint", database.endpoint, true);
    output("oms_grpc_endpoint", oms.serviceConnectEndpoint!);
    output("cognitive_api_url", api.url);
    output("data_lake_bucket", dataLake.bucketName);
  }
}
