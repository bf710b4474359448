import * as path from "node:path";

/**
 * The handlers in this repository, by what they do, as entries relative to the repository root.
 * Stacks hand them to the modules that run them; modules ship no code of their own.
 */
export const LAMBDA_ENTRIES = {
  /** Starts and stops one ECS service (and optionally its RDS instance) on schedule: lambdas/ecs-scaler. */
  ecsScaler: path.join("lambdas", "ecs-scaler", "index.ts"),
} as const;
