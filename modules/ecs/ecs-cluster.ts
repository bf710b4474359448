import { EcsCluster as AwsEcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "constructs";
import { LogGroup } from "../logs/log-group";

export interface EcsClusterProps {
  readonly clusterName: string;
  /** Retention of the ECS Exec session log group. @default 90 */
  readonly execLogRetentionDays?: number;
  /** `enhanced` adds task- and container-level metrics at extra cost. @default "enabled" */
  readonly containerInsights?: "enabled" | "enhanced";
}

/**
 * A Fargate cluster: Container Insights on, FARGATE and FARGATE_SPOT available (FARGATE by default),
 * and every ECS Exec session logged to CloudWatch.
 */
export class EcsCluster extends Construct {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly execLogGroupName: string;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const execLogs = new LogGroup(this, "exec-logs", {
      name: `/aws/ecs/${props.clusterName}/exec`,
      retentionDays: props.execLogRetentionDays ?? 90,
    });
    const cluster = new AwsEcsCluster(this, "cluster", {
      name: props.clusterName,
      setting: [{ name: "containerInsights", value: props.containerInsights ?? "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchLogGroupName: execLogs.logGroupName, cloudWatchEncryptionEnabled: true },
        },
      },
    });
    new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.execLogGroupName = execLogs.logGroupName;
  }
}
