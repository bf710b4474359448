import { PostgresConfig } from "../../config/schema/systems/postgres";
import { PostgresDatabaseProps } from "../../modules/rds/postgres-database";

const GIB = 1024 ** 3;

/** A `database` section of a system as PostgresDatabase props. */
export function postgresPropsFrom(
  config: PostgresConfig,
  placement: {
    readonly identifier: string;
    readonly databaseName: string;
    readonly vpc: { readonly vpcId: string; readonly isolatedSubnetIds: string[] };
    readonly logRetentionDays: number;
    readonly alarmTopicArn?: string;
  },
): PostgresDatabaseProps {
  return {
    identifier: placement.identifier,
    databaseName: placement.databaseName,
    vpcId: placement.vpc.vpcId,
    subnetIds: placement.vpc.isolatedSubnetIds,
    engineVersion: config.engine_version,
    instanceClass: config.instance_class,
    allocatedStorageGb: config.allocated_storage_gb,
    maxAllocatedStorageGb: config.max_allocated_storage_gb,
    multiAz: config.multi_az,
    backupRetentionDays: config.backup_retention_days,
    deletionProtection: config.deletion_protection,
    skipFinalSnapshot: config.skip_final_snapshot,
    publiclyAccessible: config.publicly_accessible,
    allowedCidrs: config.fdw_peer_cidrs,
    ...(config.free_storage_alarm_gb !== undefined
      ? { freeStorageAlarmBytes: config.free_storage_alarm_gb * GIB }
      : {}),
    logRetentionDays: placement.logRetentionDays,
    ...(placement.alarmTopicArn ? { alarmTopicArn: placement.alarmTopicArn } : {}),
  };
}
