import { GITHUB_OWNER, GITHUB_REPO, branchProblem } from "./github-names";
import { Construct } from "constructs";
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  GitHubOidcProviderRef,
  gitHubOidcProviderRefProblem,
} from "./github-oidc-provider";
import { IGrantable, Role } from "./role";
import { webIdentityPrincipal } from "./web-identity-principal";

/** A repository CI pushes images to; an EcrRepository (modules/ecr) is one. */
export interface ImagePushTarget {
  grantPush(grantee: IGrantable): void;
}

/** A service CI rolls out; a FargateService (modules/ecs) with `taskDefinitionOwner: "ci"` is one. */
export interface DeployTarget {
  grantDeploy(grantee: IGrantable): void;
}

export interface GitHubDeployRoleProps {
  /** The role's name (what the workflow's `role-to-assume` names by ARN), e.g. "alert-system-dev-deploy". */
  readonly roleName: string;
  /** The account's GitHub OIDC provider: a GitHubOidcProvider, or `{ providerArn }` made elsewhere. */
  readonly provider: GitHubOidcProviderRef;
  /** GitHub user or organization owning the repository, e.g. "acme". */
  readonly owner: string;
  /** Repository name, e.g. "alert-system". */
  readonly repo: string;
  /** The one branch whose workflow runs may assume the role, e.g. "main" (no wildcards). */
  readonly branch: string;
  /** The one repository the role may push images to. */
  readonly repository: ImagePushTarget;
  /**
   * The one service the role may roll out (register revisions of its task definition, update it,
   * pass its two roles to ECS).
   * @default none: the role only pushes images, and releases go through Terraform (README "Image rollouts")
   */
  readonly service?: DeployTarget;
  /** @default "Releases <owner>/<repo>@<branch> from GitHub Actions" */
  readonly description?: string;
}

/**
 * The role a GitHub Actions workflow assumes instead of holding access keys: trusted only by the
 * account's GitHub OIDC provider, for tokens whose `aud` is sts.amazonaws.com and whose `sub` is
 * exactly `repo:<owner>/<repo>:ref:refs/heads/<branch>` (StringEquals, no wildcards), so no other
 * repository, branch, pull request or tag can assume it. It may push to `repository` and, with
 * `service`, roll that service out; nothing else is granted, and the role is not handed out as an
 * IGrantable, so nothing else can be.
 *
 * A job that names a GitHub `environment:` gets `sub` `repo:<owner>/<repo>:environment:<name>`
 * instead and cannot assume this role; neither can one whose organization customized its subject
 * claims.
 */
export class GitHubDeployRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;
  /** The exact `sub` claim trusted: `repo:<owner>/<repo>:ref:refs/heads/<branch>`. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!GITHUB_OWNER.test(props.owner)) {
      fail(
        `owner must be a GitHub user or organization name (1-39 letters, digits and single hyphens, not at either end), got "${props.owner}"`,
      );
    }
    if (!GITHUB_REPO.test(props.repo) || props.repo === "." || props.repo === "..") {
      fail(
        `repo must be a GitHub repository name (1-100 letters, digits, ".", "_" or "-"), got "${props.repo}"`,
      );
    }
    const branch = branchProblem(props.branch);
    if (branch)
      fail(`branch must be one git branch name, matched exactly (${branch}), got "${props.branch}"`);
    const providerProblem = gitHubOidcProviderRefProblem(props.provider);
    if (providerProblem) fail(providerProblem);

    this.subject = `repo:${props.owner}/${props.repo}:ref:refs/heads/${props.branch}`;
    const role = new Role(this, "role", {
      roleName: props.roleName,
      assumedBy: webIdentityPrincipal(props.provider.providerArn, GITHUB_OIDC_HOST, {
        audience: GITHUB_OIDC_AUDIENCE,
        subject: this.subject,
      }),
      description:
        props.description ?? `Releases ${props.owner}/${props.repo}@${props.branch} from GitHub Actions`,
    });
    props.repository.grantPush(role);
    props.service?.grantDeploy(role);
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}
