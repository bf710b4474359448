import { AwsContext } from "./aws-context";

/**
 * An AWS service that assumes a role, and the confused-deputy guard its trust policy carries.
 * `sourceArn` is set only where the service's documentation says it sends `aws:SourceAccount` and
 * `aws:SourceArn` when it assumes the role: a condition on a key the service does not send makes the
 * role unusable, and the emulator would not notice.
 */
export interface ServicePrincipal {
  readonly service: string;
  /** The resources on whose behalf the service may assume the role. @default none (no condition) */
  readonly sourceArn?: (context: AwsContext) => string;
}

const arn = (c: AwsContext, service: string, resource: string) =>
  `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`;

export const ServicePrincipals = {
  /** ECS task and task-execution roles (documented: aws:SourceArn arn:...:ecs:<region>:<account>:*). */
  ecsTasks: { service: "ecs-tasks.amazonaws.com", sourceArn: (c) => arn(c, "ecs", "*") },
  /** EventBridge Scheduler's execution role, for schedules of this account and region. */
  scheduler: {
    service: "scheduler.amazonaws.com",
    sourceArn: (c) => arn(c, "scheduler", "schedule-group/*"),
  },
  /** EventBridge rules' target role, for rules of this account and region. */
  events: { service: "events.amazonaws.com", sourceArn: (c) => arn(c, "events", "rule/*") },
  /** RDS Enhanced Monitoring, for DB instances of this account and region. */
  rdsMonitoring: { service: "monitoring.rds.amazonaws.com", sourceArn: (c) => arn(c, "rds", "db:*") },
  /** VPC flow log delivery, for flow logs of this account and region. */
  vpcFlowLogs: { service: "vpc-flow-logs.amazonaws.com", sourceArn: (c) => arn(c, "ec2", "vpc-flow-log/*") },
  /**
   * Lambda execution roles: the Lambda documentation names no source keys for the execution role's
   * trust (Lambda assumes it for the function itself), so no condition.
   */
  lambda: { service: "lambda.amazonaws.com" },
  /**
   * EC2 instance profiles: EC2 documents no source keys when it assumes an instance's role, so no
   * condition; the instance profile is what ties the role to instances.
   */
  ec2: { service: "ec2.amazonaws.com" },
} as const satisfies Record<string, ServicePrincipal>;
