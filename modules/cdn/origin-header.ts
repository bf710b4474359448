/**
 * The secret header CloudFront adds to every request it sends to the API's load balancer, and that the
 * load balancer's rules require: the rules for its name and value, shared by the CloudFront module, the
 * ALB's CloudFront-only mode and config.
 *
 * Name: what an ALB `http-header` condition accepts (letters, digits, hyphens; at most 40), and not
 * one CloudFront refuses as a custom origin header (its own X-Amz-* / X-Edge-* families, and the
 * headers it manages itself). Value: at most 128 characters (an ALB condition value's limit), and no
 * "*" or "?", which the ALB would read as wildcards and so accept other values too.
 */
export const DEFAULT_ORIGIN_HEADER_NAME = "X-Origin-Verify";

const HEADER_NAME = /^[A-Za-z0-9-]{1,40}$/;
const REFUSED_PREFIXES = ["x-amz-", "x-edge-", "x-amzn-"];
const REFUSED_NAMES = [
  "cache-control",
  "connection",
  "content-length",
  "cookie",
  "host",
  "if-match",
  "if-modified-since",
  "if-none-match",
  "if-range",
  "if-unmodified-since",
  "max-forwards",
  "pragma",
  "proxy-authorization",
  "proxy-connection",
  "range",
  "request-range",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
  "x-forwarded-proto",
  "x-real-ip",
];

/** What an origin header name must be, worded to follow "must be". */
export const ORIGIN_HEADER_NAME_EXPECTED =
  'a header name of 1-40 letters, digits or hyphens that CloudFront may add (not X-Amz-*, X-Edge-*, Host, Cookie or another header CloudFront manages), e.g. "X-Origin-Verify"';

/** What an origin header value must be, worded to follow "must be". */
export const ORIGIN_HEADER_VALUE_EXPECTED =
  'a value of 16-128 printable characters without spaces, "*" or "?" (an ALB reads those as wildcards)';

export function originHeaderNameProblem(name: string, prop = "originHeader.name"): string | undefined {
  const lower = name.toLowerCase();
  const ok =
    HEADER_NAME.test(name) &&
    !REFUSED_PREFIXES.some((prefix) => lower.startsWith(prefix)) &&
    !REFUSED_NAMES.includes(lower);
  return ok ? undefined : `${prop} must be ${ORIGIN_HEADER_NAME_EXPECTED}, got "${name}"`;
}

/**
 * A literal value is checked in full; the value shown in the message is only its length, since it is a
 * secret.
 */
export function originHeaderValueProblem(value: string, prop = "originHeader.value"): string | undefined {
  const ok = /^[\x21-\x7e]{16,128}$/.test(value) && !/[*?]/.test(value);
  return ok ? undefined : `${prop} must be ${ORIGIN_HEADER_VALUE_EXPECTED}, got ${describeSecret(value)}`;
}

function describeSecret(value: string): string {
  return `a value of ${value.length} characters${/[*?\s]/.test(value) ? ' containing a space, "*" or "?"' : ""}`;
}
