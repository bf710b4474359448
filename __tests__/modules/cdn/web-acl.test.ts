import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { WebAcl, WebAclProps } from "../../../modules/cdn/web-acl";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

type Rule = Record<string, unknown> & { name: string; priority: number };

function build(
  overrides: Partial<WebAclProps> = {},
  region = "us-east-1",
): { synth: SynthesizedJson; acl: Record<string, unknown>; rules: Rule[] } {
  const synth = synthScope((scope) => {
    const provider = new AwsProvider(scope, "aws-us-east-1", { region, alias: "us-east-1" });
    const acl = new WebAcl(scope, "waf", { name: "ecg-dev", provider, ...overrides });
    new TerraformOutput(scope, "webAclArn", { value: acl.webAclArn });
  });
  const acl = synth.only("aws_wafv2_web_acl");
  return { synth, acl, rules: acl.rule as Rule[] };
}

function buildError(overrides: Partial<WebAclProps>, region?: string): string {
  try {
    build(overrides, region);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected WebAcl to refuse these props");
}

const byName = (rules: Rule[], name: string) => rules.find((r) => r.name === name)!;

describe("WebAcl", () => {
  const { synth, acl, rules } = build();

  it("is a CLOUDFRONT web ACL made with the aliased us-east-1 provider, allowing by default", () => {
    expect(acl).toMatchObject({
      name: "ecg-dev",
      scope: "CLOUDFRONT",
      provider: "aws.us-east-1",
      default_action: { allow: {} },
    });
    const name = Object.keys(synth.resources("aws_wafv2_web_acl"))[0]!;
    expect(synth.output("webAclArn")?.value).toBe(ref("aws_wafv2_web_acl", name, "arn"));
  });

  it("evaluates IP reputation, the rate limit, then the common and known-bad-inputs rule sets", () => {
    expect([...rules].sort((a, b) => a.priority - b.priority).map((r) => r.name)).toEqual([
      "AWS-AWSManagedRulesAmazonIpReputationList",
      "rate-limit-per-ip",
      "AWS-AWSManagedRulesCommonRuleSet",
      "AWS-AWSManagedRulesKnownBadInputsRuleSet",
    ]);
  });

  it.each([
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
  ])("uses the AWS managed rule group %s as it is (override none)", (group) => {
    const rule = byName(rules, `AWS-${group}`);
    expect(rule.override_action).toEqual({ none: {} });
    expect(rule.statement).toEqual({ managed_rule_group_statement: { vendor_name: "AWS", name: group } });
  });

  it("blocks an IP above 2000 requests in 5 minutes by default", () => {
    const rule = byName(rules, "rate-limit-per-ip");
    expect(rule.action).toEqual({ block: {} });
    expect(rule.statement).toEqual({
      rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 },
    });
  });

  it("keeps CloudWatch metrics and sampled requests for the ACL and every rule", () => {
    expect(acl.visibility_config).toEqual({
      cloudwatch_metrics_enabled: true,
      sampled_requests_enabled: true,
      metric_name: "ecg-dev",
    });
    for (const rule of rules) {
      expect(rule.visibility_config).toMatchObject({
        cloudwatch_metrics_enabled: true,
        sampled_requests_enabled: true,
      });
    }
    expect(new Set(rules.map((r) => (r.visibility_config as { metric_name: string }).metric_name)).size).toBe(
      4,
    );
  });

  it("takes another rate limit, and lets named common rules only count", () => {
    const { rules } = build({ rateLimit: 500, commonRuleSetCountOnly: ["SizeRestrictions_BODY"] });
    expect(
      (byName(rules, "rate-limit-per-ip").statement as { rate_based_statement: { limit: number } })
        .rate_based_statement.limit,
    ).toBe(500);
    expect(byName(rules, "AWS-AWSManagedRulesCommonRuleSet").statement).toEqual({
      managed_rule_group_statement: {
        vendor_name: "AWS",
        name: "AWSManagedRulesCommonRuleSet",
        rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
      },
    });
  });

  it.each([10, 2_000_000_000])("accepts WAF's bound %p as the rate limit", (rateLimit) => {
    expect(() => build({ rateLimit })).not.toThrow();
  });

  it.each<[string, Partial<WebAclProps>, string | undefined, RegExp]>([
    [
      "a rate limit below 10",
      { rateLimit: 9 },
      undefined,
      /rateLimit must be a whole number from 10 to 2000000000 .*got 9/,
    ],
    [
      "a rate limit above WAF's maximum",
      { rateLimit: 2_000_000_001 },
      undefined,
      /rateLimit must be .*got 2000000001/,
    ],
    ["a fractional rate limit", { rateLimit: 100.5 }, undefined, /rateLimit must be a whole number/],
    [
      "a name with spaces",
      { name: "ecg dev" },
      undefined,
      /name must be 1-128 letters, digits, hyphens or underscores, got "ecg dev"/,
    ],
    [
      "a count-only rule that is no rule name",
      { commonRuleSetCountOnly: ["Size Restrictions"] },
      undefined,
      /commonRuleSetCountOnly entries must be rule names/,
    ],
    [
      "a count-only rule listed twice",
      { commonRuleSetCountOnly: ["NoUserAgent_HEADER", "NoUserAgent_HEADER"] },
      undefined,
      /commonRuleSetCountOnly lists a rule twice/,
    ],
    [
      "a provider in the stack's region",
      {},
      "ap-northeast-2",
      /provider must be in us-east-1 .*got a provider in "ap-northeast-2"/,
    ],
  ])("refuses %s", (_what, overrides, region, message) => {
    const error = buildError(overrides, region);
    expect(error).toMatch(/^stack\/waf: /);
    expect(error).toMatch(message);
  });

  it("refuses to be made without a provider", () => {
    expect(() =>
      synthScope((scope: Construct) => {
        new WebAcl(scope, "waf", { name: "ecg-dev", provider: undefined as unknown as TerraformProvider });
      }),
    ).toThrow(/^stack\/waf: provider must be the stack's us-east-1 provider/);
  });
});
