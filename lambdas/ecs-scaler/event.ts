/**
 * What the ecs-scaler accepts, checked before any AWS call: the schedule's event and the function's
 * environment. Every rejection says what to send instead.
 */

export type ScalerAction = "start" | "stop";

/** The event a schedule sends, e.g. `{ "action": "start" }` or `{ "action": "start", "desiredCount": 2 }`. */
export interface ScalerEvent {
  readonly action: ScalerAction;
  /** Tasks to run on "start"; "stop" always means 0. @default START_DESIRED_COUNT */
  readonly desiredCount?: number;
}

/** The one ECS service this function scales (and the database it may start and stop), from its environment. */
export interface ScalerConfig {
  readonly clusterName: string;
  readonly serviceName: string;
  /** Tasks a plain "start" runs. From START_DESIRED_COUNT, default 1. */
  readonly startDesiredCount: number;
  /**
   * The RDS instance started before the service and stopped after it. From DB_INSTANCE_ID; absent
   * (unset or empty) leaves the database alone.
   */
  readonly databaseInstanceId?: string;
}

/** The decision the event and config lead to. */
export interface ScalingRequest {
  readonly action: ScalerAction;
  readonly desiredCount: number;
}

/** A malformed event or environment; the message names the field and what is allowed. */
export class ScalerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScalerInputError";
  }
}

const ACTIONS: readonly ScalerAction[] = ["start", "stop"];
const EVENT_KEYS = ["action", "desiredCount"];

export function readScalerConfig(env: NodeJS.ProcessEnv): ScalerConfig {
  const clusterName = env.CLUSTER_NAME?.trim();
  const serviceName = env.SERVICE_NAME?.trim();
  if (!clusterName) throw new ScalerInputError("environment variable CLUSTER_NAME must name the ECS cluster");
  if (!serviceName) throw new ScalerInputError("environment variable SERVICE_NAME must name the ECS service");
  const raw = env.START_DESIRED_COUNT?.trim();
  const startDesiredCount = raw === undefined || raw === "" ? 1 : Number(raw);
  if (!Number.isInteger(startDesiredCount) || startDesiredCount < 1) {
    throw new ScalerInputError(
      `environment variable START_DESIRED_COUNT must be a whole number of at least 1, got "${raw}"`,
    );
  }
  const databaseInstanceId = env.DB_INSTANCE_ID?.trim();
  if (databaseInstanceId && !isDbInstanceIdentifier(databaseInstanceId)) {
    throw new ScalerInputError(
      `environment variable DB_INSTANCE_ID must be an RDS DB instance identifier (1-63 letters, digits and hyphens, ` +
        `starting with a letter, no "--", not ending in "-"), got "${databaseInstanceId}"; unset it to leave the database alone`,
    );
  }
  return {
    clusterName,
    serviceName,
    startDesiredCount,
    ...(databaseInstanceId ? { databaseInstanceId } : {}),
  };
}

/** RDS's rule for DB instance identifiers (an ARN is refused: Start/StopDBInstance take the identifier). */
function isDbInstanceIdentifier(value: string): boolean {
  return /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/.test(value) && !value.endsWith("-");
}

/**
 * Validates a scheduled event. `start` runs `desiredCount` tasks (default: the config's start
 * count), `stop` runs none. Unknown keys are refused so a typo ("desiredcount") is not silently
 * ignored.
 */
export function parseScalerEvent(
  event: unknown,
  config: Pick<ScalerConfig, "startDesiredCount">,
): ScalingRequest {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    throw new ScalerInputError(`event must be an object like {"action":"start"}, got ${describe(event)}`);
  }
  const record = event as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !EVENT_KEYS.includes(k));
  if (unknownKeys.length > 0) {
    throw new ScalerInputError(
      `event has unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(", ")}; allowed: ${EVENT_KEYS.join(", ")}`,
    );
  }

  const action = record.action;
  if (action === undefined) throw new ScalerInputError(`event.action is missing; send "start" or "stop"`);
  if (typeof action !== "string" || !(ACTIONS as readonly string[]).includes(action)) {
    throw new ScalerInputError(`event.action must be "start" or "stop", got ${describe(action)}`);
  }

  const count = record.desiredCount;
  if (count !== undefined && (typeof count !== "number" || !Number.isInteger(count) || count < 0)) {
    throw new ScalerInputError(
      `event.desiredCount must be a whole number of 0 or more, got ${describe(count)}`,
    );
  }

  if (action === "stop") {
    if (count !== undefined && count !== 0) {
      throw new ScalerInputError(
        `event.desiredCount must be 0 or absent for "stop", got ${count}; use "start" to run tasks`,
      );
    }
    return { action, desiredCount: 0 };
  }
  if (count === 0) {
    throw new ScalerInputError(
      `event.desiredCount must be at least 1 for "start", got 0; use "stop" to run no tasks`,
    );
  }
  return { action: "start", desiredCount: (count as number | undefined) ?? config.startDesiredCount };
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
