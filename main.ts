import { App } from "cdktf";
import { ConfigError, ConfigErrors } from "./config/config-error";
import { configDirFromEnv, configFileOf, loadEnvironmentConfig } from "./config/load";
import { EnvironmentConfig } from "./config/schema/environment";
import { selectionFromEnv } from "./config/selection";
import { addStacks, stackNamesOf } from "./stacks/app";

/**
 * Entry point for `cdktf synth|diff|deploy`. Every environment file is validated before the first
 * construct exists, so a config mistake prints one message and writes nothing. Files come from
 * config/<env>.tfvars, or $INFRA_CONFIG_DIR/<env>.tfvars when that is set.
 */
async function main(): Promise<void> {
  const selection = selectionFromEnv(process.env);
  const configDir = configDirFromEnv(process.env);
  const configs = await loadAll(selection.environments.map((env) => configFileOf(env, configDir)));
  if (selection.stacks) {
    const known = new Set(configs.flatMap(stackNamesOf));
    const unknown = [...selection.stacks].filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw new ConfigError("INFRA_STACKS", [
        { keyPath: "", expected: `stack names among ${[...known].join(", ")}`, found: unknown.join(", ") },
      ]);
    }
  }
  const app = new App();
  addStacks(app, configs, selection.stacks);
  app.synth();
}

/** Loads every file before failing, so one run reports the mistakes of all of them. */
async function loadAll(files: string[]): Promise<EnvironmentConfig[]> {
  const results = await Promise.allSettled(files.map((file) => loadEnvironmentConfig(file)));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const unexpected = failures.find((e) => !(e instanceof ConfigError));
  if (unexpected) throw unexpected;
  if (failures.length > 0) throw new ConfigErrors(failures as ConfigError[]);
  return results.map((r) => (r as PromiseFulfilledResult<EnvironmentConfig>).value);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ConfigErrors) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
