import { EcrRepository } from "../../../modules/ecr/ecr-repository";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { ContainerImage } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { GitHubDeployRole, GitHubDeployRoleProps } from "../../../modules/iam/github-deploy-role";
import { GitHubOidcProvider } from "../../../modules/iam/github-oidc-provider";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import { BASE_SERVICE, oneWhere } from "../ecs/ecs-fixtures";

/**
 * The CI deploy role: trusted only by the GitHub OIDC provider for one repository's one branch
 * (exact aud and sub), allowed to push to one repository and roll out one CI-owned service.
 */

type Props = Pick<GitHubDeployRoleProps, "owner" | "repo" | "branch" | "roleName">;
const BASE: Props = {
  roleName: "alert-system-dev-deploy",
  owner: "acme",
  repo: "alert-system",
  branch: "main",
};

function build(
  overrides: Partial<Props> = {},
  options: { service?: boolean; providerArn?: string } = { service: true },
): SynthesizedJson {
  return synthScope((scope) => {
    const provider = options.providerArn
      ? { providerArn: options.providerArn }
      : new GitHubOidcProvider(scope, "github");
    const repository = new EcrRepository(scope, "repository", { name: "alert-system" });
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const service = options.service
      ? new AutoscaledService(scope, "api", {
          ...BASE_SERVICE,
          serviceName: "api",
          logGroupName: "/aws/ecs/api",
          container: { ...BASE_SERVICE.container, image: ContainerImage.fromEcr(repository, "api-1.0.0") },
          cluster,
          taskDefinitionOwner: "ci",
        })
      : undefined;
    new GitHubDeployRole(scope, "deploy", {
      ...BASE,
      ...overrides,
      provider,
      repository,
      ...(service ? { service } : {}),
    });
  });
}

function errorOf(overrides: Partial<Props>, providerArn?: string): string {
  try {
    build(overrides, { service: false, ...(providerArn ? { providerArn } : {}) });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected GitHubDeployRole to refuse these props");
}

const deployRole = (synth: SynthesizedJson) =>
  oneWhere(synth, "aws_iam_role", { name: "alert-system-dev-deploy" });
function statementsOf(synth: SynthesizedJson): PolicyStatement[] {
  const role = deployRole(synth);
  const policies = Object.values(synth.resources("aws_iam_role_policy")).filter(
    (p) => p.role === ref("aws_iam_role", role.name, "id"),
  );
  expect(policies).toHaveLength(1);
  return (JSON.parse(policies[0]!.policy as string) as { Statement: PolicyStatement[] }).Statement;
}
const nameOf = (synth: SynthesizedJson, type: string, where: Record<string, unknown> = {}) =>
  oneWhere(synth, type, where).name;

describe("GitHubDeployRole trust", () => {
  const synth = build();

  test("only the GitHub OIDC provider, only tokens for sts.amazonaws.com from acme/alert-system's main branch", () => {
    const provider = nameOf(synth, "aws_iam_openid_connect_provider");
    expect(JSON.parse(deployRole(synth).resource.assume_role_policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: ref("aws_iam_openid_connect_provider", provider, "arn") },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": "repo:acme/alert-system:ref:refs/heads/main",
            },
          },
        },
      ],
    });
  });

  test("a provider made elsewhere is trusted by its ARN", () => {
    const arn = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    const trust = JSON.parse(
      deployRole(build({}, { providerArn: arn })).resource.assume_role_policy as string,
    );
    expect(trust.Statement[0].Principal).toEqual({ Federated: arn });
  });

  test("branches with slashes are matched as they are", () => {
    const trust = JSON.parse(
      deployRole(build({ branch: "release/2026.05" })).resource.assume_role_policy as string,
    );
    expect(trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe(
      "repo:acme/alert-system:ref:refs/heads/release/2026.05",
    );
  });

  test.each([
    [{ owner: "acme-*" }, /owner must be a GitHub user or organization name/],
    [{ owner: "-acme" }, /owner must be a GitHub user/],
    [{ owner: "ac--me" }, /owner must be a GitHub user/],
    [{ owner: "a".repeat(40) }, /owner must be a GitHub user/],
    [{ repo: "*" }, /repo must be a GitHub repository name/],
    [{ repo: "alert system" }, /repo must be a GitHub repository name/],
    [{ repo: ".." }, /repo must be a GitHub repository name/],
    [
      { branch: "*" },
      /branch must be one git branch name, matched exactly \(no spaces, control characters or any of/,
    ],
    [{ branch: "release/*" }, /branch must be one git branch name/],
    [{ branch: "feature?" }, /branch must be one git branch name/],
    [{ branch: "" }, /branch must be one git branch name, matched exactly \(1-255 characters\)/],
    [{ branch: "refs/heads/main" }, /without "refs\/heads\/"/],
    [{ branch: "a..b" }, /no "\.\.", "@\{" or empty path component/],
    [{ branch: "main.lock" }, /not ending with "\/", "\." or "\.lock"/],
    [{ branch: "/main" }, /not starting with "\/", "\." or "-"/],
  ] as [Partial<Props>, RegExp][])("refuses %j", (overrides, message) => {
    expect(errorOf(overrides)).toMatch(new RegExp(`^stack/deploy: .*${message.source}`));
  });

  test("a provider ARN that is not GitHub's is refused", () => {
    expect(errorOf({}, "arn:aws:iam::111111111111:oidc-provider/gitlab.com")).toMatch(
      /^stack\/deploy: provider\.providerArn must be the ARN of the GitHub Actions OIDC provider/,
    );
  });
});

describe("GitHubDeployRole permissions", () => {
  test("exactly: ECR push on its repository, and the rollout of its one service", () => {
    const synth = build();
    const repository = nameOf(synth, "aws_ecr_repository");
    const service = nameOf(synth, "aws_ecs_service", { name: "api" });
    const role = (name: string) => nameOf(synth, "aws_iam_role", { name });
    expect(statementsOf(synth)).toEqual([
      { Sid: "PushImageAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PushImage",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ],
        Resource: ref("aws_ecr_repository", repository, "arn"),
      },
      {
        Sid: "DeployRegisterTaskDefinition",
        Effect: "Allow",
        Action: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
        Resource: "*",
      },
      {
        Sid: "DeployUpdateService",
        Effect: "Allow",
        Action: ["ecs:DescribeServices", "ecs:UpdateService"],
        Resource: ref("aws_ecs_service", service, "id"),
      },
      {
        Sid: "DeployPassTaskRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [
          ref("aws_iam_role", role("api-exec"), "arn"),
          ref("aws_iam_role", role("api-task"), "arn"),
        ],
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
    ]);
  });

  test("without a service it may only push", () => {
    expect(statementsOf(build({}, { service: false })).map((s) => s.Sid)).toEqual([
      "PushImageAuth",
      "PushImage",
    ]);
  });

  test("description names the repository and branch", () => {
    expect(deployRole(build()).resource.description).toBe(
      "Releases acme/alert-system@main from GitHub Actions",
    );
  });
});
