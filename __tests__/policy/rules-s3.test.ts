import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { Construct } from "constructs";
import { CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID, SecureBucket } from "../../modules/s3/secure-bucket";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The S3 rules on what cdktf really emits: SecureBucket with every option breaks no rule (the
 * CloudFront-logs bucket being the one allowed ACL), bare provider resources with ACLs or a "*"
 * origin break the ACL and CORS rules. The hand-written fixtures live in each rule's `examples`
 * and run in rules.test.ts.
 */
const rules = loadRules();

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map((f) => `${f.rule} ${f.address.split(".")[0]}`);
}

test("the S3 rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "s3-bucket-encrypted",
      "s3-bucket-public-access-blocked",
      "s3-bucket-policy-denies-insecure-transport",
      "s3-bucket-acls-disabled",
      "s3-no-public-acl",
      "s3-cors-no-wildcard-origin",
    ]),
  );
});

test("SecureBucket with every option breaks no rule", () => {
  expect(
    findings((s) => {
      const logs = new SecureBucket(s, "logs", { bucketName: "acme-logs" });
      new SecureBucket(s, "cf", { bucketName: "acme-cf-logs", cloudFrontStandardLogs: true });
      new SecureBucket(s, "data", {
        bucketName: "acme-data",
        encryption: "aws:kms",
        lifecycleRules: [{ id: "tmp", prefix: "tmp/", expirationDays: 1 }],
        accessLogs: { bucket: logs, prefix: "s3/acme-data/" },
        cors: { allowedOrigins: ["https://app.example.com"] },
      });
    }),
  ).toEqual([]);
});

test('a SecureBucket with CORS origin "*" breaks the CORS rule only (config keeps it out of prod)', () => {
  expect(
    findings(
      (s) => new SecureBucket(s, "b", { bucketName: "acme-public-uploads", cors: { allowedOrigins: ["*"] } }),
    ),
  ).toEqual(["s3-cors-no-wildcard-origin aws_s3_bucket_cors_configuration"]);
});

test("a bare bucket with ObjectWriter ownership, a public-read ACL and a wildcard CORS origin", () => {
  expect(
    findings((s) => {
      const bucket = new S3Bucket(s, "b", { bucket: "b" });
      new S3BucketOwnershipControls(s, "o", { bucket: bucket.id, rule: { objectOwnership: "ObjectWriter" } });
      new S3BucketAcl(s, "a", { bucket: bucket.id, acl: "public-read" });
      new S3BucketCorsConfiguration(s, "c", {
        bucket: bucket.id,
        corsRule: [{ allowedMethods: ["GET"], allowedOrigins: ["*"] }],
      });
    }).sort(),
  ).toEqual([
    "s3-bucket-acls-disabled aws_s3_bucket",
    "s3-bucket-encrypted aws_s3_bucket",
    "s3-bucket-policy-denies-insecure-transport aws_s3_bucket",
    "s3-bucket-public-access-blocked aws_s3_bucket",
    "s3-cors-no-wildcard-origin aws_s3_bucket_cors_configuration",
    "s3-no-public-acl aws_s3_bucket_acl",
  ]);
});

test("BucketOwnerPreferred with the CloudFront grants plus an AllUsers read is flagged twice", () => {
  expect(
    findings((s) => {
      const bucket = new SecureBucket(s, "b", { bucketName: "acme-cf-logs", cloudFrontStandardLogs: true });
      const ownership = new S3BucketOwnershipControls(s, "o", {
        bucket: bucket.bucket.id,
        rule: { objectOwnership: "BucketOwnerPreferred" },
      });
      new S3BucketAcl(s, "extra", {
        bucket: bucket.bucket.id,
        accessControlPolicy: {
          owner: { id: "me" },
          grant: [
            {
              grantee: { type: "CanonicalUser", id: CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID },
              permission: "FULL_CONTROL",
            },
            {
              grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
              permission: "READ",
            },
          ],
        },
        dependsOn: [ownership],
      });
    }).sort(),
  ).toEqual(["s3-bucket-acls-disabled aws_s3_bucket", "s3-no-public-acl aws_s3_bucket_acl"]);
});
