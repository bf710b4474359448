import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { Secret } from "../secrets/secret";
import { DEFAULT_ORIGIN_HEADER_NAME, originHeaderNameProblem } from "./origin-header";

export interface OriginSecretProps {
  /** Name of the Secrets Manager secret that keeps the value, e.g. "ecg-pipeline/origin-verify". */
  readonly name: string;
  /** @default "X-Origin-Verify" */
  readonly headerName?: string;
  /** Length of the generated value, 32-128 (an ALB condition value holds at most 128). @default 64 */
  readonly length?: number;
  /** Days a deleted secret can still be restored, 7-30. @default 7 */
  readonly recoveryWindowDays?: number;
  /** Customer managed KMS key. @default the AWS managed aws/secretsmanager key */
  readonly kmsKeyArn?: string;
}

/**
 * The value of the header CloudFront sends to the API's load balancer and the load balancer requires
 * (`CloudFrontDistribution` apiOrigin.originHeader, `Alb` cloudFrontOnly), so requests that bypass
 * CloudFront and its WAF are refused.
 *
 * There is no random provider here, so Secrets Manager generates the value: the
 * `aws_secretsmanager_random_password` data source draws a new one on every plan, and the secret's
 * version ignores changes to its `secret_string`, so only the first draw is ever stored and every
 * later plan leaves it (and the CloudFront and ALB settings that read it) unchanged. `headerValue`
 * reads the stored version, not the data source. The value is in Terraform state and in the
 * distribution's configuration: both CloudFront and the ALB need it in clear. It lives in the stack's
 * region (the load balancer's), with the stack's default provider.
 *
 * Rotate: `terraform apply -replace=<address of this construct's aws_secretsmanager_secret_version>`
 * stores a new draw, and CloudFront and the ALB rule change in the same apply (requests in flight
 * during the few minutes CloudFront takes to deploy may be refused).
 */
export class OriginSecret extends Construct {
  public readonly headerName: string;
  /** The stored value, as a reference to the secret version (sensitive in plans). */
  public readonly headerValue: string;
  public readonly secretArn: string;

  constructor(scope: Construct, id: string, props: OriginSecretProps) {
    super(scope, id);
    const headerName = props.headerName ?? DEFAULT_ORIGIN_HEADER_NAME;
    const length = props.length ?? 64;
    if (!Token.isUnresolved(headerName)) {
      const problem = originHeaderNameProblem(headerName, "headerName");
      if (problem) throw new Error(`${this.node.path}: ${problem}`);
    }
    if (!Number.isInteger(length) || length < 32 || length > 128) {
      throw new Error(`${this.node.path}: length must be a whole number from 32 to 128, got ${length}`);
    }

    const secret = new Secret(this, "secret", {
      name: props.name,
      description: `Value of the ${headerName} header CloudFront sends to the origin; generated once by Terraform`,
      recoveryWindowDays: props.recoveryWindowDays,
      kmsKeyArn: props.kmsKeyArn,
    });
    const draw = new DataAwsSecretsmanagerRandomPassword(this, "draw", {
      passwordLength: length,
      // Letters and digits only: safe in an HTTP header and never an ALB wildcard.
      excludePunctuation: true,
      includeSpace: false,
      requireEachIncludedType: true,
    });
    const version = new SecretsmanagerSecretVersion(this, "value", {
      secretId: secret.secretArn,
      secretString: draw.randomPassword,
      lifecycle: { ignoreChanges: ["secret_string"] },
    });

    this.headerName = headerName;
    this.headerValue = version.secretString;
    this.secretArn = secret.secretArn;
  }
}
