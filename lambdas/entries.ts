import * as path from "node:path";

/**
 * The handlers in this repository, by what they do, as entries relative to the repository root.
 * Stacks hand them to the modules that run them; modules ship no code of their own.
 */
export const LAMBDA_ENTRIES = {
  /** Starts and stops one ECS service (and optionally its RDS instance) on schedule: lambdas/ecs-scaler. */
  ecsScaler: path.join("lambdas", "ecs-scaler", "index.ts"),
  /**
   * Target of an EventBridge Scheduler group's schedules: POSTs the schedule's Input to the backend's
   * `/scheduler/trigger` with the shared secret: lambdas/scheduler-trigger.
   */
  schedulerTrigger: path.join("lambdas", "scheduler-trigger", "index.ts"),
} as const;
