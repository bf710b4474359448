import { EcgPipelineConfig } from "../../config/schema/systems/ecg-pipeline";
import { lifecycleRuleOf } from "../../config/schema/systems/bucket";
import { GpuModelServerProps } from "../../modules/ec2/gpu-model-server";
import { SecureBucketProps } from "../../modules/s3/secure-bucket";

/** The video storage section as the bucket's props. */
export function videoStoragePropsFrom(
  storage: EcgPipelineConfig["video_storage"],
  bucketName: string,
): SecureBucketProps {
  return {
    bucketName,
    versioned: storage.versioned,
    forceDestroy: storage.force_destroy,
    lifecycleRules: storage.lifecycle_rules.map(lifecycleRuleOf),
    ...(storage.cors_origins.length > 0 ? { cors: { allowedOrigins: storage.cors_origins } } : {}),
  };
}

/** Where the model servers run and what they are called: decided by the stack. */
export interface ModelServerPlacement {
  readonly name: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly logRetentionDays: number;
}

/** The model server section as GpuModelServer props. */
export function gpuModelServerPropsFrom(
  server: EcgPipelineConfig["model_server"],
  placement: ModelServerPlacement,
): GpuModelServerProps {
  return {
    ...placement,
    instanceType: server.instance_type,
    ...(server.ami_id ? { amiId: server.ami_id } : {}),
    capacity: { min: server.min_size, max: server.max_size, desired: server.desired_capacity },
    spot: server.spot,
    rootVolumeGib: server.root_volume_gib,
    ...(server.working_hours
      ? {
          workingHours: {
            timeZone: server.working_hours.time_zone,
            start: server.working_hours.start,
            stop: server.working_hours.stop,
          },
        }
      : {}),
  };
}
