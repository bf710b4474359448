import { SynthesizedJson } from "../../harness/synth-scope";
import { ContainerImage } from "../../../modules/ecs/container";
import { FargateServiceProps } from "../../../modules/ecs/fargate-service";
import { FargateTaskDefinitionProps } from "../../../modules/ecs/fargate-task-definition";
import { ref, target } from "../refs";

/**
 * Shared fixtures of the ECS module tests: a repository, the props every service mode takes, and
 * readers for what the synthesized JSON holds (container definitions, role policies, ingress).
 */

export const REPOSITORY = {
  repositoryUrl: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/acme",
  repositoryArn: "arn:aws:ecr:ap-northeast-2:123456789012:repository/acme",
  imageUri: (tag: string) => `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/acme:${tag}`,
};

/** FargateServiceProps without the cluster, which only exists inside a synth scope. */
export type ServiceProps = Omit<FargateServiceProps, "cluster">;

export const BASE_SERVICE: ServiceProps = {
  serviceName: "worker",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-private-a", "subnet-private-b"],
  container: {
    name: "worker",
    image: ContainerImage.fromEcr(REPOSITORY, "worker-1.2.3"),
    port: 9091,
  },
  logGroupName: "/aws/ecs/worker",
};

/** The task of BASE_SERVICE on its own: same name, container and log group. */
export const BASE_TASK: FargateTaskDefinitionProps = {
  name: BASE_SERVICE.serviceName,
  container: BASE_SERVICE.container,
  logGroupName: BASE_SERVICE.logGroupName,
};

export interface JsonStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

export const list = (value: string | string[] | undefined): string[] => ([] as string[]).concat(value ?? []);

/** Terraform names of the resources of `type` whose attributes match `where`. */
export function namesWhere(synth: SynthesizedJson, type: string, where: Record<string, unknown>): string[] {
  return Object.entries(synth.resources(type))
    .filter(([, r]) => Object.entries(where).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)))
    .map(([name]) => name);
}

/** The one resource of `type` whose attributes match `where`, with its Terraform name. */
export function oneWhere(
  synth: SynthesizedJson,
  type: string,
  where: Record<string, unknown>,
): { name: string; resource: Record<string, unknown> } {
  const names = namesWhere(synth, type, where);
  if (names.length !== 1)
    throw new Error(`expected one ${type} with ${JSON.stringify(where)}, found ${names.length}`);
  return { name: names[0]!, resource: synth.resources(type)[names[0]!]! };
}

/** One entry of `container_definitions`, as the ECS API spells it. */
export interface ContainerJson {
  name: string;
  image: string;
  essential: boolean;
  portMappings: { containerPort: number; hostPort: number; protocol: string }[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  healthCheck?: {
    command: string[];
    interval: number;
    timeout: number;
    retries: number;
    startPeriod: number;
  };
  command?: string[];
  readonlyRootFilesystem: boolean;
  privileged: boolean;
  linuxParameters?: { initProcessEnabled?: boolean };
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

/** The container definitions of a task definition, parsed. */
export function containersOf(taskDefinition: Record<string, unknown>): ContainerJson[] {
  const parsed = JSON.parse(taskDefinition.container_definitions as string) as unknown;
  if (!Array.isArray(parsed)) throw new Error("container_definitions is not a JSON list");
  return parsed as ContainerJson[];
}

/**
 * The statements of the inline policy on the IAM role named `roleName`; undefined when the role has no
 * inline policy. Fails when no such role exists, so a renamed role cannot pass as "no policy".
 */
export function roleStatements(synth: SynthesizedJson, roleName: string): JsonStatement[] | undefined {
  const role = oneWhere(synth, "aws_iam_role", { name: roleName });
  const policies = namesWhere(synth, "aws_iam_role_policy", { role: ref("aws_iam_role", role.name, "id") });
  if (policies.length > 1) throw new Error(`role ${roleName} has ${policies.length} inline policies`);
  if (policies.length === 0) return undefined;
  const policy = synth.resources("aws_iam_role_policy")[policies[0]!]!;
  return (JSON.parse(policy.policy as string) as { Statement: JsonStatement[] }).Statement;
}

/** The role (by name) a task definition attribute (`execution_role_arn` / `task_role_arn`) points at. */
export function roleNameOf(synth: SynthesizedJson, arnReference: unknown): string {
  const name = target(synth, "aws_iam_role", arnReference, "arn");
  return synth.resources("aws_iam_role")[name]!.name as string;
}

/** The ingress rules on the security group whose `id` reference is `groupRef`. */
export function ingressOf(synth: SynthesizedJson, groupRef: unknown): Record<string, unknown>[] {
  return Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
    (rule) => rule.security_group_id === groupRef,
  );
}

/** The security group reference of an ECS service (its only one). */
export function serviceGroupRef(service: Record<string, unknown>): string {
  const groups = (service.network_configuration as { security_groups: string[] }).security_groups;
  if (groups.length !== 1)
    throw new Error(`expected one security group on the service, found ${groups.length}`);
  return groups[0]!;
}

/** Resource types in the synthesized JSON. */
export function resourceTypes(synth: SynthesizedJson): string[] {
  return Object.keys(synth.json.resource ?? {});
}

/** The message `build` throws; fails when it throws nothing. */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

/**
 * `arn:<partition>:<service>:<region>:<account>` as the stack's partition, region and account data
 * sources (modules/iam/aws-context.ts) render it: ARNs are exact, never `arn:aws:<service>:*:*`.
 */
export function stackArnPrefix(synth: SynthesizedJson, service: string): string {
  const only = (type: string) => {
    const names = Object.keys((synth.json.data?.[type] ?? {}) as object).filter((n) =>
      n.startsWith("aws-context_"),
    );
    expect(names).toHaveLength(1);
    return names[0]!;
  };
  return (
    `arn:\${data.aws_partition.${only("aws_partition")}.partition}:${service}:` +
    `\${data.aws_region.${only("aws_region")}.name}:\${data.aws_caller_identity.${only("aws_caller_identity")}.account_id}`
  );
}
