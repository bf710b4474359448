import { EcsCluster as AwsEcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { LogGroup } from "../logs/log-group";
import { NAMESPACE_ARN, NAMESPACE_ARN_EXPECTED } from "../servicediscovery/namespace-name";
import { IServiceConnectNamespace } from "../servicediscovery/service-connect-namespace";

export interface EcsClusterProps {
  readonly clusterName: string;
  /** Retention of the ECS Exec session log group. @default 90 */
  readonly execLogRetentionDays?: number;
  /**
   * KMS key for the ECS Exec session log group. Exec session encryption is requested only with a key:
   * the SSM agent refuses every session when `cloud_watch_encryption_enabled` is true and the log
   * group has no KMS key. @default CloudWatch Logs' own encryption, and no encryption check
   */
  readonly execLogKmsKeyArn?: string;
  /** `enhanced` adds task- and container-level metrics at extra cost. @default "enabled" */
  readonly containerInsights?: "enabled" | "enhanced";
  /**
   * The cluster's default Service Connect namespace (`service_connect_defaults`): what a service
   * created outside Terraform (console, `aws ecs create-service --service-connect-configuration
   * enabled=true`) joins when it names none. The service modules always name theirs.
   * @default none
   */
  readonly defaultServiceConnectNamespace?: IServiceConnectNamespace;
}

/**
 * A Fargate cluster: Container Insights on, FARGATE and FARGATE_SPOT available (FARGATE by default),
 * and every ECS Exec session logged to CloudWatch.
 */
export class EcsCluster extends Construct {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly execLogGroupName: string;
  /**
   * The association of FARGATE / FARGATE_SPOT with the cluster. A service with a capacity provider
   * strategy must `dependsOn` it: ECS rejects a strategy naming a provider not yet associated.
   */
  public readonly capacityProviders: ITerraformDependable;
  /** The default Service Connect namespace's ARN; undefined without `defaultServiceConnectNamespace`. */
  public readonly defaultServiceConnectNamespaceArn?: string;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const defaultNamespaceArn = props.defaultServiceConnectNamespace?.namespaceArn;
    if (
      props.defaultServiceConnectNamespace !== undefined &&
      (typeof defaultNamespaceArn !== "string" ||
        (!Token.isUnresolved(defaultNamespaceArn) && !NAMESPACE_ARN.test(defaultNamespaceArn)))
    ) {
      throw new Error(
        `${this.node.path}: defaultServiceConnectNamespace.namespaceArn must be ${NAMESPACE_ARN_EXPECTED}, got ${JSON.stringify(defaultNamespaceArn)}`,
      );
    }
    const execLogs = new LogGroup(this, "exec-logs", {
      name: `/aws/ecs/${props.clusterName}/exec`,
      retentionDays: props.execLogRetentionDays ?? 90,
      ...(props.execLogKmsKeyArn ? { kmsKeyArn: props.execLogKmsKeyArn } : {}),
    });
    const cluster = new AwsEcsCluster(this, "cluster", {
      name: props.clusterName,
      setting: [{ name: "containerInsights", value: props.containerInsights ?? "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          logging: "OVERRIDE",
          logConfiguration: {
            cloudWatchLogGroupName: execLogs.logGroupName,
            cloudWatchEncryptionEnabled: props.execLogKmsKeyArn !== undefined,
          },
        },
      },
      ...(defaultNamespaceArn ? { serviceConnectDefaults: { namespace: defaultNamespaceArn } } : {}),
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.execLogGroupName = execLogs.logGroupName;
    this.defaultServiceConnectNamespaceArn = defaultNamespaceArn;
  }
}
