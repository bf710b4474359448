import {
  ALLOCATED_STORAGE_EXPECTED,
  defaultFreeStorageAlarmBytes,
  isAllocatedStorageGb,
  maxAllocatedStorageProblem,
} from "./storage-limits";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { LogGroup } from "../logs/log-group";
import { rdsInstanceAlarms } from "../monitoring/standard-alarms";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import {
  DEFAULT_POSTGRES_VERSION,
  parsePostgresVersion,
  supportsPerformanceInsights,
} from "./postgres-versions";

/** Log types RDS for PostgreSQL publishes to CloudWatch Logs; both are always exported. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** Enhanced Monitoring intervals RDS accepts; 0 turns it off. */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** AWS managed policy the Enhanced Monitoring role needs to write RDSOSMetrics, in the stack's partition. */
export function rdsEnhancedMonitoringPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`;
}

/** Names RDS or PostgreSQL reserve for themselves, refused as the master user name. */
const RESERVED_USERNAMES = [
  "rdsadmin",
  "rdsrepladmin",
  "rdstopmgr",
  "public",
  "none",
  "user",
  "current_user",
  "session_user",
];

const GIB = 1024 ** 3;

export interface PostgresDatabaseProps {
  /** The DB instance identifier: 1-63 lowercase letters, digits and hyphens, starting with a letter. */
  readonly identifier: string;
  /** The database created on the instance: letters, digits and underscores, starting with a letter. */
  readonly databaseName: string;
  readonly vpcId: string;
  /** Isolated subnets in at least two availability zones (a DB subnet group needs two). */
  readonly subnetIds: readonly string[];
  /**
   * PostgreSQL version, "16" or "16.4"; the major must be 15 or newer and picks the parameter group
   * family ("postgres16"). Prefer the major alone: minors then move with auto minor version upgrade
   * without plan drift.
   * @default "16"
   */
  readonly engineVersion?: string;
  /**
   * Let Terraform apply a change of major version. Major upgrades are deliberate, so this stays off
   * until one is planned.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Graviton burstable class with 4 GiB memory: enough for the ERP/MES workloads here and large
   * enough for Performance Insights. Sustained-load production databases want db.m7g/db.r7g.
   * @default "db.t4g.medium"
   */
  readonly instanceClass?: string;
  /** Initial gp3 storage in GiB, 20-65536. @default 20 */
  readonly allocatedStorageGb?: number;
  /**
   * Ceiling for storage autoscaling in GiB; at least 10 % above `allocatedStorageGb`.
   * @default 100
   */
  readonly maxAllocatedStorageGb?: number;
  /**
   * Master user name; its password is generated and rotated by RDS in Secrets Manager, never here.
   * Not "postgres" (the name every scanner tries first) nor a reserved rds/pg name.
   * @default "dbadmin"
   */
  readonly masterUsername?: string;
  /** @default 5432 */
  readonly port?: number;
  /** Synchronous standby in a second AZ. @default true */
  readonly multiAz?: boolean;
  /**
   * Customer managed KMS key for storage, Performance Insights and the master user secret. Storage
   * is encrypted either way.
   * @default the AWS managed keys (aws/rds, aws/secretsmanager)
   */
  readonly kmsKeyArn?: string;
  /** Days of automated backups (point-in-time recovery), 1-35. @default 7 */
  readonly backupRetentionDays?: number;
  /** Refuse deletion through the API, including `terraform destroy`. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Delete without a final snapshot. When false, the snapshot is named `<identifier>-final`.
   * @default false
   */
  readonly skipFinalSnapshot?: boolean;
  /**
   * Performance Insights (7 days, the free retention). Only where the class supports it: true on a
   * micro/small class is an error.
   * @default true where the instance class supports it, else false
   */
  readonly performanceInsights?: boolean;
  /**
   * Enhanced Monitoring granularity in seconds (0 turns it off). When on, a role with the AWS
   * managed AmazonRDSEnhancedMonitoringRole policy is created for it.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: (typeof MONITORING_INTERVALS)[number];
  /** Retention of the exported postgresql and upgrade log groups. @default 30 */
  readonly logRetentionDays?: number;
  /** Give the instance a public IP. @default false */
  readonly publiclyAccessible?: boolean;
  /** IPv4 CIDRs allowed to connect on the database port, besides `connections.allowFrom(...)`. @default [] */
  readonly allowedCidrs?: readonly string[];
  /**
   * Extra PostgreSQL parameters, applied at the next reboot. `rds.force_ssl` is always 1 and cannot be
   * set here.
   * @default none
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Apply modifications (class, storage, parameter group) at once instead of in the next
   * maintenance window; some of them restart the database.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /** Daily backup window in UTC, "hh24:mi-hh24:mi". @default chosen by RDS */
  readonly preferredBackupWindow?: string;
  /** Weekly maintenance window in UTC, "ddd:hh24:mi-ddd:hh24:mi". @default chosen by RDS */
  readonly preferredMaintenanceWindow?: string;
  /** CPUUtilization alarm threshold, for 2 consecutive 5-minute averages. @default 80 */
  readonly cpuAlarmThresholdPercent?: number;
  /**
   * FreeStorageSpace alarm threshold in bytes, for 2 consecutive 5-minute minimums. The default is
   * half the free space at which storage autoscaling starts (10 % of the allocated storage), so the
   * alarm means autoscaling is not keeping up (at its ceiling, or in its 6-hour cooldown) rather
   * than firing on every normal scale-up.
   * @default 5 % of allocatedStorageGb, at most 2 GiB (1 GiB for the default 20 GiB)
   */
  readonly freeStorageAlarmBytes?: number;
  /** SNS topic the alarms notify (on ALARM and OK). @default none: the alarms only change state */
  readonly alarmTopicArn?: string;
}

/**
 * An RDS for PostgreSQL instance with the guard rails every database here needs: encrypted gp3
 * storage with autoscaling, the master password managed by RDS in Secrets Manager, TLS forced, IAM
 * authentication, logs exported with retention, Multi-AZ, backups and a final snapshot, deletion
 * protection, and CPU and free storage alarms. Nothing can connect until a caller opens the
 * database's security group through `connections` (or `allowedCidrs`).
 */
export class PostgresDatabase extends Construct implements IConnectable {
  /** "address:port". */
  public readonly endpoint: string;
  /** The DNS name clients connect to. */
  public readonly address: string;
  public readonly port: number;
  public readonly databaseName: string;
  public readonly masterUsername: string;
  /** Secrets Manager secret (managed by RDS) holding the master user's credentials. */
  public readonly masterSecretArn: string;
  public readonly instanceIdentifier: string;
  public readonly instanceArn: string;
  /** e.g. "postgres16". */
  public readonly parameterGroupFamily: string;
  public readonly performanceInsightsEnabled: boolean;
  public readonly securityGroupId: string;
  /** Ingress on the database port: `db.connections.allowFrom(service)`. */
  public readonly connections: Connections;
  public readonly cpuAlarmArn: string;
  public readonly freeStorageAlarmArn: string;
  public readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };

    const identifier = props.identifier;
    if (!Token.isUnresolved(identifier) && !/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(identifier)) {
      fail(
        `identifier must be 1-63 lowercase letters, digits and hyphens, start with a letter, with no "--", got "${identifier}"`,
      );
    }
    if (!Token.isUnresolved(identifier) && identifier.endsWith("-"))
      fail(`identifier must not end with a hyphen, got "${identifier}"`);
    if (!Token.isUnresolved(props.databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(props.databaseName)) {
      fail(
        `databaseName must be 1-63 letters, digits and underscores starting with a letter, got "${props.databaseName}"`,
      );
    }
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
      fail(
        `subnetIds must name isolated subnets in at least two availability zones, got ${props.subnetIds.length}`,
      );
    }

    const version = parsePostgresVersion(props.engineVersion ?? DEFAULT_POSTGRES_VERSION);
    if (typeof version === "string") fail(version);
    const { family } = version as Exclude<typeof version, string>;

    const instanceClass = props.instanceClass ?? "db.t4g.medium";
    if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceClass)) {
      fail(`instanceClass must be an RDS class such as "db.t4g.medium", got "${instanceClass}"`);
    }

    const allocated = props.allocatedStorageGb ?? 20;
    const maxAllocated = props.maxAllocatedStorageGb ?? 100;
    if (!isAllocatedStorageGb(allocated)) {
      fail(`allocatedStorageGb must be ${ALLOCATED_STORAGE_EXPECTED}, got ${allocated}`);
    } else {
      const maxProblem = maxAllocatedStorageProblem(allocated, maxAllocated);
      if (maxProblem) fail(`maxAllocatedStorageGb must be ${maxProblem}, got ${maxAllocated}`);
    }

    const masterUsername = props.masterUsername ?? "dbadmin";
    if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(masterUsername)) {
      fail(
        `masterUsername must be 1-63 letters, digits and underscores starting with a letter, got "${masterUsername}"`,
      );
    }
    const lowered = masterUsername.toLowerCase();
    if (RESERVED_USERNAMES.includes(lowered) || lowered.startsWith("rds_") || lowered.startsWith("pg_")) {
      fail(
        `masterUsername "${masterUsername}" is reserved by RDS or PostgreSQL; choose another, e.g. "dbadmin"`,
      );
    }

    const port = props.port ?? 5432;
    if (!Number.isInteger(port) || port < 1150 || port > 65535)
      fail(`port must be 1150-65535 (RDS's range), got ${port}`);

    const backupRetentionDays = props.backupRetentionDays ?? 7;
    if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < 1 || backupRetentionDays > 35) {
      fail(`backupRetentionDays must be a whole number of days from 1 to 35, got ${backupRetentionDays}`);
    }

    const piSupported = supportsPerformanceInsights(instanceClass);
    if (props.performanceInsights === true && !piSupported) {
      fail(
        `performanceInsights is not available on ${instanceClass}; use db.t4g.medium or larger, or leave performanceInsights unset`,
      );
    }
    const performanceInsights = props.performanceInsights ?? piSupported;

    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    if (!(MONITORING_INTERVALS as readonly number[]).includes(monitoringInterval)) {
      fail(
        `monitoringIntervalSeconds must be one of ${MONITORING_INTERVALS.join(", ")}, got ${monitoringInterval}`,
      );
    }

    const cpuThreshold = props.cpuAlarmThresholdPercent ?? 80;
    if (!(cpuThreshold > 0 && cpuThreshold < 100))
      fail(`cpuAlarmThresholdPercent must be between 0 and 100, got ${cpuThreshold}`);
    const freeStorageThreshold = props.freeStorageAlarmBytes ?? defaultFreeStorageAlarmBytes(allocated);
    if (!(freeStorageThreshold > 0 && freeStorageThreshold < allocated * GIB)) {
      fail(
        `freeStorageAlarmBytes must be above 0 and below the allocated storage (${allocated * GIB} bytes), got ${freeStorageThreshold}`,
      );
    }

    const parameters = props.parameters ?? {};
    if (Object.keys(parameters).some((name) => name.toLowerCase() === "rds.force_ssl")) {
      fail(`parameters must not set rds.force_ssl: TLS is always required; remove it`);
    }

    const deletionProtection = props.deletionProtection ?? true;
    const skipFinalSnapshot = props.skipFinalSnapshot ?? false;

    // Network: a database only answers, so its group never gets an egress rule (replies leave
    // statefully) and refuses calls that would add one; callers open ingress through `connections`.
    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: `${identifier}-postgres`,
      description: `PostgreSQL ${identifier}: ingress only from allowed peers`,
      defaultPort: Port.tcp(port),
      noEgress: true,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    this.connections = securityGroup.connections;
    for (const cidr of props.allowedCidrs ?? [])
      this.connections.allowFromCidr(cidr, undefined, `PostgreSQL from ${cidr}`);

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: identifier,
      description: `Isolated subnets of ${identifier}`,
      subnetIds: [...props.subnetIds],
    });

    const parameterGroup = new DbParameterGroup(this, "parameter-group", {
      namePrefix: `${identifier}-${family}-`,
      family,
      description: `${identifier} (${family}): TLS required`,
      parameter: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        ...Object.entries(parameters)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => ({ name, value, applyMethod: "pending-reboot" })),
      ],
      // A new family (major upgrade) makes a new group; the instance moves before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });

    // Created before the instance so RDS's exports land in groups that expire.
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (type) =>
        new LogGroup(this, `log-${type}`, {
          name: `/aws/rds/instance/${identifier}/${type}`,
          retentionDays: props.logRetentionDays ?? 30,
        }),
    );

    let monitoringRoleArn: string | undefined;
    const monitoringDependencies: ITerraformDependable[] = [];
    if (monitoringInterval > 0) {
      const role = new Role(this, "monitoring-role", {
        roleName: `${identifier}-rds-monitoring`,
        assumedBy: ServicePrincipals.rdsMonitoring,
        description: `Enhanced Monitoring of RDS instance ${identifier}`,
        managedPolicyArns: [rdsEnhancedMonitoringPolicyArn(awsContextOf(this).partition)],
      });
      monitoringDependencies.push(...role.grants);
      monitoringRoleArn = role.roleArn;
    }

    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion: props.engineVersion ?? DEFAULT_POSTGRES_VERSION,
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade ?? false,
      autoMinorVersionUpgrade: true,
      instanceClass,
      dbName: props.databaseName,
      port,
      username: masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      storageType: "gp3",
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      multiAz: props.multiAz ?? true,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
      publiclyAccessible: props.publiclyAccessible ?? false,
      parameterGroupName: parameterGroup.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      performanceInsightsEnabled: performanceInsights,
      ...(performanceInsights
        ? { performanceInsightsRetentionPeriod: 7, performanceInsightsKmsKeyId: props.kmsKeyArn }
        : {}),
      monitoringInterval,
      monitoringRoleArn,
      backupRetentionPeriod: backupRetentionDays,
      applyImmediately: props.applyImmediately ?? false,
      backupWindow: props.preferredBackupWindow,
      maintenanceWindow: props.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection,
      skipFinalSnapshot,
      ...(skipFinalSnapshot ? {} : { finalSnapshotIdentifier: `${identifier}-final` }),
      dependsOn: [...logGroups.map((group) => group.resource), ...monitoringDependencies],
    });

    this.endpoint = this.instance.endpoint;
    this.address = this.instance.address;
    this.port = this.instance.port;
    this.databaseName = this.instance.dbName;
    this.masterUsername = masterUsername;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.instanceIdentifier = this.instance.identifier;
    this.instanceArn = this.instance.arn;
    this.parameterGroupFamily = family;
    this.performanceInsightsEnabled = performanceInsights;

    // Same ids in this construct as before the shared helper existed, so the alarms keep their addresses.
    const alarms = rdsInstanceAlarms(this, {
      instanceIdentifier: this.instance.identifier,
      alarmNamePrefix: identifier,
      cpuThresholdPercent: cpuThreshold,
      freeStorageThresholdBytes: freeStorageThreshold,
      storageAutoscaling: true,
      ...(props.alarmTopicArn ? { topic: { topicArn: props.alarmTopicArn } } : {}),
    });
    this.cpuAlarmArn = alarms.cpu.alarmArn;
    this.freeStorageAlarmArn = alarms.freeStorage.alarmArn;
  }
}
