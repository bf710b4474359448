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
  /** AIPX cold path: Kafka records → JSON lines in the data lake (lambdas/aipx/recorder.ts). */
  aipxRecorder: path.join("lambdas", "aipx", "recorder.ts"),
  /** AIPX cold path: Kafka ticks → BUY/SELL signals on an SNS topic (lambdas/aipx/strategy-worker.ts). */
  aipxStrategyWorker: path.join("lambdas", "aipx", "strategy-worker.ts"),
  /** AIPX cold path: the HTTP API's analysis endpoint (lambdas/aipx/cognitive.ts). */
  aipxCognitive: path.join("lambdas", "aipx", "cognitive.ts"),
  /** AIPX cold path: queued signals → e-mail through SNS (lambdas/aipx/notification.ts). */
  aipxNotification: path.join("lambdas", "aipx", "notification.ts"),
} as const;
