import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { ITerraformDependable, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "node:crypto";
import { awsContextOf } from "./aws-context";
import { PolicyStatement, policyDocument } from "./policy-document";
import { ServicePrincipal } from "./service-principal";
import { statementProblem } from "./statement-check";
import { WebIdentityPrincipal } from "./web-identity-principal";

/** Something permissions can be granted to: modules' `grant*` methods take it. */
export interface IGrantable {
  readonly roleArn: string;
  addToPolicy(statement: PolicyStatement): void;
}

export interface RoleProps {
  /**
   * The role's name. A name longer than IAM's 64 characters keeps its first 55 and ends in "-" and
   * 8 hex characters of its hash, so two long names never end up the same.
   */
  readonly roleName: string;
  /**
   * Who assumes the role: one service (its trust policy carries the service's confused-deputy
   * guard), or tokens of one OIDC provider with exact claims (`webIdentityPrincipal`).
   */
  readonly assumedBy: ServicePrincipal | WebIdentityPrincipal;
  /** @default none */
  readonly description?: string;
  /** First statements of the role's one inline policy; `addToPolicy` adds more. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** AWS or customer managed policies to attach, by ARN. @default none */
  readonly managedPolicyArns?: readonly string[];
  /** Name of the inline policy. @default "least-privilege" */
  readonly policyName?: string;
}

const MAX_ROLE_NAME = 64;
const ROLE_NAME = /^[\w+=,.@-]+$/;

/**
 * The one way this project makes an IAM role: a trust policy for one service (with `aws:SourceAccount`
 * and `aws:SourceArn` where the service sends them) or one OIDC provider's tokens with exact claims
 * (`webIdentityPrincipal`, e.g. GitHubDeployRole), an inline policy that grows as modules grant
 * (`addToPolicy`, rendered at synth), and every statement checked against wildcards, whoever adds it.
 */
export class Role extends Construct implements IGrantable {
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly roleId: string;

  private readonly statements: PolicyStatement[] = [];
  private readonly dependables: ITerraformDependable[] = [];
  private readonly policyName: string;
  private policy: IamRolePolicy | undefined;
  private profile: IamInstanceProfile | undefined;

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    const name = roleNameWithinLimit(props.roleName);
    if (!Token.isUnresolved(name) && !ROLE_NAME.test(name)) {
      throw new Error(
        `${this.node.path}: roleName may hold letters, digits and "+=,.@_-" only, got "${props.roleName}"`,
      );
    }
    this.policyName = props.policyName ?? "least-privilege";
    const role = new IamRole(this, "role", {
      name,
      description: props.description,
      assumeRolePolicy: trustPolicy(this, props.assumedBy),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.roleId = role.id;
    for (const statement of props.statements ?? []) this.addToPolicy(statement);
    (props.managedPolicyArns ?? []).forEach((arn, i) => this.attachManagedPolicy(arn, `managed-policy-${i}`));
  }

  /** Grants one more permission; refused when it has a wildcard action on everything or a Principal. */
  addToPolicy(statement: PolicyStatement): void {
    const problem = statementProblem(statement);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    this.statements.push(statement);
    if (!this.policy) {
      this.policy = new IamRolePolicy(this, "policy", {
        name: this.policyName,
        role: this.roleId,
        policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
      });
      this.dependables.push(this.policy);
    }
  }

  /** Attaches a managed policy by ARN. */
  attachManagedPolicy(policyArn: string, id = `managed-policy-${this.dependables.length}`): void {
    this.dependables.push(new IamRolePolicyAttachment(this, id, { role: this.roleName, policyArn }));
  }

  /** The role's instance profile (for EC2), created on first use with the role's name. */
  instanceProfile(): { readonly name: string; readonly arn: string } {
    this.profile ??= new IamInstanceProfile(this, "instance-profile", {
      name: this.roleName,
      role: this.roleName,
    });
    return { name: this.profile.name, arn: this.profile.arn };
  }

  /**
   * The policy and attachments granted so far, for `dependsOn`: a resource the service creates with
   * this role (a flow log, an RDS instance) must not start before its permissions exist.
   */
  get grants(): ITerraformDependable[] {
    return [...this.dependables];
  }
}

export function roleNameWithinLimit(name: string): string {
  if (Token.isUnresolved(name) || name.length <= MAX_ROLE_NAME) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_ROLE_NAME - hash.length - 1)}-${hash}`;
}

/** Written out because `PolicyStatement` requires a Resource, which trust policies have none of. */
function trustPolicy(scope: Construct, principal: ServicePrincipal | WebIdentityPrincipal): string {
  if ("federatedProviderArn" in principal) {
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: principal.federatedProviderArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: principal.stringEquals },
        },
      ],
    });
  }
  const statement: Record<string, unknown> = {
    Effect: "Allow",
    Principal: { Service: principal.service },
    Action: "sts:AssumeRole",
  };
  if (principal.sourceArn) {
    const context = awsContextOf(scope);
    statement.Condition = {
      StringEquals: { "aws:SourceAccount": context.accountId },
      ArnLike: { "aws:SourceArn": principal.sourceArn(context) },
    };
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}
