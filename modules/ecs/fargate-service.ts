import { EcsService, EcsServiceLoadBalancer } from "@cdktf/provider-aws/lib/ecs-service";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { IGrantable } from "../iam/role";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import { EcsCluster } from "./ecs-cluster";
import {
  FargateTaskDefinition,
  FargateTaskProps,
  fargateTaskProblem,
  fargateTaskPropsOf,
} from "./fargate-task-definition";
import {
  ResolvedServiceConnect,
  ServiceConnectProps,
  claimEndpoint,
  portMappingOf,
  publishedEndpoint,
  resolveServiceConnect,
  serviceConnectProblems,
} from "./service-connect";

/** Where and as what a Fargate service runs its task: the placement half of FargateServiceProps. */
export interface FargateServicePlacementProps {
  /** ECS service name (unique in the cluster). */
  readonly serviceName: string;
  readonly cluster: EcsCluster;
  readonly vpcId: string;
  /** Private subnets; tasks never get a public IP. */
  readonly subnetIds: readonly string[];
  /** Allow `aws ecs execute-command` (sessions logged by the cluster). @default false */
  readonly enableExecuteCommand?: boolean;
  /** Run on FARGATE_SPOT (for work that tolerates interruption). @default false */
  readonly fargateSpot?: boolean;
  /**
   * ECS Service Connect: join a Cloud Map namespace to call its endpoints by short name
   * (`{ namespace }`), and with `publish` serve one (`oms:50051`). See ServiceConnectProps.
   * @default none: no proxy in the tasks; the service neither calls nor serves endpoints
   */
  readonly serviceConnect?: ServiceConnectProps;
}

/**
 * What every Fargate service shares, whatever its mode: what runs (FargateTaskProps, handed to the
 * service's FargateTaskDefinition) and where (FargateServicePlacementProps).
 */
export interface FargateServiceProps extends FargateTaskProps, FargateServicePlacementProps {
  /** Task definition family (account-wide). @default serviceName */
  readonly taskFamily?: string;
  /** Prefix for IAM role names, which must be unique per account. @default serviceName */
  readonly roleNamePrefix?: string;
  /**
   * Who decides which task definition revision the service runs.
   * - "terraform": the configured image tag is the running image; a release is a config change and
   *   a deploy (README "Image rollouts"); `grantDeploy` is refused.
   * - "ci": Terraform creates the service on the first revision (with the configured tag) and then
   *   ignores `task_definition`; CI registers revisions with new images and updates the service
   *   (`grantDeploy`), so a deploy never puts an older image back. Container changes made in
   *   Terraform (environment, secrets, size) register a new revision that CI's next release builds
   *   on; the running tasks keep CI's revision until then.
   * @default "terraform"
   */
  readonly taskDefinitionOwner?: TaskDefinitionOwner;
}

/** Who decides which task definition revision a service runs (FargateServiceProps.taskDefinitionOwner). */
export type TaskDefinitionOwner = "terraform" | "ci";

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
 * The shared core of the service modes: a FargateTaskDefinition (log group, execution and task
 * roles, task definition), its security group and the ECS service, with a deployment circuit breaker
 * that rolls back.
 */
export class FargateService extends Construct implements IConnectable {
  public readonly serviceName: string;
  public readonly serviceId: string;
  public readonly clusterName: string;
  /** What the service runs; also what a RunTask of the same work would run. */
  public readonly taskDefinition: FargateTaskDefinition;
  public readonly taskDefinitionArn: string;
  public readonly taskRoleArn: string;
  public readonly executionRoleArn: string;
  public readonly logGroupName: string;
  public readonly securityGroupId: string;
  public readonly connections: Connections;
  public readonly containerPort: number;
  /** `arn:<partition>:ecs:<region>:<account>:service/<cluster>/<service>` (the service's id). */
  public readonly serviceArn: string;
  /** Whose revisions the service runs; see FargateServiceProps.taskDefinitionOwner. */
  public readonly taskDefinitionOwner: TaskDefinitionOwner;
  /** The Service Connect namespace the service joined; undefined without `serviceConnect`. */
  public readonly serviceConnectNamespaceArn?: string;
  /**
   * What clients in the namespace dial, `<dnsName>:<port>`, e.g. "oms:50051": a gRPC target as is,
   * an HTTP base URL as `http://oms:50051`. The same in every environment with the default short
   * dnsName. Undefined unless the service publishes.
   */
  public readonly serviceConnectEndpoint?: string;
  /** The port mapping name ECS addresses the published port by; undefined unless the service publishes. */
  public readonly serviceConnectPortName?: string;
  /** The Cloud Map service ECS creates for the endpoint; undefined unless the service publishes. */
  public readonly serviceConnectDiscoveryName?: string;
  /** The ECS service resource: what a Service Connect caller (`connectsTo`) waits for. */
  private readonly ecsService: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps, mode: ServiceModeSettings) {
    super(scope, id);
    // Checked here as well as in FargateTaskDefinition: nothing is built for refused props, and the
    // message names this service rather than its inner task definition.
    const problem = fargateTaskProblem(props);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    if (props.subnetIds.length === 0)
      throw new Error(`${this.node.path}: subnetIds must name at least one private subnet`);
    const owner = props.taskDefinitionOwner ?? "terraform";
    if (owner !== "terraform" && owner !== "ci") {
      throw new Error(
        `${this.node.path}: taskDefinitionOwner must be "terraform" or "ci", got "${String(owner)}"`,
      );
    }
    const serviceConnect = props.serviceConnect;
    if (serviceConnect) this.checkServiceConnect(serviceConnect, props.container.port);
    // What Terraform leaves alone after creation: the count when something else scales the
    // service, the revision when CI rolls it out.
    const ignoreChanges = [
      ...(mode.desiredCountManagedElsewhere ? ["desired_count"] : []),
      ...(owner === "ci" ? ["task_definition"] : []),
    ];

    // Id "Default" is left out of Terraform logical ids (cdktf's makeUniqueId), so the log group,
    // roles, region and task definition keep the addresses they had before the split: a new address
    // would destroy the log group (and its logs) and recreate the roles under the same names.
    const taskDefinition = new FargateTaskDefinition(this, "Default", {
      ...fargateTaskPropsOf(props),
      name: props.serviceName,
      family: props.taskFamily,
      roleNamePrefix: props.roleNamePrefix,
      ...(props.enableExecuteCommand ? { execCommandCluster: props.cluster } : {}),
      ...(serviceConnect?.publish ? { portMapping: portMappingOf(serviceConnect.publish) } : {}),
    });
    const connect: ResolvedServiceConnect | undefined = serviceConnect
      ? resolveServiceConnect(serviceConnect, props.container.port, {
          logGroupName: taskDefinition.logGroupName,
          region: awsContextOf(this).region,
        })
      : undefined;

    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: props.serviceName,
      description: `ECS service ${props.serviceName}`,
      defaultPort: Port.tcp(props.container.port),
      // Tasks pull images, fetch secrets and ship logs through NAT: destinations not known here.
      allowAllOutbound: true,
    });

    const service = new EcsService(this, "service", {
      name: props.serviceName,
      cluster: props.cluster.clusterArn,
      taskDefinition: taskDefinition.taskDefinitionArn,
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
      ...(connect ? { serviceConnectConfiguration: connect.configuration } : {}),
      // The capacity provider strategy needs FARGATE / FARGATE_SPOT associated with the cluster first;
      // a Service Connect caller's tasks see only the endpoints that exist when they start.
      dependsOn: [
        props.cluster.capacityProviders,
        ...(mode.loadBalancer?.dependsOn ?? []),
        ...(serviceConnect?.connectsTo ?? []).map((server) => server.ecsService),
      ],
      ...(mode.healthCheckGracePeriodSeconds !== undefined
        ? { healthCheckGracePeriodSeconds: mode.healthCheckGracePeriodSeconds }
        : {}),
      lifecycle: ignoreChanges.length > 0 ? { ignoreChanges } : {},
    });

    this.serviceName = service.name;
    this.serviceId = service.id;
    this.clusterName = props.cluster.clusterName;
    this.taskDefinition = taskDefinition;
    this.taskDefinitionArn = taskDefinition.taskDefinitionArn;
    this.taskRoleArn = taskDefinition.taskRoleArn;
    this.executionRoleArn = taskDefinition.executionRoleArn;
    this.logGroupName = taskDefinition.logGroupName;
    this.securityGroupId = securityGroup.securityGroupId;
    this.connections = securityGroup.connections;
    this.containerPort = taskDefinition.containerPort;
    this.serviceArn = service.id;
    this.taskDefinitionOwner = owner;
    this.ecsService = service;
    this.serviceConnectNamespaceArn = connect?.namespaceArn;
    this.serviceConnectEndpoint = connect?.published?.endpoint;
    this.serviceConnectPortName = connect?.published?.portName;
    this.serviceConnectDiscoveryName = connect?.published?.discoveryName;
    // The publishing task's proxy listens on its container port (awsvpc), so this is the rule a
    // caller needs, and the one `server.connections.allowFrom(caller, Port.tcp(port))` makes.
    for (const server of serviceConnect?.connectsTo ?? []) {
      server.connections.allowFrom(this, Port.tcp(server.containerPort));
    }
  }

  /**
   * Refuses a `serviceConnect` ECS would refuse mid-deploy (names, ports, protocol), an endpoint
   * another service already publishes in the namespace, and `connectsTo` entries that publish
   * nothing, live in another namespace or another stack. Runs before anything is built.
   */
  private checkServiceConnect(serviceConnect: ServiceConnectProps, containerPort: number): void {
    const problems = serviceConnectProblems(serviceConnect, containerPort);
    (serviceConnect.connectsTo ?? []).forEach((server, index) => {
      const prop = `serviceConnect.connectsTo[${index}]`;
      if (!(server instanceof FargateService)) {
        problems.push(`${prop} must be a FargateService (singleton, autoscaled or on-demand)`);
        return;
      }
      if (server.serviceConnectEndpoint === undefined) {
        problems.push(
          `${prop} must publish a Service Connect endpoint, got ${server.node.path}, which has no serviceConnect.publish`,
        );
      } else if (server.serviceConnectNamespaceArn !== serviceConnect.namespace?.namespaceArn) {
        problems.push(
          `${prop} must publish in this service's namespace, got ${server.node.path}, which publishes in another one`,
        );
      }
      if (TerraformStack.of(server) !== TerraformStack.of(this)) {
        problems.push(
          `${prop} must be in this stack (${TerraformStack.of(this).node.path}), got ${server.node.path}; across stacks open access with connections.allowFrom and deploy the server's stack first`,
        );
      }
    });
    if (problems.length === 0 && serviceConnect.publish) {
      problems.push(
        ...claimEndpoint(
          this,
          serviceConnect.namespace.namespaceArn,
          publishedEndpoint(serviceConnect.publish, containerPort),
          this.node.path,
        ),
      );
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join("; ")}`);
  }

  /**
   * Lets `grantee` (a CI deploy role) roll out this service and nothing else:
   * - ecs:RegisterTaskDefinition and ecs:DescribeTaskDefinition on "*": ECS defines no resource type
   *   for either (a revision's ARN does not exist before it is registered), so "*" is the only
   *   Resource they accept. Registering a revision changes nothing that runs;
   * - ecs:UpdateService and ecs:DescribeServices (for `aws ecs wait services-stable`) on this
   *   service's ARN only;
   * - iam:PassRole on exactly this task's execution and task roles, only to ecs-tasks.amazonaws.com:
   *   a revision can name no other role, so CI cannot give the service more permissions than
   *   Terraform gave it.
   * Statement ids start with `sidPrefix`; pass another to grant one role a second service.
   * @throws when the service's taskDefinitionOwner is "terraform": the next deploy would put the
   *   configured image back over CI's revision
   */
  grantDeploy(grantee: IGrantable, sidPrefix = "Deploy"): void {
    if (this.taskDefinitionOwner !== "ci") {
      throw new Error(
        `${this.node.path}: grantDeploy needs taskDefinitionOwner "ci"; with "terraform" the next deploy would put the configured image back over CI's revision. Set taskDefinitionOwner: "ci", or release through config image_tag`,
      );
    }
    grantee.addToPolicy({
      Sid: `${sidPrefix}RegisterTaskDefinition`,
      Effect: "Allow",
      Action: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
      Resource: "*",
    });
    grantee.addToPolicy({
      Sid: `${sidPrefix}UpdateService`,
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:UpdateService"],
      Resource: this.serviceArn,
    });
    grantee.addToPolicy({
      Sid: `${sidPrefix}PassTaskRoles`,
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [this.executionRoleArn, this.taskRoleArn],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
  }
}
