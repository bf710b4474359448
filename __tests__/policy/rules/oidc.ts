import { Statement, policyDocumentsOf, statementsOfPolicyValue } from "../iam-statements";
import { PolicyStack } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * Roles assumed with web identity (CI without access keys), and the iam:PassRole grants such roles
 * (and every other) carry.
 */

const GITHUB_HOST = "token.actions.githubusercontent.com";
const GITHUB_SUB = `${GITHUB_HOST}:sub`;

/** True when `principal` is GitHub's OIDC provider: its ARN, or a reference to a provider for its URL. */
function isGitHubProvider(stack: PolicyStack, principal: string): boolean {
  if (principal.endsWith(`:oidc-provider/${GITHUB_HOST}`)) return true;
  return stack.referencedBy(principal).some(
    (r) =>
      r.type === "aws_iam_openid_connect_provider" &&
      String(r.config.url ?? "")
        .replace(/^https:\/\//, "")
        .replace(/\/$/, "") === GITHUB_HOST,
  );
}

/** Why a statement trusting GitHub does not pin one repository and ref, or undefined. */
function subjectProblem(statement: Statement): string | undefined {
  const exact = statement.conditions.StringEquals?.[GITHUB_SUB];
  if (!exact || exact.length === 0) {
    const loose = Object.entries(statement.conditions).find(([, byKey]) => GITHUB_SUB in byKey)?.[0];
    return loose
      ? `${GITHUB_SUB} is matched with ${loose}, not StringEquals: name the one repository and branch exactly`
      : `no StringEquals condition on ${GITHUB_SUB}: every workflow of every repository on GitHub can assume it`;
  }
  const wildcard = exact.find((value) => /[*?]/.test(value) || value.trim() === "");
  if (wildcard !== undefined) {
    return `${GITHUB_SUB} ${JSON.stringify(wildcard)} is a pattern, not one repository and branch: name them exactly (repo:<owner>/<repo>:ref:refs/heads/<branch>)`;
  }
  return undefined;
}

const githubSubject: PolicyRule = {
  name: "iam-github-oidc-trust-exact-subject",
  check: (stack) =>
    stack.resources("aws_iam_role").flatMap((role) => {
      const statements = statementsOfPolicyValue(stack, role.config.assume_role_policy) ?? [];
      const why = statements
        .filter((s) => s.effect === "Allow" && s.principals.some((p) => isGitHubProvider(stack, p)))
        .map(subjectProblem)
        .find((problem) => problem !== undefined);
      return why ? [{ address: role.address, why }] : [];
    }),
  examples: {
    violating: [
      {
        description:
          "no sub condition, StringLike on sub, a * in sub, and a ? in sub (one by provider reference)",
        json: stackJson({
          aws_iam_openid_connect_provider: {
            gh: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] },
          },
          aws_iam_role: Object.fromEntries(
            (
              [
                [
                  "audOnly",
                  "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                  {},
                ],
                [
                  "like",
                  "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                  { StringLike: { [GITHUB_SUB]: "repo:acme/api:*" } },
                ],
                [
                  "star",
                  "${aws_iam_openid_connect_provider.gh.arn}",
                  { StringEquals: { [GITHUB_SUB]: "repo:acme/*" } },
                ],
                [
                  "question",
                  "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                  {
                    StringEquals: {
                      [GITHUB_SUB]: [
                        "repo:acme/api:ref:refs/heads/main",
                        "repo:acme/ap?:ref:refs/heads/main",
                      ],
                    },
                  },
                ],
              ] as const
            ).map(([name, federated, extra]) => [
              name,
              {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Principal: { Federated: federated },
                      Action: "sts:AssumeRoleWithWebIdentity",
                      Condition: {
                        ...extra,
                        StringEquals: {
                          [`${GITHUB_HOST}:aud`]: "sts.amazonaws.com",
                          ...("StringEquals" in extra ? extra.StringEquals : {}),
                        },
                      },
                    },
                  ],
                }),
              },
            ]),
          ),
        }),
        flags: ["aws_iam_role.audOnly", "aws_iam_role.like", "aws_iam_role.star", "aws_iam_role.question"],
      },
    ],
    passing: [
      {
        description: "an exact sub (by ARN and by provider reference), and a role of another provider",
        json: stackJson({
          aws_iam_openid_connect_provider: {
            gh: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] },
          },
          aws_iam_role: {
            arn: {
              assume_role_policy: JSON.stringify({
                Statement: {
                  Effect: "Allow",
                  Principal: {
                    Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                  },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: { StringEquals: { [GITHUB_SUB]: "repo:acme/api:ref:refs/heads/main" } },
                },
              }),
            },
            ref: {
              assume_role_policy: JSON.stringify({
                Statement: {
                  Effect: "Allow",
                  Principal: { Federated: "${aws_iam_openid_connect_provider.gh.arn}" },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: {
                    StringEquals: {
                      [`${GITHUB_HOST}:aud`]: "sts.amazonaws.com",
                      [GITHUB_SUB]: "repo:acme/api:ref:refs/heads/release/1.x",
                    },
                  },
                },
              }),
            },
            other: {
              assume_role_policy: JSON.stringify({
                Statement: {
                  Effect: "Allow",
                  Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" } },
                },
              }),
            },
          },
        }),
      },
    ],
  },
};

/** True when the IAM action pattern `action` covers iam:PassRole (IAM matches actions case-insensitively). */
function coversPassRole(action: string): boolean {
  const pattern = new RegExp(
    `^${action
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return pattern.test("iam:PassRole");
}

/** `*`, or a role ARN whose name part is all wildcard (`arn:aws:iam::<account>:role/*`). */
function isAnyRole(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(resource);
}

/**
 * iam:PassRole names the roles it passes. On `*` (or every role of an account) a principal that may
 * register a task definition, create a schedule or a function can hand that resource any role in
 * the account, the administrator's included: privilege escalation by configuration.
 */
const passRoleNamed: PolicyRule = {
  name: "iam-pass-role-names-roles",
  check: (stack) => {
    const findings = new Map<string, string>();
    for (const document of policyDocumentsOf(stack)) {
      for (const statement of document.statements) {
        if (statement.effect !== "Allow" || !statement.actions.some(coversPassRole)) continue;
        const any = statement.resources.find(isAnyRole);
        if (any !== undefined && !findings.has(document.owner.address)) {
          findings.set(
            document.owner.address,
            `allows iam:PassRole on ${JSON.stringify(any)}: it may hand any role of the account to a service; name the roles (and iam:PassedToService)`,
          );
        }
      }
    }
    return [...findings].map(([address, why]) => ({ address, why }));
  },
  examples: {
    violating: [
      {
        description: "PassRole on *, iam:Pass* on every role, and a data source passing any role",
        json: stackJson(
          {
            aws_iam_role_policy: {
              star: {
                policy: JSON.stringify({
                  Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
                }),
              },
              prefix: {
                policy: JSON.stringify({
                  Statement: {
                    Effect: "Allow",
                    Action: ["ecs:RegisterTaskDefinition", "iam:pass*"],
                    Resource: ["arn:aws:iam::111111111111:role/*"],
                    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                  },
                }),
              },
            },
          },
          {
            aws_iam_policy_document: { d: { statement: [{ actions: ["iam:PassRole"], resources: ["*"] }] } },
          },
        ),
        flags: ["aws_iam_role_policy.star", "aws_iam_role_policy.prefix", "data.aws_iam_policy_document.d"],
      },
    ],
    passing: [
      {
        description: "PassRole of named roles, a Deny of PassRole on *, and other actions on *",
        json: stackJson({
          aws_iam_role_policy: {
            p: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: ["${aws_iam_role.task.arn}", "arn:aws:iam::111111111111:role/api-exec"],
                    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                  },
                  { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
                  { Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: "*" },
                  { Effect: "Allow", Action: "iam:GetRole", Resource: "arn:aws:iam::111111111111:role/*" },
                ],
              }),
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [githubSubject, passRoleNamed];
