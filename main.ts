import { App, TerraformStack } from "cdktf";
import { ConfigError, ConfigErrors } from "./config/config-error";
import { configDirFromEnv, configFileOf, loadEnvironmentConfigs } from "./config/load";
import { selectionFromEnv } from "./config/selection";
import { addStacks, stackNamesOf } from "./stacks/app";
import { skipTokenStackTraces } from "./token-stack-traces";

/** Which of the stacks this run writes: every `count`-th, from `index`, in the order they are built. */
export interface SynthShare {
  readonly index: number;
  readonly count: number;
}

/**
 * Synthesizes the selected stacks into `$CDKTF_OUTDIR` (cdktf's App reads it). Every environment
 * file is validated before the first construct exists, so a config mistake rejects with one
 * ConfigError and writes nothing. Files come from config/<env>.tfvars, or
 * $INFRA_CONFIG_DIR/<env>.tfvars when that is set.
 *
 * With a `share`, only that share of the stacks is synthesized (the others are built, since a system
 * stack brings the network stack it reads, and dropped before synthesis): scripts/synth.cjs runs one
 * share per core and merges the manifests they return.
 *
 * @returns the manifest of the stacks this run wrote (cdktf's `{ version, stacks }`)
 */
export async function synthesize(
  env: NodeJS.ProcessEnv = process.env,
  share?: SynthShare,
): Promise<{ version: string; stacks: Record<string, unknown> }> {
  skipTokenStackTraces(env);
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
  if (share && selection.stacks)
    throw new Error("synthesize: a share splits the whole selection; INFRA_STACKS runs in one piece");
  if (share) {
    const all = configs
      .flatMap(stackNamesOf)
      .filter((name) => !selection.stacks || selection.stacks.has(name));
    const mine = new Set(all.filter((_, i) => i % share.count === share.index));
    addStacks(app, configs, mine);
    for (const child of [...app.node.children]) {
      if (TerraformStack.isStack(child) && !mine.has(child.node.id)) app.node.tryRemoveChild(child.node.id);
    }
  } else {
    addStacks(app, configs, selection.stacks);
  }
  app.synth();
  const manifest = app.manifest.buildManifest();
  return { version: manifest.version, stacks: manifest.stacks as Record<string, unknown> };
}

/** A ConfigError (or several): the user's to fix, shown without a stack trace. */
export function isUserMistake(error: unknown): error is ConfigError | ConfigErrors {
  return error instanceof ConfigError || error instanceof ConfigErrors;
}

/**
 * A user's mistake (a ConfigError) prints only its problem lines; anything else is a bug and keeps
 * its stack trace. Either way the process exits 1.
 */
export function exitOnError(error: unknown): never {
  if (isUserMistake(error)) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

// `node --import tsx main.ts` runs it; `npm run synth` (scripts/synth.cjs) calls `synthesize` from
// the bundle it builds of this file.
if (require.main === module) synthesize().catch(exitOnError);
