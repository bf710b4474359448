/**
 * Limits of Lambda event source mappings, shared by the event source constructs and by config (this
 * file imports no construct). Each `...Problem` returns undefined or "<prop> must be <rule>, got <value>".
 */

/** Lambda's batch size limits: 1-10000 records for Kafka and standard SQS queues, 10 for FIFO queues. */
export const MAX_BATCH_SIZE = 10_000;
export const MAX_FIFO_BATCH_SIZE = 10;
/** Lambda's defaults, which the constructs render explicitly so every mapping's batch is bounded in code. */
export const DEFAULT_MSK_BATCH_SIZE = 100;
export const DEFAULT_SQS_BATCH_SIZE = 10;
/** Lambda waits at most 5 minutes to fill a batch. */
export const MAX_BATCHING_WINDOW_SECONDS = 300;
/** SQS mappings: Lambda's range for the concurrency cap of one mapping. */
export const MIN_SQS_MAX_CONCURRENCY = 2;
export const MAX_SQS_MAX_CONCURRENCY = 1000;

export const STARTING_POSITIONS = ["LATEST", "TRIM_HORIZON"] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];

/** Kafka's topic name rule (at most 249 characters), without a leading dot, as Lambda requires. */
export const KAFKA_TOPIC = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,248}$/;
/**
 * Lambda's consumer group id characters (at most 200), less "*": the group's ARN is granted in the
 * role's policy, where "*" would be a wildcard matching every group.
 */
export const CONSUMER_GROUP_ID = /^[A-Za-z0-9/:_+=.@-]{1,200}$/;

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

export function batchSizeProblem(prop: string, size: unknown, max = MAX_BATCH_SIZE): string | undefined {
  if (isWhole(size) && size >= 1 && size <= max) return undefined;
  return `${prop} must be a whole number from 1 to ${max}, got ${String(size)}`;
}

export function batchingWindowProblem(prop: string, seconds: unknown): string | undefined {
  if (isWhole(seconds) && seconds >= 0 && seconds <= MAX_BATCHING_WINDOW_SECONDS) return undefined;
  return `${prop} must be a whole number of seconds from 0 to ${MAX_BATCHING_WINDOW_SECONDS}, got ${String(seconds)}`;
}

export function startingPositionProblem(prop: string, position: unknown): string | undefined {
  if ((STARTING_POSITIONS as readonly unknown[]).includes(position)) return undefined;
  return `${prop} must be one of ${STARTING_POSITIONS.map((p) => `"${p}"`).join(", ")}, got ${JSON.stringify(position)}`;
}

export function kafkaTopicProblem(prop: string, topic: unknown): string | undefined {
  if (typeof topic === "string" && KAFKA_TOPIC.test(topic)) return undefined;
  return `${prop} must be a Kafka topic name (1-249 letters, digits, ".", "_" or "-", not starting with "."), got ${JSON.stringify(topic)}`;
}

export function consumerGroupIdProblem(prop: string, id: unknown): string | undefined {
  if (typeof id === "string" && CONSUMER_GROUP_ID.test(id)) return undefined;
  return `${prop} must be 1-200 letters, digits or "/:_+=.@-" (no "*": it would be a wildcard in the role's policy), got ${JSON.stringify(id)}`;
}
