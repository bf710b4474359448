/**
 * Rules of the CloudFront web ACL that config needs too (no construct imports here): the bounds WAF
 * puts on a rate-based rule's limit, and the default the platform uses.
 */

/** WAF keeps web ACLs of scope CLOUDFRONT in us-east-1 only. */
export const WAF_CLOUDFRONT_REGION = "us-east-1";

/** WAF's bounds on a rate-based rule's limit (requests per evaluation window per aggregation key). */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/** Requests per 5 minutes one IP may send: well above a person using the site, far below a flood. */
export const DEFAULT_WAF_RATE_LIMIT = 2000;

/** Why `limit` is not a rate limit WAF accepts (`rateLimit must be ..., got ...`), or undefined. */
export function rateLimitProblem(limit: number, prop = "rateLimit"): string | undefined {
  return Number.isInteger(limit) && limit >= WAF_RATE_LIMIT_MIN && limit <= WAF_RATE_LIMIT_MAX
    ? undefined
    : `${prop} must be a whole number from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX} (requests per 5 minutes from one IP, WAF's limits), got ${limit}`;
}
