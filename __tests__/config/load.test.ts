import * as path from "node:path";
import { CONFIG_DIR, configDirFromEnv, configFileOf, loadEnvironmentConfig } from "../../config/load";
import { ENVIRONMENTS } from "../../config/schema/environment";
import { TempConfigDirs, minimalEnvironment } from "./fixtures/environment-file";

const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

describe("the committed environment files", () => {
  test.each(ENVIRONMENTS)("config/%s.tfvars loads and names its own environment", async (env) => {
    const config = await loadEnvironmentConfig(configFileOf(env));
    expect(config.environment).toBe(env);
    expect(config.aws_account_id).toMatch(/^\d{12}$/);
    // Every stack's state lives in the bucket bootstrap creates; it must be a per-environment bucket.
    expect(config.state_backend.bucket).toContain(env);
    expect(config.network.availability_zones.length).toBeGreaterThanOrEqual(2);
  });

  test("use distinct VPC CIDRs and accounts, so environments can be peered and never share state", async () => {
    const configs = await Promise.all(ENVIRONMENTS.map((env) => loadEnvironmentConfig(configFileOf(env))));
    expect(new Set(configs.map((c) => c.network.vpc_cidr)).size).toBe(configs.length);
    expect(new Set(configs.map((c) => c.aws_account_id)).size).toBe(configs.length);
  });

  test("prod runs a NAT gateway per AZ", async () => {
    const prod = await loadEnvironmentConfig(configFileOf("prod"));
    expect(prod.network.nat_mode).toBe("per-az");
  });
});

describe("defaults of keys a file leaves out", () => {
  // Only the required keys: whatever comes back beyond them is a default the schema documents.
  let config: Awaited<ReturnType<typeof loadEnvironmentConfig>>;
  beforeAll(async () => {
    config = await loadEnvironmentConfig(dirs.write(minimalEnvironment("dev")));
  });

  test("network: a NAT gateway per AZ (no single-AZ egress outage), computed subnets, 90-day flow logs", () => {
    expect(config.network.nat_mode).toBe("per-az");
    expect(config.network.subnets).toBeUndefined();
    expect(config.network.flow_log_retention_days).toBe(90);
  });

  test("state backend: DynamoDB locking on, S3-native locking off, bootstrap state local", () => {
    expect(config.state_backend.dynamodb_locking).toBe(true);
    expect(config.state_backend.s3_native_locking).toBe(false);
    expect(config.state_backend.bootstrap_state).toBe("local");
    expect(config.state_backend.noncurrent_version_retention_days).toBe(90);
    expect(config.state_backend.region).toBeUndefined();
  });

  test("no extra tags, 30-day log retention, no systems", () => {
    expect(config.tags).toEqual({});
    expect(config.log_retention_days).toBe(30);
    expect(config.systems).toEqual({});
  });
});

describe("configDirFromEnv", () => {
  test("reads the committed config/ when INFRA_CONFIG_DIR is unset or blank", () => {
    expect(configDirFromEnv({})).toBe(CONFIG_DIR);
    expect(configDirFromEnv({ INFRA_CONFIG_DIR: "  " })).toBe(CONFIG_DIR);
    expect(path.basename(CONFIG_DIR)).toBe("config");
  });

  test("resolves INFRA_CONFIG_DIR against the working directory", () => {
    expect(configDirFromEnv({ INFRA_CONFIG_DIR: "review/config" })).toBe(path.resolve("review/config"));
    expect(configFileOf("staging", configDirFromEnv({ INFRA_CONFIG_DIR: "/tmp/cfg" }))).toBe(
      "/tmp/cfg/staging.tfvars",
    );
  });
});
