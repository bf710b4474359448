import { SecureBucket, SecureBucketProps } from "../../../modules/s3/secure-bucket";
import { synthScope } from "../../harness/synth-scope";

function synthBucket(props: Partial<SecureBucketProps> = {}) {
  const synth = synthScope((scope) => new SecureBucket(scope, "data", { bucketName: "acme-data", ...props }));
  const [bucketName] = Object.keys(synth.resources("aws_s3_bucket"));
  return { synth, ref: (attribute: string) => `\${aws_s3_bucket.${bucketName}.${attribute}}` };
}

interface PolicyJson {
  Statement: {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: unknown;
    Resource: unknown;
    Condition?: unknown;
  }[];
}

describe("SecureBucket defaults", () => {
  const { synth, ref } = synthBucket();

  test("every companion resource points at this bucket", () => {
    for (const type of [
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_policy",
    ]) {
      expect({ type, bucket: synth.only(type).bucket }).toEqual({ type, bucket: ref("id") });
    }
  });

  test("can be destroyed but not emptied by destroy", () => {
    const bucket = synth.only("aws_s3_bucket");
    expect(bucket.bucket).toBe("acme-data");
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
  });

  test("blocks all four kinds of public access and disables ACLs", () => {
    const block = synth.only("aws_s3_bucket_public_access_block");
    expect(block).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synth.only("aws_s3_bucket_ownership_controls").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("encrypts with SSE-KMS (aws/s3 key) and a bucket key", () => {
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
    ]);
  });

  test("is versioned, expires noncurrent versions after 90 days and aborts stale uploads", () => {
    expect(synth.only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    const rules = synth.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[];
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(rules[0]).not.toHaveProperty("expiration");
  });

  test("denies every request not made over TLS, on the bucket and on its objects", () => {
    const policy = JSON.parse(synth.only("aws_s3_bucket_policy").policy as string) as PolicyJson;
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ref("arn"), `${ref("arn")}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });
});

describe("SecureBucket options", () => {
  test("preventDestroy and forceDestroy reach the bucket", () => {
    const bucket = synthBucket({ preventDestroy: true, forceDestroy: true }).synth.only("aws_s3_bucket");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(true);
  });

  test("AES256 for consumers that cannot use KMS (ELB access logs), without a bucket key", () => {
    const { synth } = synthBucket({ encryption: "AES256" });
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
  });

  test("a customer managed KMS key", () => {
    const { synth } = synthBucket({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" });
    const rule = (
      synth.only("aws_s3_bucket_server_side_encryption_configuration").rule as Record<string, unknown>[]
    )[0];
    expect(rule).toEqual({
      apply_server_side_encryption_by_default: {
        sse_algorithm: "aws:kms",
        kms_master_key_id: "arn:aws:kms:eu-west-1:123456789012:key/k",
      },
      bucket_key_enabled: true,
    });
  });

  test("refuses a KMS key with AES256, naming the construct", () => {
    expect(() =>
      synthScope(
        (scope) =>
          new SecureBucket(scope, "logs", { bucketName: "b", encryption: "AES256", kmsKeyArn: "arn:k" }),
      ),
    ).toThrow(/stack\/logs: kmsKeyArn needs encryption "aws:kms"/);
  });

  test("unversioned, with object expiry and a custom noncurrent retention", () => {
    const { synth } = synthBucket({
      versioned: false,
      expirationDays: 30,
      noncurrentVersionExpirationDays: 7,
    });
    expect(synth.count("aws_s3_bucket_versioning")).toBe(0);
    const rule = (synth.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({
      expiration: [{ days: 30 }],
      noncurrent_version_expiration: [{ noncurrent_days: 7 }],
    });
  });

  test("extra policy statements follow the TLS deny, which stays first", () => {
    const { synth } = synthBucket({
      policyStatements: [
        {
          Sid: "AllowLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::acme-data/*",
        },
      ],
    });
    const policy = JSON.parse(synth.only("aws_s3_bucket_policy").policy as string) as PolicyJson;
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "AllowLogDelivery"]);
  });
});
