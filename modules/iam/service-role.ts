import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PolicyStatement, assumeRolePolicy, policyDocument } from "./policy-document";

export interface ServiceRoleProps {
  /** At most 64 characters. */
  readonly roleName: string;
  /** The AWS service that assumes the role, e.g. "ecs-tasks.amazonaws.com". */
  readonly servicePrincipal: string;
  readonly description?: string;
  /** Everything the role may do; rendered into one inline policy. @default none (the role can do nothing) */
  readonly statements?: readonly PolicyStatement[];
}

/** An IAM role for one AWS service whose permissions are exactly the statements given. */
export class ServiceRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (props.roleName.length > 64) {
      throw new Error(
        `${this.node.path}: roleName "${props.roleName}" is longer than IAM's 64 characters; shorten the name prefix`,
      );
    }
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: assumeRolePolicy(props.servicePrincipal),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "policy", {
        name: "least-privilege",
        role: role.id,
        policy: policyDocument(props.statements),
      });
    }
  }
}
