import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { EcsService, EcsServiceLoadBalancer } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement } from "../iam/policy-document";
import { ServiceRole } from "../iam/service-role";
import { LogGroup } from "../logs/log-group";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import { ContainerProps, containerDefinitionsJson, secretArnsByService } from "./container";
import { EcsCluster } from "./ecs-cluster";
import { fargateSizeProblem } from "./fargate-sizes";

/** What every Fargate service shares, whatever its mode. */
export interface FargateServiceProps {
  /** ECS service name (unique in the cluster). */
  readonly serviceName: string;
  /** Task definition family (account-wide). @default serviceName */
  readonly taskFamily?: string;
  readonly cluster: EcsCluster;
  readonly vpcId: string;
  /** Private subnets; tasks never get a public IP. */
  readonly subnetIds: readonly string[];
  readonly container: ContainerProps;
  /** Task CPU units. @default 512 */
  readonly cpu?: number;
  /** Task memory in MiB; must be a Fargate size for `cpu`. @default 1024 */
  readonly memoryMib?: number;
  /** @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  readonly logGroupName: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** awslogs stream prefix. @default the container name */
  readonly logStreamPrefix?: string;
  /** Allow `aws ecs execute-command` (sessions logged by the cluster). @default false */
  readonly enableExecuteCommand?: boolean;
  /** What the application itself may call. @default none */
  readonly taskRoleStatements?: readonly PolicyStatement[];
  /** Run on FARGATE_SPOT (for work that tolerates interruption). @default false */
  readonly fargateSpot?: boolean;
  /** Prefix for IAM role names, which must be unique per account. @default serviceName */
  readonly roleNamePrefix?: string;
}

/** How a mode (singleton, autoscaled, on-demand) drives the service. Not a user-facing prop. */
export interface ServiceModeSettings {
  readonly desiredCount: number;
  readonly deploymentMaximumPercent: number;
  readonly deploymentMinimumHealthyPercent: number;
  readonly availabilityZoneRebalancing: "ENABLED" | "DISABLED";
  /** Leave `desired_count` to something else (autoscaling, a schedule) after creation. */
  readonly desiredCountManagedElsewhere: boolean;
  readonly loadBalancer?: EcsServiceLoadBalancer & { readonly dependsOn: ITerraformDependable[] };
  readonly healthCheckGracePeriodSeconds?: number;
}

/**
 * The shared core of the service modes: log group, execution and task roles, task definition,
 * security group and the ECS service, with a deployment circuit breaker that rolls back.
 */
export class FargateService extends Construct implements IConnectable {
  public readonly serviceName: string;
  public readonly serviceId: string;
  public readonly clusterName: string;
  public readonly taskDefinitionArn: string;
  public readonly taskRoleArn: string;
  public readonly executionRoleArn: string;
  public readonly logGroupName: string;
  public readonly securityGroupId: string;
  public readonly connections: Connections;
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: FargateServiceProps, mode: ServiceModeSettings) {
    super(scope, id);
    const cpu = props.cpu ?? 512;
    const memory = props.memoryMib ?? 1024;
    const sizeProblem = fargateSizeProblem(cpu, memory);
    if (sizeProblem) {
      const [prop, value] = sizeProblem.field === "cpu" ? ["cpu", cpu] : ["memoryMib", memory];
      throw new Error(`${this.node.path}: ${prop} must be ${sizeProblem.expected}, got ${value}`);
    }
    if (props.subnetIds.length === 0)
      throw new Error(`${this.node.path}: subnetIds must name at least one private subnet`);

    const logGroup = new LogGroup(this, "logs", {
      name: props.logGroupName,
      retentionDays: props.logRetentionDays ?? 30,
    });
    const region = new DataAwsRegion(this, "region");
    const roles = this.createRoles(props, logGroup);

    const taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.taskFamily ?? props.serviceName,
      cpu: String(cpu),
      memory: String(memory),
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? "X86_64" },
      executionRoleArn: roles.execution.roleArn,
      taskRoleArn: roles.task.roleArn,
      containerDefinitions: containerDefinitionsJson(props.container, {
        logGroupName: logGroup.logGroupName,
        region: region.name,
        streamPrefix: props.logStreamPrefix ?? props.container.name,
      }),
    });

    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: props.serviceName,
      description: `ECS service ${props.serviceName}`,
      defaultPort: Port.tcp(props.container.port),
    });

    const service = new EcsService(this, "service", {
      name: props.serviceName,
      cluster: props.cluster.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: mode.desiredCount,
      capacityProviderStrategy: [
        { capacityProvider: props.fargateSpot ? "FARGATE_SPOT" : "FARGATE", weight: 1, base: 0 },
      ],
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [securityGroup.securityGroupId],
        assignPublicIp: false,
      },
      deploymentMaximumPercent: mode.deploymentMaximumPercent,
      deploymentMinimumHealthyPercent: mode.deploymentMinimumHealthyPercent,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      availabilityZoneRebalancing: mode.availabilityZoneRebalancing,
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      waitForSteadyState: false,
      ...(mode.loadBalancer
        ? {
            loadBalancer: [
              {
                targetGroupArn: mode.loadBalancer.targetGroupArn,
                containerName: mode.loadBalancer.containerName,
                containerPort: mode.loadBalancer.containerPort,
              },
            ],
          }
        : {}),
      // The capacity provider strategy needs FARGATE / FARGATE_SPOT associated with the cluster first.
      dependsOn: [props.cluster.capacityProviders, ...(mode.loadBalancer?.dependsOn ?? [])],
      ...(mode.healthCheckGracePeriodSeconds !== undefined
        ? { healthCheckGracePeriodSeconds: mode.healthCheckGracePeriodSeconds }
        : {}),
      lifecycle: mode.desiredCountManagedElsewhere ? { ignoreChanges: ["desired_count"] } : {},
    });

    this.serviceName = service.name;
    this.serviceId = service.id;
    this.clusterName = props.cluster.clusterName;
    this.taskDefinitionArn = taskDefinition.arn;
    this.taskRoleArn = roles.task.roleArn;
    this.executionRoleArn = roles.execution.roleArn;
    this.logGroupName = logGroup.logGroupName;
    this.securityGroupId = securityGroup.securityGroupId;
    this.connections = securityGroup.connections;
    this.containerPort = props.container.port;
  }

  private createRoles(
    props: FargateServiceProps,
    logGroup: LogGroup,
  ): { execution: ServiceRole; task: ServiceRole } {
    const prefix = props.roleNamePrefix ?? props.serviceName;
    const secrets = secretArnsByService(props.container.secrets ?? {});
    const execution = new ServiceRole(this, "execution-role", {
      roleName: `${prefix}-exec`,
      servicePrincipal: "ecs-tasks.amazonaws.com",
      description: `Pulls the image, writes logs and reads the secrets of ${props.serviceName}`,
      statements: [
        // GetAuthorizationToken is account-wide by design; it grants no image access by itself.
        { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ...(props.container.image.repositoryArn
          ? [
              {
                Sid: "PullImage",
                Effect: "Allow" as const,
                Action: [
                  "ecr:BatchCheckLayerAvailability",
                  "ecr:BatchGetImage",
                  "ecr:GetDownloadUrlForLayer",
                ],
                Resource: props.container.image.repositoryArn,
              },
            ]
          : []),
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroup.logGroupArn}:*`,
        },
        ...(secrets.ssm.length > 0
          ? [
              {
                Sid: "ReadParameters",
                Effect: "Allow" as const,
                Action: "ssm:GetParameters",
                Resource: secrets.ssm,
              },
            ]
          : []),
        ...(secrets.secretsManager.length > 0
          ? [
              {
                Sid: "ReadSecrets",
                Effect: "Allow" as const,
                Action: "secretsmanager:GetSecretValue",
                Resource: secrets.secretsManager,
              },
            ]
          : []),
      ],
    });
    const task = new ServiceRole(this, "task-role", {
      roleName: `${prefix}-task`,
      servicePrincipal: "ecs-tasks.amazonaws.com",
      description: `Application permissions of ${props.serviceName}`,
      statements: [
        ...(props.enableExecuteCommand ? execCommandStatements(props.cluster) : []),
        ...(props.taskRoleStatements ?? []),
      ],
    });
    return { execution, task };
  }
}

/** ECS Exec: the SSM channel (only grantable on "*") and the cluster's session log group. */
function execCommandStatements(cluster: EcsCluster): PolicyStatement[] {
  return [
    {
      Sid: "ExecSessionChannel",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      Sid: "ExecSessionLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: `arn:aws:logs:*:*:log-group:${cluster.execLogGroupName}:*`,
    },
    { Sid: "ExecSessionLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
  ];
}
