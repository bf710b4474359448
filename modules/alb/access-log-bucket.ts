import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { SecureBucket } from "../s3/secure-bucket";

/** Service principal that delivers ALB access logs in regions launched from August 2022 on. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

export interface AlbAccessLogBucketProps {
  /** Key prefix the load balancer writes under: `<prefix>/AWSLogs/<account>/...`. */
  readonly prefix: string;
  /**
   * Globally unique S3 bucket name.
   * @default "<prefix>-alb-logs-<account id>" (lowercased)
   */
  readonly bucketName?: string;
  /** Days before log objects expire. @default 90 */
  readonly retentionDays?: number;
  /**
   * Dev only: lets `terraform destroy` delete the bucket with its logs. Off, destroy stops at a
   * bucket that still holds logs (AWS writes a test object as soon as logging is enabled), so the
   * logs outlive the load balancer.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * The S3 bucket an ALB writes access logs to: a SecureBucket with SSE-S3 (`AES256`, the only
 * encryption ELB log delivery accepts), lifecycle expiry, and a bucket policy that lets ELB log
 * delivery put objects under `<prefix>/AWSLogs/<this account>/` only. Both delivery principals are
 * granted: the regional ELB account (`aws_elb_service_account`, regions older than August 2022) and the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service (newer regions).
 */
export class AlbAccessLogBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly prefix: string;
  /** The bucket policy; the load balancer must depend on it, since AWS checks write access when logs are enabled. */
  public readonly policy: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AlbAccessLogBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 90;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(
        `${this.node.path}: retentionDays must be a whole number of days >= 1, got ${retentionDays}`,
      );
    }
    if (!Token.isUnresolved(props.prefix)) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(props.prefix) || props.prefix.includes("AWSLogs")) {
        throw new Error(
          `${this.node.path}: prefix must be letters, digits, ".", "_" or "-" without "/" or "AWSLogs", got "${props.prefix}"`,
        );
      }
    }
    if (props.bucketName !== undefined && !Token.isUnresolved(props.bucketName)) {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
        throw new Error(
          `${this.node.path}: bucketName must be an S3 bucket name (3-63 lowercase letters, digits, "." and "-"), got "${props.bucketName}"`,
        );
      }
    }

    const account = new DataAwsCallerIdentity(this, "account");
    const elbAccount = new DataAwsElbServiceAccount(this, "elb-account");
    const prefixForName = Token.isUnresolved(props.prefix) ? props.prefix : props.prefix.toLowerCase();
    const bucketName = props.bucketName ?? `${prefixForName}-alb-logs-${account.accountId}`;

    const bucket = new SecureBucket(this, "bucket", {
      bucketName,
      encryption: "AES256",
      expirationDays: retentionDays,
      // Logs are written once; noncurrent versions only come from expiry or deletion.
      noncurrentVersionExpirationDays: 30,
      forceDestroy: props.forceDestroy ?? false,
    });
    // Put only, and only under this load balancer's prefix in this account.
    const logObjects = `${props.prefix}/AWSLogs/${account.accountId}/`;
    bucket.grantPut(elbAccount.arn, logObjects, { sid: "AllowElbLogDeliveryLegacyRegions" });
    bucket.grantPut({ service: ELB_LOG_DELIVERY_SERVICE }, logObjects, { sid: "AllowElbLogDeliveryService" });

    this.policy = bucket.policy;
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
    this.prefix = props.prefix;
  }
}
