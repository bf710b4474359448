import { AutoscalingGroup, AutoscalingGroupConfig } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { DataAwsDefaultTags } from "@cdktf/provider-aws/lib/data-aws-default-tags";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { LogGroup } from "../logs/log-group";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../logs/retention";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import {
  ARM64_GPU_FAMILIES,
  DEFAULT_GPU_INSTANCE_TYPE,
  NON_NVIDIA_GPU_FAMILIES,
  gpuInstanceTypeProblem,
  instanceFamilyOf,
} from "./gpu-instance-types";
import { DNS_TTL_SECONDS, modelServerUserData } from "./model-server-user-data";
import { DEFAULT_ROOT_VOLUME_GIB, rootVolumeProblem } from "./root-volume";
import { GpuModelServerCapacity, capacityProblems } from "./capacity";
import { WorkingHours, workingHoursProblems } from "./working-hours";

export type { WorkingHours } from "./working-hours";

/**
 * Amazon's public parameter naming the latest "Deep Learning Base OSS Nvidia Driver GPU AMI (Amazon
 * Linux 2023)" for x86_64: NVIDIA driver, CUDA, Docker with the NVIDIA container toolkit, Python 3.12,
 * the SSM agent. Its root snapshot is 75 GiB.
 */
export const DLAMI_GPU_AL2023_PARAMETER =
  "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id";
/** Amazon Linux 2023's root device, the DLAMI's too. */
const DEFAULT_ROOT_DEVICE_NAME = "/dev/xvda";
const DEFAULT_PORT = 8080;

/**
 * Seconds from launch until the group trusts EC2's health checks and an instance refresh moves on:
 * a GPU AMI boots in a few minutes, then the boot script installs the app, and the instance enters
 * DNS once /health answers.
 */
export const BOOT_GRACE_SECONDS = 900;

/** The answer TTL the instances write: a caller should resolve the name per connection, not cache it. */
export const MODEL_SERVER_DNS_TTL_SECONDS = DNS_TTL_SECONDS;

/** The zone's name and the group's; becomes `<name>.internal` and a role name (64 characters). */
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;
const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export type { GpuModelServerCapacity } from "./capacity";

export interface GpuModelServerProps {
  /**
   * Prefix of every name, e.g. "ecg-pipeline-dev-model": the Auto Scaling group, launch template and
   * security group `<name>`, the role `<name>-instance`, the private zone `<name>.internal`.
   */
  readonly name: string;
  readonly vpcId: string;
  /** Private subnets (one per AZ the group may use); instances never get a public IP. */
  readonly subnetIds: string[];
  /**
   * A GPU type (see gpu-instance-types.ts). g4dn.xlarge: one NVIDIA T4 (16 GB), 4 vCPU, 16 GiB, the
   * cheapest NVIDIA GPU in Seoul.
   * @default "g4dn.xlarge"
   */
  readonly instanceType?: string;
  /** An explicit AMI, instead of the one `amiSsmParameter` names. @default none (the SSM parameter) */
  readonly amiId?: string;
  /**
   * The public SSM parameter holding the AMI id. The launch template carries `resolve:ssm:<parameter>`,
   * so EC2 resolves it at each launch: no AMI id is written down and plans do not change when Amazon
   * publishes a new image (an instance refresh or a replacement picks it up).
   * @default DLAMI_GPU_AL2023_PARAMETER (Deep Learning Base OSS Nvidia Driver GPU AMI, AL2023, x86_64)
   */
  readonly amiSsmParameter?: string;
  /** Instances the group keeps (while working hours run, when set). @default { min: 1, max: 1, desired: 1 } */
  readonly capacity?: GpuModelServerCapacity;
  /**
   * Run on Spot: a mixed-instances policy, capacity-optimized over `instanceType` and
   * `additionalInstanceTypes` in every subnet's AZ, with capacity rebalancing (a replacement starts
   * when EC2 signals an elevated interruption risk). Auto Scaling never falls back from Spot to
   * on-demand by itself: while no pool has capacity the group stays below desired and keeps trying.
   * What keeps a server up is `onDemandBaseCapacity` (that many instances are always on-demand) and
   * more pools (`additionalInstanceTypes`).
   * @default false (on-demand)
   */
  readonly spot?: boolean;
  /**
   * With `spot`: the first instances of the group are on-demand, the rest Spot. 1 keeps one server
   * whatever Spot does, at the on-demand price.
   * @default 0 (all Spot)
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * With `spot`: more GPU types of the same architecture the group may launch, in order of
   * preference after `instanceType`; each adds Spot pools. The model must fit each one's GPU.
   * @default none
   */
  readonly additionalInstanceTypes?: string[];
  /**
   * Root volume, gp3, encrypted, deleted with the instance: the AMI (75 GiB for the DLAMI), the
   * app, container images and model weights.
   * @default 100
   */
  readonly rootVolumeGib?: number;
  /** The AMI's root device; only for an `amiId` whose root is elsewhere. @default "/dev/xvda" */
  readonly rootDeviceName?: string;
  /** The model server's TCP port. @default 8080 */
  readonly port?: number;
  /**
   * Scale to `capacity` at `start` and to 0 at `stop`, in `timeZone` (two scheduled actions).
   * @default none (always on)
   */
  readonly workingHours?: WorkingHours;
  /** Retention of the server's log group, one of CloudWatch's periods. */
  readonly logRetentionDays: number;
}

/**
 * A GPU model server behind a stable name, without a load balancer (an internal one would cost more
 * than the dev budget allows): an Auto Scaling group of GPU instances in private subnets, each
 * registering its own address, once its /health answers, in a multivalue A record of a private
 * hosted zone made for the VPC, and removing it when it stops (scale-in, instance refresh, Spot
 * interruption). Callers use `url`. Reached only through `connections` on `port`; Session Manager is
 * the only way onto an instance (no key pair, no port 22, sshd off, IMDSv2 only).
 */
export class GpuModelServer extends Construct implements IConnectable {
  /** The server's security group: ingress only from what `allowFrom` names, on `port`. */
  public readonly connections: Connections;
  /** The instance role: Session Manager, its own DNS record and log group. Grant it the data it reads. */
  public readonly role: Role;
  public readonly port: number;
  /** `<name>.internal`: every running, healthy instance's private address. */
  public readonly hostName: string;
  /** `http://<name>.internal:<port>`, for the callers' configuration (e.g. MODEL_SERVER_URL). */
  public readonly url: string;
  public readonly hostedZoneId: string;
  public readonly autoScalingGroupName: string;
  public readonly launchTemplateId: string;
  public readonly logGroupName: string;
  public readonly securityGroupId: string;
  public readonly instanceType: string;

  constructor(scope: Construct, id: string, props: GpuModelServerProps) {
    super(scope, id);
    const resolved = resolveProps(props);
    checkGpuModelServerProps(this.node.path, props, resolved);
    const { name, port, capacity, instanceType } = resolved;
    const hostName = `${name}.internal`;

    const group = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name,
      description: `GPU model server ${name}: its port from the callers named, HTTPS out (Session Manager only)`,
      defaultPort: Port.tcp(port),
    });
    // AWS APIs (SSM, ECR, S3, CloudWatch Logs, Route 53), the OS and Python package repositories,
    // all HTTPS through the NAT. DNS needs no rule: security groups do not filter the Amazon DNS server.
    group.connections.allowToCidr("0.0.0.0/0", Port.tcp(443), "HTTPS to AWS APIs and package repositories");

    // A literal name: the boot script carries it, and Fn.rawString would escape a reference.
    const logGroupName = `/ec2/${name}/model-server`;
    const logGroup = new LogGroup(this, "log-group", {
      name: logGroupName,
      retentionDays: props.logRetentionDays,
    });

    // Instances, not Terraform, write the records: force_destroy lets the zone go with what they left.
    const zone = new Route53Zone(this, "zone", {
      name: hostName,
      comment: `GPU model server ${name}: one answer per running instance, written by the instances`,
      forceDestroy: true,
      vpc: [{ vpcId: props.vpcId }],
    });

    const { partition } = awsContextOf(this);
    const role = new Role(this, "role", {
      roleName: `${name}-instance`,
      assumedBy: ServicePrincipals.ec2,
      description: `GPU model server ${name}: Session Manager, its DNS record, its log group`,
      managedPolicyArns: [`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`],
      statements: [
        {
          Sid: "RegisterItsOwnRecord",
          Effect: "Allow",
          Action: "route53:ChangeResourceRecordSets",
          Resource: zone.arn,
          // Only the server's A record, and only adding, updating or removing an answer.
          Condition: {
            "ForAllValues:StringEquals": {
              "route53:ChangeResourceRecordSetsNormalizedRecordNames": [hostName],
              "route53:ChangeResourceRecordSetsRecordTypes": ["A"],
              "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
            },
          },
        },
        {
          Sid: "ListItsZone",
          Effect: "Allow",
          Action: "route53:ListResourceRecordSets",
          Resource: zone.arn,
        },
        {
          Sid: "FindRunningInstances",
          Effect: "Allow",
          // EC2 Describe* actions support no resource-level permissions: `*` is the only resource
          // they accept. Read-only; the boot script prunes the answers of instances no longer running.
          Action: "ec2:DescribeInstances",
          Resource: "*",
        },
        {
          Sid: "ShipItsLog",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
        },
      ],
    });
    const profile = role.instanceProfile();

    // The provider's default tags reach the template's own tags only; instances, volumes and
    // interfaces get them (and the name) through the tag specifications.
    const defaultTags = new DataAwsDefaultTags(this, "default-tags");
    const launchedTags = Token.asStringMap(Fn.merge([defaultTags.tags, { Name: name }]));
    const template = new LaunchTemplate(this, "launch-template", {
      name,
      description: `GPU model server ${name}`,
      imageId: props.amiId ?? `resolve:ssm:${resolved.amiSsmParameter}`,
      instanceType,
      updateDefaultVersion: true,
      ebsOptimized: "true",
      iamInstanceProfile: { arn: profile.arn },
      // IMDSv2 only; two hops so a container on the instance (Docker) reaches the role's credentials.
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 2,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: resolved.rootDeviceName,
          ebs: {
            volumeType: "gp3",
            volumeSize: resolved.rootVolumeGib,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: false },
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "false",
          deleteOnTermination: "true",
          securityGroups: [group.securityGroupId],
        },
      ],
      userData: userDataWith(zone.zoneId, {
        port,
        logGroupName,
        recordName: hostName,
        autoScalingGroupName: name,
      }),
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: launchedTags,
      })),
      tags: { Name: name },
    });

    const version = Token.asString(template.latestVersion);
    const placement: Pick<
      AutoscalingGroupConfig,
      "launchTemplate" | "mixedInstancesPolicy" | "capacityRebalance"
    > = resolved.spot
      ? {
          capacityRebalance: true,
          mixedInstancesPolicy: {
            instancesDistribution: {
              onDemandBaseCapacity: resolved.onDemandBaseCapacity,
              onDemandPercentageAboveBaseCapacity: 0,
              onDemandAllocationStrategy: "prioritized",
              spotAllocationStrategy: "capacity-optimized",
            },
            launchTemplate: {
              launchTemplateSpecification: { launchTemplateId: template.id, version },
              override: [instanceType, ...resolved.additionalInstanceTypes].map((type) => ({
                instanceType: type,
              })),
            },
          },
        }
      : { launchTemplate: { id: template.id, version } };
    const scheduled = props.workingHours !== undefined;
    const asg = new AutoscalingGroup(this, "group", {
      name,
      minSize: capacity.min,
      maxSize: capacity.max,
      desiredCapacity: capacity.desired,
      vpcZoneIdentifier: props.subnetIds,
      ...placement,
      healthCheckType: "EC2",
      healthCheckGracePeriod: BOOT_GRACE_SECONDS,
      // A new template version (user data, AMI parameter, size) replaces the instances one at a time,
      // launching each replacement before terminating the old one: the name never goes unanswered.
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: 200,
          instanceWarmup: String(BOOT_GRACE_SECONDS),
        },
      },
      tag: [{ key: "Name", value: name, propagateAtLaunch: false }],
      // An instance ships logs and writes DNS at boot: its log group and permissions come first.
      dependsOn: [logGroup.resource, ...role.grants],
      // The scheduled actions move min and desired every day; Terraform must not move them back.
      lifecycle: scheduled ? { ignoreChanges: ["min_size", "desired_capacity"] } : undefined,
    });

    if (props.workingHours) {
      const { timeZone, start, stop } = props.workingHours;
      new AutoscalingSchedule(this, "start", {
        scheduledActionName: `${name}-start`,
        autoscalingGroupName: asg.name,
        timeZone,
        recurrence: start,
        minSize: capacity.min,
        maxSize: capacity.max,
        desiredCapacity: capacity.desired,
      });
      // max stays: the group's own setting is never moved, so Terraform sees no drift in it.
      new AutoscalingSchedule(this, "stop", {
        scheduledActionName: `${name}-stop`,
        autoscalingGroupName: asg.name,
        timeZone,
        recurrence: stop,
        minSize: 0,
        maxSize: capacity.max,
        desiredCapacity: 0,
      });
    }

    this.connections = group.connections;
    this.role = role;
    this.port = port;
    this.hostName = hostName;
    this.url = `http://${hostName}:${port}`;
    this.hostedZoneId = zone.zoneId;
    this.autoScalingGroupName = asg.name;
    this.launchTemplateId = template.id;
    this.logGroupName = logGroup.logGroupName;
    this.securityGroupId = group.securityGroupId;
    this.instanceType = instanceType;
  }
}

interface ResolvedProps {
  readonly name: string;
  readonly instanceType: string;
  readonly amiSsmParameter: string;
  readonly capacity: GpuModelServerCapacity;
  readonly spot: boolean;
  readonly onDemandBaseCapacity: number;
  readonly additionalInstanceTypes: readonly string[];
  readonly rootVolumeGib: number;
  readonly rootDeviceName: string;
  readonly port: number;
}

function resolveProps(props: GpuModelServerProps): ResolvedProps {
  return {
    name: props.name,
    instanceType: props.instanceType ?? DEFAULT_GPU_INSTANCE_TYPE,
    amiSsmParameter: props.amiSsmParameter ?? DLAMI_GPU_AL2023_PARAMETER,
    capacity: props.capacity ?? { min: 1, max: 1, desired: 1 },
    spot: props.spot ?? false,
    onDemandBaseCapacity: props.onDemandBaseCapacity ?? 0,
    additionalInstanceTypes: props.additionalInstanceTypes ?? [],
    rootVolumeGib: props.rootVolumeGib ?? DEFAULT_ROOT_VOLUME_GIB,
    rootDeviceName: props.rootDeviceName ?? DEFAULT_ROOT_DEVICE_NAME,
    port: props.port ?? DEFAULT_PORT,
  };
}

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

/** Every problem at once, each naming the prop to change, before any resource exists. */
function checkGpuModelServerProps(path: string, props: GpuModelServerProps, r: ResolvedProps): void {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(r.name)) {
    problems.push(
      `name must be 2-50 lowercase letters, digits or hyphens, starting with a letter and not ending in a hyphen (it is the DNS label of "<name>.internal" and prefixes the role name), got ${JSON.stringify(r.name)}`,
    );
  }
  if (props.subnetIds.length === 0) {
    problems.push("subnetIds must name at least one private subnet, got none");
  }
  const typeProblem = gpuInstanceTypeProblem(r.instanceType);
  if (typeProblem) problems.push(typeProblem);
  const defaultAmi = props.amiId === undefined && props.amiSsmParameter === undefined;
  if (!typeProblem && defaultAmi) {
    const family = instanceFamilyOf(r.instanceType)!;
    if (ARM64_GPU_FAMILIES.includes(family)) {
      problems.push(
        `instanceType ${r.instanceType} is Graviton (arm64), but the default AMI is the x86_64 Deep Learning AMI; set amiSsmParameter to the arm64 one or pick an x86_64 GPU type, got "${r.instanceType}"`,
      );
    }
    if (NON_NVIDIA_GPU_FAMILIES.includes(family)) {
      problems.push(
        `instanceType ${r.instanceType} has an AMD GPU, which the default AMI's NVIDIA driver cannot drive; set amiId to an AMI with its driver or pick an NVIDIA type, got "${r.instanceType}"`,
      );
    }
  }
  if (props.amiId !== undefined && props.amiSsmParameter !== undefined) {
    problems.push("amiId and amiSsmParameter are alternatives: set one, got both");
  }
  if (props.amiId !== undefined && !Token.isUnresolved(props.amiId) && !AMI_ID.test(props.amiId)) {
    problems.push(
      `amiId must be an AMI id ("ami-" and 8 or 17 lowercase hex digits), got ${JSON.stringify(props.amiId)}`,
    );
  }
  if (props.amiSsmParameter !== undefined && !/^\/[\w./-]+$/.test(props.amiSsmParameter)) {
    problems.push(
      `amiSsmParameter must be an SSM parameter name starting with "/" (without "resolve:ssm:"), e.g. "${DLAMI_GPU_AL2023_PARAMETER}", got ${JSON.stringify(props.amiSsmParameter)}`,
    );
  }
  problems.push(...capacityProblems(r.capacity));
  if (props.onDemandBaseCapacity !== undefined || props.additionalInstanceTypes !== undefined) {
    if (!r.spot) {
      problems.push(
        "onDemandBaseCapacity and additionalInstanceTypes apply to Spot only: set spot: true or remove them",
      );
    }
  }
  if (
    !isWhole(r.onDemandBaseCapacity) ||
    r.onDemandBaseCapacity < 0 ||
    r.onDemandBaseCapacity > r.capacity.max
  ) {
    problems.push(
      `onDemandBaseCapacity must be a whole number from 0 to capacity.max (${r.capacity.max}), got ${String(r.onDemandBaseCapacity)}`,
    );
  }
  const arch = (type: string) =>
    ARM64_GPU_FAMILIES.includes(instanceFamilyOf(type) ?? "") ? "arm64" : "x86_64";
  r.additionalInstanceTypes.forEach((type, i) => {
    const problem = gpuInstanceTypeProblem(type, `additionalInstanceTypes[${i}]`);
    if (problem) problems.push(problem);
    else if (!typeProblem && arch(type) !== arch(r.instanceType)) {
      problems.push(
        `additionalInstanceTypes[${i}] must have the architecture of instanceType ${r.instanceType} (${arch(r.instanceType)}; one AMI serves them all), got "${type}" (${arch(type)})`,
      );
    } else if (type === r.instanceType || r.additionalInstanceTypes.indexOf(type) !== i) {
      problems.push(`additionalInstanceTypes[${i}] must not repeat a type already listed, got "${type}"`);
    }
  });
  const rootProblem = rootVolumeProblem("rootVolumeGib", r.rootVolumeGib, defaultAmi);
  if (rootProblem) problems.push(rootProblem);
  if (!/^\/dev\/[a-z0-9]+$/.test(r.rootDeviceName)) {
    problems.push(
      `rootDeviceName must be a device name such as "/dev/xvda", got ${JSON.stringify(r.rootDeviceName)}`,
    );
  }
  if (!isWhole(r.port) || r.port < 1 || r.port > 65535 || r.port === 22) {
    problems.push(
      `port must be a whole number from 1 to 65535 other than 22 (nothing here is reached by SSH), got ${String(r.port)}`,
    );
  }
  if (props.workingHours) problems.push(...workingHoursProblems(props.workingHours));
  if (!isLogRetentionDays(props.logRetentionDays)) {
    problems.push(
      `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${String(props.logRetentionDays)}`,
    );
  }
  if (problems.length > 0)
    throw new Error(`${path}: invalid GpuModelServer props:\n  - ${problems.join("\n  - ")}`);
}

/** Stands for the zone id, known only at apply time, while the script is a literal. */
const ZONE_ID_PLACEHOLDER = "MODEL-SERVER-ZONE-ID";

/**
 * The script as literal text around a reference to the zone id: Fn.rawString escapes what Terraform
 * would read as its own syntax (quotes, `${`, `%{`), so the shell text arrives verbatim.
 */
function userDataWith(
  hostedZoneId: string,
  props: { port: number; logGroupName: string; recordName: string; autoScalingGroupName: string },
): string {
  const script = modelServerUserData({ ...props, hostedZoneId: ZONE_ID_PLACEHOLDER });
  const [before, after, ...rest] = script.split(ZONE_ID_PLACEHOLDER);
  if (after === undefined || rest.length > 0) throw new Error("the user data names the zone id once");
  return Fn.base64encode(Fn.join("", [Fn.rawString(before!), hostedZoneId, Fn.rawString(after)]));
}
