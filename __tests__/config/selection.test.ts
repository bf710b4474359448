import { ConfigError } from "../../config/config-error";
import { selectionFromEnv } from "../../config/selection";

/** The error selectionFromEnv throws for `env`; fails the test when it throws nothing or something else. */
function selectionErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    selectionFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("selectionFromEnv", () => {
  test("selects every environment and every stack when nothing is set", () => {
    const selection = selectionFromEnv({});
    expect(selection.environments).toEqual(["dev", "staging", "prod"]);
    expect(selection.stacks).toBeUndefined();
  });

  test("INFRA_ENVS limits environments, ignoring spaces and empty entries, in dev-staging-prod order", () => {
    expect(selectionFromEnv({ INFRA_ENVS: " prod, ,dev," }).environments).toEqual(["dev", "prod"]);
    expect(selectionFromEnv({ INFRA_ENVS: "" }).environments).toEqual(["dev", "staging", "prod"]);
  });

  test("INFRA_STACKS selects those stacks and loads only their environments", () => {
    const selection = selectionFromEnv({ INFRA_STACKS: "bootstrap-staging, bootstrap-prod" });
    expect(selection.environments).toEqual(["staging", "prod"]);
    expect([...(selection.stacks ?? [])].sort()).toEqual(["bootstrap-prod", "bootstrap-staging"]);
  });

  test("INFRA_ENVS and INFRA_STACKS together load the environments of the stacks", () => {
    const selection = selectionFromEnv({ INFRA_ENVS: "dev,staging", INFRA_STACKS: "bootstrap-staging" });
    expect(selection.environments).toEqual(["staging"]);
  });

  test("rejects a stack outside INFRA_ENVS instead of silently building nothing", () => {
    const error = selectionErrorOf({
      INFRA_ENVS: "dev,staging",
      INFRA_STACKS: "bootstrap-staging,bootstrap-prod",
    });
    expect(error.message).toBe(
      'INFRA_STACKS: [1]: expected a stack of INFRA_ENVS (dev, staging), found "bootstrap-prod"',
    );
  });

  test("rejects an unknown environment, naming the variable and the entry", () => {
    const error = selectionErrorOf({ INFRA_ENVS: "dev,qa" });
    expect(error.file).toBe("INFRA_ENVS");
    expect(error.message).toBe('INFRA_ENVS: [1]: expected one of dev, staging, prod, found "qa"');
  });

  test("rejects a stack name without an environment suffix", () => {
    const error = selectionErrorOf({ INFRA_STACKS: "bootstrap" });
    expect(error.file).toBe("INFRA_STACKS");
    expect(error.message).toMatch(
      /^INFRA_STACKS: \[0\]: expected a stack name "<system>-<dev\|staging\|prod>", found "bootstrap"$/,
    );
  });
});
