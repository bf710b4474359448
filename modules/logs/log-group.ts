import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "./retention";

export interface LogGroupProps {
  readonly name: string;
  /** One of CloudWatch's retention periods; logs never live forever by accident. */
  readonly retentionDays: number;
  /** Customer managed KMS key. @default CloudWatch Logs' own encryption */
  readonly kmsKeyArn?: string;
}

/** A CloudWatch log group that always has a retention period. */
export class LogGroup extends Construct {
  public readonly logGroupName: string;
  public readonly logGroupArn: string;
  /** The underlying resource, for `dependsOn` (a writer created before its log group would create it). */
  public readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    if (!isLogRetentionDays(props.retentionDays)) {
      throw new Error(
        `${this.node.path}: retentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${props.retentionDays}`,
      );
    }
    const group = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.resource = group;
    this.logGroupName = group.name;
    this.logGroupArn = group.arn;
  }
}
