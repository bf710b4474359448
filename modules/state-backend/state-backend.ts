import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { SecureBucket } from "../s3/secure-bucket";
import { LOCK_TABLE_NAME, LOCK_TABLE_NAME_EXPECTED } from "./lock-table-name";

export interface StateBackendProps {
  readonly bucketName: string;
  readonly lockTableName: string;
  /** @default 90 */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * The S3 bucket and DynamoDB lock table every other stack's backend points at. Both refuse deletion:
 * losing them loses every environment's state.
 */
export class StateBackend extends Construct {
  public readonly bucket: SecureBucket;
  public readonly lockTable: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const days = props.noncurrentVersionRetentionDays ?? 90;
    const problems = [
      LOCK_TABLE_NAME.test(props.lockTableName)
        ? undefined
        : `lockTableName must be ${LOCK_TABLE_NAME_EXPECTED}, got "${props.lockTableName}"`,
      Number.isInteger(days) && days >= 1
        ? undefined
        : `noncurrentVersionRetentionDays must be a whole number of days from 1 (old state versions are the undo), got ${days}`,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join("; ")}`);
    this.bucket = new SecureBucket(this, "state-bucket", {
      bucketName: props.bucketName,
      // State can hold secrets, and with SSE-KMS every read of it is a key use in CloudTrail.
      encryption: "aws:kms",
      preventDestroy: true,
      noncurrentVersionExpirationDays: days,
    });
    this.lockTable = new DynamodbTable(this, "lock-table", {
      name: props.lockTableName,
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
