import { AutoscaledServiceConfig, SingletonServiceConfig } from "../../config/schema/systems/fargate-service";
import { EcsCluster } from "../../modules/ecs/ecs-cluster";
import { ContainerImage, EcrImageSource } from "../../modules/ecs/container";
import { AutoscaledServiceProps } from "../../modules/ecs/autoscaled-service";
import { FargateServiceProps } from "../../modules/ecs/fargate-service";
import { Alb } from "../../modules/alb/alb";
import { BaseStack } from "../base-stack";

/** Where a service runs and what it is called: decided by the stack, not by config. */
export interface ServicePlacement {
  readonly serviceName: string;
  readonly containerName: string;
  readonly port: number;
  /** Base log group name, e.g. "/aws/ecs/fileflow"; made account-unique by the stack. */
  readonly logGroupName: string;
  readonly logStreamPrefix?: string;
  readonly repository: EcrImageSource;
  readonly cluster: EcsCluster;
  readonly vpc: { readonly vpcId: string; readonly privateSubnetIds: string[] };
  readonly healthCheckCommand?: string;
}

/** The config fields every service section shares (see config/schema/systems/fargate-service.ts). */
export type ServiceSettings = Pick<
  SingletonServiceConfig & AutoscaledServiceConfig,
  | "image_tag"
  | "cpu"
  | "memory"
  | "cpu_architecture"
  | "environment"
  | "secrets"
  | "enable_execute_command"
  | "log_retention_days"
> & { readonly fargate_spot?: boolean };

/** A service section of the config, plus the stack's placement, as FargateService props. */
export function fargateServicePropsFrom(
  stack: BaseStack,
  config: ServiceSettings,
  placement: ServicePlacement,
): FargateServiceProps {
  const env = stack.config.environment;
  return {
    serviceName: placement.serviceName,
    taskFamily: `${placement.serviceName}-${env}`,
    roleNamePrefix: `${placement.serviceName}-${env}`,
    cluster: placement.cluster,
    vpcId: placement.vpc.vpcId,
    subnetIds: placement.vpc.privateSubnetIds,
    container: {
      name: placement.containerName,
      image: ContainerImage.fromEcr(placement.repository, config.image_tag),
      port: placement.port,
      environment: config.environment,
      secrets: config.secrets,
      ...(placement.healthCheckCommand ? { healthCheck: { command: placement.healthCheckCommand } } : {}),
    },
    cpu: config.cpu,
    memoryMib: config.memory,
    cpuArchitecture: config.cpu_architecture,
    logGroupName: stack.accountUniqueName(placement.logGroupName),
    logRetentionDays: config.log_retention_days ?? stack.config.log_retention_days,
    ...(placement.logStreamPrefix ? { logStreamPrefix: placement.logStreamPrefix } : {}),
    enableExecuteCommand: config.enable_execute_command,
    ...(config.fargate_spot !== undefined ? { fargateSpot: config.fargate_spot } : {}),
  };
}

/** An autoscaled service section as AutoscaledService props. */
export function autoscaledServicePropsFrom(
  stack: BaseStack,
  config: AutoscaledServiceConfig,
  placement: ServicePlacement,
  alb: Alb,
): AutoscaledServiceProps {
  return {
    ...fargateServicePropsFrom(stack, config, placement),
    alb,
    healthCheck: {
      path: config.health_check.path,
      intervalSeconds: config.health_check.interval_seconds,
      timeoutSeconds: config.health_check.timeout_seconds,
      healthyThreshold: config.health_check.healthy_threshold,
      unhealthyThreshold: config.health_check.unhealthy_threshold,
    },
    minCapacity: config.min_capacity,
    maxCapacity: config.max_capacity,
    cpuTargetPercent: config.cpu_target_percent,
    memoryTargetPercent: config.memory_target_percent,
    ...(config.requests_per_target !== undefined ? { requestsPerTarget: config.requests_per_target } : {}),
    scaleInCooldownSeconds: config.scale_in_cooldown_seconds,
    scaleOutCooldownSeconds: config.scale_out_cooldown_seconds,
    healthCheckGracePeriodSeconds: config.health_check_grace_period_seconds,
  };
}
