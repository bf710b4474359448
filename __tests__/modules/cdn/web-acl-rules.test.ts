import {
  DEFAULT_WAF_RATE_LIMIT,
  WAF_RATE_LIMIT_MAX,
  WAF_RATE_LIMIT_MIN,
  rateLimitProblem,
} from "../../../modules/cdn/web-acl-rules";

describe("web ACL rules", () => {
  it("bounds the rate limit as WAF does, with 2000 requests per 5 minutes by default", () => {
    expect([WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX, DEFAULT_WAF_RATE_LIMIT]).toEqual([
      10, 2_000_000_000, 2000,
    ]);
    for (const limit of [10, 2000, 2_000_000_000]) expect(rateLimitProblem(limit)).toBeUndefined();
  });

  it.each([0, 9, 2_000_000_001, 99.5, Number.NaN])("refuses %p", (limit) => {
    expect(rateLimitProblem(limit, "cdn.waf.rate_limit")).toBe(
      `cdn.waf.rate_limit must be a whole number from 10 to 2000000000 (requests per 5 minutes from one IP, WAF's limits), got ${limit}`,
    );
  });
});
