import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Construct } from "constructs";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
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

    // The group exists before the flow log, so no logs:CreateLogGroup; `:*` covers its log streams.
    const role = new Role(this, "role", {
      roleName: `${props.name}-vpc-flow-logs`,
      assumedBy: ServicePrincipals.vpcFlowLogs,
      description: `Delivers VPC flow logs of ${props.name} to CloudWatch Logs`,
      policyName: "write-flow-logs",
      statements: [
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
      ],
    });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.logGroupArn,
      iamRoleArn: role.roleArn,
      tags: { Name: `${props.name}-flow-log` },
      // Without the policy in place the first deliveries fail and the flow log reports an access error.
      dependsOn: role.grants,
    });

    this.logGroupName = group.logGroupName;
    this.logGroupArn = group.logGroupArn;
  }
}
