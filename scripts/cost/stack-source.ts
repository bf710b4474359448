import { App } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../config/config-error";
import { configDirFromEnv, configFileOf, loadEnvironmentConfigs } from "../../config/load";
import { Selection, selectionFromEnv } from "../../config/selection";
import { addStacks, stackNamesOf } from "../../stacks/app";
import { CostInputError } from "./errors";
import { StackInput } from "./estimate";
import { environmentOf } from "./stack-kind";
import { StackJson } from "./terraform-json";

/** The stacks to estimate and every stack name of their environments (for the network share). */
export interface StackSource {
  readonly stacks: StackInput[];
  readonly stackNamesByEnvironment: Map<string, string[]>;
}

/**
 * Synthesizes in-process exactly as main.ts does: INFRA_ENVS / INFRA_STACKS select, every selected
 * environment file is validated first (ConfigError / ConfigErrors), then the stacks are written to
 * a temporary outdir, read back and the directory removed.
 */
export async function synthesizedStacks(env: NodeJS.ProcessEnv): Promise<StackSource> {
  const selection = selectionFromEnv(env);
  const configDir = configDirFromEnv(env);
  const configs = await loadEnvironmentConfigs(selection.environments.map((e) => configFileOf(e, configDir)));
  const known = configs.flatMap(stackNamesOf);
  if (selection.stacks) {
    const unknown = [...selection.stacks].filter((s) => !known.includes(s));
    if (unknown.length > 0) {
      throw new ConfigError("INFRA_STACKS", [
        { keyPath: "", expected: `stack names among ${known.join(", ")}`, found: unknown.join(", ") },
      ]);
    }
  }
  const outdir = mkdtempSync(path.join(tmpdir(), "infra-cost-"));
  try {
    const app = new App({ outdir });
    addStacks(app, configs, selection.stacks);
    app.synth();
    const { stacks } = readManifest(outdir, "the in-process synth");
    return { stacks, stackNamesByEnvironment: groupNames(known) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Reads an existing synth output (`npm run synth` writes cdktf.out/): manifest.json lists the stacks.
 * INFRA_STACKS / INFRA_ENVS narrow what is estimated; the network share still divides by every
 * system stack the manifest lists for the environment.
 */
export function stacksFromOutput(dir: string, env: NodeJS.ProcessEnv): StackSource {
  const { stacks, names } = readManifest(dir, `--from ${dir}`);
  const selection = selectionFromEnv(env);
  if (selection.stacks) {
    const unknown = [...selection.stacks].filter((s) => !names.includes(s));
    if (unknown.length > 0) {
      throw new CostInputError(
        `INFRA_STACKS: expected stack names among ${names.join(", ")} (${dir}/manifest.json), found ${unknown.join(", ")}`,
      );
    }
  }
  return {
    stacks: stacks.filter((s) => selected(s.name, selection, env)),
    stackNamesByEnvironment: groupNames(names),
  };
}

function selected(name: string, selection: Selection, env: NodeJS.ProcessEnv): boolean {
  if (selection.stacks) return selection.stacks.has(name);
  if (!env.INFRA_ENVS?.trim()) return true;
  return (selection.environments as readonly string[]).includes(environmentOf(name));
}

interface Manifest {
  stacks?: Record<string, { synthesizedStackPath?: string }>;
}

function readManifest(dir: string, what: string): { stacks: StackInput[]; names: string[] } {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) {
    throw new CostInputError(`${what}: expected a cdktf synth output with manifest.json, found no ${file}`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    throw new CostInputError(`${file}: expected valid JSON, found ${(error as Error).message}`);
  }
  const entries = Object.entries(manifest.stacks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const stacks = entries.map(([name, entry]) => {
    const stackFile = path.join(dir, entry.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json"));
    if (!existsSync(stackFile)) {
      throw new CostInputError(`${file}: stack ${name} names ${stackFile}, which does not exist`);
    }
    return { name, json: JSON.parse(readFileSync(stackFile, "utf8")) as StackJson };
  });
  return { stacks, names: entries.map(([name]) => name) };
}

function groupNames(names: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const name of names)
    groups.set(environmentOf(name), [...(groups.get(environmentOf(name)) ?? []), name]);
  return groups;
}
