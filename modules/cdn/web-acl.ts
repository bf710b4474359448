import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_WAF_RATE_LIMIT, WAF_CLOUDFRONT_REGION, rateLimitProblem } from "./web-acl-rules";

/** The AWS managed rule groups every web ACL here evaluates, in this order after IP reputation. */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

export interface WebAclProps {
  /** Web ACL name, unique per scope in the account: 1-128 letters, digits, hyphens or underscores. */
  readonly name: string;
  /**
   * A web ACL for CloudFront has scope CLOUDFRONT, which WAF accepts only in us-east-1: pass the
   * stack's `providerIn("us-east-1")`. Required, so the region is never the stack's by accident; an
   * AwsProvider configured for another region is refused.
   */
  readonly provider: TerraformProvider;
  /**
   * Requests one client IP may send in 5 minutes before the rest are blocked, from 10 to
   * 2,000,000,000 (WAF's limits).
   * @default 2000
   */
  readonly rateLimit?: number;
  /**
   * Rules of AWSManagedRulesCommonRuleSet that only count instead of blocking, e.g.
   * "SizeRestrictions_BODY" for an API that takes request bodies over 8 KB (uploads).
   * @default none: every rule blocks
   */
  readonly commonRuleSetCountOnly?: readonly string[];
  /** @default "<name>: AWS managed rules and a per-IP rate limit" */
  readonly description?: string;
}

const NAME = /^[A-Za-z0-9_-]{1,128}$/;
const RULE_NAME = /^[A-Za-z0-9_]{1,128}$/;

/**
 * A WAFv2 web ACL for a CloudFront distribution (scope CLOUDFRONT): allows by default and blocks what
 * the AWS IP reputation list, a per-IP rate limit, the common rule set (OWASP-style injection, bad
 * bots, oversized requests) and the known-bad-inputs rule set (Log4Shell and the like) flag. Each rule
 * and the ACL publish CloudWatch metrics and keep sampled requests, so a block can be explained.
 * Attach it with `CloudFrontDistribution` webAclArn.
 */
export class WebAcl extends Construct {
  public readonly webAclArn: string;
  public readonly webAclId: string;
  public readonly webAclName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rateLimit = props.rateLimit ?? DEFAULT_WAF_RATE_LIMIT;
    this.validate(props, rateLimit);
    const name = props.name;
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (
      group: string,
      priority: number,
      countOnly: readonly string[] = [],
    ): Wafv2WebAclRule => ({
      name: `AWS-${group}`,
      priority,
      overrideAction: { none: {} },
      statement: {
        managed_rule_group_statement: {
          vendor_name: "AWS",
          name: group,
          ...(countOnly.length > 0
            ? {
                rule_action_override: countOnly.map((rule) => ({ name: rule, action_to_use: { count: {} } })),
              }
            : {}),
        },
      },
      visibilityConfig: visibility(`${name}-${group}`),
    });

    const acl = new Wafv2WebAcl(this, "web-acl", {
      name,
      description: props.description ?? `${name}: AWS managed rules and a per-IP rate limit`,
      scope: "CLOUDFRONT",
      provider: props.provider,
      defaultAction: { allow: {} },
      rule: [
        managed("AWSManagedRulesAmazonIpReputationList", 0),
        {
          name: "rate-limit-per-ip",
          priority: 1,
          action: { block: {} },
          statement: {
            rate_based_statement: { limit: rateLimit, aggregate_key_type: "IP", evaluation_window_sec: 300 },
          },
          visibilityConfig: visibility(`${name}-rate-limit-per-ip`),
        },
        managed("AWSManagedRulesCommonRuleSet", 2, props.commonRuleSetCountOnly),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
      ],
      visibilityConfig: visibility(name),
      tags: { Name: name },
    });

    this.webAclArn = acl.arn;
    this.webAclId = acl.id;
    this.webAclName = acl.name;
  }

  private validate(props: WebAclProps, rateLimit: number): void {
    const path = this.node.path;
    if (!Token.isUnresolved(props.name) && !NAME.test(props.name)) {
      throw new Error(
        `${path}: name must be 1-128 letters, digits, hyphens or underscores, got "${props.name}"`,
      );
    }
    if (props.provider === undefined) {
      throw new Error(
        `${path}: provider must be the stack's us-east-1 provider (stack.providerIn("us-east-1")): WAF keeps CLOUDFRONT web ACLs only there`,
      );
    }
    if (props.provider instanceof AwsProvider) {
      const region = props.provider.region;
      if (region !== undefined && !Token.isUnresolved(region) && region !== WAF_CLOUDFRONT_REGION) {
        throw new Error(
          `${path}: provider must be in ${WAF_CLOUDFRONT_REGION} (WAF keeps CLOUDFRONT web ACLs only there; use stack.providerIn("us-east-1")), got a provider in "${region}"`,
        );
      }
    }
    const rateProblem = rateLimitProblem(rateLimit);
    if (rateProblem) throw new Error(`${path}: ${rateProblem}`);
    const countOnly = props.commonRuleSetCountOnly ?? [];
    for (const rule of countOnly) {
      if (!RULE_NAME.test(rule)) {
        throw new Error(
          `${path}: commonRuleSetCountOnly entries must be rule names of AWSManagedRulesCommonRuleSet (letters, digits, underscores, e.g. "SizeRestrictions_BODY"), got "${rule}"`,
        );
      }
    }
    if (new Set(countOnly).size !== countOnly.length) {
      throw new Error(`${path}: commonRuleSetCountOnly lists a rule twice: ${countOnly.join(", ")}`);
    }
  }
}
