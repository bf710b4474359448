import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
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

  test("encrypts with SSE-S3 (AES256), which needs no bucket key", () => {
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
  });

  test("has no ACL, CORS or access-logging resources, and exposes both domain names", () => {
    for (const type of ["aws_s3_bucket_acl", "aws_s3_bucket_cors_configuration", "aws_s3_bucket_logging"]) {
      expect({ type, count: synth.count(type) }).toEqual({ type, count: 0 });
    }
    expect(synth.json.data?.aws_canonical_user_id).toBeUndefined();
    const names = synthScope((scope) => {
      const bucket = new SecureBucket(scope, "data", { bucketName: "acme-data" });
      new TerraformOutput(scope, "domain", { value: bucket.bucketDomainName });
      new TerraformOutput(scope, "regional", { value: bucket.bucketRegionalDomainName });
    });
    expect(names.output("domain")?.value).toBe(ref("bucket_domain_name"));
    expect(names.output("regional")?.value).toBe(ref("bucket_regional_domain_name"));
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

  test("SSE-KMS with the aws/s3 key and a bucket key (fewer KMS calls)", () => {
    const { synth } = synthBucket({ encryption: "aws:kms" });
    expect(synth.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
    ]);
  });

  test("a customer managed KMS key", () => {
    const { synth } = synthBucket({
      encryption: "aws:kms",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
    });
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
          new SecureBucket(scope, "logs", {
            bucketName: "acme-logs",
            encryption: "AES256",
            kmsKeyArn: "arn:k",
          }),
      ),
    ).toThrow(/stack\/logs: kmsKeyArn needs encryption "aws:kms", got encryption "AES256"$/);
  });

  test.each<[string, Partial<SecureBucketProps>, string]>([
    [
      "a KMS key without encryption (the default is AES256)",
      { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" },
      'stack/data: kmsKeyArn needs encryption "aws:kms", got encryption "AES256" (the default)',
    ],
    [
      "a KMS key id instead of an ARN",
      { encryption: "aws:kms", kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" },
      'kmsKeyArn must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>), got "1234abcd-12ab-34cd-56ef-1234567890ab"',
    ],
    [
      "an unknown algorithm",
      { encryption: "aws:kms:dsse" as "aws:kms" },
      'encryption must be "AES256" or "aws:kms", got "aws:kms:dsse"',
    ],
    [
      "zero noncurrent days",
      { noncurrentVersionExpirationDays: 0 },
      "stack/data: noncurrentVersionExpirationDays must be a whole number of days from 1, got 0",
    ],
    [
      "fractional expiry",
      { expirationDays: 1.5 },
      "stack/data: expirationDays must be a whole number of days from 1, got 1.5",
    ],
  ])("refuses %s", (_what, props, message) => {
    expect(() => synthBucket(props)).toThrow(message);
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

describe("SecureBucket lifecycle rules", () => {
  const { synth } = synthBucket({
    expirationDays: 730,
    lifecycleRules: [
      {
        id: "archive-videos",
        prefix: "videos/",
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER" },
        ],
        expirationDays: 365,
        noncurrentVersionExpirationDays: 30,
        abortIncompleteMultipartUploadDays: 2,
      },
      { id: "tmp", expirationDays: 1 },
    ],
  });
  const rules = synth.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[];

  test("follow the bucket-wide rule, which still covers every object", () => {
    expect(rules.map((r) => r.id)).toEqual(["expire-noncurrent-and-abort-uploads", "archive-videos", "tmp"]);
    expect(rules[0]).toEqual({
      id: "expire-noncurrent-and-abort-uploads",
      status: "Enabled",
      filter: [{ prefix: "" }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      expiration: [{ days: 730 }],
    });
  });

  test("render transitions, expiry, noncurrent expiry, abort days and the prefix filter", () => {
    expect(rules[1]).toEqual({
      id: "archive-videos",
      status: "Enabled",
      filter: [{ prefix: "videos/" }],
      transition: [
        { days: 30, storage_class: "STANDARD_IA" },
        { days: 90, storage_class: "GLACIER" },
      ],
      expiration: [{ days: 365 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 2 }],
    });
  });

  test("a rule without a prefix applies to every object and sets only what it names", () => {
    expect(rules[2]).toEqual({
      id: "tmp",
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ days: 1 }],
    });
  });

  test.each<[string, Partial<SecureBucketProps>, string]>([
    [
      "a transition after the rule's expiry",
      {
        lifecycleRules: [
          { id: "a", transitions: [{ days: 120, storageClass: "GLACIER" }], expirationDays: 90 },
        ],
      },
      "stack/data: lifecycleRules[0].transitions[0].days must be less than expirationDays (90): objects are gone by then, got 120",
    ],
    [
      "Standard-IA before day 30",
      { lifecycleRules: [{ id: "a", transitions: [{ days: 29, storageClass: "STANDARD_IA" }] }] },
      "stack/data: lifecycleRules[0].transitions[0].days must be a whole number of days from 30 (S3's minimum before STANDARD_IA), got 29",
    ],
    [
      "non-increasing transitions",
      {
        lifecycleRules: [
          {
            id: "a",
            transitions: [
              { days: 60, storageClass: "GLACIER_IR" },
              { days: 60, storageClass: "DEEP_ARCHIVE" },
            ],
          },
        ],
      },
      "stack/data: lifecycleRules[0].transitions[1].days must be more than transitions[0].days (60), got 60",
    ],
    [
      "duplicate ids",
      {
        lifecycleRules: [
          { id: "a", expirationDays: 1 },
          { id: "a", expirationDays: 2 },
        ],
      },
      'stack/data: lifecycleRules[1].id must be unique in the bucket (lifecycleRules[0] has it), got "a"',
    ],
    [
      "zero expiry days",
      { lifecycleRules: [{ id: "a", expirationDays: 0 }] },
      "stack/data: lifecycleRules[0].expirationDays must be a whole number of days from 1, got 0",
    ],
    [
      "negative noncurrent days",
      { lifecycleRules: [{ id: "a", noncurrentVersionExpirationDays: -1 }] },
      "stack/data: lifecycleRules[0].noncurrentVersionExpirationDays must be a whole number of days from 1, got -1",
    ],
    [
      "fractional transition days",
      { lifecycleRules: [{ id: "a", transitions: [{ days: 0.5, storageClass: "GLACIER" }] }] },
      "stack/data: lifecycleRules[0].transitions[0].days must be a whole number of days from 0, got 0.5",
    ],
    [
      "zero abort days",
      { lifecycleRules: [{ id: "a", abortIncompleteMultipartUploadDays: 0 }] },
      "stack/data: lifecycleRules[0].abortIncompleteMultipartUploadDays must be a whole number of days from 1, got 0",
    ],
    [
      "a rule outliving the bucket's own expiry",
      {
        expirationDays: 30,
        lifecycleRules: [{ id: "a", transitions: [{ days: 30, storageClass: "GLACIER" }] }],
      },
      "stack/data: lifecycleRules[0].transitions[0].days must be less than the bucket's expirationDays (30): every object is gone by then, got 30",
    ],
    [
      "a rule keeping noncurrent versions longer than the bucket",
      {
        noncurrentVersionExpirationDays: 30,
        lifecycleRules: [{ id: "a", noncurrentVersionExpirationDays: 60 }],
      },
      "stack/data: lifecycleRules[0].noncurrentVersionExpirationDays must be at most the bucket's noncurrentVersionExpirationDays (30): the bucket-wide rule removes them first, got 60",
    ],
  ])("refuses %s, naming the construct and the rule", (_what, props, message) => {
    expect(() => synthBucket(props)).toThrow(message);
  });
});

describe("SecureBucket CORS", () => {
  test("defaults to presigned-upload methods, every request header, ETag exposed, 3000 s cache", () => {
    const { synth, ref } = synthBucket({ cors: { allowedOrigins: ["https://app.example.com"] } });
    const cors = synth.only("aws_s3_bucket_cors_configuration");
    expect(cors.bucket).toBe(ref("id"));
    expect(cors.cors_rule).toEqual([
      {
        allowed_origins: ["https://app.example.com"],
        allowed_methods: ["GET", "PUT", "HEAD"],
        allowed_headers: ["*"],
        expose_headers: ["ETag"],
        max_age_seconds: 3000,
      },
    ]);
  });

  test("renders what it is given", () => {
    const { synth } = synthBucket({
      cors: {
        allowedOrigins: ["https://app.example.com", "http://localhost:5173"],
        allowedMethods: ["GET", "POST"],
        allowedHeaders: ["Content-Type"],
        exposeHeaders: ["ETag", "x-amz-version-id"],
        maxAgeSeconds: 600,
      },
    });
    expect(synth.only("aws_s3_bucket_cors_configuration").cors_rule).toEqual([
      {
        allowed_origins: ["https://app.example.com", "http://localhost:5173"],
        allowed_methods: ["GET", "POST"],
        allowed_headers: ["Content-Type"],
        expose_headers: ["ETag", "x-amz-version-id"],
        max_age_seconds: 600,
      },
    ]);
  });

  test('allows "*" (config decides where)', () => {
    const { synth } = synthBucket({ cors: { allowedOrigins: ["*"] } });
    expect(synth.only("aws_s3_bucket_cors_configuration").cors_rule).toMatchObject([
      { allowed_origins: ["*"] },
    ]);
  });

  test.each<[string, string]>([
    ["https://app.example.com/", 'an origin without a path or trailing "/"'],
    ["https://app.example.com/upload", 'an origin without a path or trailing "/"'],
    ["http://app.example.com", "https (http only for localhost and 127.0.0.1)"],
    ["https://app.example.com:443", "without the default port :443"],
    ["https://*.example.com", '"*" alone or one exact origin'],
    ["https://App.example.com", "lowercase"],
    ["app.example.com", '"*" or an origin "https://<host>[:<port>]"'],
  ])("refuses origin %p, naming the construct and the index", (origin, rule) => {
    expect(() => synthBucket({ cors: { allowedOrigins: ["https://ok.example.com", origin] } })).toThrow(
      `stack/data: cors.allowedOrigins[1] must be ${rule}`,
    );
  });
});

describe("SecureBucket access logs", () => {
  function logged(props: Partial<SecureBucketProps> = {}, target: Partial<SecureBucketProps> = {}) {
    const synth = synthScope((scope) => {
      const logs = new SecureBucket(scope, "logs", { bucketName: "acme-logs", ...target });
      new SecureBucket(scope, "data", {
        bucketName: "acme-data",
        accessLogs: { bucket: logs, prefix: "s3/acme-data/" },
        ...props,
      });
    });
    const names = Object.entries(synth.resources("aws_s3_bucket"));
    const name = (bucket: string) => names.find(([, b]) => b.bucket === bucket)![0];
    const bucketRef = (bucket: string, attribute: string) => `\${aws_s3_bucket.${name(bucket)}.${attribute}}`;
    return { synth, bucketRef };
  }

  test("the source bucket logs to the target under the prefix, once the target's policy allows it", () => {
    const { synth, bucketRef } = logged();
    const logging = synth.only("aws_s3_bucket_logging");
    expect(logging).toMatchObject({
      bucket: bucketRef("acme-data", "id"),
      target_bucket: bucketRef("acme-logs", "id"),
      target_prefix: "s3/acme-data/",
    });
    expect(logging).not.toHaveProperty("target_grant");
    const [policyName] = Object.entries(synth.resources("aws_s3_bucket_policy")).find(
      ([, p]) => p.bucket === bucketRef("acme-logs", "id"),
    )!;
    expect(logging.depends_on).toEqual([`aws_s3_bucket_policy.${policyName}`]);
  });

  test("the target's policy lets S3 log delivery put objects under the prefix, for that source bucket and account only", () => {
    const { synth, bucketRef } = logged();
    const policies = Object.values(synth.resources("aws_s3_bucket_policy"));
    const statementsOf = (bucket: string) =>
      (JSON.parse(policies.find((p) => p.bucket === bucketRef(bucket, "id"))!.policy as string) as PolicyJson)
        .Statement;
    const [accountName] = Object.keys(synth.json.data?.aws_caller_identity as Record<string, unknown>);
    expect(statementsOf("acme-logs")).toEqual([
      expect.objectContaining({ Sid: "DenyInsecureTransport" }),
      {
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketRef("acme-logs", "arn")}/s3/acme-data/*`,
        Condition: {
          ArnLike: { "aws:SourceArn": bucketRef("acme-data", "arn") },
          StringEquals: { "aws:SourceAccount": `\${data.aws_caller_identity.${accountName}.account_id}` },
        },
      },
    ]);
    expect(statementsOf("acme-data").map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
  });

  test("a target encrypted with a customer managed key is accepted", () => {
    const key = "arn:aws:kms:ap-northeast-2:123456789012:key/k";
    expect(logged({}, { encryption: "aws:kms", kmsKeyArn: key }).synth.count("aws_s3_bucket_logging")).toBe(
      1,
    );
  });

  test("two sources, two prefixes, two statements in the one target policy", () => {
    const synth = synthScope((scope) => {
      const logs = new SecureBucket(scope, "logs", { bucketName: "acme-logs" });
      new SecureBucket(scope, "a", { bucketName: "acme-a", accessLogs: { bucket: logs, prefix: "a/" } });
      new SecureBucket(scope, "b", { bucketName: "acme-b", accessLogs: { bucket: logs, prefix: "b/" } });
    });
    expect(synth.count("aws_s3_bucket_logging")).toBe(2);
    expect(synth.count("aws_s3_bucket_policy")).toBe(3);
  });

  test.each<[string, (scope: Construct) => void, string]>([
    [
      "a bucket logging into itself",
      (scope) => {
        const logs = new SecureBucket(scope, "logs", { bucketName: "acme-data" });
        new SecureBucket(scope, "data", {
          bucketName: "acme-data",
          accessLogs: { bucket: logs, prefix: "s3/" },
        });
      },
      'stack/data: accessLogs.bucket must be another bucket (one logging into itself logs its own log writes without end), got "acme-data"',
    ],
    [
      "a target on the AWS managed aws/s3 key",
      (scope) => {
        const logs = new SecureBucket(scope, "logs", { bucketName: "acme-logs", encryption: "aws:kms" });
        new SecureBucket(scope, "data", {
          bucketName: "acme-data",
          accessLogs: { bucket: logs, prefix: "s3/" },
        });
      },
      'stack/data: accessLogs.bucket must be encrypted with AES256 or a customer managed key (S3 log delivery cannot use the AWS managed aws/s3 key), got stack/logs with encryption "aws:kms" and no kmsKeyArn',
    ],
    [
      "a prefix another source already logs to",
      (scope) => {
        const logs = new SecureBucket(scope, "logs", { bucketName: "acme-logs" });
        new SecureBucket(scope, "a", { bucketName: "acme-a", accessLogs: { bucket: logs, prefix: "s3/" } });
        new SecureBucket(scope, "b", { bucketName: "acme-b", accessLogs: { bucket: logs, prefix: "s3/" } });
      },
      'stack/b: accessLogs.prefix must be one no other bucket logs to in stack/logs (whose logs would be whose?), got "s3/"',
    ],
    ...["", "s3", "/s3/", "s3/*/"].map((prefix): [string, (scope: Construct) => void, string] => [
      `prefix ${JSON.stringify(prefix)}`,
      (scope) => {
        const logs = new SecureBucket(scope, "logs", { bucketName: "acme-logs" });
        new SecureBucket(scope, "data", { bucketName: "acme-data", accessLogs: { bucket: logs, prefix } });
      },
      `stack/data: accessLogs.prefix must be a key prefix ending in "/" without a leading "/" or wildcards, e.g. "s3/uploads/", got ${JSON.stringify(prefix)}`,
    ]),
  ])("refuses %s", (_what, build, message) => {
    expect(() => synthScope(build)).toThrow(message);
  });
});

describe("SecureBucket cloudFrontStandardLogs", () => {
  const synth = synthScope((scope) => {
    new SecureBucket(scope, "cf-logs", { bucketName: "acme-cf-logs", cloudFrontStandardLogs: true });
    new SecureBucket(scope, "cf-logs-2", { bucketName: "acme-cf-logs-2", cloudFrontStandardLogs: true });
  });
  const canonical = Object.keys(synth.json.data?.aws_canonical_user_id as Record<string, unknown>);
  const owner = `\${data.aws_canonical_user_id.${canonical[0]}.id}`;

  test("looks the account's canonical user id up once per stack", () => {
    expect(canonical).toHaveLength(1);
  });

  test("ownership is BucketOwnerPreferred, so CloudFront's ACL'd log objects are accepted", () => {
    for (const controls of Object.values(synth.resources("aws_s3_bucket_ownership_controls"))) {
      expect(controls.rule).toEqual({ object_ownership: "BucketOwnerPreferred" });
    }
  });

  test("the bucket ACL grants FULL_CONTROL to this account and CloudFront's log delivery only, after ownership", () => {
    const ownershipNames = Object.keys(synth.resources("aws_s3_bucket_ownership_controls"));
    const acls = Object.values(synth.resources("aws_s3_bucket_acl"));
    expect(acls).toHaveLength(2);
    for (const acl of acls) {
      expect(acl.access_control_policy).toEqual({
        owner: { id: owner },
        grant: [
          { grantee: { type: "CanonicalUser", id: owner }, permission: "FULL_CONTROL" },
          {
            grantee: {
              type: "CanonicalUser",
              id: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0",
            },
            permission: "FULL_CONTROL",
          },
        ],
      });
      expect(acl).not.toHaveProperty("acl");
      expect(acl.depends_on).toHaveLength(1);
      expect(ownershipNames.map((n) => `aws_s3_bucket_ownership_controls.${n}`)).toContain(
        (acl.depends_on as string[])[0],
      );
    }
  });

  test("keeps all four public access blocks and AES256", () => {
    for (const block of Object.values(synth.resources("aws_s3_bucket_public_access_block"))) {
      expect(block).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    for (const sse of Object.values(synth.resources("aws_s3_bucket_server_side_encryption_configuration"))) {
      expect(sse.rule).toMatchObject([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
    }
  });

  test("refuses SSE-KMS", () => {
    expect(() => synthBucket({ cloudFrontStandardLogs: true, encryption: "aws:kms" })).toThrow(
      `stack/data: encryption must be "AES256" with cloudFrontStandardLogs (CloudFront's log delivery is not granted any KMS key), got "aws:kms"`,
    );
  });
});
