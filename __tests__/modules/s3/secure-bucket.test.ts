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

describe("SecureBucket policy after construction", () => {
  const ROLE = "arn:aws:iam::123456789012:role/reporting";

  /** The bucket, with `grant` run on it after construction, and its one policy's statements. */
  function granted(grant: (bucket: SecureBucket) => void, props: Partial<SecureBucketProps> = {}) {
    const synth = synthScope((scope) => {
      const bucket = new SecureBucket(scope, "data", { bucketName: "acme-data", ...props });
      grant(bucket);
    });
    const [bucketName] = Object.keys(synth.resources("aws_s3_bucket"));
    const arn = `\${aws_s3_bucket.${bucketName}.arn}`;
    const policy = JSON.parse(synth.only("aws_s3_bucket_policy").policy as string) as PolicyJson;
    return { synth, arn, statements: policy.Statement };
  }

  test("a statement added after construction lands in the one bucket policy, after the TLS deny", () => {
    const { synth, arn, statements } = granted(
      (bucket) =>
        bucket.addToResourcePolicy({
          Sid: "AllowReportingRead",
          Effect: "Allow",
          Principal: { AWS: ROLE },
          Action: "s3:GetObject",
          Resource: `${bucket.bucketArn}/reports/*`,
        }),
      {
        policyStatements: [
          {
            Sid: "FromProps",
            Effect: "Allow",
            Principal: { AWS: ROLE },
            Action: "s3:ListBucket",
            Resource: "*",
          },
        ],
      },
    );
    expect(synth.count("aws_s3_bucket_policy")).toBe(1);
    expect(statements.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "FromProps",
      "AllowReportingRead",
    ]);
    expect(statements[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statements[2]).toEqual({
      Sid: "AllowReportingRead",
      Effect: "Allow",
      Principal: { AWS: ROLE },
      Action: "s3:GetObject",
      Resource: `${arn}/reports/*`,
    });
  });

  test("grantPut lets a service principal put objects under a prefix only", () => {
    const { arn, statements } = granted((bucket) =>
      bucket.grantPut({ service: "logging.s3.amazonaws.com" }, "access/", { sid: "AllowServerAccessLogs" }),
    );
    expect(statements).toHaveLength(2);
    expect(statements[1]).toEqual({
      Sid: "AllowServerAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${arn}/access/*`,
    });
  });

  test("grantRead lets a role read and list under a prefix, by ARN or by anything with a roleArn", () => {
    const byArn = granted((bucket) => bucket.grantRead(ROLE, "reports/", { sid: "Reporting" }));
    const byRole = granted((bucket) => bucket.grantRead({ roleArn: ROLE }, "reports/", { sid: "Reporting" }));
    expect(byRole.statements).toEqual(byArn.statements);
    expect(byArn.statements.slice(1)).toEqual([
      {
        Sid: "Reporting",
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: "s3:GetObject",
        Resource: `${byArn.arn}/reports/*`,
      },
      {
        Sid: "ReportingList",
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: "s3:ListBucket",
        Resource: byArn.arn,
        Condition: { StringLike: { "s3:prefix": "reports/*" } },
      },
    ]);
  });

  test("without a prefix a grant covers every object, and the listing is unconditioned", () => {
    const { arn, statements } = granted((bucket) => {
      bucket.grantRead(ROLE);
      bucket.grantWrite(ROLE);
    });
    expect(statements.slice(1)).toEqual([
      { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${arn}/*` },
      { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: arn },
      {
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: `${arn}/*`,
      },
    ]);
  });

  test("an Allow to everyone is accepted when a Condition narrows it (e.g. one VPC endpoint)", () => {
    const { statements } = granted((bucket) =>
      bucket.addToResourcePolicy({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `${bucket.bucketArn}/*`,
        Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
      }),
    );
    expect(statements).toHaveLength(2);
  });

  test.each<[string, (bucket: SecureBucket) => void, string]>([
    [
      "a statement without a Principal",
      (b) => b.addToResourcePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      "stack/data: addToResourcePolicy: a bucket policy statement needs a Principal",
    ],
    [
      'an unconditioned Allow to Principal "*"',
      (b) =>
        b.addToResourcePolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }),
      'stack/data: addToResourcePolicy: an Allow to Principal "*" without a Condition makes the bucket public',
    ],
    [
      'an unconditioned Allow to { AWS: ["*"] }',
      (b) =>
        b.addToResourcePolicy({
          Effect: "Allow",
          Principal: { AWS: ["*"] },
          Action: "s3:GetObject",
          Resource: "*",
        }),
      'an Allow to Principal "*" without a Condition makes the bucket public',
    ],
    [
      "the TLS deny's Sid",
      (b) => b.grantPut(ROLE, undefined, { sid: "DenyInsecureTransport" }),
      'stack/data: addToResourcePolicy: Sid "DenyInsecureTransport" is already in this bucket\'s policy',
    ],
    [
      "a Sid used twice",
      (b) => {
        b.grantPut(ROLE, "a/", { sid: "Writers" });
        b.grantPut(ROLE, "b/", { sid: "Writers" });
      },
      'Sid "Writers" is already in this bucket\'s policy; statement ids must be unique, so pick another',
    ],
    [
      "a service principal passed as an ARN",
      (b) => b.grantPut("delivery.logs.amazonaws.com"),
      'stack/data: grantPut: "delivery.logs.amazonaws.com" is a service principal; pass { service: "delivery.logs.amazonaws.com" }',
    ],
    [
      "a principal that is not an IAM ARN",
      (b) => b.grantRead("reporting"),
      'stack/data: grantRead: principal must be an IAM ARN ("arn:aws:iam::<account>:role/<name>", ":root", ...), { roleArn } or { service }, got "reporting"',
    ],
    [
      "a prefix with a leading slash",
      (b) => b.grantRead(ROLE, "/reports/"),
      'stack/data: grantRead: prefix must be a non-empty key prefix without a leading "/" or wildcards (they are added), got "/reports/"',
    ],
    ["an empty prefix", (b) => b.grantWrite(ROLE, ""), "grantWrite: prefix must be a non-empty key prefix"],
    ["a wildcard prefix", (b) => b.grantPut(ROLE, "logs/*"), 'got "logs/*"; omit it to grant every object'],
  ])("refuses %s", (_what, grant, message) => {
    expect(() => granted(grant)).toThrow(message);
  });

  test("refuses a bad statement given in props too, naming the construct", () => {
    expect(() =>
      synthScope(
        (scope) =>
          new SecureBucket(scope, "logs", {
            bucketName: "acme-logs",
            policyStatements: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }],
          }),
      ),
    ).toThrow("stack/logs: addToResourcePolicy: a bucket policy statement needs a Principal");
  });
});

describe("SecureBucket name", () => {
  test.each(["ab", "Acme-Logs", "acme_logs", "-acme", `a${"b".repeat(63)}`])(
    "refuses %p, naming S3's rule",
    (bucketName) => {
      expect(() => synthScope((scope) => new SecureBucket(scope, "logs", { bucketName }))).toThrow(
        `logs: bucketName must be an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens, got "${bucketName}"`,
      );
    },
  );
});
