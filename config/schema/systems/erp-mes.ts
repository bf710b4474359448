import { z } from "zod";
import { SNS_TOPIC_ARN, SNS_TOPIC_ARN_EXPECTED } from "../../../modules/monitoring/sns-topic-arn";
import { DEFAULT_START_SCHEDULE, DEFAULT_STOP_SCHEDULE } from "../../../modules/ecs/on-demand-schedule";
import { networkSchema } from "../network";
import { logRetentionDays, positiveInt, scheduleExpression } from "../primitives";
import { ecrSchema } from "./ecr";
import { checkFargateSize, fargateServiceFields } from "./fargate-service";
import { checkPostgresForEnvironment, postgresSchema } from "./postgres";

const { image_tag, cpu, memory, cpu_architecture, enable_execute_command } = fargateServiceFields;

/** The simulator: an on-demand service a schedule starts and stops. */
const simulatorSchema = z
  .strictObject({
    image_tag,
    /** @default 256 */
    cpu: cpu.unwrap().default(256),
    /** @default 512 */
    memory: memory.unwrap().default(512),
    cpu_architecture,
    enable_execute_command,
    /** Tasks the start schedule runs. @default 1 */
    running_count: positiveInt("a whole number of tasks above 0").default(1),
    /** @default "cron(0 0 ? * MON-FRI *)" (09:00 KST, weekdays) */
    start_schedule: scheduleExpression.default(DEFAULT_START_SCHEDULE),
    /** @default "cron(0 9 ? * MON-FRI *)" (18:00 KST, weekdays) */
    stop_schedule: scheduleExpression.default(DEFAULT_STOP_SCHEDULE),
    /** Off leaves the simulator to manual start/stop only. @default true */
    schedules_enabled: z.boolean().default(true),
    /** MES_DEBUG. @default false */
    debug: z.boolean().default(false),
    /** MES_CORS_ORIGINS. @default [] */
    cors_origins: z
      .array(
        // An origin is scheme://host[:port], nothing more: "localhost:3000" or a trailing path never matches.
        z.string().regex(/^https?:\/\/([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/, {
          message: "an origin URL such as https://triflow.example.com",
        }),
      )
      .default([]),
    /** @default the environment's log_retention_days */
    log_retention_days: logRetentionDays.optional(),
  })
  .superRefine(checkFargateSize);

export const erpMesSchema = z.strictObject({
  simulator: simulatorSchema,
  database: postgresSchema.prefault({}),
  /** @default {} (immutable tags, keep 20, untagged expire after 7 days) */
  ecr: ecrSchema.prefault({}),
  /** SNS topic for alarms. @default none (alarms only show in the console) */
  alarm_topic_arn: z.string().regex(SNS_TOPIC_ARN, { message: SNS_TOPIC_ARN_EXPECTED }).optional(),
  /**
   * A VPC of ERP/MES's own (same keys as the top-level `network`), for isolation; its CIDR may not
   * overlap the shared network's or another system's. @default none (runs in network-<env>)
   */
  network: networkSchema.optional(),
});

export type ErpMesConfig = z.infer<typeof erpMesSchema>;

/** ERP/MES's rules that depend on the environment. */
export function checkErpMesForEnvironment(
  erpMes: ErpMesConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  checkPostgresForEnvironment(erpMes.database, environment, [...path, "database"], ctx);
}
