import {
  DEFAULT_ORIGIN_HEADER_NAME,
  originHeaderNameProblem,
  originHeaderValueProblem,
} from "../../../modules/cdn/origin-header";

describe("origin header rules", () => {
  it.each([DEFAULT_ORIGIN_HEADER_NAME, "X-Verify", "Origin-Token-1", "a".repeat(40)])(
    "accepts the name %p",
    (name) => {
      expect(originHeaderNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["empty", ""],
    ["41 characters", "a".repeat(41)],
    ["with an underscore", "X_Origin"],
    ["CloudFront's own X-Amz- family", "x-amz-verify"],
    ["CloudFront's own X-Edge- family", "X-Edge-Verify"],
    ["a header CloudFront manages", "Host"],
    ["a hop-by-hop header", "Transfer-Encoding"],
  ])("refuses a name %s", (_what, name) => {
    expect(originHeaderNameProblem(name)).toMatch(
      new RegExp(`^originHeader.name must be a header name .*, got "${name}"$`),
    );
  });

  it("accepts a 16-128 character value without wildcards", () => {
    expect(originHeaderValueProblem("a".repeat(16))).toBeUndefined();
    expect(originHeaderValueProblem("Z".repeat(128))).toBeUndefined();
  });

  it.each([
    ["too short", "a".repeat(15), "a value of 15 characters"],
    ["too long for an ALB condition", "a".repeat(129), "a value of 129 characters"],
    ["with a wildcard", `${"a".repeat(20)}*`, 'a value of 21 characters containing a space, "*" or "?"'],
    [
      "with a space",
      `${"a".repeat(10)} ${"b".repeat(10)}`,
      'a value of 21 characters containing a space, "*" or "?"',
    ],
  ])("refuses a value %s, without showing it", (_what, value, shown) => {
    const problem = originHeaderValueProblem(value, "cloudFrontOnly.originHeaderValue")!;
    expect(problem).toMatch(
      /^cloudFrontOnly.originHeaderValue must be a value of 16-128 printable characters/,
    );
    expect(problem.endsWith(`got ${shown}`)).toBe(true);
  });
});
