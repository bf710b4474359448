import { corsOriginProblem } from "../s3/cors-rules";

/**
 * Rules of an HttpApi, one definition for the module and for config (no construct imports). Each
 * `...Problem` returns undefined or "<prop> must be <rule>, got <value>".
 */

/** Letters, digits, "-" and "_": the name also names the access log group. */
export const API_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export const ROUTE_METHODS = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
/** `$default` catches every request no other route matches, "/" included (which `/{proxy+}` does not). */
export const DEFAULT_ROUTES: readonly string[] = ["$default"];

/**
 * Stage-wide throttling. The account's regional quota (10000 requests per second, burst 5000) is
 * shared by every API of the account; one API's defaults stay far below it, so a runaway client or
 * a loop cannot starve the others or run up the function's bill.
 */
export const DEFAULT_THROTTLE_RATE_LIMIT = 50;
export const DEFAULT_THROTTLE_BURST_LIMIT = 100;
export const MAX_THROTTLE_RATE_LIMIT = 10_000;
export const MAX_THROTTLE_BURST_LIMIT = 5_000;

/** Lambda proxy integrations time out after at most 30 s (API Gateway's limit for HTTP APIs). */
export const MIN_INTEGRATION_TIMEOUT_MS = 50;
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

/**
 * The tag on the aws_apigatewayv2_api that marks it deliberately public (routes without
 * authorization), holding the reason. The policy suite accepts unauthorized routes only on an API
 * carrying it.
 */
export const PUBLIC_ACCESS_TAG = "PublicAccess";
/** A reason the reviewer can judge, within what AWS accepts as a tag value. */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{10,256}$/u;

const SEGMENT = /^(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
const GREEDY = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;

export function apiNameProblem(prop: string, name: unknown): string | undefined {
  if (typeof name === "string" && API_NAME.test(name)) return undefined;
  return `${prop} must be 1-128 letters, digits, "-" or "_", got ${JSON.stringify(name)}`;
}

/** `$default`, or "<METHOD> <path>" with path segments, `{param}`s and a greedy `{param+}` last. */
export function routeKeyProblem(prop: string, key: unknown): string | undefined {
  const fail = (rule: string) => `${prop} must be ${rule}, got ${JSON.stringify(key)}`;
  if (key === "$default") return undefined;
  const expected = `"$default" or "<${ROUTE_METHODS.join("|")}> /<path>", e.g. "GET /orders/{id}" or "ANY /{proxy+}"`;
  if (typeof key !== "string") return fail(expected);
  const match = /^([A-Z]+) (\/.*)$/.exec(key);
  if (!match || !(ROUTE_METHODS as readonly string[]).includes(match[1]!)) return fail(expected);
  const path = match[2]!;
  if (path === "/") return undefined;
  const segments = path.slice(1).split("/");
  for (const [i, segment] of segments.entries()) {
    if (GREEDY.test(segment)) {
      if (i !== segments.length - 1) return fail(`a route whose greedy "{param+}" is its last segment`);
      continue;
    }
    if (!SEGMENT.test(segment)) {
      return fail(
        `a path of "/"-separated segments (letters, digits, "._~-", or "{param}"), no empty segment or trailing "/"`,
      );
    }
  }
  return undefined;
}

export function throttleRateProblem(prop: string, rate: unknown): string | undefined {
  if (typeof rate === "number" && Number.isFinite(rate) && rate > 0 && rate <= MAX_THROTTLE_RATE_LIMIT)
    return undefined;
  return `${prop} must be a number of requests per second above 0 and at most ${MAX_THROTTLE_RATE_LIMIT} (the account's regional quota), got ${String(rate)}`;
}

export function throttleBurstProblem(prop: string, burst: unknown): string | undefined {
  if (typeof burst === "number" && Number.isInteger(burst) && burst >= 1 && burst <= MAX_THROTTLE_BURST_LIMIT)
    return undefined;
  return `${prop} must be a whole number of requests from 1 to ${MAX_THROTTLE_BURST_LIMIT} (the account's regional burst quota), got ${String(burst)}`;
}

/** API Gateway fetches the issuer's keys from `<issuer>/.well-known/openid-configuration` over HTTPS. */
export function jwtIssuerProblem(prop: string, issuer: unknown): string | undefined {
  if (
    typeof issuer === "string" &&
    /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(issuer) &&
    !issuer.endsWith("/")
  ) {
    return undefined;
  }
  return `${prop} must be an https URL without a trailing "/" (the token's "iss"), e.g. "https://cognito-idp.ap-northeast-2.amazonaws.com/<pool id>", got ${JSON.stringify(issuer)}`;
}

export function publicReasonProblem(prop: string, reason: unknown): string | undefined {
  if (typeof reason === "string" && TAG_VALUE.test(reason) && reason.trim().length >= 10) return undefined;
  return `${prop} must be the reason the API is public, 10-256 letters, digits, spaces or "_.:/=+-@" (it becomes the ${PUBLIC_ACCESS_TAG} tag), got ${JSON.stringify(reason)}`;
}

export interface HttpApiCors {
  /** "https://app.example.com", "http://localhost:5173", or "*" (every origin, never with credentials). */
  readonly allowedOrigins: readonly string[];
  /** @default ["*"]: the routes' authorization, not CORS, decides who may call what */
  readonly allowedMethods?: readonly string[];
  /**
   * Request headers a browser may send.
   * @default the headers the API's authorization needs plus content-type: "authorization",
   * "content-type", and for "iam" "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"
   */
  readonly allowedHeaders?: readonly string[];
  /** Response headers scripts may read. @default none */
  readonly exposeHeaders?: readonly string[];
  /** How long browsers may cache a preflight answer, 0-86400 s. @default 300 */
  readonly maxAgeSeconds?: number;
  /** Browsers send cookies and authorization with the request. @default false */
  readonly allowCredentials?: boolean;
}

export const DEFAULT_CORS_MAX_AGE_SECONDS = 300;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'+.^_`|~-]+$/;

/** Problems of a CORS configuration, each "cors.<field> must be ..., got ...". */
export function httpApiCorsProblems(cors: HttpApiCors): string[] {
  const problems: string[] = [];
  const origins = cors.allowedOrigins ?? [];
  if (origins.length === 0) problems.push("cors.allowedOrigins must be at least one origin, got none");
  origins.forEach((origin, i) => {
    const problem = corsOriginProblem(origin, i);
    if (problem) problems.push(`cors.${problem}`);
  });
  if (origins.includes("*") && cors.allowCredentials) {
    problems.push(
      `cors.allowCredentials must be false with allowedOrigins "*" (browsers and API Gateway refuse both), got true`,
    );
  }
  (cors.allowedMethods ?? []).forEach((method, i) => {
    if (method !== "*" && !(ROUTE_METHODS as readonly string[]).filter((m) => m !== "ANY").includes(method)) {
      problems.push(
        `cors.allowedMethods[${i}] must be "*" or an HTTP method (GET, POST, ...), got ${JSON.stringify(method)}`,
      );
    }
  });
  for (const field of ["allowedHeaders", "exposeHeaders"] as const) {
    (cors[field] ?? []).forEach((header, i) => {
      if (header !== "*" && !HEADER_NAME.test(header)) {
        problems.push(`cors.${field}[${i}] must be a header name or "*", got ${JSON.stringify(header)}`);
      }
    });
  }
  const maxAge = cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > 86_400) {
    problems.push(`cors.maxAgeSeconds must be a whole number of seconds from 0 to 86400, got ${maxAge}`);
  }
  return problems;
}
