import { EnvironmentConfig } from "../../config/schema/environment";

/** The SSM SecureString parameters ops create before the first deploy (README: Alert System). */
export const ALERT_SYSTEM_PARAMETERS = {
  JWT_SECRET: "jwt-secret",
  VAPID_PRIVATE_KEY: "vapid-private-key",
  AIR_QUALITY_API_KEY: "air-quality-api-key",
} as const;

/** The partition a region belongs to: ARNs the execution role reads must be exact literals. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Environment variable → ARN of `/alert-system/<env>/<name>`: referenced, never read into
 * Terraform, so the values stay out of config and state.
 */
export function alertSystemParameterArns(config: EnvironmentConfig): Record<string, string> {
  const prefix = `arn:${partitionOf(config.aws_region)}:ssm:${config.aws_region}:${config.aws_account_id}:parameter`;
  return Object.fromEntries(
    Object.entries(ALERT_SYSTEM_PARAMETERS).map(([variable, name]) => [
      variable,
      `${prefix}/alert-system/${config.environment}/${name}`,
    ]),
  );
}

/**
 * The account's GitHub OIDC provider as bootstrap-<env> creates it (`github_oidc_provider`): its ARN
 * is fixed by the issuer's host, so no stack needs to read another's state for it.
 */
export function githubOidcProviderArn(config: EnvironmentConfig): string {
  return `arn:${partitionOf(config.aws_region)}:iam::${config.aws_account_id}:oidc-provider/token.actions.githubusercontent.com`;
}
