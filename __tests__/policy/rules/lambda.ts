import { Statement, policyDocumentsOf } from "../iam-statements";
import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * Lambda functions, and the wildcard grants a function's role (or any other) must not carry.
 */

function retentionOf(group: StackResource): number {
  const days = Number(group.config.retention_in_days ?? 0);
  return Number.isFinite(days) ? days : 0;
}

/**
 * The log group a function writes: `logging_config.log_group` (a name or a reference), else
 * `/aws/lambda/<function_name>`. Undefined `group` when the stack holds none; undefined `expected`
 * when the name is only known at apply time.
 */
function logGroupOf(stack: PolicyStack, fn: StackResource): { expected?: string; group?: StackResource } {
  const configured = singleBlock(fn.config.logging_config)?.log_group;
  const groups = stack.resources("aws_cloudwatch_log_group");
  if (typeof configured === "string" && configured !== "") {
    if (configured.includes("${")) {
      const referenced = stack.referencedBy(configured).find((r) => r.type === "aws_cloudwatch_log_group");
      return { expected: configured, ...(referenced ? { group: referenced } : {}) };
    }
    return { expected: configured, ...withGroup(groups.find((g) => g.config.name === configured)) };
  }
  const name = fn.config.function_name;
  if (typeof name !== "string" || name.includes("${")) return {};
  const expected = `/aws/lambda/${name}`;
  return { expected, ...withGroup(groups.find((g) => g.config.name === expected)) };
}

function withGroup(group: StackResource | undefined): { group?: StackResource } {
  return group ? { group } : {};
}

const functionLogGroup: PolicyRule = {
  name: "lambda-log-group-with-retention",
  check: (stack) =>
    stack.resources("aws_lambda_function").flatMap((fn) => {
      const { expected, group } = logGroupOf(stack, fn);
      if (!expected) {
        return [
          {
            address: fn.address,
            why: "function_name is computed, so its log group cannot be found; name it literally (NodejsFunction does)",
          },
        ];
      }
      if (!group) {
        return [
          {
            address: fn.address,
            why: `no aws_cloudwatch_log_group named ${expected} in the stack: Lambda creates it on first run with no retention (logs kept forever); use NodejsFunction`,
          },
        ];
      }
      return retentionOf(group) > 0
        ? []
        : [
            {
              address: fn.address,
              why: `its log group ${group.address} has no retention_in_days: logs are kept forever`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "no log group in the stack",
        json: stackJson({ aws_lambda_function: { f: { function_name: "scaler", role: "r" } } }),
        flags: ["aws_lambda_function.f"],
      },
      {
        description: "a log group without retention, and one for another function",
        json: stackJson({
          aws_lambda_function: { f: { function_name: "f" }, g: { function_name: "g" } },
          aws_cloudwatch_log_group: {
            lf: { name: "/aws/lambda/f" },
            other: { name: "/aws/lambda/other", retention_in_days: 30 },
          },
        }),
        flags: ["aws_lambda_function.f", "aws_lambda_function.g"],
      },
      {
        description: "logging_config names a custom group with retention 0",
        json: stackJson({
          aws_lambda_function: {
            f: {
              function_name: "f",
              logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.c.name}" },
            },
          },
          aws_cloudwatch_log_group: {
            c: { name: "/custom", retention_in_days: 0 },
            lf: { name: "/aws/lambda/f", retention_in_days: 30 },
          },
        }),
        flags: ["aws_lambda_function.f"],
      },
      {
        description: "a computed function name",
        json: stackJson({ aws_lambda_function: { f: { function_name: "${var.name}" } } }),
        flags: ["aws_lambda_function.f"],
      },
    ],
    passing: [
      {
        description: "/aws/lambda/<name> with 30 days",
        json: stackJson({
          aws_lambda_function: { f: { function_name: "scaler" } },
          aws_cloudwatch_log_group: { lf: { name: "/aws/lambda/scaler", retention_in_days: 30 } },
        }),
      },
      {
        description: "logging_config naming a group literally",
        json: stackJson({
          aws_lambda_function: {
            f: { function_name: "f", logging_config: [{ log_format: "Text", log_group: "/shared/lambdas" }] },
          },
          aws_cloudwatch_log_group: { s: { name: "/shared/lambdas", retention_in_days: 14 } },
        }),
      },
    ],
  },
};

/** Why an Allow statement is too broad, or undefined. Bare "*" on "*" is iam-no-admin-statement's. */
function wildcardProblem(statement: Statement): string | undefined {
  if (statement.effect !== "Allow") return undefined;
  const ecsAll = statement.actions.find((a) => a.toLowerCase() === "ecs:*");
  if (ecsAll)
    return `grants "${ecsAll}": every ECS action (including DeleteCluster, RunTask with any task role); name the actions, e.g. ecs:UpdateService`;
  if (!statement.resources.includes("*")) return undefined;
  const wildcard = statement.actions.find((a) => a !== "*" && a.endsWith("*"));
  if (wildcard)
    return `grants "${wildcard}" on Resource "*": every matching action on every resource in the account; name the actions or scope the resources`;
  return undefined;
}

const noWildcardGrants: PolicyRule = {
  name: "iam-no-wildcard-action-on-all-resources",
  check: (stack) => {
    const findings = new Map<string, string>();
    for (const document of policyDocumentsOf(stack)) {
      for (const statement of document.statements) {
        const why = wildcardProblem(statement);
        if (why && !findings.has(document.owner.address)) findings.set(document.owner.address, why);
      }
    }
    return [...findings].map(([address, why]) => ({ address, why }));
  },
  examples: {
    violating: [
      {
        description: "ecs:* on one cluster, s3:Get* on *, and a data source with logs:* on *",
        json: stackJson(
          {
            aws_iam_role_policy: {
              ecs: {
                policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Action: ["ecs:*"],
                      Resource: "arn:aws:ecs:ap-northeast-2:123456789012:cluster/c",
                    },
                  ],
                }),
              },
              s3: {
                policy: JSON.stringify({
                  Statement: { Effect: "Allow", Action: "s3:Get*", Resource: ["*"] },
                }),
              },
            },
          },
          { aws_iam_policy_document: { d: { statement: [{ actions: ["logs:*"], resources: ["*"] }] } } },
        ),
        flags: ["aws_iam_role_policy.ecs", "aws_iam_role_policy.s3", "data.aws_iam_policy_document.d"],
      },
    ],
    passing: [
      {
        description: "named actions on *, a wildcard on a scoped resource, and a Deny of s3:* on *",
        json: stackJson({
          aws_iam_role_policy: {
            p: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Action: ["xray:PutTraceSegments", "ec2:DescribeSubnets"],
                    Resource: "*",
                  },
                  { Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::bucket/*" },
                  {
                    Effect: "Deny",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
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

export const rules: PolicyRule[] = [functionLogGroup, noWildcardGrants];
