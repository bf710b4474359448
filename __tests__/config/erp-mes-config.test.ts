import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject, HclValue } from "./fixtures/hcl";

/**
 * The erp-mes section of the committed environment files, broken one key at a time: each mistake must
 * come back as one line naming the file, the key path, what was expected and what was found.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};

beforeAll(async () => {
  for (const env of ["dev", "prod"] as const) {
    const file = configFileOf(env);
    committed[env] = (await parse(file, readFileSync(file, "utf8"))) as HclObject;
  }
});

/** The committed file of `env` with `patch` merged into systems.erp-mes.<section>. */
function withErpMes(
  env: Env,
  section: "simulator" | "database",
  patch: Record<string, HclValue | undefined>,
): HclObject {
  const base = committed[env]!;
  const systems = base.systems as HclObject;
  const erpMes = systems["erp-mes"] as HclObject;
  const current = erpMes[section] as HclObject;
  expect(current).toBeDefined();
  return {
    ...base,
    systems: { ...systems, "erp-mes": { ...erpMes, [section]: { ...current, ...patch } } },
  };
}

async function errorFor(env: Env, content: HclObject) {
  const file = dirs.write(content, `${env}.tfvars`);
  return { file, error: await configErrorOf(loadEnvironmentConfig(file)) };
}

/** The single message line about `keyPath` when `patch` is applied to the committed `env` file. */
async function lineFor(
  env: Env,
  section: "simulator" | "database",
  patch: Record<string, HclValue | undefined>,
  keyPath: string,
): Promise<string> {
  const { file, error } = await errorFor(env, withErpMes(env, section, patch));
  expect(error.problems).toHaveLength(1);
  return lineAbout(error, file, keyPath);
}

const SIMULATOR = "systems.erp-mes.simulator";
const DATABASE = "systems.erp-mes.database";

describe("the committed files", () => {
  test.each(["dev", "prod"] as const)(
    "%s.tfvars rendered back to HCL still loads (the fixtures change nothing by themselves)",
    async (env) => {
      const file = dirs.write(committed[env]!, `${env}.tfvars`);
      const config = await loadEnvironmentConfig(file);
      expect(config.systems["erp-mes"]).toEqual(
        (await loadEnvironmentConfig(configFileOf(env))).systems["erp-mes"],
      );
    },
  );
});

describe("erp-mes database", () => {
  test.each(["9", "14"])('engine_version "%s" is refused: PostgreSQL 15 or newer only', async (version) => {
    const line = await lineFor("dev", "database", { engine_version: version }, `${DATABASE}.engine_version`);
    expect(line).toMatch(
      new RegExp(
        `expected a PostgreSQL version 15 or newer, e\\.g\\. "16" or "16\\.4", found string "${version}"$`,
      ),
    );
  });

  test("an engine_version that is not a version number is refused", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { engine_version: "latest" },
      `${DATABASE}.engine_version`,
    );
    expect(line).toMatch(/expected a PostgreSQL version 15 or newer.*, found string "latest"$/);
  });

  test("a peer CIDR with an octet above 255 is refused, naming the list entry", async () => {
    const line = await lineFor(
      "dev",
      "database",
      { fdw_peer_cidrs: ["10.0.0.300/16"] },
      `${DATABASE}.fdw_peer_cidrs[0]`,
    );
    expect(line).toMatch(
      /expected an IPv4 CIDR with no host bits set, e\.g\. "10\.0\.0\.0\/16", found string "10\.0\.0\.300\/16"$/,
    );
  });

  test("a peer CIDR with host bits set is refused, naming its position", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { fdw_peer_cidrs: ["10.70.0.0/16", "10.71.0.1/16"] },
      `${DATABASE}.fdw_peer_cidrs[1]`,
    );
    expect(line).toMatch(/expected an IPv4 CIDR with no host bits set.*, found string "10\.71\.0\.1\/16"$/);
  });

  test("publicly_accessible = true is refused in prod", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { publicly_accessible: true },
      `${DATABASE}.publicly_accessible`,
    );
    expect(line).toMatch(/expected false: a production database is never public, found boolean true$/);
  });

  test("publicly_accessible = true is accepted in dev", async () => {
    const file = dirs.write(withErpMes("dev", "database", { publicly_accessible: true }), "dev.tfvars");
    const config = await loadEnvironmentConfig(file);
    expect(config.systems["erp-mes"]!.database.publicly_accessible).toBe(true);
  });

  test("dev may turn off deletion protection and the final snapshot (the committed dev file does)", async () => {
    const config = await loadEnvironmentConfig(configFileOf("dev"));
    expect(config.systems["erp-mes"]!.database).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
    });
  });

  test("prod deletion_protection = false is refused", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { deletion_protection: false },
      `${DATABASE}.deletion_protection`,
    );
    expect(line).toMatch(/expected true in prod, found boolean false$/);
  });

  test("prod skip_final_snapshot = true is refused", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { skip_final_snapshot: true },
      `${DATABASE}.skip_final_snapshot`,
    );
    expect(line).toMatch(/expected false in prod: deleting takes a final snapshot, found boolean true$/);
  });

  test("prod backup_retention_days = 3 is refused (7 is the floor)", async () => {
    const line = await lineFor(
      "prod",
      "database",
      { backup_retention_days: 3 },
      `${DATABASE}.backup_retention_days`,
    );
    expect(line).toMatch(/expected at least 7 days of backups in prod, found number 3$/);
  });

  test("prod accepts exactly 7 days of backups", async () => {
    const file = dirs.write(withErpMes("prod", "database", { backup_retention_days: 7 }), "prod.tfvars");
    expect((await loadEnvironmentConfig(file)).systems["erp-mes"]!.database.backup_retention_days).toBe(7);
  });

  test("prod with every guard rail removed reports each one", async () => {
    const { file, error } = await errorFor(
      "prod",
      withErpMes("prod", "database", {
        publicly_accessible: true,
        deletion_protection: false,
        skip_final_snapshot: true,
        backup_retention_days: 1,
      }),
    );
    for (const key of [
      "publicly_accessible",
      "deletion_protection",
      "skip_final_snapshot",
      "backup_retention_days",
    ]) {
      lineAbout(error, file, `${DATABASE}.${key}`);
    }
    expect(error.problems).toHaveLength(4);
  });

  test.each([
    [50, 50],
    [50, 30],
  ])(
    "allocated_storage_gb %p with max_allocated_storage_gb %p is refused: storage could not autoscale",
    async (allocated, max) => {
      const line = await lineFor(
        "dev",
        "database",
        { allocated_storage_gb: allocated, max_allocated_storage_gb: max },
        `${DATABASE}.max_allocated_storage_gb`,
      );
      expect(line).toMatch(
        new RegExp(
          `expected a whole number at least 10 % above the allocated ${allocated} GiB, i\\.e\\. 55-65536, so storage can autoscale, found number ${max}$`,
        ),
      );
    },
  );

  test("a ceiling less than 10 % above the allocation is refused in config, not later by the RDS module", async () => {
    const line = await lineFor(
      "dev",
      "database",
      { allocated_storage_gb: 100, max_allocated_storage_gb: 105 },
      `${DATABASE}.max_allocated_storage_gb`,
    );
    expect(line).toMatch(
      /expected a whole number at least 10 % above the allocated 100 GiB, i\.e\. 110-65536, so storage can autoscale, found number 105$/,
    );
  });

  test("a ceiling exactly 10 % above the allocation is accepted", async () => {
    const file = dirs.write(
      withErpMes("dev", "database", { allocated_storage_gb: 100, max_allocated_storage_gb: 110 }),
      "dev.tfvars",
    );
    expect((await loadEnvironmentConfig(file)).systems["erp-mes"]!.database.max_allocated_storage_gb).toBe(
      110,
    );
  });
});

describe("erp-mes simulator", () => {
  test("a start_schedule in words is refused with the cron form to write", async () => {
    const line = await lineFor(
      "dev",
      "simulator",
      { start_schedule: "every day at 9" },
      `${SIMULATOR}.start_schedule`,
    );
    expect(line).toMatch(
      /expected an EventBridge schedule such as "cron\(0 0 \? \* MON-FRI \*\)" \(6 fields, UTC, .*\) or "rate\(1 hour\)", found string "every day at 9"$/,
    );
  });

  test("a 5-field (Unix) cron is refused: EventBridge needs 6 fields", async () => {
    const line = await lineFor(
      "prod",
      "simulator",
      { stop_schedule: "cron(0 9 * * MON-FRI)" },
      `${SIMULATOR}.stop_schedule`,
    );
    expect(line).toMatch(
      /expected an EventBridge schedule .*6 fields.*, found string "cron\(0 9 \* \* MON-FRI\)"$/,
    );
  });

  test("a bare Unix cron line without cron(...) is refused", async () => {
    const line = await lineFor(
      "dev",
      "simulator",
      { stop_schedule: "0 9 ? * MON-FRI *" },
      `${SIMULATOR}.stop_schedule`,
    );
    expect(line).toMatch(/expected an EventBridge schedule .*, found string "0 9 \? \* MON-FRI \*"$/);
  });

  test("a 6-field cron with '*' in both day fields is refused ('?' must be in one of them)", async () => {
    const line = await lineFor(
      "dev",
      "simulator",
      { start_schedule: "cron(0 0 * * * *)" },
      `${SIMULATOR}.start_schedule`,
    );
    expect(line).toMatch(/"\?" in day-of-month or day-of-week.*, found string "cron\(0 0 \* \* \* \*\)"$/);
  });

  test("other valid schedules are accepted", async () => {
    const file = dirs.write(
      withErpMes("dev", "simulator", {
        start_schedule: "cron(30 23 ? * SUN-THU *)",
        stop_schedule: "rate(1 hour)",
      }),
      "dev.tfvars",
    );
    expect((await loadEnvironmentConfig(file)).systems["erp-mes"]!.simulator).toMatchObject({
      start_schedule: "cron(30 23 ? * SUN-THU *)",
      stop_schedule: "rate(1 hour)",
    });
  });

  test("a misspelled key is refused with the key it resembles", async () => {
    const { file, error } = await errorFor(
      "dev",
      withErpMes("dev", "simulator", { schedules_enabled: undefined, schedule_enabled: false }),
    );
    const line = lineAbout(error, file, `${SIMULATOR}.schedule_enabled`);
    expect(line).toMatch(
      /expected one of the known keys \(.*schedules_enabled.*\); did you mean "schedules_enabled"\?/,
    );
    expect(line).toMatch(/found unknown key "schedule_enabled"$/);
  });

  test("another misspelling (start_shedule) suggests start_schedule", async () => {
    const { file, error } = await errorFor(
      "prod",
      withErpMes("prod", "simulator", {
        start_schedule: undefined,
        start_shedule: "cron(0 0 ? * MON-FRI *)",
      }),
    );
    expect(lineAbout(error, file, `${SIMULATOR}.start_shedule`)).toMatch(
      /; did you mean "start_schedule"\?, found unknown key "start_shedule"$/,
    );
  });

  test.each([
    "triflow.example.com",
    "localhost:3000",
    "https://triflow.example.com/app",
    "ftp://triflow.example.com",
  ])("cors_origins entry %p is refused: an origin is scheme://host[:port]", async (origin) => {
    const line = await lineFor(
      "prod",
      "simulator",
      { cors_origins: ["https://triflow.example.com", origin] },
      `${SIMULATOR}.cors_origins[1]`,
    );
    expect(line).toMatch(/expected an origin URL such as https:\/\/triflow\.example\.com, found string "/);
    expect(line.endsWith(`found string ${JSON.stringify(origin)}`)).toBe(true);
  });

  test("origins with a port, plain http or an IP address are accepted", async () => {
    const origins = ["http://localhost:3000", "https://triflow.example.com", "http://10.0.0.5:8080"];
    const file = dirs.write(withErpMes("dev", "simulator", { cors_origins: origins }), "dev.tfvars");
    expect((await loadEnvironmentConfig(file)).systems["erp-mes"]!.simulator.cors_origins).toEqual(origins);
  });

  test("running_count 0 is refused", async () => {
    const line = await lineFor("dev", "simulator", { running_count: 0 }, `${SIMULATOR}.running_count`);
    expect(line).toMatch(/expected a whole number of tasks above 0, found number 0$/);
  });
});
