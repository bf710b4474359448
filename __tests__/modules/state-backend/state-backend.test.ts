import { StateBackend } from "../../../modules/state-backend/state-backend";
import { synthScope } from "../../harness/synth-scope";

describe("StateBackend", () => {
  const synth = synthScope(
    (scope) => new StateBackend(scope, "state", { bucketName: "acme-tfstate", lockTableName: "acme-lock" }),
  );

  test("the state bucket is a SecureBucket that refuses destroy and keeps 90 days of old versions", () => {
    const bucket = synth.only("aws_s3_bucket");
    expect(bucket.bucket).toBe("acme-tfstate");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
    expect(synth.only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(synth.count("aws_s3_bucket_public_access_block")).toBe(1);
    // SSE-KMS stated explicitly: SecureBucket's own default is AES256.
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
    ]);
    expect(synth.count("aws_s3_bucket_policy")).toBe(1);
    const rule = (synth.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 90 }] });
  });

  test("the lock table has the LockID string key Terraform's S3 backend expects", () => {
    const table = synth.only("aws_dynamodb_table");
    expect(table.name).toBe("acme-lock");
    expect(table.hash_key).toBe("LockID");
    expect(table.attribute).toEqual([{ name: "LockID", type: "S" }]);
    expect(table).not.toHaveProperty("range_key");
  });

  test("the lock table is on-demand, recoverable, encrypted and protected from deletion twice over", () => {
    expect(synth.only("aws_dynamodb_table")).toMatchObject({
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("noncurrentVersionRetentionDays sets the state bucket's lifecycle", () => {
    const custom = synthScope(
      (scope) =>
        new StateBackend(scope, "state", {
          bucketName: "b-b-b",
          lockTableName: "t-t",
          noncurrentVersionRetentionDays: 365,
        }),
    );
    const rule = (custom.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 365 }] });
  });
});

describe("StateBackend validation", () => {
  const build =
    (props: Partial<{ bucketName: string; lockTableName: string; noncurrentVersionRetentionDays: number }>) =>
    () =>
      synthScope(
        (scope) =>
          new StateBackend(scope, "state", {
            bucketName: "acme-tfstate",
            lockTableName: "acme-lock",
            ...props,
          }),
      );

  test.each([
    [
      { lockTableName: "ab" },
      "state: lockTableName must be a DynamoDB table name: 3-255 letters, digits, '_', '-', '.', got \"ab\"",
    ],
    [{ lockTableName: "lock table" }, 'got "lock table"'],
    [
      { noncurrentVersionRetentionDays: 0 },
      "noncurrentVersionRetentionDays must be a whole number of days from 1 (old state versions are the undo), got 0",
    ],
    [
      { bucketName: "Acme_TFState" },
      'bucketName must be an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens, got "Acme_TFState"',
    ],
  ])("refuses %j before creating anything", (props, message) => {
    expect(build(props)).toThrow(message);
  });
});
