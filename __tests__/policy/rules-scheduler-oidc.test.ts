import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { LAMBDA_ENTRIES } from "../../lambdas/entries";
import { EcrRepository } from "../../modules/ecr/ecr-repository";
import { AutoscaledService } from "../../modules/ecs/autoscaled-service";
import { ContainerImage } from "../../modules/ecs/container";
import { EcsCluster } from "../../modules/ecs/ecs-cluster";
import { GitHubDeployRole } from "../../modules/iam/github-deploy-role";
import { GitHubOidcProvider } from "../../modules/iam/github-oidc-provider";
import { policyDocument } from "../../modules/iam/policy-document";
import { Role } from "../../modules/iam/role";
import { ScheduleGroup } from "../../modules/scheduler/schedule-group";
import { Secret } from "../../modules/secrets/secret";
import { synthScope } from "../harness/synth-scope";
import { BASE_SERVICE } from "../modules/ecs/ecs-fixtures";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The scheduler, OIDC, PassRole and SQS rules on what cdktf really emits: ScheduleGroup,
 * GitHubDeployRole and a CI-owned service break no rule at all; bare provider resources written the
 * careless way break exactly the rule meant for them. Hand-written fixtures live in each rule's
 * `examples` (rules.test.ts).
 */
const rules = loadRules();
const NEW_RULES = [
  "iam-github-oidc-trust-exact-subject",
  "iam-pass-role-names-roles",
  "scheduler-role-source-arn-is-schedule-group",
  "scheduler-schedule-dead-letter-queue",
  "sqs-queue-encrypted",
];

function findings(build: (scope: Construct) => void): string[] {
  return evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  return [
    ...new Set(evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map((f) => f.rule)),
  ].sort();
}

test("the new rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(NEW_RULES));
});

test("a ScheduleGroup with its grant, a GitHub deploy role and a CI-owned service break no rule", () => {
  const lines = findings((scope) => {
    const sharedSecret = new Secret(scope, "secret", { name: "alerts/scheduler", description: "d" });
    const group = new ScheduleGroup(scope, "schedules", {
      groupName: "alert-system-dev-alerts",
      triggerEntry: LAMBDA_ENTRIES.schedulerTrigger,
      backendUrl: "http://internal-alert-api.example:80",
      sharedSecret,
      vpc: { vpcId: "vpc-0123", subnetIds: ["subnet-a", "subnet-b"] },
    });
    const repository = new EcrRepository(scope, "repository", { name: "alert-system" });
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const api = new AutoscaledService(scope, "api", {
      ...BASE_SERVICE,
      serviceName: "api",
      logGroupName: "/aws/ecs/api",
      container: { ...BASE_SERVICE.container, image: ContainerImage.fromEcr(repository, "api-1.0.0") },
      cluster,
      taskDefinitionOwner: "ci",
    });
    group.grantManageSchedules(api.taskDefinition.taskRole);
    new GitHubDeployRole(scope, "deploy", {
      roleName: "alert-system-dev-deploy",
      provider: new GitHubOidcProvider(scope, "github"),
      owner: "acme",
      repo: "alert-system",
      branch: "main",
      repository,
      service: api,
    });
  });
  expect(lines).toEqual([]);
});

describe("careless bare resources break the rule meant for them", () => {
  const githubTrust = (condition: Record<string, unknown>) => (scope: Construct) => {
    const provider = new IamOpenidConnectProvider(scope, "gh", {
      url: "https://token.actions.githubusercontent.com",
      clientIdList: ["sts.amazonaws.com"],
    });
    new IamRole(scope, "ci", {
      name: "ci",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: provider.arn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: condition,
          },
        ],
      }),
    });
  };

  test("a role GitHub's provider trusts for any repository (aud only)", () => {
    expect(
      findings(
        githubTrust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_iam_role\.ci \/ iam-github-oidc-trust-exact-subject \/ no StringEquals condition on token\.actions\.githubusercontent\.com:sub/,
      ),
    ]);
  });

  test("a role GitHub's provider trusts for every branch (a * in sub)", () => {
    expect(
      rulesBroken(
        githubTrust({
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/alert-system:*" },
        }),
      ),
    ).toEqual(["iam-github-oidc-trust-exact-subject"]);
  });

  test("a scheduler role without aws:SourceAccount is iam-trust-has-source-account's (not duplicated here)", () => {
    expect(
      rulesBroken((scope) => {
        new IamRole(scope, "scheduler", {
          name: "scheduler",
          assumeRolePolicy: JSON.stringify({
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "scheduler.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
        });
      }),
    ).toEqual(["iam-trust-has-source-account"]);
  });

  test("a scheduler role scoped to schedules instead of the group can never be assumed", () => {
    expect(
      rulesBroken((scope) => {
        const group = new SchedulerScheduleGroup(scope, "group", { name: "alerts" });
        new Role(scope, "scheduler", {
          roleName: "scheduler",
          assumedBy: {
            service: "scheduler.amazonaws.com",
            sourceArn: (c) =>
              `arn:${c.partition}:scheduler:${c.region}:${c.accountId}:schedule/${group.name}/*`,
          },
        });
      }),
    ).toEqual(["scheduler-role-source-arn-is-schedule-group"]);
  });

  test("iam:PassRole on *", () => {
    expect(
      rulesBroken((scope) => {
        const role = new IamRole(scope, "ci", {
          name: "ci",
          assumeRolePolicy: JSON.stringify({
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
              },
            ],
          }),
        });
        new IamRolePolicy(scope, "pass", {
          role: role.id,
          policy: policyDocument([{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }]),
        });
      }),
    ).toEqual(["iam-pass-role-names-roles"]);
  });

  test("an SQS queue with SSE-SQS switched off", () => {
    expect(
      rulesBroken((scope) => void new SqsQueue(scope, "q", { name: "q", sqsManagedSseEnabled: false })),
    ).toEqual(["sqs-queue-encrypted"]);
  });
});
