import { DataAwsCanonicalUserId } from "@cdktf/provider-aws/lib/data-aws-canonical-user-id";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable, Lazy, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { PolicyStatement, policyDocument } from "../iam/policy-document";
import { BUCKET_NAME, BUCKET_NAME_EXPECTED } from "./bucket-name";
import {
  BucketCors,
  DEFAULT_CORS_ALLOWED_HEADERS,
  DEFAULT_CORS_EXPOSE_HEADERS,
  DEFAULT_CORS_MAX_AGE_SECONDS,
  DEFAULT_CORS_METHODS,
  corsProblems,
} from "./cors-rules";
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  BUCKET_WIDE_RULE_ID,
  BucketLifecycleRule,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  lifecycleRulesProblems,
} from "./lifecycle-rules";

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

/** Canonical user id of the `awslogsdelivery` account that writes CloudFront standard (legacy) logs. */
export const CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID =
  "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";

/** Service principal that delivers S3 server access logs. */
export const S3_LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com";

export interface BucketAccessLogs {
  /**
   * The bucket the access logs go to: another SecureBucket, in the same account and region, not
   * encrypted with the AWS managed aws/s3 key (log delivery cannot use it).
   */
  readonly bucket: SecureBucket;
  /** Key prefix in that bucket, ending in "/", e.g. "s3/uploads/". */
  readonly prefix: string;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * `AES256` (SSE-S3: no key to manage, and the one every AWS log delivery accepts) or `aws:kms`
   * (the account's aws/s3 key, or `kmsKeyArn`; key use is then in CloudTrail and key policy can
   * restrict it).
   * @default "AES256"
   */
  readonly encryption?: "aws:kms" | "AES256";
  /** Customer managed key for `aws:kms`. @default the AWS managed aws/s3 key */
  readonly kmsKeyArn?: string;
  /** @default true */
  readonly versioned?: boolean;
  /** Days before noncurrent object versions expire, for every object. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before current objects expire (log buckets), for every object. @default never */
  readonly expirationDays?: number;
  /**
   * Rules for parts of the bucket (transitions to cheaper storage, expiry by prefix), after the
   * bucket-wide rule that aborts incomplete uploads and expires noncurrent versions. Checked as S3
   * would (modules/s3/lifecycle-rules.ts).
   * @default none
   */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /**
   * Server access logs of this bucket go to another bucket, under `prefix`; that bucket's policy
   * then lets S3 log delivery put objects there for this bucket only.
   * @default no access logs
   */
  readonly accessLogs?: BucketAccessLogs;
  /**
   * One CORS rule, for browsers calling the bucket directly (presigned uploads). Checked as S3 and
   * browsers would (modules/s3/cors-rules.ts).
   * @default none: browsers may not call the bucket from other origins
   */
  readonly cors?: BucketCors;
  /**
   * The bucket receives CloudFront standard (legacy) logs. That delivery writes objects with ACLs,
   * the one thing here ACLs are enabled for: ownership becomes BucketOwnerPreferred (objects written
   * with bucket-owner-full-control still belong to this account) and the bucket ACL grants
   * FULL_CONTROL to this account and to CloudFront's log delivery account only, so CloudFront does
   * not rewrite it (and Terraform revert it) when logging is switched on. Needs `AES256`; the public
   * access blocks stay on. Name it in CloudFront as `bucketDomainName`.
   * @default false
   */
  readonly cloudFrontStandardLogs?: boolean;
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

/** One canonical user id lookup per stack, however many buckets take CloudFront logs. */
const canonicalUsers = new WeakMap<TerraformStack, DataAwsCanonicalUserId>();

function canonicalUserOf(scope: Construct): DataAwsCanonicalUserId {
  const stack = TerraformStack.of(scope);
  let user = canonicalUsers.get(stack);
  if (!user) {
    user = new DataAwsCanonicalUserId(stack, "s3-canonical-user-id");
    canonicalUsers.set(stack, user);
  }
  return user;
}

const isWholeFrom = (n: unknown, min: number) => typeof n === "number" && Number.isInteger(n) && n >= min;

/**
 * An S3 bucket with the guard rails every bucket here needs: encryption at rest, all four public
 * access blocks, ACLs disabled (except for CloudFront standard logs, see `cloudFrontStandardLogs`),
 * TLS-only bucket policy, versioning and lifecycle; optionally lifecycle rules by prefix, server
 * access logs to another SecureBucket, and one CORS rule.
 *
 * The bucket has one `aws_s3_bucket_policy` (S3 keeps one per bucket, so a second resource would
 * overwrite the first): the TLS deny, then every statement added by props, `addToResourcePolicy`,
 * a `grant*` helper or another bucket's `accessLogs`, rendered when the stack is synthesized.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** `<name>.s3.amazonaws.com`: how CloudFront standard logging names its target bucket. */
  public readonly bucketDomainName: string;
  /** `<name>.s3.<region>.amazonaws.com`: the domain of a CloudFront S3 origin. */
  public readonly bucketRegionalDomainName: string;
  /**
   * The bucket policy. Depend on it where AWS checks access when a resource is created (an ALB
   * test-writes to its access-log bucket).
   */
  public readonly policy: ITerraformDependable;

  private readonly statements: PolicyStatement[] = [];
  /** What access-log delivery needs to know of a target: its name, key and prefixes in use. */
  private readonly literalName: string | undefined;
  private readonly awsManagedKey: boolean;
  private readonly logPrefixes = new Set<string>();

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const encryption = props.encryption ?? "AES256";
    const cloudFrontLogs = props.cloudFrontStandardLogs ?? false;
    const noncurrentDays =
      props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;
    const problems = [
      ...this.encryptionProblems(props, encryption, cloudFrontLogs),
      ...(!Token.isUnresolved(props.bucketName) && !BUCKET_NAME.test(props.bucketName)
        ? [`bucketName must be ${BUCKET_NAME_EXPECTED}, got "${props.bucketName}"`]
        : []),
      ...(isWholeFrom(noncurrentDays, 1)
        ? []
        : [`noncurrentVersionExpirationDays must be a whole number of days from 1, got ${noncurrentDays}`]),
      ...(props.expirationDays === undefined || isWholeFrom(props.expirationDays, 1)
        ? []
        : [`expirationDays must be a whole number of days from 1, got ${props.expirationDays}`]),
      ...lifecycleRulesProblems(props.lifecycleRules ?? [], {
        expirationDays: props.expirationDays,
        noncurrentVersionExpirationDays: noncurrentDays,
      }),
      ...(props.cors ? corsProblems(props.cors).map((p) => `cors.${p}`) : []),
      ...(props.accessLogs ? this.accessLogProblems(props) : []),
    ];
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join("; ")}`);
    this.literalName = Token.isUnresolved(props.bucketName) ? undefined : props.bucketName;
    this.awsManagedKey = encryption === "aws:kms" && props.kmsKeyArn === undefined;

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.bucketDomainName = this.bucket.bucketDomainName;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;

    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: cloudFrontLogs ? "BucketOwnerPreferred" : "BucketOwnerEnforced" },
    });
    if (cloudFrontLogs) {
      const owner = canonicalUserOf(this).id;
      new S3BucketAcl(this, "acl", {
        bucket: this.bucket.id,
        accessControlPolicy: {
          owner: { id: owner },
          grant: [owner, CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID].map((grantee) => ({
            grantee: { type: "CanonicalUser", id: grantee },
            permission: "FULL_CONTROL",
          })),
        },
        // S3 refuses an ACL while ownership is still BucketOwnerEnforced.
        dependsOn: [ownership],
      });
    }
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
          id: BUCKET_WIDE_RULE_ID,
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS }],
          ...(props.expirationDays ? { expiration: [{ days: props.expirationDays }] } : {}),
        },
        ...(props.lifecycleRules ?? []).map(lifecycleRuleOf),
      ],
    });
    if (props.cors) {
      const cors = props.cors;
      new S3BucketCorsConfiguration(this, "cors", {
        bucket: this.bucket.id,
        corsRule: [
          {
            allowedOrigins: [...cors.allowedOrigins],
            allowedMethods: [...(cors.allowedMethods ?? DEFAULT_CORS_METHODS)],
            allowedHeaders: [...(cors.allowedHeaders ?? DEFAULT_CORS_ALLOWED_HEADERS)],
            exposeHeaders: [...(cors.exposeHeaders ?? DEFAULT_CORS_EXPOSE_HEADERS)],
            maxAgeSeconds: cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS,
          },
        ],
      });
    }
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
    if (props.accessLogs) this.logAccessTo(props.accessLogs);
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

  private encryptionProblems(
    props: SecureBucketProps,
    encryption: string,
    cloudFrontLogs: boolean,
  ): string[] {
    const problems: string[] = [];
    if (encryption !== "AES256" && encryption !== "aws:kms") {
      problems.push(`encryption must be "AES256" or "aws:kms", got ${JSON.stringify(encryption)}`);
    }
    if (props.kmsKeyArn !== undefined) {
      if (encryption !== "aws:kms") {
        problems.push(
          `kmsKeyArn needs encryption "aws:kms", got encryption "${encryption}"${props.encryption === undefined ? " (the default)" : ""}`,
        );
      } else if (!Token.isUnresolved(props.kmsKeyArn) && !KMS_KEY_ARN.test(props.kmsKeyArn)) {
        problems.push(
          `kmsKeyArn must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${props.kmsKeyArn}"`,
        );
      }
    }
    if (cloudFrontLogs && encryption !== "AES256") {
      problems.push(
        `encryption must be "AES256" with cloudFrontStandardLogs (CloudFront's log delivery is not granted any KMS key), got "${encryption}"`,
      );
    }
    return problems;
  }

  private accessLogProblems(props: SecureBucketProps): string[] {
    const { bucket: target, prefix } = props.accessLogs!;
    if (!(target instanceof SecureBucket)) {
      return ["accessLogs.bucket must be a SecureBucket (its policy is where log delivery is granted)"];
    }
    const problems: string[] = [];
    if (target.literalName !== undefined && target.literalName === props.bucketName) {
      problems.push(
        `accessLogs.bucket must be another bucket (one logging into itself logs its own log writes without end), got "${props.bucketName}"`,
      );
    }
    if (target.awsManagedKey) {
      problems.push(
        `accessLogs.bucket must be encrypted with AES256 or a customer managed key (S3 log delivery cannot use the AWS managed aws/s3 key), got ${target.node.path} with encryption "aws:kms" and no kmsKeyArn`,
      );
    }
    if (!Token.isUnresolved(prefix)) {
      if (typeof prefix !== "string" || !/^[^/*?][^*?]*\/$/.test(prefix)) {
        problems.push(
          `accessLogs.prefix must be a key prefix ending in "/" without a leading "/" or wildcards, e.g. "s3/uploads/", got ${JSON.stringify(prefix)}`,
        );
      } else if (target.logPrefixes.has(prefix)) {
        problems.push(
          `accessLogs.prefix must be one no other bucket logs to in ${target.node.path} (whose logs would be whose?), got "${prefix}"`,
        );
      }
    }
    return problems;
  }

  /**
   * Server access logs of this bucket into `logs.bucket`, granted by that bucket's policy: the
   * ACL-free way, and only for this bucket of this account (the confused-deputy keys S3 log delivery
   * sends).
   */
  private logAccessTo(logs: BucketAccessLogs): void {
    const target = logs.bucket;
    target.logPrefixes.add(logs.prefix);
    target.addToResourcePolicy({
      Effect: "Allow",
      Principal: { Service: S3_LOG_DELIVERY_SERVICE },
      Action: "s3:PutObject",
      Resource: `${target.bucketArn}/${logs.prefix}*`,
      Condition: {
        ArnLike: { "aws:SourceArn": this.bucketArn },
        StringEquals: { "aws:SourceAccount": awsContextOf(this).accountId },
      },
    });
    new S3BucketLoggingA(this, "access-logs", {
      bucket: this.bucket.id,
      targetBucket: target.bucket.id,
      targetPrefix: logs.prefix,
      // S3 checks that log delivery may write to the target when logging is switched on.
      dependsOn: [target.policy],
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

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

function lifecycleRuleOf(rule: BucketLifecycleRule): S3BucketLifecycleConfigurationRule {
  const transitions = rule.transitions ?? [];
  return {
    id: rule.id,
    status: "Enabled",
    filter: [{ prefix: rule.prefix ?? "" }],
    ...(transitions.length > 0
      ? { transition: transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) }
      : {}),
    ...(rule.expirationDays !== undefined ? { expiration: [{ days: rule.expirationDays }] } : {}),
    ...(rule.noncurrentVersionExpirationDays !== undefined
      ? { noncurrentVersionExpiration: [{ noncurrentDays: rule.noncurrentVersionExpirationDays }] }
      : {}),
    ...(rule.abortIncompleteMultipartUploadDays !== undefined
      ? { abortIncompleteMultipartUpload: [{ daysAfterInitiation: rule.abortIncompleteMultipartUploadDays }] }
      : {}),
  };
}

/** Principal "*" or { AWS: "*" }: everyone. */
function isEveryone(principal: PolicyStatement["Principal"]): boolean {
  if (principal === "*") return true;
  const aws = principal?.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}
