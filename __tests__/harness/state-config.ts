import { App } from "cdktf";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_DIR, configFileOf, loadEnvironmentConfig } from "../../config/load";
import { ENVIRONMENTS, EnvironmentName } from "../../config/schema/environment";
import { addStacks } from "../../stacks/app";
import { backendOf } from "./stack-facts";
import { SynthesizedStack } from "./synth-app";
import { SynthesizedJson, TerraformJson } from "./synth-scope";

/** The three ways `state_backend` can lock (config/schema/state-backend.ts). */
export type LockingMode = "dynamodb" | "both" | "s3-native";

export const LOCKING_KEYS: Record<LockingMode, { dynamodb_locking: boolean; s3_native_locking: boolean }> = {
  dynamodb: { dynamodb_locking: true, s3_native_locking: false },
  both: { dynamodb_locking: true, s3_native_locking: true },
  "s3-native": { dynamodb_locking: false, s3_native_locking: true },
};

/**
 * `tfvars` with `state_backend`'s two locking keys set for `mode` (any previous setting of them in
 * that block is replaced). The block must be written as `state_backend = {` ... `}` on lines of
 * their own, as the committed files are.
 */
export function withLocking(tfvars: string, mode: LockingMode): string {
  const lines = tfvars.split("\n");
  const open = lines.findIndex((l) => /^state_backend\s*=\s*\{\s*$/.test(l));
  if (open < 0) throw new Error("no `state_backend = {` line to set the locking keys in");
  const close = lines.findIndex((l, i) => i > open && /^\}\s*$/.test(l));
  if (close < 0) throw new Error("the state_backend block has no closing `}` line");
  const keys = LOCKING_KEYS[mode];
  const body = lines
    .slice(open + 1, close)
    .filter((l) => !/^\s*(dynamodb_locking|s3_native_locking)\s*=/.test(l));
  return [
    ...lines.slice(0, open + 1),
    `  dynamodb_locking  = ${keys.dynamodb_locking}`,
    `  s3_native_locking = ${keys.s3_native_locking}`,
    ...body,
    ...lines.slice(close),
  ].join("\n");
}

/** The mode a synthesized stack's S3 backend locks with (what config made of it). */
export function lockingOf(stack: SynthesizedStack): LockingMode | "none" {
  const { type, config } = backendOf(stack);
  if (type !== "s3") return "none";
  const dynamodb = typeof config.dynamodb_table === "string";
  const s3 = config.use_lockfile === true;
  if (dynamodb && s3) return "both";
  if (dynamodb) return "dynamodb";
  return s3 ? "s3-native" : "none";
}

/**
 * Synthesizes `stacks` of `env` the way main.ts does with INFRA_CONFIG_DIR: from a copy of the
 * committed config/*.tfvars in `<work>/config-<name>/`, `edit` applied to the environment's file,
 * into `<work>/out-<name>/`. No edit synthesizes the committed files as they are.
 */
export async function synthFromConfigCopy(options: {
  work: string;
  name: string;
  env: EnvironmentName;
  stacks: readonly string[];
  edit?: (tfvars: string) => string;
}): Promise<SynthesizedStack[]> {
  const configDir = path.join(options.work, `config-${options.name}`);
  mkdirSync(configDir, { recursive: true });
  for (const env of ENVIRONMENTS) copyFileSync(configFileOf(env, CONFIG_DIR), configFileOf(env, configDir));
  const file = configFileOf(options.env, configDir);
  if (options.edit) writeFileSync(file, options.edit(readFileSync(file, "utf8")));
  const config = await loadEnvironmentConfig(file);
  const outdir = path.join(options.work, `out-${options.name}`);
  const app = new App({ outdir, skipValidation: false });
  addStacks(app, [config], new Set(options.stacks));
  app.synth();
  const stacksDir = path.join(outdir, "stacks");
  return readdirSync(stacksDir)
    .sort()
    .map((name) => {
      const dir = path.join(stacksDir, name);
      const json = JSON.parse(readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;
      return { name, dir, synth: new SynthesizedJson(json) };
    });
}
