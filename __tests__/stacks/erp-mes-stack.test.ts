import { Testing } from "cdktf";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema/environment";
import { ErpMesConfig } from "../../config/schema/systems/erp-mes";
import { ErpMesStack } from "../../stacks/erp-mes-stack";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { SynthesizedJson, TerraformJson } from "../harness/synth-scope";
import { ref, target } from "../modules/refs";
import { sharedNetworkIn } from "./fixtures/shared-network";

/**
 * The ERP/MES stack built from the committed config files, exactly as `cdktf synth` builds it:
 * EventBridge → scaler Lambda → on-demand Fargate simulator → RDS PostgreSQL.
 */

type Env = "dev" | "prod";

const outdirs: string[] = [];
const stacks: Partial<Record<Env, SynthesizedStack>> = {};
const configs: Partial<Record<Env, EnvironmentConfig>> = {};

beforeAll(async () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "erp-mes-stack-"));
  outdirs.push(outdir);
  const synthesized = await synthApp({
    stacks: new Set(["erp-mes-dev", "erp-mes-prod"]),
    environments: ["dev", "prod"],
    outdir,
  });
  // A system stack brings the network stack it runs in, and no other system.
  expect(synthesized.map((s) => s.name)).toEqual([
    "erp-mes-dev",
    "erp-mes-prod",
    "network-dev",
    "network-prod",
  ]);
  for (const env of ["dev", "prod"] as const) {
    stacks[env] = synthesized.find((s) => s.name === `erp-mes-${env}`)!;
    configs[env] = await loadEnvironmentConfig(configFileOf(env));
  }
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const synthOf = (env: Env) => stacks[env]!.synth;
const erpMesOf = (env: Env): ErpMesConfig => configs[env]!.systems["erp-mes"]!;

/** The Terraform name of the single resource of `type` whose `key` is `value`. */
function nameWhere(synth: SynthesizedJson, type: string, key: string, value: unknown): string {
  const names = Object.entries(synth.resources(type))
    .filter(([, r]) => r[key] === value)
    .map(([name]) => name);
  if (names.length !== 1)
    throw new Error(`expected one ${type} with ${key} = ${String(value)}, found ${names.length}`);
  return names[0]!;
}

function onlyName(synth: SynthesizedJson, type: string): string {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
}

/** Every key anywhere in `value`, at any depth. */
function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...keysIn(v)]);
  return [];
}

/** Every string anywhere in `value`, at any depth, including JSON documents embedded in strings. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

interface ContainerJson {
  name: string;
  image: string;
  portMappings: { containerPort: number; hostPort: number; protocol: string }[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  healthCheck: { command: string[] };
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

function containerOf(synth: SynthesizedJson): ContainerJson {
  const definitions = JSON.parse(
    synth.only("aws_ecs_task_definition").container_definitions as string,
  ) as ContainerJson[];
  expect(definitions).toHaveLength(1);
  return definitions[0]!;
}

describe.each(["dev", "prod"] as const)("erp-mes-%s", (env) => {
  test("ECR repository erp-mes-simulator and cluster erp-mes-cluster (one account per environment)", () => {
    const synth = synthOf(env);
    expect(configs[env]!.shared_account).toBe(false);
    expect(synth.only("aws_ecr_repository").name).toBe("erp-mes-simulator");
    expect(synth.only("aws_ecs_cluster").name).toBe("erp-mes-cluster");
  });

  test("service erp-mes-simulator in that cluster, 256 CPU / 512 MiB, created with no tasks", () => {
    const synth = synthOf(env);
    const service = synth.only("aws_ecs_service");
    expect(service).toMatchObject({
      name: "erp-mes-simulator",
      cluster: ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "arn"),
      task_definition: ref("aws_ecs_task_definition", onlyName(synth, "aws_ecs_task_definition"), "arn"),
      desired_count: 0,
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(synth.only("aws_ecs_task_definition")).toMatchObject({ cpu: "256", memory: "512" });
    expect(Object.keys(synth.json.resource ?? {}).filter((t) => t.startsWith("aws_appautoscaling"))).toEqual(
      [],
    );
  });

  test("container api on port 8000 from the repository, health-checked with curl on /health", () => {
    const synth = synthOf(env);
    const container = containerOf(synth);
    expect(container.name).toBe("api");
    expect(container.portMappings).toEqual([{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }]);
    expect(container.image).toBe(
      `${ref("aws_ecr_repository", onlyName(synth, "aws_ecr_repository"), "repository_url")}:${erpMesOf(env).simulator.image_tag}`,
    );
    expect(container.healthCheck.command[0]).toBe("CMD-SHELL");
    expect(container.healthCheck.command[1]).toContain("curl -f http://localhost:8000/health");
  });

  test("MES_DEBUG and MES_CORS_ORIGINS come from the config", () => {
    const simulator = erpMesOf(env).simulator;
    expect(containerOf(synthOf(env)).environment).toEqual([
      { name: "MES_CORS_ORIGINS", value: simulator.cors_origins.join(",") },
      { name: "MES_DEBUG", value: String(simulator.debug) },
    ]);
    // The committed files differ here, so the values really come from each file.
    expect(simulator.debug).toBe(env === "dev");
    expect(simulator.cors_origins.length).toBeGreaterThan(0);
  });

  test("MES_DATABASE_URL is a reference to the stack's secret, readable by the execution role only", () => {
    const synth = synthOf(env);
    const secretArn = ref("aws_secretsmanager_secret", onlyName(synth, "aws_secretsmanager_secret"), "arn");
    expect(containerOf(synth).secrets).toEqual([{ name: "MES_DATABASE_URL", valueFrom: secretArn }]);

    const executionRole = target(
      synth,
      "aws_iam_role",
      synth.only("aws_ecs_task_definition").execution_role_arn,
      "arn",
    );
    const readers = Object.values(synth.resources("aws_iam_role_policy")).filter((p) =>
      (p.policy as string).includes("secretsmanager:GetSecretValue"),
    );
    expect(readers.map((p) => p.role)).toEqual([ref("aws_iam_role", executionRole, "id")]);
    const statement = (
      JSON.parse(readers[0]!.policy as string).Statement as {
        Action: string | string[];
        Resource: string | string[];
      }[]
    ).find((s) => ([] as string[]).concat(s.Action).includes("secretsmanager:GetSecretValue"))!;
    expect(([] as string[]).concat(statement.Resource)).toEqual([secretArn]);
  });

  test("no secret value passes through Terraform state", () => {
    const synth = synthOf(env);
    expect(synth.count("aws_secretsmanager_secret_version")).toBe(0);
    const keys = keysIn(synth.json.resource);
    expect(keys).not.toContain("secret_string");
    expect(keys).not.toContain("secret_binary");
    expect(keys).not.toContain("password");
    expect(synth.only("aws_db_instance").manage_master_user_password).toBe(true);
    // No connection string with a user or host in it ("postgresql://..." in a description is fine).
    expect(stringsIn(synth.json).filter((text) => /postgres(ql)?:\/\/\w/.test(text))).toEqual([]);
  });

  test("logs go to /ecs/erp-mes-simulator with stream prefix api", () => {
    const synth = synthOf(env);
    const logGroup = nameWhere(synth, "aws_cloudwatch_log_group", "name", "/ecs/erp-mes-simulator");
    expect(containerOf(synth).logConfiguration).toEqual({
      logDriver: "awslogs",
      options: {
        "awslogs-group": ref("aws_cloudwatch_log_group", logGroup, "name"),
        "awslogs-region": expect.stringMatching(/^\$\{data\.aws_region\.[^}]+\.name\}$/),
        "awslogs-stream-prefix": "api",
      },
    });
  });

  test("the database is erp_mes_db, sized and protected as the config says", () => {
    const database = erpMesOf(env).database;
    const instance = synthOf(env).only("aws_db_instance");
    expect(instance).toMatchObject({
      engine: "postgres",
      engine_version: database.engine_version,
      db_name: "erp_mes_db",
      instance_class: database.instance_class,
      allocated_storage: database.allocated_storage_gb,
      max_allocated_storage: database.max_allocated_storage_gb,
      multi_az: database.multi_az,
      backup_retention_period: database.backup_retention_days,
      deletion_protection: database.deletion_protection,
      skip_final_snapshot: database.skip_final_snapshot,
      publicly_accessible: false,
      storage_encrypted: true,
    });
  });

  test("port 5432 is open only to the simulator's security group and the configured fdw peers", () => {
    const synth = synthOf(env);
    const dbGroup = target(
      synth,
      "aws_security_group",
      (synth.only("aws_db_instance").vpc_security_group_ids as string[])[0],
    );
    const simulatorGroup = target(
      synth,
      "aws_security_group",
      (synth.only("aws_ecs_service").network_configuration as { security_groups: string[] })
        .security_groups[0],
    );
    expect(dbGroup).not.toBe(simulatorGroup);
    expect(synth.resources("aws_security_group")[dbGroup]!.ingress).toBeUndefined();
    expect(synth.count("aws_security_group_rule")).toBe(0);

    const rules = Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === ref("aws_security_group", dbGroup),
    );
    const fdwPeers = erpMesOf(env).database.fdw_peer_cidrs;
    expect(fdwPeers.length).toBeGreaterThan(0);
    expect(rules).toHaveLength(1 + fdwPeers.length);
    for (const rule of rules) {
      expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 5432, to_port: 5432 });
      const sources = ["cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"].filter(
        (k) => rule[k] !== undefined,
      );
      expect(sources).toHaveLength(1);
    }
    expect(rules.map((r) => r.referenced_security_group_id).filter(Boolean)).toEqual([
      ref("aws_security_group", simulatorGroup),
    ]);
    expect(
      rules
        .map((r) => r.cidr_ipv4)
        .filter(Boolean)
        .sort(),
    ).toEqual([...fdwPeers].sort());
  });

  test("the free-storage alarm sits at half the point where storage autoscaling starts", () => {
    const synth = synthOf(env);
    const alarm = synth.resources("aws_cloudwatch_metric_alarm")[
      nameWhere(synth, "aws_cloudwatch_metric_alarm", "metric_name", "FreeStorageSpace")
    ]!;
    const allocatedGb = erpMesOf(env).database.allocated_storage_gb;
    // Autoscaling starts below 10 % free; at 20 GiB that is 2 GiB, so the alarm is at 1 GiB.
    expect(allocatedGb).toBe(20);
    expect(alarm).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1024 ** 3 });
    expect(alarm.threshold as number).toBeLessThan((allocatedGb * 1024 ** 3) / 10);
  });

  test("an RDS CPU alarm fires above 80 % for 2 × 300 s", () => {
    const synth = synthOf(env);
    const alarm = synth.resources("aws_cloudwatch_metric_alarm")[
      nameWhere(synth, "aws_cloudwatch_metric_alarm", "metric_name", "CPUUtilization")
    ]!;
    expect(alarm).toMatchObject({
      namespace: "AWS/RDS",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 2,
      statistic: "Average",
      dimensions: {
        DBInstanceIdentifier: ref("aws_db_instance", onlyName(synth, "aws_db_instance"), "identifier"),
      },
    });
  });

  test("a dashboard shows the simulator's ECS metrics, the database's RDS metrics and the API logs", () => {
    const synth = synthOf(env);
    const dashboard = synth.only("aws_cloudwatch_dashboard");
    const body = JSON.parse(dashboard.dashboard_body as string) as {
      widgets: { type: string; properties: { region: string; metrics?: unknown[][]; query?: string } }[];
    };
    const metrics = body.widgets.flatMap((w) => w.properties.metrics ?? []);
    const service = ref("aws_ecs_service", onlyName(synth, "aws_ecs_service"), "name");
    const cluster = ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "name");
    const db = ref("aws_db_instance", onlyName(synth, "aws_db_instance"), "identifier");
    const ecs = metrics.filter((m) => m[0] === "AWS/ECS" || m[0] === "ECS/ContainerInsights");
    const rds = metrics.filter((m) => m[0] === "AWS/RDS");
    expect(ecs.map((m) => m[1])).toEqual(
      expect.arrayContaining(["CPUUtilization", "MemoryUtilization", "RunningTaskCount"]),
    );
    for (const m of ecs) expect(m.slice(2, 6)).toEqual(["ClusterName", cluster, "ServiceName", service]);
    expect(rds.map((m) => m[1])).toEqual(expect.arrayContaining(["CPUUtilization", "DatabaseConnections"]));
    for (const m of rds) expect(m.slice(2, 4)).toEqual(["DBInstanceIdentifier", db]);
    const logs = body.widgets.filter((w) => w.type === "log");
    expect(logs).toHaveLength(1);
    expect(logs[0]!.properties.query).toContain(
      `SOURCE '${ref("aws_cloudwatch_log_group", nameWhere(synth, "aws_cloudwatch_log_group", "name", "/ecs/erp-mes-simulator"), "name")}'`,
    );
    for (const w of body.widgets) expect(w.properties.region).toBe(configs[env]!.aws_region);
  });

  test("the start/stop schedules from the config drive the scaler Lambda", () => {
    const synth = synthOf(env);
    const simulator = erpMesOf(env).simulator;
    const lambda = onlyName(synth, "aws_lambda_function");
    for (const [action, expression] of [
      ["start", simulator.start_schedule],
      ["stop", simulator.stop_schedule],
    ] as const) {
      const rule = nameWhere(synth, "aws_cloudwatch_event_rule", "name", `${action}-erp-mes-simulator`);
      expect(synth.resources("aws_cloudwatch_event_rule")[rule]).toMatchObject({
        schedule_expression: expression,
        state: simulator.schedules_enabled ? "ENABLED" : "DISABLED",
      });
      const eventTarget = synth.resources("aws_cloudwatch_event_target")[
        nameWhere(
          synth,
          "aws_cloudwatch_event_target",
          "rule",
          ref("aws_cloudwatch_event_rule", rule, "name"),
        )
      ]!;
      expect(eventTarget).toMatchObject({
        arn: ref("aws_lambda_function", lambda, "arn"),
        input: JSON.stringify({ action }),
      });
    }
    const variables = (synth.only("aws_lambda_function").environment as { variables: Record<string, string> })
      .variables;
    expect(variables).toEqual({
      CLUSTER_NAME: ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "name"),
      SERVICE_NAME: ref("aws_ecs_service", onlyName(synth, "aws_ecs_service"), "name"),
      START_DESIRED_COUNT: String(simulator.running_count),
      // The on-demand database (dev) starts and stops with the simulator.
      ...(configs[env]!.systems["erp-mes"]!.database.on_demand
        ? { DB_INSTANCE_ID: ref("aws_db_instance", onlyName(synth, "aws_db_instance"), "identifier") }
        : {}),
    });
  });

  test("outputs name the cluster, service, logs, repository, database and the scaler; the endpoint is sensitive", () => {
    const synth = synthOf(env);
    const value = (name: string) => {
      const output = synth.output(name);
      expect(output).toBeDefined();
      return output!.value;
    };
    expect(value("ecs_cluster_name")).toBe(
      ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "name"),
    );
    expect(value("ecs_service_name")).toBe(
      ref("aws_ecs_service", onlyName(synth, "aws_ecs_service"), "name"),
    );
    expect(value("cloudwatch_log_group_name")).toBe(
      ref(
        "aws_cloudwatch_log_group",
        nameWhere(synth, "aws_cloudwatch_log_group", "name", "/ecs/erp-mes-simulator"),
        "name",
      ),
    );
    expect(value("ecr_repository_url")).toBe(
      ref("aws_ecr_repository", onlyName(synth, "aws_ecr_repository"), "repository_url"),
    );
    const db = onlyName(synth, "aws_db_instance");
    expect(value("database_endpoint")).toBe(ref("aws_db_instance", db, "endpoint"));
    expect(synth.output("database_endpoint")!.sensitive).toBe(true);
    expect(value("database_master_secret_arn")).toBe(
      `\${aws_db_instance.${db}.master_user_secret[0].secret_arn}`,
    );
    expect(value("database_url_secret_arn")).toBe(
      ref("aws_secretsmanager_secret", onlyName(synth, "aws_secretsmanager_secret"), "arn"),
    );
    expect(value("start_stop_lambda_name")).toBe(
      ref("aws_lambda_function", onlyName(synth, "aws_lambda_function"), "function_name"),
    );
  });
});

describe("dev and prod databases differ only where the config says", () => {
  test("dev: db.t3.micro, 20 GiB, single-AZ, no final snapshot, no deletion protection", () => {
    const instance = synthOf("dev").only("aws_db_instance");
    expect(instance).toMatchObject({
      instance_class: "db.t3.micro",
      allocated_storage: 20,
      multi_az: false,
      skip_final_snapshot: true,
      deletion_protection: false,
    });
    expect(instance.final_snapshot_identifier).toBeUndefined();
  });

  test("prod: deletion protection, a final snapshot and Multi-AZ", () => {
    const instance = synthOf("prod").only("aws_db_instance");
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "erp-mes-db-final",
      multi_az: true,
    });
    expect(instance.backup_retention_period).toBeGreaterThanOrEqual(7);
  });
});

describe("shared_account", () => {
  let synth: SynthesizedJson;

  beforeAll(() => {
    const config: EnvironmentConfig = { ...configs.dev!, shared_account: true };
    const app = Testing.app();
    const stack = new ErpMesStack(app, config, config.systems["erp-mes"]!, sharedNetworkIn(app, config));
    synth = new SynthesizedJson(JSON.parse(Testing.synth(stack)) as TerraformJson);
  });

  test("names that must be unique in an account end in -dev", () => {
    expect(synth.only("aws_ecs_cluster").name).toBe("erp-mes-cluster-dev");
    expect(synth.only("aws_ecr_repository").name).toBe("erp-mes-simulator-dev");
    expect(synth.only("aws_db_instance").identifier).toBe("erp-mes-db-dev");
    expect(synth.only("aws_secretsmanager_secret").name).toBe("erp-mes/database-url-dev");
    expect(synth.only("aws_lambda_function").function_name).toBe("erp-mes-simulator-dev-scaler");
    expect(synth.only("aws_cloudwatch_dashboard").dashboard_name).toBe("erp-mes-dev");
    nameWhere(synth, "aws_cloudwatch_log_group", "name", "/ecs/erp-mes-simulator-dev");
    nameWhere(synth, "aws_cloudwatch_event_rule", "name", "start-erp-mes-simulator-dev");
    nameWhere(synth, "aws_cloudwatch_event_rule", "name", "stop-erp-mes-simulator-dev");
  });

  test("the service name is only unique in its cluster, so it stays erp-mes-simulator", () => {
    expect(synth.only("aws_ecs_service").name).toBe("erp-mes-simulator");
  });
});

describe("synthesis is reproducible", () => {
  test("a second synth into another directory writes a byte-identical cdk.tf.json and Lambda archive", async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "erp-mes-stack-again-"));
    outdirs.push(outdir);
    const [again] = await synthApp({ stacks: new Set(["erp-mes-dev"]), environments: ["dev"], outdir });
    const first = stacks.dev!;
    expect(again!.name).toBe("erp-mes-dev");
    expect(again!.dir).not.toBe(first.dir);

    const lambda = first.synth.only("aws_lambda_function");
    const filename = lambda.filename as string;
    // Relative to the stack directory: nothing in cdk.tf.json depends on where it was written.
    expect(filename).toMatch(/^assets\/[^/]+\/[0-9a-f]{32}\/archive\.zip$/);
    expect(readFileSync(path.join(first.dir, "cdk.tf.json"), "utf8")).toBe(
      readFileSync(path.join(again!.dir, "cdk.tf.json"), "utf8"),
    );
    expect(again!.synth.only("aws_lambda_function").source_code_hash).toBe(lambda.source_code_hash);

    const archive = (dir: string) => readFileSync(path.join(dir, filename));
    expect(statSync(path.join(first.dir, filename)).size).toBeGreaterThan(0);
    expect(archive(again!.dir).equals(archive(first.dir))).toBe(true);
    // Only the one archive is written next to cdk.tf.json.
    expect(readdirSync(path.join(first.dir, "assets"))).toEqual([filename.split("/")[1]]);
  });
});

describe("database.on_demand", () => {
  /** The dev stack with systems.erp-mes.database.on_demand set to `onDemand`. */
  function devStackWith(onDemand: boolean): SynthesizedJson {
    const erpMes = erpMesOf("dev");
    const config: EnvironmentConfig = {
      ...configs.dev!,
      systems: {
        ...configs.dev!.systems,
        "erp-mes": { ...erpMes, database: { ...erpMes.database, on_demand: onDemand } },
      },
    };
    const app = Testing.app();
    const stack = new ErpMesStack(app, config, config.systems["erp-mes"]!, sharedNetworkIn(app, config));
    return new SynthesizedJson(JSON.parse(Testing.synth(stack)) as TerraformJson);
  }

  const variablesOf = (synth: SynthesizedJson) =>
    (synth.only("aws_lambda_function").environment as { variables: Record<string, string> }).variables;

  /** The statements of the scaler Lambda's inline policy. */
  function scalerStatements(synth: SynthesizedJson) {
    const role = target(synth, "aws_iam_role", synth.only("aws_lambda_function").role, "arn");
    const policies = Object.values(synth.resources("aws_iam_role_policy")).filter(
      (p) => p.role === ref("aws_iam_role", role, "id"),
    );
    expect(policies).toHaveLength(1);
    return JSON.parse(policies[0]!.policy as string).Statement as {
      Sid?: string;
      Action: string | string[];
      Resource: string | string[];
    }[];
  }
  const rdsActionsOf = (synth: SynthesizedJson) =>
    scalerStatements(synth).filter((s) =>
      ([] as string[]).concat(s.Action).some((a) => a.startsWith("rds:")),
    );

  test("on: the scaler starts and stops the stack's one database, and may touch nothing else in RDS", () => {
    const synth = devStackWith(true);
    const db = onlyName(synth, "aws_db_instance");
    expect(variablesOf(synth).DB_INSTANCE_ID).toBe(ref("aws_db_instance", db, "identifier"));
    expect(rdsActionsOf(synth)).toEqual([
      {
        Sid: "StartStopThisDatabaseOnly",
        Effect: "Allow",
        Action: ["rds:DescribeDBInstances", "rds:StartDBInstance", "rds:StopDBInstance"],
        Resource: ref("aws_db_instance", db, "arn"),
      },
    ]);
    expect(synth.only("aws_lambda_function").timeout).toBe(900);
    // The database itself is the same instance, still created by this stack.
    expect(synth.only("aws_db_instance").identifier).toBe("erp-mes-db");
  });

  test("off: the scaler knows no database and keeps its short timeout", () => {
    const synth = devStackWith(false);
    expect(variablesOf(synth)).not.toHaveProperty("DB_INSTANCE_ID");
    expect(rdsActionsOf(synth)).toEqual([]);
    expect(synth.only("aws_lambda_function").timeout).toBe(30);
  });

  test.each(["dev", "prod"] as const)("the committed %s file decides it (prod never has it)", (env) => {
    const onDemand = erpMesOf(env).database.on_demand;
    // dev pays for the database only in the simulator's window; prod's stays up for the FDW peer.
    expect(onDemand).toBe(env === "dev");
    expect("DB_INSTANCE_ID" in variablesOf(synthOf(env))).toBe(onDemand);
    expect(rdsActionsOf(synthOf(env)).length).toBe(onDemand ? 1 : 0);
  });
});
