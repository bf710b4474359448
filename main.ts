import { App } from "cdktf";
import { ConfigError, ConfigErrors } from "./config/config-error";
import { configDirFromEnv, configFileOf, loadEnvironmentConfigs } from "./config/load";
import { selectionFromEnv } from "./config/selection";
import { addStacks, stackNamesOf } from "./stacks/app";

/**
 * Synthesizes the selected stacks into `$CDKTF_OUTDIR` (cdktf's App reads it). Every environment
 * file is validated before the first construct exists, so a config mistake rejects with one
 * ConfigError and writes nothing. Files come from config/<env>.tfvars, or
 * $INFRA_CONFIG_DIR/<env>.tfvars when that is set.
 */
export async function synthesize(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const selection = selectionFromEnv(env);
  const configDir = configDirFromEnv(env);
  const configs = await loadEnvironmentConfigs(
    selection.environments.map((name) => configFileOf(name, configDir)),
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

/**
 * A user's mistake (a ConfigError) prints only its problem lines; anything else is a bug and keeps
 * its stack trace. Either way the process exits 1.
 */
export function exitOnError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof ConfigErrors) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

// `node --import tsx main.ts` runs it; `npm run synth` (scripts/synth.cjs) calls `synthesize` from
// the bundle it builds of this file.
if (require.main === module) synthesize().catch(exitOnError);
