import { z } from "zod";
import { budgetAmountProblem } from "../../../modules/budgets/budget-rules";
import { DEFAULT_START_SCHEDULE, DEFAULT_STOP_SCHEDULE } from "../../../modules/ecs/on-demand-schedule";
import { isEmailAddress } from "../../../modules/monitoring/email-address";
import { clientSubnetsProblem, brokerCountProblem } from "../../../modules/msk/broker-layout";
import { brokerInstanceTypeProblem } from "../../../modules/msk/broker-types";
import {
  DEFAULT_BROKER_VOLUME_GIB,
  maxVolumeSizeProblem,
  volumeSizeProblem,
} from "../../../modules/msk/broker-storage";
import {
  DEFAULT_LOG_RETENTION_HOURS,
  logRetentionHoursProblem,
  resolveReplication,
} from "../../../modules/msk/kafka-configuration";
import { DEFAULT_KAFKA_VERSION, kafkaVersionProblem } from "../../../modules/msk/kafka-versions";
import { expectedOf } from "../module-problem";
import { networkSchema } from "../network";
import { positiveInt, scheduleExpression } from "../primitives";
import { lifecycleRulesSchema } from "./bucket";
import { cacheSchema } from "./cache";
import { ecrSchema } from "./ecr";
import { checkScaledService, fargateServiceFields } from "./fargate-service";
import { checkPostgresForEnvironment, postgresSchema } from "./postgres";

/** A hot-path Fargate service (no load balancer): scaled on CPU between its bounds. */
const hotServiceSchema = z
  .strictObject({
    ...fargateServiceFields,
    /** @default 256 */
    cpu: fargateServiceFields.cpu.unwrap().default(256),
    /** @default 512 */
    memory: fargateServiceFields.memory.unwrap().default(512),
    /** @default 1 */
    min_capacity: z.number().int().min(1, { message: "at least 1 task" }).default(1),
    /** @default 2 */
    max_capacity: z.number().int().min(1).default(2),
    /** Run on FARGATE_SPOT (about 70 % cheaper; AWS may stop a task with two minutes' notice). @default false */
    fargate_spot: z.boolean().default(false),
  })
  .superRefine(checkScaledService);

export type AipxHotServiceConfig = z.infer<typeof hotServiceSchema>;

/** Kafka between the hot and the cold path (modules/msk; the rules are the module's). */
const kafkaSchema = z
  .strictObject({
    /** "provisioned" brokers or "serverless" (no brokers to size; IAM auth only). @default "provisioned" */
    mode: z.enum(["provisioned", "serverless"]).default("provisioned"),
    /** Client subnets (one per AZ, the network's first ones) the brokers spread over: 2 or 3. @default 2 */
    client_subnets: z.number().default(2),
    /** A multiple of client_subnets. @default 3 over 3 subnets, 4 over 2 (the module's) */
    broker_count: z.number().optional(),
    /** @default "kafka.m7g.large" (the module's) */
    instance_type: z.string().optional(),
    /** Per broker. @default 100 */
    volume_gib: z.number().default(DEFAULT_BROKER_VOLUME_GIB),
    /** Storage autoscaling ceiling per broker. @default 4 × volume_gib */
    max_volume_gib: z.number().optional(),
    /** @default the module's (3.8.x) */
    version: z.string().default(DEFAULT_KAFKA_VERSION),
    /** @default derived from the broker count (3 copies from 3 brokers, 2 below) */
    replication_factor: z.number().optional(),
    /** @default replication_factor − 1 */
    min_insync_replicas: z.number().optional(),
    /** @default 168 (7 days) */
    retention_hours: z.number().default(DEFAULT_LOG_RETENTION_HOURS),
    /** @default "DEFAULT" */
    enhanced_monitoring: z
      .enum(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"])
      .default("DEFAULT"),
  })
  .superRefine((kafka, ctx) => {
    const issue = (key: keyof typeof kafka, problem: string) =>
      ctx.addIssue({ code: "custom", path: [key], message: expectedOf(problem, "MSK"), input: kafka[key] });
    const versionProblem = kafkaVersionProblem(kafka.version, "version");
    if (versionProblem) issue("version", versionProblem);
    if (kafka.mode === "serverless") {
      for (const key of [
        "broker_count",
        "instance_type",
        "max_volume_gib",
        "replication_factor",
        "min_insync_replicas",
      ] as const) {
        if (kafka[key] !== undefined)
          issue(
            key,
            `${key} must be left out with mode "serverless" (it has no brokers to size), got ${String(kafka[key])}`,
          );
      }
      return;
    }
    const subnets = kafka.client_subnets;
    const subnetProblem = clientSubnetsProblem(subnets, "client_subnets");
    if (subnetProblem) return issue("client_subnets", subnetProblem);
    if (kafka.instance_type !== undefined) {
      const problem = brokerInstanceTypeProblem(kafka.instance_type, "instance_type");
      if (problem) issue("instance_type", problem);
    }
    const volumeProblem = volumeSizeProblem(kafka.volume_gib, "volume_gib");
    if (volumeProblem) issue("volume_gib", volumeProblem);
    else if (kafka.max_volume_gib !== undefined) {
      const problem = maxVolumeSizeProblem(kafka.max_volume_gib, kafka.volume_gib, "max_volume_gib");
      if (problem) issue("max_volume_gib", problem);
    }
    const retentionProblem = logRetentionHoursProblem(kafka.retention_hours, "retention_hours");
    if (retentionProblem) issue("retention_hours", retentionProblem);
    if (kafka.broker_count !== undefined) {
      const problem = brokerCountProblem(kafka.broker_count, subnets, "broker_count", 'mode = "serverless"');
      if (problem) return issue("broker_count", problem);
      const problems: string[] = [];
      resolveReplication(
        kafka.broker_count,
        { replicationFactor: kafka.replication_factor, minInsyncReplicas: kafka.min_insync_replicas },
        problems,
        { replicationFactor: "replication_factor", minInsyncReplicas: "min_insync_replicas" },
      );
      for (const problem of problems) {
        issue(
          problem.startsWith("replication_factor") ? "replication_factor" : "min_insync_replicas",
          problem,
        );
      }
    }
  });

export type AipxKafkaConfig = z.infer<typeof kafkaSchema>;

/** The dev tip "stop the hot path out of hours": both services start and stop on these schedules. */
const outOfHoursSchema = z.strictObject({
  /** @default "cron(0 0 ? * MON-FRI *)" (09:00 KST, weekdays) */
  start_schedule: scheduleExpression.default(DEFAULT_START_SCHEDULE),
  /** @default "cron(0 9 ? * MON-FRI *)" (18:00 KST, weekdays) */
  stop_schedule: scheduleExpression.default(DEFAULT_STOP_SCHEDULE),
});

const emails = z
  .array(z.string().refine(isEmailAddress, { message: "an e-mail address, e.g. oncall@example.com" }))
  .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, {
    message: "each address once (case does not make a new address)",
  });

export const aipxSchema = z.strictObject({
  /** Market-data ingestion (Fargate, autoscaled, no public load balancer). */
  ingestion: hotServiceSchema,
  /** The order-management service, spoken to over gRPC (Service Connect `oms:50051`). */
  oms: hotServiceSchema,
  /** Start/stop the hot path on a schedule (dev). @default none (always on) */
  out_of_hours: outOfHoursSchema.optional(),
  /** @default {} (provisioned, the module's sizing) */
  kafka: kafkaSchema.prefault({}),
  /** @default {} (cache.t4g.micro, one replica) */
  cache: cacheSchema.prefault({}),
  /** @default {} */
  database: postgresSchema.prefault({}),
  /** The S3 data lake the recorder writes. */
  data_lake: z
    .strictObject({
      /** @default [] (kept in Standard) */
      lifecycle_rules: lifecycleRulesSchema,
      /** Let `destroy` delete the bucket with its data (dev only; refused in prod). @default false */
      force_destroy: z.boolean().default(false),
    })
    .prefault({}),
  /** The cognitive API (API Gateway HTTP API in front of its Lambda). */
  cognitive_api: z
    .strictObject({
      /** Requests per second, steady. @default 50 */
      rate_limit: positiveInt("a whole number of requests per second above 0").default(50),
      /** Requests at once. @default 100 */
      burst_limit: positiveInt("a whole number of requests above 0").default(100),
    })
    .prefault({}),
  /** Who gets trading signals by e-mail. @default [] */
  notification_emails: emails.default([]),
  /** A monthly AWS Budget for the account's AIPX spend. */
  budget: z.strictObject({
    /** USD per month. */
    monthly_usd: z.number().superRefine((amount, ctx) => {
      const problem = budgetAmountProblem(amount, "monthly_usd");
      if (problem)
        ctx.addIssue({ code: "custom", message: expectedOf(problem, "AWS Budgets"), input: amount });
    }),
    /** Notified at 80 % forecast and 100 % actual. */
    emails: emails.min(1, { message: "at least one address to notify" }),
  }),
  /** @default {} */
  ecr: ecrSchema.prefault({}),
  /** A dedicated VPC (same keys as `network`). @default none (runs in network-<env>) */
  network: networkSchema.optional(),
});

export type AipxConfig = z.infer<typeof aipxSchema>;

/** AIPX's rules that depend on the environment. */
export function checkAipxForEnvironment(
  aipx: AipxConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  checkPostgresForEnvironment(aipx.database, environment, [...path, "database"], ctx);
  if (environment !== "prod") return;
  if (aipx.data_lake.force_destroy) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "data_lake", "force_destroy"],
      message: "false in prod: destroy never deletes the data lake",
      input: true,
    });
  }
}
