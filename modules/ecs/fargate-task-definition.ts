import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Construct } from "constructs";
import { PolicyStatement } from "../iam/policy-document";
import { AwsContext, awsContextOf } from "../iam/aws-context";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { LogGroup } from "../logs/log-group";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../logs/retention";
import { ContainerProps, PortMappingName, containerDefinitionsJson, secretArnsByService } from "./container";
import { DEFAULT_TASK_CPU, DEFAULT_TASK_MEMORY_MIB, fargateSizeProblem } from "./fargate-sizes";
import { appProtocolProblem, portNameProblem } from "./service-connect-names";

/**
 * What runs in a Fargate task, whoever places it: a service (FargateService and its modes), or later
 * a scheduled RunTask or another launch type. Nothing here says where or how many.
 */
export interface FargateTaskProps {
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
  /** What the application itself may call. @default none */
  readonly taskRoleStatements?: readonly PolicyStatement[];
}

/** Where ECS Exec sessions are logged; an EcsCluster is one. */
export interface ExecCommandCluster {
  /** The cluster's session log group (its `executeCommandConfiguration` writes there). */
  readonly execLogGroupName: string;
}

export interface FargateTaskDefinitionProps extends FargateTaskProps {
  /**
   * What runs, e.g. the service or job name: the default family and role name prefix, and what the
   * roles' descriptions name.
   */
  readonly name: string;
  /** Task definition family (account-wide). @default name */
  readonly family?: string;
  /** Prefix for IAM role names (`<prefix>-exec`, `<prefix>-task`), unique per account. @default name */
  readonly roleNamePrefix?: string;
  /**
   * Let `aws ecs execute-command` into these tasks when they run in this cluster: the task role may
   * open the SSM session channel and write to the cluster's session log group. Whoever starts the
   * task (the service, a RunTask) must still turn exec on.
   * @default none: the task role has no ECS Exec permissions, so no session can be opened
   */
  readonly execCommandCluster?: ExecCommandCluster;
  /**
   * A name (and application protocol) for the container's port mapping: what a service's Service
   * Connect configuration addresses the port by. Set by FargateService from `serviceConnect.publish`.
   * @default none: the port mapping is unnamed, as a task without Service Connect needs
   */
  readonly portMapping?: PortMappingName;
}

/**
 * Why these task props are refused (worded to follow "<path>: "), or undefined. Checked before any
 * construct exists, by FargateTaskDefinition and by every construct that builds one, so a refused
 * size leaves nothing half-built and the message names the prop the caller set.
 */
export function fargateTaskProblem(props: FargateTaskProps): string | undefined {
  const cpu = props.cpu ?? DEFAULT_TASK_CPU;
  const memory = props.memoryMib ?? DEFAULT_TASK_MEMORY_MIB;
  const sizeProblem = fargateSizeProblem(cpu, memory);
  if (sizeProblem) {
    const [prop, value] = sizeProblem.field === "cpu" ? ["cpu", cpu] : ["memoryMib", memory];
    return `${prop} must be ${sizeProblem.expected}, got ${value}`;
  }
  const retention = props.logRetentionDays ?? 30;
  if (!isLogRetentionDays(retention)) {
    return `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${retention}`;
  }
  return undefined;
}

/**
 * Exactly the FargateTaskProps of a larger props object (a service's), for handing on to
 * FargateTaskDefinition. The type lists every key, so a prop added to FargateTaskProps fails to
 * compile here until it is passed on, instead of being silently dropped.
 */
export function fargateTaskPropsOf(props: FargateTaskProps): FargateTaskProps {
  return {
    container: props.container,
    cpu: props.cpu,
    memoryMib: props.memoryMib,
    cpuArchitecture: props.cpuArchitecture,
    logGroupName: props.logGroupName,
    logRetentionDays: props.logRetentionDays,
    logStreamPrefix: props.logStreamPrefix,
    taskRoleStatements: props.taskRoleStatements,
  } satisfies Record<keyof FargateTaskProps, unknown>;
}

/**
 * A Fargate task definition (awsvpc, Linux, one container logging to its own log group) with an
 * execution role that may pull exactly its image, write exactly its log group and read exactly its
 * secrets, and a task role with exactly `taskRoleStatements` (plus ECS Exec on request). It runs
 * nowhere by itself: a service or a RunTask places it.
 */
export class FargateTaskDefinition extends Construct {
  /** The ARN with revision: what a service or RunTask runs. */
  public readonly taskDefinitionArn: string;
  /** The ARN without `:<revision>`: for IAM on RunTask and EventBridge targets that follow new revisions. */
  public readonly taskDefinitionArnWithoutRevision: string;
  public readonly family: string;
  /** The application's role: modules grant to it (`bucket.grantRead(task.taskRole)`). */
  public readonly taskRole: Role;
  public readonly taskRoleArn: string;
  public readonly taskRoleName: string;
  public readonly executionRoleArn: string;
  public readonly executionRoleName: string;
  public readonly logGroupName: string;
  public readonly logGroupArn: string;
  /** The one container's name: a load balancer or a RunTask override addresses it by name. */
  public readonly containerName: string;
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: FargateTaskDefinitionProps) {
    super(scope, id);
    const problem = fargateTaskProblem(props);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    const mapping = props.portMapping;
    const mappingProblem =
      mapping &&
      (portNameProblem("portMapping.name", mapping.name) ??
        (mapping.appProtocol !== undefined
          ? appProtocolProblem("portMapping.appProtocol", mapping.appProtocol)
          : undefined));
    if (mappingProblem) throw new Error(`${this.node.path}: ${mappingProblem}`);

    const logGroup = new LogGroup(this, "logs", {
      name: props.logGroupName,
      retentionDays: props.logRetentionDays ?? 30,
    });
    const roles = this.createRoles(props, logGroup);

    const taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.family ?? props.name,
      cpu: String(props.cpu ?? DEFAULT_TASK_CPU),
      memory: String(props.memoryMib ?? DEFAULT_TASK_MEMORY_MIB),
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? "X86_64" },
      executionRoleArn: roles.execution.roleArn,
      taskRoleArn: roles.task.roleArn,
      containerDefinitions: containerDefinitionsJson(
        props.container,
        {
          logGroupName: logGroup.logGroupName,
          region: awsContextOf(this).region,
          streamPrefix: props.logStreamPrefix ?? props.container.name,
        },
        props.portMapping,
      ),
    });

    this.taskDefinitionArn = taskDefinition.arn;
    this.taskDefinitionArnWithoutRevision = taskDefinition.arnWithoutRevision;
    this.family = taskDefinition.family;
    this.taskRole = roles.task;
    this.taskRoleArn = roles.task.roleArn;
    this.taskRoleName = roles.task.roleName;
    this.executionRoleArn = roles.execution.roleArn;
    this.executionRoleName = roles.execution.roleName;
    this.logGroupName = logGroup.logGroupName;
    this.logGroupArn = logGroup.logGroupArn;
    this.containerName = props.container.name;
    this.containerPort = props.container.port;
  }

  private createRoles(
    props: FargateTaskDefinitionProps,
    logGroup: LogGroup,
  ): { execution: Role; task: Role } {
    const prefix = props.roleNamePrefix ?? props.name;
    const secrets = secretArnsByService(props.container.secrets ?? {});
    const execution = new Role(this, "execution-role", {
      roleName: `${prefix}-exec`,
      assumedBy: ServicePrincipals.ecsTasks,
      description: `Pulls the image, writes logs and reads the secrets of ${props.name}`,
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
    const task = new Role(this, "task-role", {
      roleName: `${prefix}-task`,
      assumedBy: ServicePrincipals.ecsTasks,
      description: `Application permissions of ${props.name}`,
      statements: [
        ...(props.execCommandCluster
          ? execCommandStatements(props.execCommandCluster, awsContextOf(this))
          : []),
        ...(props.taskRoleStatements ?? []),
      ],
    });
    return { execution, task };
  }
}

/** ECS Exec: the SSM channel (only grantable on "*") and the cluster's session log group. */
function execCommandStatements(cluster: ExecCommandCluster, aws: AwsContext): PolicyStatement[] {
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
      Resource: `arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:${cluster.execLogGroupName}:*`,
    },
    { Sid: "ExecSessionLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
  ];
}
