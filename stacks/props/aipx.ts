import { AipxHotServiceConfig, AipxKafkaConfig } from "../../config/schema/systems/aipx";
import { FargateServiceProps } from "../../modules/ecs/fargate-service";
import { ServiceConnectProps } from "../../modules/ecs/service-connect";
import { KafkaClusterProps } from "../../modules/msk/kafka-cluster";
import { VpcNetwork } from "../../modules/vpc/vpc-network";
import { BaseStack } from "../base-stack";
import { ServicePlacement, fargateServicePropsFrom } from "./fargate-service";

/** A hot-path service: placement, its environment and its Service Connect role, decided by the stack. */
export interface HotServicePlacement extends ServicePlacement {
  readonly environment: Readonly<Record<string, string>>;
  readonly serviceConnect: ServiceConnectProps;
}

/** A hot-path service section as FargateService props (the stack picks autoscaled or on-demand). */
export function hotServicePropsFrom(
  stack: BaseStack,
  settings: AipxHotServiceConfig,
  placement: HotServicePlacement,
): FargateServiceProps {
  const props = fargateServicePropsFrom(
    stack,
    { ...settings, environment: { ...placement.environment, ...settings.environment } },
    placement,
  );
  return {
    ...props,
    taskFamily: placement.serviceName,
    roleNamePrefix: placement.serviceName,
    serviceConnect: placement.serviceConnect,
  };
}

/**
 * The kafka section as KafkaCluster props, in the network's first `client_subnets` isolated subnets
 * (config has checked the network has that many zones).
 */
export function kafkaPropsFrom(
  kafka: AipxKafkaConfig,
  placement: { readonly clusterName: string; readonly vpc: VpcNetwork },
): KafkaClusterProps {
  // The cold path's Lambdas read the cluster.
  const base = { clusterName: placement.clusterName, vpcId: placement.vpc.vpcId, lambdaEventSources: true };
  const subnets = placement.vpc.isolatedSubnetIds;
  if (kafka.mode === "serverless") {
    return { ...base, mode: "serverless", clientSubnetIds: subnets.slice(0, kafka.client_subnets) };
  }
  return {
    ...base,
    mode: "provisioned",
    clientSubnetIds: subnets.slice(0, kafka.client_subnets),
    ...(kafka.broker_count !== undefined ? { brokerCount: kafka.broker_count } : {}),
    ...(kafka.instance_type !== undefined ? { brokerInstanceType: kafka.instance_type } : {}),
    volumeSizeGiB: kafka.volume_gib,
    ...(kafka.max_volume_gib !== undefined ? { maxVolumeSizeGiB: kafka.max_volume_gib } : {}),
    kafkaVersion: kafka.version,
    ...(kafka.replication_factor !== undefined ? { replicationFactor: kafka.replication_factor } : {}),
    ...(kafka.min_insync_replicas !== undefined ? { minInsyncReplicas: kafka.min_insync_replicas } : {}),
    logRetentionHours: kafka.retention_hours,
    enhancedMonitoring: kafka.enhanced_monitoring,
  };
}
