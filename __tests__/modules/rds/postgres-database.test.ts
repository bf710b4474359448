import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { PostgresDatabase, PostgresDatabaseProps } from "../../../modules/rds/postgres-database";
import {
  PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES,
  parsePostgresVersion,
  supportsPerformanceInsights,
} from "../../../modules/rds/postgres-versions";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

const BASE: PostgresDatabaseProps = {
  identifier: "acme-erp-prod",
  databaseName: "erp",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
};
const TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:alarms";

function build(
  overrides: Partial<PostgresDatabaseProps> = {},
  extra?: (scope: Construct, db: PostgresDatabase) => void,
): { synth: SynthesizedJson; db: PostgresDatabase } {
  let db: PostgresDatabase | undefined;
  const synth = synthScope((scope) => {
    db = new PostgresDatabase(scope, "db", { ...BASE, ...overrides });
    extra?.(scope, db);
  });
  return { synth, db: db! };
}

function buildError(overrides: Partial<PostgresDatabaseProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

/** Every key anywhere in `value`, at any depth. */
function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...keysIn(v)]);
  return [];
}

const instanceOf = (synth: SynthesizedJson) => synth.only("aws_db_instance");
const instanceName = (synth: SynthesizedJson) => Object.keys(synth.resources("aws_db_instance"))[0]!;
const dbGroupName = (synth: SynthesizedJson) =>
  Object.entries(synth.resources("aws_security_group")).find(
    ([, g]) => g.name === `${BASE.identifier}-postgres`,
  )![0];

describe("PostgresDatabase defaults", () => {
  const { synth } = build({}, (scope, db) => {
    new TerraformOutput(scope, "secret", { value: db.masterSecretArn });
    new TerraformOutput(scope, "endpoint", { value: db.endpoint });
    new TerraformOutput(scope, "address", { value: db.address });
    new TerraformOutput(scope, "port", { value: db.port });
  });
  const instance = instanceOf(synth);

  it("is PostgreSQL 16 (major only, minors follow auto minor upgrades) on db.t4g.medium", () => {
    expect(instance).toMatchObject({
      engine: "postgres",
      engine_version: "16",
      instance_class: "db.t4g.medium",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      identifier: "acme-erp-prod",
      db_name: "erp",
      port: 5432,
    });
  });

  it("has encrypted gp3 storage with autoscaling from 20 to 100 GiB", () => {
    expect(instance).toMatchObject({
      storage_encrypted: true,
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
    });
    expect(instance.kms_key_id).toBeUndefined();
  });

  it("lets RDS manage the master password in Secrets Manager: no password attribute anywhere", () => {
    expect(instance).toMatchObject({ manage_master_user_password: true, username: "dbadmin" });
    expect(keysIn(synth.json)).not.toContain("password");
    expect(JSON.stringify(synth.json)).not.toMatch(/"password"|master_password/);
    expect(synth.output("secret")?.value).toBe(
      `\${aws_db_instance.${instanceName(synth)}.master_user_secret[0].secret_arn}`,
    );
  });

  it("exposes endpoint, address and port as references to the instance", () => {
    expect(synth.output("endpoint")?.value).toBe(ref("aws_db_instance", instanceName(synth), "endpoint"));
    expect(synth.output("address")?.value).toBe(ref("aws_db_instance", instanceName(synth), "address"));
    expect(synth.output("port")?.value).toBe(ref("aws_db_instance", instanceName(synth), "port"));
  });

  it("forces TLS through a parameter group of the version's family", () => {
    const group = synth.only("aws_db_parameter_group");
    expect(group).toMatchObject({ family: "postgres16", lifecycle: { create_before_destroy: true } });
    expect(group.parameter).toEqual([{ name: "rds.force_ssl", value: "1", apply_method: "immediate" }]);
    expect(target(synth, "aws_db_parameter_group", instance.parameter_group_name, "name")).toBeDefined();
  });

  it("has IAM authentication, both log exports into groups with retention, and a pinned CA", () => {
    expect(instance).toMatchObject({
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      ca_cert_identifier: "rds-ca-rsa2048-g1",
    });
    const groups = Object.entries(synth.resources("aws_cloudwatch_log_group"));
    expect(groups.map(([, g]) => [g.name, g.retention_in_days]).sort()).toEqual([
      ["/aws/rds/instance/acme-erp-prod/postgresql", 30],
      ["/aws/rds/instance/acme-erp-prod/upgrade", 30],
    ]);
    for (const [name] of groups) expect(instance.depends_on).toContain(`aws_cloudwatch_log_group.${name}`);
  });

  it("is private, Multi-AZ, in its subnet group and own security group", () => {
    expect(instance).toMatchObject({ publicly_accessible: false, multi_az: true });
    expect(synth.only("aws_db_subnet_group")).toMatchObject({
      name: "acme-erp-prod",
      subnet_ids: ["subnet-iso-a", "subnet-iso-b"],
    });
    expect(target(synth, "aws_db_subnet_group", instance.db_subnet_group_name, "name")).toBeDefined();
    expect(instance.vpc_security_group_ids).toEqual([ref("aws_security_group", dbGroupName(synth))]);
  });

  it("keeps 7 days of backups, tags snapshots, refuses deletion and takes a final snapshot", () => {
    expect(instance).toMatchObject({
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      delete_automated_backups: false,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-erp-prod-final",
    });
  });

  it("has Performance Insights (7 days) and Enhanced Monitoring with the AWS managed role policy", () => {
    expect(instance).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      monitoring_interval: 60,
    });
    const roleName = target(synth, "aws_iam_role", instance.monitoring_role_arn, "arn");
    expect(
      JSON.parse(synth.resources("aws_iam_role")[roleName]!.assume_role_policy as string).Statement[0]
        .Principal,
    ).toEqual({
      Service: "monitoring.rds.amazonaws.com",
    });
    expect(synth.only("aws_iam_role_policy_attachment")).toMatchObject({
      // The partition comes from the stack (aws, aws-cn, aws-us-gov), never a literal "aws".
      policy_arn: expect.stringMatching(
        /^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/,
      ),
      role: ref("aws_iam_role", roleName, "name"),
    });
  });

  it("opens nothing: the security group has no ingress and no egress", () => {
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(synth.count("aws_vpc_security_group_egress_rule")).toBe(0);
    expect(synth.count("aws_security_group_rule")).toBe(0);
    expect(synth.resources("aws_security_group")[dbGroupName(synth)]!.ingress).toBeUndefined();
  });
});

describe("PostgresDatabase overrides", () => {
  it("a dev-like database: single AZ, db.t3.micro without Performance Insights, deletable without a snapshot", () => {
    const { synth, db } = build({
      multiAz: false,
      instanceClass: "db.t3.micro",
      deletionProtection: false,
      skipFinalSnapshot: true,
      backupRetentionDays: 1,
      monitoringIntervalSeconds: 0,
    });
    const instance = instanceOf(synth);
    expect(instance).toMatchObject({
      multi_az: false,
      instance_class: "db.t3.micro",
      performance_insights_enabled: false,
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 1,
      monitoring_interval: 0,
    });
    expect(instance.final_snapshot_identifier).toBeUndefined();
    expect(instance.performance_insights_retention_period).toBeUndefined();
    expect(instance.monitoring_role_arn).toBeUndefined();
    expect(synth.count("aws_iam_role")).toBe(0);
    expect(db.performanceInsightsEnabled).toBe(false);
    // Still encrypted, private and TLS-only.
    expect(instance).toMatchObject({
      storage_encrypted: true,
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
    });
  });

  it("derives the parameter group family from the major", () => {
    expect(build({ engineVersion: "17.2" }).synth.only("aws_db_parameter_group").family).toBe("postgres17");
    const { synth, db } = build({ engineVersion: "15" });
    expect(synth.only("aws_db_parameter_group").family).toBe("postgres15");
    expect(db.parameterGroupFamily).toBe("postgres15");
    expect(instanceOf(synth).engine_version).toBe("15");
  });

  it("uses a customer managed key for storage, Performance Insights and the master secret", () => {
    const key = "arn:aws:kms:ap-northeast-2:123456789012:key/abc";
    expect(instanceOf(build({ kmsKeyArn: key }).synth)).toMatchObject({
      kms_key_id: key,
      performance_insights_kms_key_id: key,
      master_user_secret_kms_key_id: key,
    });
  });

  it("adds extra parameters for the next reboot, sorted, after force_ssl", () => {
    const group = build({
      parameters: { log_min_duration_statement: "1000", "pg_stat_statements.track": "all" },
    }).synth.only("aws_db_parameter_group");
    expect(group.parameter).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
      { name: "log_min_duration_statement", value: "1000", apply_method: "pending-reboot" },
      { name: "pg_stat_statements.track", value: "all", apply_method: "pending-reboot" },
    ]);
  });
});

describe("PostgresDatabase validation", () => {
  it.each([
    ["9", /engineVersion 9 is PostgreSQL 9; use 15 or newer/],
    ["9.6", /PostgreSQL 9; use 15 or newer/],
    ["14", /engineVersion 14 is PostgreSQL 14; use 15 or newer/],
    ["14.12", /PostgreSQL 14; use 15 or newer/],
    ["latest", /engineVersion must be a PostgreSQL major or major.minor/],
  ])("refuses engineVersion %s", (engineVersion, message) => {
    const error = buildError({ engineVersion });
    expect(error).toMatch(/^stack\/db: /);
    expect(error).toMatch(message);
  });

  it("refuses a storage ceiling not above the allocated storage", () => {
    expect(buildError({ allocatedStorageGb: 100, maxAllocatedStorageGb: 50 })).toMatch(
      /^stack\/db: maxAllocatedStorageGb must be a whole number at least 10 % above the allocated 100 GiB, i\.e\. 110-65536, so storage can autoscale, got 50$/,
    );
    expect(buildError({ allocatedStorageGb: 20, maxAllocatedStorageGb: 20 })).toMatch(
      /maxAllocatedStorageGb/,
    );
    expect(buildError({ allocatedStorageGb: 10 })).toMatch(
      /allocatedStorageGb must be a whole number of GiB from 20/,
    );
  });

  it.each([0, 36, 2.5])("refuses backupRetentionDays %s", (backupRetentionDays) => {
    expect(buildError({ backupRetentionDays })).toMatch(
      /^stack\/db: backupRetentionDays must be a whole number of days from 1 to 35/,
    );
  });

  it("refuses Performance Insights where the class has none", () => {
    expect(buildError({ instanceClass: "db.t4g.micro", performanceInsights: true })).toMatch(
      /performanceInsights is not available on db.t4g.micro; use db.t4g.medium or larger/,
    );
  });

  it("refuses reserved master user names, bad identifiers, one subnet and turning TLS off", () => {
    expect(buildError({ masterUsername: "rdsadmin" })).toMatch(/masterUsername "rdsadmin" is reserved/);
    expect(buildError({ masterUsername: "pg_admin" })).toMatch(/reserved/);
    expect(buildError({ identifier: "Acme_DB" })).toMatch(/identifier must be 1-63 lowercase letters/);
    expect(buildError({ identifier: "acme--db" })).toMatch(/no "--"/);
    expect(buildError({ subnetIds: ["subnet-a"] })).toMatch(/at least two availability zones/);
    expect(buildError({ parameters: { "rds.force_ssl": "0" } })).toMatch(/must not set rds.force_ssl/);
    expect(buildError({ monitoringIntervalSeconds: 7 as never })).toMatch(
      /monitoringIntervalSeconds must be one of 0, 1, 5, 10, 15, 30, 60/,
    );
    expect(buildError({ freeStorageAlarmBytes: 40 * 1024 ** 3 })).toMatch(
      /freeStorageAlarmBytes must be .* below the allocated storage/,
    );
  });
});

describe("PostgresDatabase security group wiring", () => {
  it("allowFrom a peer and allowFromCidr create 5432 rules on the database's group, and egress only on the peer's", () => {
    const { synth } = build({}, (scope, db) => {
      const app = new SecurityGroup(scope, "app", {
        vpcId: "vpc-0123",
        name: "erp-api",
        description: "api",
        allowAllOutbound: false,
      });
      db.connections.allowFrom(app);
      db.connections.allowFromCidr("10.20.0.0/16");
    });
    const rules = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
    expect(rules).toHaveLength(2);
    const dbGroup = ref("aws_security_group", dbGroupName(synth));
    for (const rule of rules)
      expect(rule).toMatchObject({
        security_group_id: dbGroup,
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
      });
    const appGroup = Object.entries(synth.resources("aws_security_group")).find(
      ([, g]) => g.name === "erp-api",
    )![0];
    expect(rules.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4).sort()).toEqual(
      ["10.20.0.0/16", ref("aws_security_group", appGroup)].sort(),
    );
    // The client's group (egress by rules only) gets its way out; the database's gets none.
    expect(synth.only("aws_vpc_security_group_egress_rule")).toMatchObject({
      security_group_id: ref("aws_security_group", appGroup),
      referenced_security_group_id: dbGroup,
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
    });
  });

  it("the database's group never sends: no egress rule, whatever its clients allow", () => {
    const { synth } = build({}, (scope, db) => {
      const tasks = new SecurityGroup(scope, "tasks", {
        vpcId: "vpc-0123",
        name: "erp-tasks",
        description: "tasks",
        allowAllOutbound: true,
      });
      db.connections.allowFrom(tasks);
      tasks.connections.allowTo(db);
    });
    const dbGroup = ref("aws_security_group", dbGroupName(synth));
    const egress = Object.values(synth.resources("aws_vpc_security_group_egress_rule"));
    // Only the tasks' own allow-all rule; nothing on the database's group.
    expect(egress).toEqual([expect.objectContaining({ cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" })]);
    expect(egress.filter((r) => r.security_group_id === dbGroup)).toEqual([]);
    expect(synth.resources("aws_security_group")[dbGroupName(synth)]).not.toHaveProperty("egress");
  });

  it.each<[string, (db: PostgresDatabase, peer: SecurityGroup) => void]>([
    ["db.connections.allowTo(peer)", (db, peer) => db.connections.allowTo(peer, Port.tcp(443))],
    ["peer.connections.allowFrom(db)", (db, peer) => peer.connections.allowFrom(db, Port.tcp(443))],
    ["db.connections.allowToCidr", (db) => db.connections.allowToCidr("0.0.0.0/0", Port.tcp(443))],
  ])("refuses to give the database egress: %s", (_what, call) => {
    expect(() =>
      build({}, (scope, db) => {
        const peer = new SecurityGroup(scope, "peer", {
          vpcId: "vpc-0123",
          name: "peer",
          description: "peer",
          allowAllOutbound: false,
        });
        call(db, peer);
      }),
    ).toThrow(
      /stack\/db\/security-group: acme-erp-prod-postgres only answers \(outbound "none"\), so it cannot open connections to /,
    );
  });

  it("allowedCidrs opens the database port to each CIDR, a custom port included", () => {
    const { synth, db } = build({ port: 6432, allowedCidrs: ["10.1.0.0/16", "10.2.0.0/16"] });
    const rules = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
    expect(rules.map((r) => [r.cidr_ipv4, r.from_port, r.to_port])).toEqual([
      ["10.1.0.0/16", 6432, 6432],
      ["10.2.0.0/16", 6432, 6432],
    ]);
    expect(db.connections.defaultPort).toEqual(Port.tcp(6432));
    expect(() => build({ allowedCidrs: ["10.1.0.1/16"] })).toThrow(/allowFromCidr needs an IPv4 CIDR/);
  });
});

describe("PostgresDatabase alarms", () => {
  it("alarms on CPU above 80 % for 2 x 5 minutes and on free storage below 1 GiB (5 % of 20 GiB), notifying the topic", () => {
    const { synth } = build({ alarmTopicArn: TOPIC });
    const alarms = Object.values(synth.resources("aws_cloudwatch_metric_alarm"));
    const byMetric = Object.fromEntries(alarms.map((a) => [a.metric_name as string, a]));
    const dimension = { DBInstanceIdentifier: ref("aws_db_instance", instanceName(synth), "identifier") };
    expect(byMetric.CPUUtilization).toMatchObject({
      namespace: "AWS/RDS",
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 2,
      dimensions: dimension,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(byMetric.FreeStorageSpace).toMatchObject({
      namespace: "AWS/RDS",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1024 ** 3,
      period: 300,
      evaluation_periods: 2,
      dimensions: dimension,
      alarm_actions: [TOPIC],
    });
  });

  it("keeps the alarms' Terraform addresses, so deployed alarms stay in place on the shared helper", () => {
    const { synth } = build({ alarmTopicArn: TOPIC });
    // The addresses the alarms had when this module wrote them by hand (db/cpu-alarm, db/free-storage-alarm).
    expect(Object.keys(synth.resources("aws_cloudwatch_metric_alarm")).sort()).toEqual([
      "db_cpu-alarm_C79B6E2C",
      "db_free-storage-alarm_982BBCBA",
    ]);
    const byMetric = Object.fromEntries(
      Object.values(synth.resources("aws_cloudwatch_metric_alarm")).map((a) => [a.metric_name as string, a]),
    );
    expect(byMetric.CPUUtilization).toMatchObject({
      alarm_name: "acme-erp-prod-cpu-high",
      alarm_description: "acme-erp-prod: CPU above 80 % for 10 minutes",
      treat_missing_data: "missing",
    });
    expect(byMetric.FreeStorageSpace).toMatchObject({
      alarm_name: "acme-erp-prod-free-storage-low",
      alarm_description: `acme-erp-prod: free storage below ${1024 ** 3} bytes for 10 minutes (autoscaling at its ceiling or too slow)`,
      treat_missing_data: "missing",
      ok_actions: [TOPIC],
    });
    for (const alarm of Object.values(byMetric)) expect(alarm.datapoints_to_alarm).toBeUndefined();
  });

  it("caps the default free storage threshold at 2 GiB, below where autoscaling starts", () => {
    const threshold = (allocatedStorageGb: number) =>
      Object.values(
        build({ allocatedStorageGb, maxAllocatedStorageGb: 1000 }).synth.resources(
          "aws_cloudwatch_metric_alarm",
        ),
      ).find((a) => a.metric_name === "FreeStorageSpace")!.threshold;
    expect(threshold(30)).toBe(1.5 * 1024 ** 3);
    expect(threshold(40)).toBe(2 * 1024 ** 3);
    expect(threshold(500)).toBe(2 * 1024 ** 3);
  });

  it("takes custom thresholds, and without a topic the alarms only change state", () => {
    const { synth } = build({ cpuAlarmThresholdPercent: 70, freeStorageAlarmBytes: 5 * 1024 ** 3 });
    const alarms = Object.values(synth.resources("aws_cloudwatch_metric_alarm"));
    expect(alarms.map((a) => a.threshold).sort()).toEqual([70, 5 * 1024 ** 3].sort());
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toBeUndefined();
      expect(alarm.ok_actions).toBeUndefined();
    }
  });
});

describe("postgres-versions", () => {
  it("parses majors and minors into families", () => {
    expect(parsePostgresVersion("16")).toEqual({ major: 16, family: "postgres16" });
    expect(parsePostgresVersion("16.4")).toEqual({ major: 16, minor: 4, family: "postgres16" });
    expect(parsePostgresVersion("18.1")).toMatchObject({ family: "postgres18" });
  });

  it("knows which classes lack Performance Insights", () => {
    for (const cls of PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES)
      expect(supportsPerformanceInsights(cls)).toBe(false);
    for (const cls of ["db.t3.medium", "db.t4g.medium", "db.m7g.large", "db.r6g.xlarge"])
      expect(supportsPerformanceInsights(cls)).toBe(true);
  });
});
