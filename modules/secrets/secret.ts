import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { IGrantable } from "../iam/role";

export interface SecretProps {
  /** The secret's name, e.g. "erp-mes/database-url"; unique in the account and region. */
  readonly name: string;
  /** What the value is and who sets it (the value itself never passes through Terraform). */
  readonly description: string;
  /** Days a deleted secret can still be restored, 7-30. @default 7 */
  readonly recoveryWindowDays?: number;
  /** Customer managed KMS key. @default the AWS managed aws/secretsmanager key */
  readonly kmsKeyArn?: string;
}

/**
 * A Secrets Manager secret whose value ops (or a rotation) set outside Terraform, so it never lands in
 * state; readers are granted explicitly with `grantRead`.
 */
export class Secret extends Construct {
  public readonly secretArn: string;
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const days = props.recoveryWindowDays ?? 7;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw new Error(
        `${this.node.path}: recoveryWindowDays must be a whole number from 7 to 30, got ${days}`,
      );
    }
    // "Default" keeps the resource's Terraform address that of a bare secret with this construct's id:
    // a changed address would delete and recreate the secret, and its name stays taken for the
    // recovery window, so the create would fail.
    const secret = new SecretsmanagerSecret(this, "Default", {
      name: props.name,
      description: props.description,
      recoveryWindowInDays: days,
      kmsKeyId: props.kmsKeyArn,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
  }

  /** Lets `grantee` read the value (and only this secret's). */
  grantRead(grantee: IGrantable, sid = "ReadSecret"): void {
    grantee.addToPolicy({
      Sid: sid,
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: this.secretArn,
    });
  }
}
