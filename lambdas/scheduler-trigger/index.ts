import type { Context } from "aws-lambda";
import { SECRET_HEADER, TRIGGER_PATH, TriggerEvent, parseTriggerEvent, readTriggerConfig } from "./event";
import { readSecretString } from "./secrets-manager";

/**
 * The target of every schedule in one EventBridge Scheduler group (modules/scheduler): forwards the
 * schedule's Input (`{"alertId": "..."}`, see TriggerEvent) as JSON to `POST <BACKEND_URL>/scheduler/trigger`
 * with the shared secret from SHARED_SECRET_ARN in header X-Scheduler-Secret, and fails on anything but
 * a 2xx answer, so the event is retried and finally dead-lettered instead of being lost. Scheduler
 * invokes Lambda asynchronously: Lambda retries a failed event twice, then sends it to the function's
 * dead-letter queue (the group's). Invalid events fail before any call.
 *
 * Redirects are not followed (a 3xx fails): the secret header must never travel to another host.
 * The secret is read once per execution environment and kept for SECRET_TTL_MS; a 401 or 403 reads
 * it again and retries once, so a rotated secret is picked up without a redeploy.
 */

/** What one invocation did. */
export interface TriggerResult {
  readonly alertId: string;
  readonly status: number;
  /** True when the first answer was 401/403 and the retry with a re-read secret succeeded. */
  readonly secretRefreshed: boolean;
}

export interface TriggerDependencies {
  /** @default global fetch */
  readonly fetch: typeof fetch;
  /** The shared secret's value. @default Secrets Manager GetSecretValue with the execution role */
  readonly readSecret: (secretArn: string) => Promise<string>;
  /** @default Date.now */
  readonly now: () => number;
}

/** How long a read secret is reused before it is read again. */
export const SECRET_TTL_MS = 5 * 60_000;

/** Longest part of the backend's answer quoted in an error. */
const BODY_EXCERPT = 200;

export type TriggerContext = Partial<Pick<Context, "awsRequestId">>;

export function createHandler(
  overrides: Partial<TriggerDependencies> = {},
): (event: unknown, context?: TriggerContext) => Promise<TriggerResult> {
  const fetchFn = overrides.fetch ?? fetch;
  const now = overrides.now ?? Date.now;
  const readSecret =
    overrides.readSecret ??
    ((arn: string) =>
      readSecretString(arn, {
        fetch: fetchFn,
        env: process.env,
        now: () => new Date(now()),
        timeoutMs: 5_000,
      }));
  let cached: { arn: string; value: string; readAt: number } | undefined;

  const secret = async (arn: string, fresh: boolean): Promise<string> => {
    if (!fresh && cached && cached.arn === arn && now() - cached.readAt < SECRET_TTL_MS) return cached.value;
    const value = await readSecret(arn);
    cached = { arn, value, readAt: now() };
    return value;
  };

  return async (event, context) => {
    const config = readTriggerConfig(process.env);
    const request = parseTriggerEvent(event);
    const url = `${config.backendUrl}${TRIGGER_PATH}`;
    const log = (level: "info" | "error", message: string, extra: Record<string, unknown>) =>
      console.log(
        JSON.stringify({
          level,
          message,
          ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
          alertId: request.alertId,
          ...extra,
        }),
      );

    let response = await post(
      fetchFn,
      url,
      request,
      await secret(config.sharedSecretArn, false),
      config.requestTimeoutMs,
    );
    let secretRefreshed = false;
    if (response.status === 401 || response.status === 403) {
      // The secret may have been rotated since it was read: read it again and try once more.
      await response.body?.cancel().catch(() => undefined);
      response = await post(
        fetchFn,
        url,
        request,
        await secret(config.sharedSecretArn, true),
        config.requestTimeoutMs,
      );
      secretRefreshed = response.ok;
    }
    if (!response.ok) {
      const excerpt = (await response.text().catch(() => "")).slice(0, BODY_EXCERPT);
      const hint =
        response.status === 401 || response.status === 403
          ? "; the backend refused the shared secret: it and SHARED_SECRET_ARN must hold the same value"
          : response.status >= 300 && response.status < 400
            ? "; redirects are not followed (the secret header stays with BACKEND_URL's host): point BACKEND_URL at the final address"
            : "";
      log("error", "backend refused the trigger", { status: response.status, url });
      throw new Error(
        `POST ${url} for alert ${request.alertId} answered ${response.status}${hint}${excerpt ? `: ${excerpt}` : ""}`,
      );
    }
    const result: TriggerResult = { alertId: request.alertId, status: response.status, secretRefreshed };
    log("info", "backend triggered", { status: response.status, secretRefreshed });
    return result;
  };
}

export const handler = createHandler();

async function post(
  fetchFn: typeof fetch,
  url: string,
  event: TriggerEvent,
  sharedSecret: string,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: sharedSecret },
      body: JSON.stringify(event),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const { name, message, cause } = errorParts(error);
    const reason =
      name === "TimeoutError" || name === "AbortError"
        ? `no answer within ${timeoutMs} ms`
        : `${message}${cause ? ` (${errorParts(cause).message})` : ""}`;
    throw new Error(
      `POST ${url} for alert ${event.alertId} failed: ${reason}; check BACKEND_URL and that the function can reach it`,
      { cause: error },
    );
  }
}

/**
 * Name, message and cause of anything thrown. Read by shape, not `instanceof Error`: fetch's errors
 * may come from another realm (undici's), where instanceof is false.
 */
function errorParts(error: unknown): { name?: string; message: string; cause?: unknown } {
  if (error && typeof error === "object") {
    const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
    return {
      ...(typeof name === "string" ? { name } : {}),
      message: typeof message === "string" ? message : String(error),
      ...(cause !== undefined ? { cause } : {}),
    };
  }
  return { message: String(error) };
}
