import { z } from "zod";
import { IMAGE_TAG, IMAGE_TAG_EXPECTED } from "../../../modules/ecr/image-tag";
import { DEFAULT_ALB_HEALTH_CHECK } from "../../../modules/alb/health-check";
import {
  DEFAULT_TASK_CPU,
  DEFAULT_TASK_MEMORY_MIB,
  fargateSizeProblem,
} from "../../../modules/ecs/fargate-sizes";
import { SECRET_ARN, SECRET_ARN_EXPECTED } from "../../../modules/ecs/secret-arn";
import { cidrBlock, logRetentionDays, positiveInt, stringMap } from "../primitives";

const secretArn = z.string().regex(SECRET_ARN, {
  message: `${SECRET_ARN_EXPECTED} (secrets are referenced, never written here)`,
});

const imageTag = z.string().regex(IMAGE_TAG, { message: `${IMAGE_TAG_EXPECTED}, e.g. "web-api-1.4.2"` });

/** What every ECS service section takes. */
export const fargateServiceFields = {
  /** Tag in the system's ECR repository; bump it here to roll out a new image (README: image rollouts). */
  image_tag: imageTag,
  /** Task CPU units. @default 512 (DEFAULT_TASK_CPU) */
  cpu: positiveInt("a Fargate CPU value (256, 512, 1024, ...)").default(DEFAULT_TASK_CPU),
  /** Task memory in MiB, valid for `cpu`. @default 1024 (DEFAULT_TASK_MEMORY_MIB) */
  memory: positiveInt("a memory size in MiB").default(DEFAULT_TASK_MEMORY_MIB),
  /** @default "X86_64" */
  cpu_architecture: z.enum(["X86_64", "ARM64"]).default("X86_64"),
  /** @default {} */
  environment: stringMap.default({}),
  /** Environment variable → SSM parameter / Secrets Manager ARN. @default {} */
  secrets: z.record(z.string(), secretArn).default({}),
  /** @default false */
  enable_execute_command: z.boolean().default(false),
  /** @default the environment's log_retention_days */
  log_retention_days: logRetentionDays.optional(),
};

export function checkFargateSize(service: { cpu: number; memory: number }, ctx: z.RefinementCtx): void {
  const problem = fargateSizeProblem(service.cpu, service.memory);
  if (!problem) return;
  ctx.addIssue({
    code: "custom",
    path: [problem.field],
    message: problem.expected,
    input: service[problem.field],
  });
}

/**
 * A singleton service. The keys a singleton must not have are listed so the message says why,
 * instead of a bare "unknown key".
 */
export const singletonServiceSchema = z
  .strictObject({
    ...fargateServiceFields,
    /** Run on FARGATE_SPOT: an interruption only delays the schedule. @default false */
    fargate_spot: z.boolean().default(false),
    /** CIDRs besides the VPC that may scrape the metrics port; never 0.0.0.0/0. @default [] (VPC only) */
    metrics_allowed_cidrs: z
      .array(
        cidrBlock.refine((cidr) => !cidr.endsWith("/0"), {
          message: 'a CIDR narrower than "0.0.0.0/0" (the metrics port is for known scrapers only)',
        }),
      )
      .default([]),
    desired_count: z.unknown().optional(),
    min_capacity: z.unknown().optional(),
    max_capacity: z.unknown().optional(),
    autoscaling: z.unknown().optional(),
    load_balancer: z.unknown().optional(),
    health_check: z.unknown().optional(),
  })
  .superRefine((service, ctx) => {
    checkFargateSize(service, ctx);
    if (service.desired_count !== undefined && service.desired_count !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["desired_count"],
        message: "1 or nothing: a singleton runs exactly one task (two would process the same work twice)",
        input: service.desired_count,
      });
    }
    for (const key of ["min_capacity", "max_capacity", "autoscaling"] as const) {
      if (service[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "no autoscaling settings: a singleton never scales (remove the key)",
          input: service[key],
        });
      }
    }
    for (const key of ["load_balancer", "health_check"] as const) {
      if (service[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message:
            "no load balancer settings: a singleton takes no traffic through a load balancer (remove the key)",
          input: service[key],
        });
      }
    }
  });

export type SingletonServiceConfig = z.infer<typeof singletonServiceSchema>;

const healthCheckSchema = z.strictObject({
  /** Defaults: DEFAULT_ALB_HEALTH_CHECK (modules/alb). @default "/" */
  path: z
    .string()
    .startsWith("/", { message: 'an HTTP path starting with "/"' })
    .default(DEFAULT_ALB_HEALTH_CHECK.path),
  /** @default 30 */
  interval_seconds: z.number().int().min(5).max(300).default(DEFAULT_ALB_HEALTH_CHECK.intervalSeconds),
  /** @default 5 */
  timeout_seconds: z.number().int().min(2).max(120).default(DEFAULT_ALB_HEALTH_CHECK.timeoutSeconds),
  /** @default 3 */
  healthy_threshold: z.number().int().min(2).max(10).default(DEFAULT_ALB_HEALTH_CHECK.healthyThreshold),
  /** @default 3 */
  unhealthy_threshold: z.number().int().min(2).max(10).default(DEFAULT_ALB_HEALTH_CHECK.unhealthyThreshold),
});

/** A service behind the ALB, scaled between min and max by target tracking. */
export const autoscaledServiceSchema = z
  .strictObject({
    ...fargateServiceFields,
    /** @default 1 */
    min_capacity: z.number().int().min(1, { message: "at least 1 task" }).default(1),
    /** @default 4 */
    max_capacity: z.number().int().min(1).default(4),
    /** Average CPU % to hold. @default 70 */
    cpu_target_percent: z.number().min(10).max(95).default(70),
    /** Average memory % to hold. @default 75 */
    memory_target_percent: z.number().min(10).max(95).default(75),
    /** ALB requests per task to hold. @default off */
    requests_per_target: z.number().int().positive().optional(),
    /** @default 300 */
    scale_in_cooldown_seconds: z.number().int().min(0).default(300),
    /** @default 60 */
    scale_out_cooldown_seconds: z.number().int().min(0).default(60),
    /** Seconds the ALB health check is ignored after a task starts. @default 60 */
    health_check_grace_period_seconds: z.number().int().min(0).max(2147483647).default(60),
    /** @default {} (path "/", 30 s interval, 3/3 thresholds) */
    health_check: healthCheckSchema.prefault({}),
  })
  .superRefine(checkScaledService);

/** The size rule and capacity bounds every scaled service section shares. */
export function checkScaledService(
  service: { cpu: number; memory: number; min_capacity: number; max_capacity: number },
  ctx: z.RefinementCtx,
): void {
  checkFargateSize(service, ctx);
  if (service.max_capacity < service.min_capacity) {
    ctx.addIssue({
      code: "custom",
      path: ["max_capacity"],
      message: `a maximum at least min_capacity (${service.min_capacity})`,
      input: service.max_capacity,
    });
  }
}

export type AutoscaledServiceConfig = z.infer<typeof autoscaledServiceSchema>;
