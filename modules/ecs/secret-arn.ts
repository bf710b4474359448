/**
 * A secret a container receives by reference: an SSM parameter or a Secrets Manager secret (with an
 * optional `:json-key:version-stage:version-id` suffix). One pattern for the ECS module and config.
 */
export const SECRET_ARN = /^arn:aws[a-z-]*:(ssm|secretsmanager):[a-z0-9-]+:\d{12}:(parameter\/.+|secret:.+)$/;

/** What a secret reference must be, worded to follow "must be" and "expected". */
export const SECRET_ARN_EXPECTED = "an SSM parameter ARN or a Secrets Manager secret ARN";
