/**
 * The CORS rule of a SecureBucket and its checks, one definition for the bucket module and for config.
 * No construct imports: config loads this file. The module allows origin "*"; config decides where.
 */

export const CORS_METHODS = ["GET", "PUT", "POST", "HEAD", "DELETE"] as const;
export type CorsMethod = (typeof CORS_METHODS)[number];

/** Browser uploads with presigned PUT, and reading back. */
export const DEFAULT_CORS_METHODS: readonly CorsMethod[] = ["GET", "PUT", "HEAD"];
/**
 * Request headers are not what guards the bucket: S3 still checks every request's signature. A named
 * list breaks uploads whenever an SDK starts sending a new header (AWS SDKs began adding
 * `x-amz-checksum-*` by default in 2025), so every header is allowed.
 */
export const DEFAULT_CORS_ALLOWED_HEADERS: readonly string[] = ["*"];
/** Multipart uploads from a browser need each part's ETag to complete the upload. */
export const DEFAULT_CORS_EXPOSE_HEADERS: readonly string[] = ["ETag"];
export const DEFAULT_CORS_MAX_AGE_SECONDS = 3000;
/** Browsers cap a preflight's cache at this or less (Firefox 24 h, Chromium 2 h). */
export const MAX_CORS_MAX_AGE_SECONDS = 86400;

export interface BucketCors {
  /** "https://app.example.com", "http://localhost:5173", or "*" (every origin). */
  readonly allowedOrigins: readonly string[];
  /** @default ["GET", "PUT", "HEAD"] (browser uploads with presigned PUT) */
  readonly allowedMethods?: readonly CorsMethod[];
  /** Request headers a browser may send; see DEFAULT_CORS_ALLOWED_HEADERS for why. @default ["*"] */
  readonly allowedHeaders?: readonly string[];
  /** Response headers scripts may read. @default ["ETag"] (multipart uploads need it) */
  readonly exposeHeaders?: readonly string[];
  /** How long browsers may cache a preflight answer. @default 3000 */
  readonly maxAgeSeconds?: number;
}

/** What an origin must be, worded to follow "must be" and "expected". */
export const CORS_ORIGIN_EXPECTED =
  '"*" or an origin "https://<host>[:<port>]" (http only for localhost and 127.0.0.1), lowercase, without a path or trailing "/"';

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1"];
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const DEFAULT_PORTS: Record<string, string> = { https: "443", http: "80" };
/** An HTTP header name (RFC 9110 token), optionally with S3's one "*" wildcard. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'+.^_`|~*-]+$/;

function isHostName(host: string): boolean {
  if (LOOPBACK_HOSTS.includes(host)) return true;
  const labels = host.split(".");
  return host.length <= 253 && labels.length >= 2 && labels.every((label) => DNS_LABEL.test(label));
}

/**
 * The problem with one allowed origin, "allowedOrigins[<index>] must be ..., got ...", or undefined
 * when a browser can send it as its Origin header and S3 will match it. Browsers send scheme, host
 * and a non-default port only, lowercased, and S3 compares the header with the rule exactly.
 */
export function corsOriginProblem(origin: string, index?: number): string | undefined {
  const field = index === undefined ? "allowedOrigins[]" : `allowedOrigins[${index}]`;
  const fail = (rule: string) => `${field} must be ${rule}, got ${JSON.stringify(origin)}`;
  if (origin === "*") return undefined;
  if (typeof origin !== "string") return fail(CORS_ORIGIN_EXPECTED);
  if (origin.includes("*")) {
    return fail(`"*" alone or one exact origin (no wildcard inside an origin here)`);
  }
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(origin);
  if (!parts) return fail(CORS_ORIGIN_EXPECTED);
  const [, scheme, authority, rest] = parts as unknown as [string, string, string, string];
  if (origin !== origin.toLowerCase()) {
    return fail(`lowercase (browsers send the Origin header lowercased and S3 matches it exactly)`);
  }
  if (rest !== "") {
    return fail(
      `an origin without a path or trailing "/" (a browser's Origin header is scheme://host[:port] only)`,
    );
  }
  const hostPort = /^([^:@]+)(?::(\d+))?$/.exec(authority);
  if (!hostPort || !isHostName(hostPort[1]!)) return fail(CORS_ORIGIN_EXPECTED);
  const [, host, port] = hostPort as unknown as [string, string, string | undefined];
  if (scheme !== "https" && !(scheme === "http" && LOOPBACK_HOSTS.includes(host))) {
    return fail(`https (http only for localhost and 127.0.0.1)`);
  }
  if (port !== undefined) {
    if (port === DEFAULT_PORTS[scheme]) {
      return fail(`without the default port :${port} (browsers leave it out of the Origin header)`);
    }
    if (!/^[1-9]\d{0,4}$/.test(port) || Number(port) > 65535) return fail(`a port from 1 to 65535`);
  }
  return undefined;
}

/** Problems of a CORS rule, each "<field> must be ..., got ..." with field names as in BucketCors. */
export function corsProblems(cors: BucketCors): string[] {
  const problems: string[] = [];
  const origins = cors.allowedOrigins ?? [];
  if (origins.length === 0) problems.push("allowedOrigins must be at least one origin, got none");
  origins.forEach((origin, i) => {
    const problem = corsOriginProblem(origin, i);
    if (problem) problems.push(problem);
    if (origins.indexOf(origin) !== i) {
      problems.push(
        `allowedOrigins[${i}] must be unique (allowedOrigins[${origins.indexOf(origin)}]), got "${origin}"`,
      );
    }
  });
  if (origins.includes("*") && origins.length > 1) {
    problems.push(
      `allowedOrigins must be ["*"] alone or named origins only, got "*" among ${origins.length} origins`,
    );
  }

  const methods = cors.allowedMethods ?? DEFAULT_CORS_METHODS;
  if (methods.length === 0)
    problems.push(`allowedMethods must be at least one of ${CORS_METHODS.join(", ")}, got none`);
  methods.forEach((method, i) => {
    if (!(CORS_METHODS as readonly string[]).includes(method)) {
      problems.push(
        `allowedMethods[${i}] must be one of ${CORS_METHODS.join(", ")}, got ${JSON.stringify(method)}`,
      );
    } else if (methods.indexOf(method) !== i) {
      problems.push(`allowedMethods[${i}] must be unique, got "${method}" twice`);
    }
  });

  (cors.allowedHeaders ?? DEFAULT_CORS_ALLOWED_HEADERS).forEach((header, i) => {
    if (typeof header !== "string" || !HEADER_NAME.test(header) || header.split("*").length > 2) {
      problems.push(
        `allowedHeaders[${i}] must be a header name with at most one "*" wildcard (S3's limit), got ${JSON.stringify(header)}`,
      );
    }
  });
  (cors.exposeHeaders ?? DEFAULT_CORS_EXPOSE_HEADERS).forEach((header, i) => {
    if (typeof header !== "string" || !HEADER_NAME.test(header) || header.includes("*")) {
      problems.push(
        `exposeHeaders[${i}] must be a header name without wildcards, got ${JSON.stringify(header)}`,
      );
    }
  });

  const maxAge = cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > MAX_CORS_MAX_AGE_SECONDS) {
    problems.push(
      `maxAgeSeconds must be a whole number of seconds from 0 to ${MAX_CORS_MAX_AGE_SECONDS} (browsers cap it there or lower), got ${maxAge}`,
    );
  }
  return problems;
}
