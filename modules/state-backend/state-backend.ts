import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { SecureBucket } from "../s3/secure-bucket";

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
    this.bucket = new SecureBucket(this, "state-bucket", {
      bucketName: props.bucketName,
      preventDestroy: true,
      noncurrentVersionExpirationDays: props.noncurrentVersionRetentionDays ?? 90,
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
