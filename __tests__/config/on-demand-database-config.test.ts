import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject, HclValue } from "./fixtures/hcl";

/**
 * `systems.erp-mes.database.on_demand`: the ERP/MES database stopped outside the simulator's
 * schedule window. Off unless set, allowed in dev and staging, refused in prod (TriFlow-AI reads the
 * database over postgres_fdw and prod data stores stay up). Each case patches the committed file, so
 * whatever the committed files set for on_demand, the case states its own value.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "staging" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};

beforeAll(async () => {
  for (const env of ["dev", "staging", "prod"] as const) {
    const file = configFileOf(env);
    committed[env] = (await parse(file, readFileSync(file, "utf8"))) as HclObject;
  }
});

type Patch = Record<string, HclValue | undefined>;

/** The committed file of `env` with `database` (and `simulator`) merged into systems.erp-mes. */
function withErpMes(env: Env, database: Patch, simulator: Patch = {}): HclObject {
  const base = committed[env]!;
  const systems = base.systems as HclObject;
  const erpMes = systems["erp-mes"] as HclObject;
  expect(erpMes.database).toBeDefined();
  return {
    ...base,
    systems: {
      ...systems,
      "erp-mes": {
        ...erpMes,
        database: { ...(erpMes.database as HclObject), ...database },
        simulator: { ...(erpMes.simulator as HclObject), ...simulator },
      },
    },
  };
}

async function load(env: Env, database: Patch, simulator: Patch = {}) {
  const config = await loadEnvironmentConfig(
    dirs.write(withErpMes(env, database, simulator), `${env}.tfvars`),
  );
  return config.systems["erp-mes"]!;
}

const DATABASE = "systems.erp-mes.database";

describe("on_demand accepted", () => {
  test.each(["dev", "staging", "prod"] as const)(
    "%s: left out, it is false (the database runs around the clock)",
    async (env) => {
      expect((await load(env, { on_demand: undefined })).database.on_demand).toBe(false);
    },
  );

  test.each(["dev", "staging"] as const)("%s: on_demand = true is accepted", async (env) => {
    expect((await load(env, { on_demand: true })).database.on_demand).toBe(true);
  });

  test("prod: on_demand = false, written out, is accepted", async () => {
    expect((await load("prod", { on_demand: false })).database.on_demand).toBe(false);
  });

  test("with schedules_enabled = false it is accepted: manual start/stop through the scaler take the database along", async () => {
    const erpMes = await load("dev", { on_demand: true }, { schedules_enabled: false });
    expect(erpMes.database.on_demand).toBe(true);
    expect(erpMes.simulator.schedules_enabled).toBe(false);
  });

  test("it changes no other database setting", async () => {
    const off = await load("dev", { on_demand: false });
    const on = await load("dev", { on_demand: true });
    expect({ ...on.database, on_demand: false }).toEqual(off.database);
    expect(on.simulator).toEqual(off.simulator);
  });
});

describe("on_demand refused", () => {
  test.each<[string, Env, Patch, string, RegExp]>([
    [
      "true in prod",
      "prod",
      { on_demand: true },
      `${DATABASE}.on_demand`,
      /expected false in prod: the database would be down outside the simulator's schedule window, so TriFlow-AI could not read it over postgres_fdw; prod data stores stay up, found boolean true$/,
    ],
    [
      "a string instead of a boolean",
      "dev",
      { on_demand: "yes" },
      `${DATABASE}.on_demand`,
      /expected a boolean, found string "yes"$/,
    ],
    [
      "a number instead of a boolean",
      "staging",
      { on_demand: 1 },
      `${DATABASE}.on_demand`,
      /expected a boolean, found number 1$/,
    ],
    [
      // Only the key is pinned: the loader cannot list the database's known keys yet (it does not
      // unwrap the section's .prefault), so the "did you mean" hint is missing there.
      "a misspelling",
      "dev",
      { ondemand: true },
      `${DATABASE}.ondemand`,
      /expected one of the known keys .*, found unknown key "ondemand"$/,
    ],
  ])("%s", async (_label, env, patch, keyPath, message) => {
    const file = dirs.write(withErpMes(env, patch), `${env}.tfvars`);
    const error = await configErrorOf(loadEnvironmentConfig(file));
    expect(error.problems).toHaveLength(1);
    expect(lineAbout(error, file, keyPath)).toMatch(message);
  });

  test("prod: reported next to the other database guard rails, one line each", async () => {
    const file = dirs.write(
      withErpMes("prod", { on_demand: true, deletion_protection: false }),
      "prod.tfvars",
    );
    const error = await configErrorOf(loadEnvironmentConfig(file));
    expect(error.problems).toHaveLength(2);
    lineAbout(error, file, `${DATABASE}.on_demand`);
    lineAbout(error, file, `${DATABASE}.deletion_protection`);
  });
});
