import { StackResource, blockList, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * WAFv2 web ACLs. A web ACL that allows by default protects only through its rules: without AWS's
 * common rule set it lets the usual injection and bad-bot traffic through, without a rate-based rule
 * one client can flood the origin, and without metrics and sampled requests nobody can tell what it
 * blocked or why. Rules are read from `rule` blocks and, when it is literal JSON, from `rule_json`.
 */

interface AclRule {
  readonly name: string;
  readonly managedGroup?: { vendor: string; name: string; excluded: number };
  readonly rateBased: boolean;
  /** "block", "count", "none" (override of a rule group), ... */
  readonly action?: string;
  readonly overrideAction?: string;
  readonly visibility?: Record<string, unknown>;
}

const firstKey = (value: unknown): string | undefined => {
  const block = singleBlock(value);
  return block ? Object.keys(block)[0] : undefined;
};

function fromBlocks(acl: StackResource): AclRule[] {
  return blockList(acl.config.rule).map((rule) => {
    const statement = singleBlock(rule.statement) ?? {};
    const managed = singleBlock(statement.managed_rule_group_statement);
    const overrides = blockList(managed?.rule_action_override);
    return {
      name: String(rule.name),
      managedGroup: managed
        ? {
            vendor: String(managed.vendor_name),
            name: String(managed.name),
            excluded: overrides.filter((o) => firstKey(o.action_to_use) === "count").length,
          }
        : undefined,
      rateBased: singleBlock(statement.rate_based_statement) !== undefined,
      action: firstKey(rule.action),
      overrideAction: firstKey(rule.override_action),
      visibility: singleBlock(rule.visibility_config),
    };
  });
}

/** `rule_json` as the WAF API spells rules (PascalCase), when Terraform already knows it. */
function fromRuleJson(acl: StackResource): AclRule[] {
  const text = acl.config.rule_json;
  if (typeof text !== "string" || text.includes("${")) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : []).map((rule: Record<string, Record<string, unknown>>) => {
    const managed = rule.Statement?.ManagedRuleGroupStatement as Record<string, unknown> | undefined;
    const overrides = (managed?.RuleActionOverrides ?? []) as Array<Record<string, Record<string, unknown>>>;
    const visibility = rule.VisibilityConfig as Record<string, unknown> | undefined;
    return {
      name: String(rule.Name),
      managedGroup: managed
        ? {
            vendor: String(managed.VendorName),
            name: String(managed.Name),
            excluded: overrides.filter((o) => o.ActionToUse && "Count" in o.ActionToUse).length,
          }
        : undefined,
      rateBased: rule.Statement?.RateBasedStatement !== undefined,
      action: rule.Action ? Object.keys(rule.Action)[0]?.toLowerCase() : undefined,
      overrideAction: rule.OverrideAction ? Object.keys(rule.OverrideAction)[0]?.toLowerCase() : undefined,
      visibility: visibility && {
        cloudwatch_metrics_enabled: visibility.CloudWatchMetricsEnabled,
        sampled_requests_enabled: visibility.SampledRequestsEnabled,
      },
    };
  });
}

function rulesOf(acl: StackResource): AclRule[] {
  return [...fromBlocks(acl), ...fromRuleJson(acl)];
}

const webAcls = (stack: { resources(type: string): StackResource[] }) => stack.resources("aws_wafv2_web_acl");
const isTrue = (value: unknown) => value === true || value === "true";

const commonRuleSet: PolicyRule = {
  name: "waf-common-rule-set",
  check: (stack) =>
    webAcls(stack).flatMap((acl): Violation[] => {
      const common = rulesOf(acl).find(
        (r) => r.managedGroup?.vendor === "AWS" && r.managedGroup.name === "AWSManagedRulesCommonRuleSet",
      );
      if (!common) {
        return [
          {
            address: acl.address,
            why: "no AWSManagedRulesCommonRuleSet rule: the usual injection, traversal and bad-bot requests pass; use the WebAcl module",
          },
        ];
      }
      if (common.overrideAction === "count") {
        return [
          {
            address: acl.address,
            why: `rule ${JSON.stringify(common.name)} overrides AWSManagedRulesCommonRuleSet to count: it blocks nothing; use override_action none (count single rules with rule_action_override)`,
          },
        ];
      }
      return [];
    }),
  examples: {
    violating: [
      {
        description: "only the IP reputation list",
        json: stackJson({
          aws_wafv2_web_acl: {
            w: {
              scope: "CLOUDFRONT",
              rule: [
                {
                  name: "ip",
                  priority: 0,
                  override_action: { none: {} },
                  statement: {
                    managed_rule_group_statement: {
                      vendor_name: "AWS",
                      name: "AWSManagedRulesAmazonIpReputationList",
                    },
                  },
                },
              ],
            },
          },
        }),
        flags: ["aws_wafv2_web_acl.w"],
      },
      {
        description: "the common rule set overridden to count, and an ACL with no rules",
        json: stackJson({
          aws_wafv2_web_acl: {
            counted: {
              rule: {
                name: "common",
                priority: 0,
                override_action: [{ count: {} }],
                statement: [
                  {
                    managed_rule_group_statement: [
                      { vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet" },
                    ],
                  },
                ],
              },
            },
            empty: { scope: "REGIONAL" },
          },
        }),
        flags: ["aws_wafv2_web_acl.counted", "aws_wafv2_web_acl.empty"],
      },
    ],
    passing: [
      {
        description: "the common rule set with one rule counted, and one given in rule_json",
        json: stackJson({
          aws_wafv2_web_acl: {
            blocks: {
              rule: [
                {
                  name: "common",
                  priority: 0,
                  override_action: { none: {} },
                  statement: {
                    managed_rule_group_statement: {
                      vendor_name: "AWS",
                      name: "AWSManagedRulesCommonRuleSet",
                      rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
                    },
                  },
                },
              ],
            },
            json: {
              rule_json: JSON.stringify([
                {
                  Name: "common",
                  Priority: 0,
                  OverrideAction: { None: {} },
                  Statement: {
                    ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" },
                  },
                },
              ]),
            },
          },
        }),
      },
    ],
  },
};

const rateBasedRule: PolicyRule = {
  name: "waf-rate-based-rule",
  check: (stack) =>
    webAcls(stack).flatMap((acl): Violation[] => {
      const rate = rulesOf(acl).filter((r) => r.rateBased);
      if (rate.some((r) => r.action === "block" || r.action === "captcha" || r.action === "challenge"))
        return [];
      return [
        {
          address: acl.address,
          why:
            rate.length === 0
              ? "no rate-based rule: one client can send as many requests as it likes; use the WebAcl module (rateLimit)"
              : `rate-based rule(s) ${rate.map((r) => JSON.stringify(r.name)).join(", ")} only ${rate.map((r) => r.action ?? "(no action)").join(", ")}: nothing is limited; give one action block`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "no rate-based rule, and one that only counts",
        json: stackJson({
          aws_wafv2_web_acl: {
            none: { rule: [] },
            counting: {
              rule: [
                {
                  name: "rate",
                  priority: 1,
                  action: { count: {} },
                  statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } },
                },
              ],
            },
          },
        }),
        flags: ["aws_wafv2_web_acl.counting", "aws_wafv2_web_acl.none"],
      },
    ],
    passing: [
      {
        description: "a blocking per-IP rate limit",
        json: stackJson({
          aws_wafv2_web_acl: {
            w: {
              rule: [
                {
                  name: "rate",
                  priority: 1,
                  action: { block: {} },
                  statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } },
                },
              ],
            },
          },
        }),
      },
    ],
  },
};

function visibilityProblem(
  where: string,
  visibility: Record<string, unknown> | undefined,
): string | undefined {
  if (!visibility) return `${where} has no visibility_config`;
  const off = ["cloudwatch_metrics_enabled", "sampled_requests_enabled"].filter(
    (k) => !isTrue(visibility[k]),
  );
  return off.length === 0 ? undefined : `${where} has ${off.join(" and ")} off`;
}

const visibilityMetrics: PolicyRule = {
  name: "waf-visibility-metrics",
  check: (stack) =>
    webAcls(stack).flatMap((acl): Violation[] => {
      const problems = [
        visibilityProblem("the web ACL", singleBlock(acl.config.visibility_config)),
        ...rulesOf(acl).map((r) => visibilityProblem(`rule ${JSON.stringify(r.name)}`, r.visibility)),
      ].filter((p): p is string => p !== undefined);
      return problems.length === 0
        ? []
        : [
            {
              address: acl.address,
              why: `${problems.join("; ")}: without CloudWatch metrics and sampled requests nobody can tell what WAF blocked or why`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "metrics off on the ACL, sampled requests off on a rule",
        json: stackJson({
          aws_wafv2_web_acl: {
            w: {
              visibility_config: {
                cloudwatch_metrics_enabled: false,
                sampled_requests_enabled: true,
                metric_name: "w",
              },
              rule: [
                {
                  name: "rate",
                  visibility_config: {
                    cloudwatch_metrics_enabled: true,
                    sampled_requests_enabled: false,
                    metric_name: "r",
                  },
                },
              ],
            },
          },
        }),
        flags: ["aws_wafv2_web_acl.w"],
      },
      {
        description: "a rule in rule_json without visibility",
        json: stackJson({
          aws_wafv2_web_acl: {
            w: {
              visibility_config: {
                cloudwatch_metrics_enabled: true,
                sampled_requests_enabled: true,
                metric_name: "w",
              },
              rule_json: JSON.stringify([{ Name: "x", Priority: 0, Action: { Block: {} } }]),
            },
          },
        }),
        flags: ["aws_wafv2_web_acl.w"],
      },
    ],
    passing: [
      {
        description: "metrics and samples on everywhere",
        json: stackJson({
          aws_wafv2_web_acl: {
            w: {
              visibility_config: [
                { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: "w" },
              ],
              rule: [
                {
                  name: "rate",
                  visibility_config: {
                    cloudwatch_metrics_enabled: "true",
                    sampled_requests_enabled: true,
                    metric_name: "r",
                  },
                },
              ],
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [commonRuleSet, rateBasedRule, visibilityMetrics];
