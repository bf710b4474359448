import { PolicyRule, stackJson } from "../rule";

/**
 * Services that send aws:SourceAccount / aws:SourceArn when they assume a role (their documentation
 * says so), so a trust policy for them can and must carry the confused-deputy guard: without it,
 * another account's resource could have the service act with this role. Lambda and EC2 are absent on
 * purpose: they send no such keys for execution roles and instance profiles.
 */
const GUARDED_SERVICES = [
  "ecs-tasks.amazonaws.com",
  "scheduler.amazonaws.com",
  "events.amazonaws.com",
  "monitoring.rds.amazonaws.com",
  "vpc-flow-logs.amazonaws.com",
];

const trustGuarded: PolicyRule = {
  name: "iam-trust-has-source-account",
  check: (stack) =>
    stack.resources("aws_iam_role").flatMap((role) => {
      const text = role.config.assume_role_policy;
      if (typeof text !== "string") return [];
      let document: { Statement?: unknown };
      try {
        document = JSON.parse(text) as { Statement?: unknown };
      } catch {
        return [];
      }
      const statements = ([] as Record<string, unknown>[]).concat(
        (document.Statement ?? []) as Record<string, unknown>[],
      );
      const unguarded = statements.filter((s) => {
        const services = ([] as string[]).concat(
          ((s.Principal as Record<string, unknown> | undefined)?.Service ?? []) as string[],
        );
        if (!services.some((service) => GUARDED_SERVICES.includes(service))) return false;
        const conditions = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
        return !Object.values(conditions).some((byKey) => "aws:SourceAccount" in byKey);
      });
      return unguarded.length === 0
        ? []
        : [
            {
              address: role.address,
              why: "the trust policy lets a service that sends aws:SourceAccount assume the role without that condition (confused deputy)",
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "an ECS task role trusted without conditions",
        json: stackJson({
          aws_iam_role: {
            r: {
              assume_role_policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                  },
                ],
              }),
            },
          },
        }),
        flags: ["aws_iam_role.r"],
      },
    ],
    passing: [
      {
        description: "a guarded scheduler role and an unguarded Lambda role",
        json: stackJson({
          aws_iam_role: {
            s: {
              assume_role_policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: "scheduler.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
                  },
                ],
              }),
            },
            l: {
              assume_role_policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: "lambda.amazonaws.com" },
                    Action: "sts:AssumeRole",
                  },
                ],
              }),
            },
          },
        }),
      },
    ],
  },
};

/**
 * Every policy's wildcard grants are checked by iam-no-wildcard-action-on-all-resources (rules/lambda.ts)
 * and iam-no-admin-statement (rules/iam.ts), which read every policy document of every stack.
 */
export const rules: PolicyRule[] = [trustGuarded];
