import { Statement, policyDocumentsOf, unreadablePolicies } from "../iam-statements";
import { PolicyRule, stackJson } from "../rule";

/** Allow of action "*" on resource "*": administrator access. "service:*" is left to reviews. */
function isAdmin(statement: Statement): boolean {
  return statement.effect === "Allow" && statement.actions.includes("*") && statement.resources.includes("*");
}

const noAdmin: PolicyRule = {
  name: "iam-no-admin-statement",
  check: (stack) =>
    // One finding per resource, even when several of its documents (role + inline policies) are admin.
    [
      ...new Set(
        policyDocumentsOf(stack)
          .filter((d) => d.statements.some(isAdmin))
          .map((d) => d.owner.address),
      ),
    ].map((address) => ({
      address,
      why: 'a statement allows Action "*" on Resource "*" (full admin); grant the actions and resources the workload uses',
    })),
  examples: {
    violating: [
      {
        description: "role policy, a role's inline_policy, and a policy document data source",
        json: stackJson(
          {
            aws_iam_role_policy: {
              p: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) },
            },
            aws_iam_role: {
              r: {
                assume_role_policy: "{}",
                inline_policy: [
                  {
                    name: "i",
                    policy: JSON.stringify({
                      Statement: { Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: ["*"] },
                    }),
                  },
                ],
              },
            },
          },
          { aws_iam_policy_document: { d: { statement: [{ actions: ["*"], resources: ["*"] }] } } },
        ),
        flags: ["aws_iam_role_policy.p", "aws_iam_role.r", "data.aws_iam_policy_document.d"],
      },
    ],
    passing: [
      {
        description: "service wildcard, Deny of everything, and * action on one resource",
        json: stackJson({
          aws_iam_policy: {
            p: {
              policy: JSON.stringify({
                Statement: [
                  { Effect: "Allow", Action: "s3:*", Resource: "*" },
                  { Effect: "Deny", Action: "*", Resource: "*" },
                  { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" },
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
 * A policy written as `${jsonencode(...)}` or a template cannot be checked by the rule above, which
 * would then pass silently; use policyDocument() (modules/iam) or an aws_iam_policy_document.
 */
const readable: PolicyRule = {
  name: "iam-policy-readable",
  check: (stack) =>
    unreadablePolicies(stack).map(({ owner, text }) => ({
      address: owner.address,
      why: `policy ${JSON.stringify(text.slice(0, 40))}... is neither JSON nor a reference, so the policy rules cannot check it`,
    })),
  examples: {
    violating: [
      {
        description: "jsonencode expression",
        json: stackJson({ aws_iam_policy: { p: { policy: '${jsonencode({"Statement" = []})}' } } }),
        flags: ["aws_iam_policy.p"],
      },
    ],
    passing: [
      {
        description: "JSON, and a reference to a policy document",
        json: stackJson(
          {
            aws_iam_policy: {
              j: { policy: JSON.stringify({ Statement: [] }) },
              r: { policy: "${data.aws_iam_policy_document.d.json}" },
            },
          },
          { aws_iam_policy_document: { d: { statement: [] } } },
        ),
      },
    ],
  },
};

export const rules: PolicyRule[] = [noAdmin, readable];
