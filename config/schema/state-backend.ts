import { z } from "zod";
import { awsRegion, dynamoTableName, positiveInt, s3BucketName } from "./primitives";

export const stateBackendSchema = z.strictObject({
  /** Bucket holding every stack's state; created by the `bootstrap-<env>` stack. */
  bucket: s3BucketName,
  /** DynamoDB lock table; created by the `bootstrap-<env>` stack. */
  lock_table: dynamoTableName,
  /** @default aws_region */
  region: awsRegion.optional(),
  /**
   * Lock with the DynamoDB table (`dynamodb_table`), deprecated by Terraform 1.11 but understood by
   * every Terraform >= 1.0. @default true
   */
  dynamodb_locking: z.boolean().default(true),
  /**
   * Lock with an S3 lock file (`use_lockfile`, Terraform >= 1.10). Turn on alongside DynamoDB while
   * migrating, then turn DynamoDB off once every operator and pipeline runs Terraform >= 1.10.
   * @default false
   */
  s3_native_locking: z.boolean().default(false),
  /**
   * Where `bootstrap-<env>` keeps its own state: `local` for its first apply (the bucket does not
   * exist yet), then `s3` after moving the state into the bucket (README: Bootstrap).
   * @default "local"
   */
  bootstrap_state: z.enum(["local", "s3"]).default("local"),
  /** Days noncurrent state versions are kept before expiry. @default 90 */
  noncurrent_version_retention_days: positiveInt("a whole number of days above 0").default(90),
});

export type StateBackendConfig = z.infer<typeof stateBackendSchema>;

export function checkStateBackend(backend: StateBackendConfig, ctx: z.RefinementCtx): void {
  if (!backend.dynamodb_locking && !backend.s3_native_locking) {
    ctx.addIssue({
      code: "custom",
      path: ["state_backend", "dynamodb_locking"],
      message:
        "state locking on: dynamodb_locking or s3_native_locking (or both while migrating) set to true",
      input: false,
    });
  }
}
