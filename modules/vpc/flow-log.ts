import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument } from "../iam/policy-document";
import { LogGroup } from "../logs/log-group";

export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

export interface VpcFlowLogProps {
  readonly vpcId: string;
  /** Names the log group (`/aws/vpc-flow-logs/<name>`) and the role (`<name>-vpc-flow-logs`). */
  readonly name: string;
  readonly retentionDays: number;
  readonly trafficType: FlowLogTrafficType;
}

/** VPC flow logs delivered to their own CloudWatch log group by a role that can write only there. */
export class VpcFlowLog extends Construct {
  public readonly logGroupName: string;
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const group = new LogGroup(this, "log-group", {
      name: `/aws/vpc-flow-logs/${props.name}`,
      retentionDays: props.retentionDays,
    });

    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const region = new DataAwsRegion(this, "region");
    const role = new IamRole(this, "role", {
      name: `${props.name}-vpc-flow-logs`,
      description: `Delivers VPC flow logs of ${props.name} to CloudWatch Logs`,
      assumeRolePolicy: trustPolicy(account.accountId, partition.partition, region.name),
    });
    // The group exists before the flow log, so no logs:CreateLogGroup; `:*` covers its log streams.
    const policy = new IamRolePolicy(this, "write-logs", {
      name: "write-flow-logs",
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
            "logs:DescribeLogGroups",
          ],
          Resource: [group.logGroupArn, `${group.logGroupArn}:*`],
        },
      ]),
    });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.logGroupArn,
      iamRoleArn: role.arn,
      tags: { Name: `${props.name}-flow-log` },
      // Without the policy in place the first deliveries fail and the flow log reports an access error.
      dependsOn: [policy],
    });

    this.logGroupName = group.logGroupName;
    this.logGroupArn = group.logGroupArn;
  }
}

/**
 * vpc-flow-logs may assume the role only for flow logs of this account and region (confused-deputy
 * guard). Written out because `PolicyStatement` requires a Resource, which trust policies have none of.
 */
function trustPolicy(accountId: string, partition: string, region: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
        },
      },
    ],
  });
}
