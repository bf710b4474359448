import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement, policyDocument } from "../iam/policy-document";
import { BUCKET_NAME, BUCKET_NAME_EXPECTED } from "./bucket-name";

/**
 * Who a bucket-policy grant is for: an IAM principal ARN (a role, a user, an account root, the
 * regional ELB account), anything with a `roleArn` (a Role, any IGrantable), or an AWS service
 * principal. These grants are the resource-policy side; the identity's own policy is not touched.
 */
export type BucketPrincipal = string | { readonly roleArn: string } | { readonly service: string };

export interface BucketGrantOptions {
  /**
   * Statement id, unique in the bucket policy. Name it to keep an existing policy's JSON (and so
   * the plan) unchanged.
   * @default none
   */
  readonly sid?: string;
}

/** Sid of the statement every SecureBucket policy starts with. */
export const DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * `aws:kms` (the account's aws/s3 key, or `kmsKeyArn`) or `AES256` (SSE-S3, the only choice ELB
   * access logs accept).
   * @default "aws:kms"
   */
  readonly encryption?: "aws:kms" | "AES256";
  /** Customer managed key for `aws:kms`. @default the AWS managed aws/s3 key */
  readonly kmsKeyArn?: string;
  /** @default true */
  readonly versioned?: boolean;
  /** Days before noncurrent object versions expire. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before current objects expire (log buckets). @default never */
  readonly expirationDays?: number;
  /** Refuse `terraform destroy` of the bucket (state buckets). @default false */
  readonly preventDestroy?: boolean;
  /** Let destroy empty the bucket first. @default false */
  readonly forceDestroy?: boolean;
  /**
   * Statements added to the bucket policy, after the deny of non-TLS access; more can be added
   * after construction with `addToResourcePolicy` and the `grant*` helpers.
   * @default none
   */
  readonly policyStatements?: readonly PolicyStatement[];
}

/**
 * An S3 bucket with the guard rails every bucket here needs: encryption at rest, all four public
 * access blocks, ACLs disabled, TLS-only bucket policy, versioning and lifecycle.
 *
 * The bucket has one `aws_s3_bucket_policy` (S3 keeps one per bucket, so a second resource would
 * overwrite the first): the TLS deny, then every statement added by props, `addToResourcePolicy`
 * or a `grant*` helper, rendered when the stack is synthesized.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /**
   * The bucket policy. Depend on it where AWS checks access when a resource is created (an ALB
   * test-writes to its access-log bucket).
   */
  public readonly policy: ITerraformDependable;

  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (props.kmsKeyArn && props.encryption === "AES256") {
      throw new Error(`${this.node.path}: kmsKeyArn needs encryption "aws:kms", not "AES256"`);
    }
    if (!Token.isUnresolved(props.bucketName) && !BUCKET_NAME.test(props.bucketName)) {
      throw new Error(
        `${this.node.path}: bucketName must be ${BUCKET_NAME_EXPECTED}, got "${props.bucketName}"`,
      );
    }
    const encryption = props.encryption ?? "aws:kms";

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: encryption,
            kmsMasterKeyId: props.kmsKeyArn,
          },
          bucketKeyEnabled: encryption === "aws:kms",
        },
      ],
    });
    if (props.versioned ?? true) {
      new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      });
    }
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-and-abort-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(props.expirationDays ? { expiration: [{ days: props.expirationDays }] } : {}),
        },
      ],
    });
    const denyInsecureTransport: PolicyStatement = {
      Sid: DENY_INSECURE_TRANSPORT_SID,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      // Lazy, so statements granted after construction land in this one policy.
      policy: Lazy.stringValue({
        produce: () => policyDocument([denyInsecureTransport, ...this.statements]),
      }),
    });
    for (const statement of props.policyStatements ?? []) this.addToResourcePolicy(statement);
  }

  /**
   * Adds a statement to the bucket policy, after the TLS deny. Refused: a statement without a
   * Principal (S3 rejects it), an Allow to every principal without a Condition (the public access
   * block rejects it), and a Sid already in the policy (S3 rejects duplicates).
   */
  addToResourcePolicy(statement: PolicyStatement): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: addToResourcePolicy: ${message}`);
    };
    if (statement.Principal === undefined) {
      fail(
        `a bucket policy statement needs a Principal (S3 rejects one without); for an identity's own permissions use its role policy instead`,
      );
    }
    if (statement.Effect === "Allow" && isEveryone(statement.Principal) && !statement.Condition) {
      fail(
        `an Allow to Principal "*" without a Condition makes the bucket public, which its public access block refuses; name the principal`,
      );
    }
    const sid = statement.Sid;
    if (
      sid !== undefined &&
      [DENY_INSECURE_TRANSPORT_SID, ...this.statements.map((s) => s.Sid)].includes(sid)
    ) {
      fail(`Sid "${sid}" is already in this bucket's policy; statement ids must be unique, so pick another`);
    }
    this.statements.push(statement);
  }

  /**
   * Lets `principal` read objects (s3:GetObject) under `prefix`, and list those keys (s3:ListBucket
   * on the bucket, limited to the prefix by `s3:prefix`).
   * @param prefix key prefix, e.g. "reports/" (without a trailing "/", "reports" also matches
   *   "reports-old/...") @default every object
   */
  grantRead(principal: BucketPrincipal, prefix?: string, options: BucketGrantOptions = {}): void {
    const objects = this.objectsUnder("grantRead", prefix);
    const grantee = this.principalOf("grantRead", principal);
    this.addToResourcePolicy({
      ...(options.sid ? { Sid: options.sid } : {}),
      Effect: "Allow",
      Principal: grantee,
      Action: "s3:GetObject",
      Resource: objects,
    });
    this.addToResourcePolicy({
      ...(options.sid ? { Sid: `${options.sid}List` } : {}),
      Effect: "Allow",
      Principal: grantee,
      Action: "s3:ListBucket",
      Resource: this.bucket.arn,
      ...(prefix ? { Condition: { StringLike: { "s3:prefix": `${prefix}*` } } } : {}),
    });
  }

  /**
   * Lets `principal` put objects (s3:PutObject only) under `prefix`: what log delivery services need,
   * and no reading, deleting or listing.
   * @param prefix key prefix, e.g. "web/AWSLogs/111111111111/" @default every object
   */
  grantPut(principal: BucketPrincipal, prefix?: string, options: BucketGrantOptions = {}): void {
    this.addToResourcePolicy({
      ...(options.sid ? { Sid: options.sid } : {}),
      Effect: "Allow",
      Principal: this.principalOf("grantPut", principal),
      Action: "s3:PutObject",
      Resource: this.objectsUnder("grantPut", prefix),
    });
  }

  /**
   * Lets `principal` write objects under `prefix`: put, delete (a delete marker, the bucket being
   * versioned) and abort multipart uploads. Reading takes `grantRead` as well.
   * @param prefix key prefix @default every object
   */
  grantWrite(principal: BucketPrincipal, prefix?: string, options: BucketGrantOptions = {}): void {
    this.addToResourcePolicy({
      ...(options.sid ? { Sid: options.sid } : {}),
      Effect: "Allow",
      Principal: this.principalOf("grantWrite", principal),
      Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: this.objectsUnder("grantWrite", prefix),
    });
  }

  private principalOf(method: string, principal: BucketPrincipal): Record<string, string> {
    if (typeof principal !== "string") {
      return "roleArn" in principal ? { AWS: principal.roleArn } : { Service: principal.service };
    }
    if (!Token.isUnresolved(principal)) {
      if (principal.endsWith(".amazonaws.com")) {
        throw new Error(
          `${this.node.path}: ${method}: "${principal}" is a service principal; pass { service: "${principal}" }`,
        );
      }
      if (!/^arn:aws[a-z-]*:(iam|sts)::[^:]+:.+$/.test(principal)) {
        throw new Error(
          `${this.node.path}: ${method}: principal must be an IAM ARN ("arn:aws:iam::<account>:role/<name>", ":root", ...), { roleArn } or { service }, got "${principal}"`,
        );
      }
    }
    return { AWS: principal };
  }

  /** `<bucket arn>/<prefix>*`; a literal prefix is checked so the grant means what it says. */
  private objectsUnder(method: string, prefix: string | undefined): string {
    if (prefix !== undefined && !Token.isUnresolved(prefix)) {
      if (prefix === "" || prefix.startsWith("/") || /[*?]/.test(prefix)) {
        throw new Error(
          `${this.node.path}: ${method}: prefix must be a non-empty key prefix without a leading "/" or wildcards (they are added), got "${prefix}"; omit it to grant every object`,
        );
      }
    }
    return `${this.bucket.arn}/${prefix ?? ""}*`;
  }
}

/** Principal "*" or { AWS: "*" }: everyone. */
function isEveryone(principal: PolicyStatement["Principal"]): boolean {
  if (principal === "*") return true;
  const aws = principal?.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}
