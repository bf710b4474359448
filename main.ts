import { App } from "cdktf";
import { ConfigError, ConfigErrors } from "./config/config-error";
import { configDirFromEnv, configFileOf, loadEnvironmentConfigs } from "./config/load";
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
  const configs = await loadEnvironmentConfigs(
    selection.environments.map((env) => configFileOf(env, configDir)),
  );
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ConfigErrors) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
