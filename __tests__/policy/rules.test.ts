import { readdirSync } from "node:fs";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { RULES_DIR, loadRules } from "./registry";

/**
 * Each rule against its own examples: a violating example must be flagged at exactly the listed
 * addresses and a passing one not at all. Without this a broken rule would make the policy suite
 * pass silently.
 */
const rules = loadRules();

test("the registry finds every rule file, and every rule has a violating example", () => {
  expect(readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts")).length).toBeGreaterThanOrEqual(6);
  for (const rule of rules) {
    expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(rule.examples.violating.length).toBeGreaterThan(0);
  }
});

test("the rules the platform requires are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "s3-bucket-encrypted",
      "s3-bucket-public-access-blocked",
      "s3-bucket-policy-denies-insecure-transport",
      "dynamodb-table-point-in-time-recovery",
      "dynamodb-table-encrypted",
      "security-group-no-public-ingress",
      "iam-no-admin-statement",
      "log-group-retention",
      "vpc-flow-logs",
    ]),
  );
});

describe.each(rules.map((rule) => [rule.name, rule] as const))("%s", (_name, rule) => {
  test.each(rule.examples.violating.map((e) => [e.description, e] as const))(
    "flags: %s",
    (_description, example) => {
      const violations = rule.check(new PolicyStack("fixture", example.json));
      expect(violations.map((v) => v.address).sort()).toEqual([...example.flags].sort());
      for (const v of violations) expect(v.why.length).toBeGreaterThan(10);
    },
  );

  if (rule.examples.passing.length > 0) {
    test.each(rule.examples.passing.map((e) => [e.description, e] as const))(
      "passes: %s",
      (_description, example) => {
        expect(rule.check(new PolicyStack("fixture", example.json))).toEqual([]);
      },
    );
  }
});

test("evaluate reports each finding as stack / address / rule / why", () => {
  const stack = new PolicyStack("logs-dev", {
    resource: { aws_cloudwatch_log_group: { g: { name: "/g" } } },
  });
  const lines = evaluate([stack], rules).map(formatFinding);
  expect(lines).toEqual([
    expect.stringMatching(
      /^logs-dev \/ aws_cloudwatch_log_group\.g \/ log-group-retention \/ no retention_in_days/,
    ),
  ]);
});
