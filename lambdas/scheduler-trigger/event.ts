/**
 * What the scheduler trigger accepts, checked before any call: the schedule's Input and the
 * function's environment. Every rejection says what to send instead.
 */

/**
 * The Input the backend gives each schedule (Target.Input), e.g.
 * `{ "alertId": "4f6c...", "scheduledTime": "<aws.scheduler.scheduled-time>" }`: Scheduler replaces
 * the `<aws.scheduler.*>` context attributes before it invokes the trigger.
 */
export interface TriggerEvent {
  /** The alert whose schedule fired: 1-128 letters, digits, "_", "-", ".", ":". */
  readonly alertId: string;
  /** When the schedule was due, ISO 8601 (Scheduler's `<aws.scheduler.scheduled-time>`). @default absent */
  readonly scheduledTime?: string;
  /** Scheduler's `<aws.scheduler.execution-id>`, for the backend's logs and de-duplication. @default absent */
  readonly executionId?: string;
}

/** The function's environment (set by modules/scheduler/schedule-group.ts). */
export interface TriggerConfig {
  /** BACKEND_URL without a trailing "/": the trigger POSTs to `<backendUrl>/scheduler/trigger`. */
  readonly backendUrl: string;
  /** SHARED_SECRET_ARN: the Secrets Manager secret whose SecretString is sent as X-Scheduler-Secret. */
  readonly sharedSecretArn: string;
  /** REQUEST_TIMEOUT_MS. @default 10 000 */
  readonly requestTimeoutMs: number;
}

/** The backend's callback path, appended to BACKEND_URL. */
export const TRIGGER_PATH = "/scheduler/trigger";

/** The header that carries the shared secret; the backend compares it in constant time. */
export const SECRET_HEADER = "x-scheduler-secret";

/** A malformed event or environment; the message names the field and what is allowed. */
export class TriggerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TriggerInputError";
  }
}

const EVENT_KEYS = ["alertId", "scheduledTime", "executionId"];
const ALERT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const EXECUTION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

export function readTriggerConfig(env: NodeJS.ProcessEnv): TriggerConfig {
  const rawUrl = env.BACKEND_URL?.trim();
  if (!rawUrl)
    throw new TriggerInputError("environment variable BACKEND_URL must name the backend, e.g. http://alb:80");
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new TriggerInputError(`environment variable BACKEND_URL must be an http(s) URL, got "${rawUrl}"`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username) {
    throw new TriggerInputError(
      `environment variable BACKEND_URL must be an http:// or https:// URL without query, fragment or credentials, got "${rawUrl}"`,
    );
  }
  const sharedSecretArn = env.SHARED_SECRET_ARN?.trim() ?? "";
  if (!SECRET_ARN.test(sharedSecretArn)) {
    throw new TriggerInputError(
      `environment variable SHARED_SECRET_ARN must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), got "${sharedSecretArn}"`,
    );
  }
  const rawTimeout = env.REQUEST_TIMEOUT_MS?.trim();
  const requestTimeoutMs = rawTimeout === undefined || rawTimeout === "" ? 10_000 : Number(rawTimeout);
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1 || requestTimeoutMs > 300_000) {
    throw new TriggerInputError(
      `environment variable REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 1 to 300000, got "${rawTimeout}"`,
    );
  }
  return { backendUrl: rawUrl.replace(/\/+$/, ""), sharedSecretArn, requestTimeoutMs };
}

/**
 * Validates the schedule's Input. Unknown keys are refused so a typo ("alertID") fails loudly (and
 * lands in the dead-letter queue) instead of calling the backend with nothing to trigger.
 */
export function parseTriggerEvent(event: unknown): TriggerEvent {
  if (!event || typeof event !== "object" || Array.isArray(event)) {
    throw new TriggerInputError(
      `event must be a JSON object such as {"alertId":"a-123"} (the schedule's Input), got ${describe(event)}`,
    );
  }
  const record = event as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !EVENT_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new TriggerInputError(
      `event has unknown key(s) ${unknown.map((k) => `"${k}"`).join(", ")}; allowed: ${EVENT_KEYS.join(", ")}`,
    );
  }
  const { alertId, scheduledTime, executionId } = record;
  if (typeof alertId !== "string" || !ALERT_ID.test(alertId)) {
    throw new TriggerInputError(
      `event.alertId must be a string of 1-128 letters, digits, "_", "-", "." or ":", got ${describe(alertId)}`,
    );
  }
  if (
    scheduledTime !== undefined &&
    (typeof scheduledTime !== "string" ||
      !ISO_TIME.test(scheduledTime) ||
      Number.isNaN(Date.parse(scheduledTime)))
  ) {
    throw new TriggerInputError(
      `event.scheduledTime must be an ISO 8601 time such as "2026-05-01T09:00:00Z" (Scheduler's <aws.scheduler.scheduled-time>) or absent, got ${describe(scheduledTime)}`,
    );
  }
  if (executionId !== undefined && (typeof executionId !== "string" || !EXECUTION_ID.test(executionId))) {
    throw new TriggerInputError(
      `event.executionId must be Scheduler's <aws.scheduler.execution-id> (1-128 letters, digits, "_", "-", ".", ":") or absent, got ${describe(executionId)}`,
    );
  }
  return {
    alertId,
    ...(scheduledTime !== undefined ? { scheduledTime } : {}),
    ...(executionId !== undefined ? { executionId } : {}),
  };
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
