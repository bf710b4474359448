import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Selection, selectionFromEnv } from "../../config/selection";
import { compareEnvironments, environmentOf, kindOf } from "../cost/stack-kind";
import { DriftInputError } from "./errors";

/** A synthesized stack: its name and the directory holding its cdk.tf.json, where terraform runs. */
export interface StackDir {
  readonly name: string;
  readonly dir: string;
  /** The synthesized backend's type (s3, local), when cdk.tf.json names one. */
  readonly backend?: string;
}

export interface StackSource {
  /** The selected stacks, in deploy order per environment (bootstrap, network, systems). */
  readonly stacks: StackDir[];
  /** Where they came from, for the report. */
  readonly origin: string;
  /** True when the directories go away after the run (npm run synth into a temporary directory): the report does not point there. */
  readonly ephemeral: boolean;
  /** Removes what the source created (the temporary synth directory); --from leaves its directory alone. */
  readonly cleanup: () => void;
  /** Called once a stack is checked: a temporary synth drops its directory (and .terraform) at once. */
  readonly release: (stack: StackDir) => void;
}

/**
 * An existing synth output (`npm run synth` writes cdktf.out/; the e2e suite a directory with its
 * emulator overrides next to each cdk.tf.json): read, never re-synthesized or rewritten. terraform
 * init adds its .terraform/ and lock file there, as `cdktf diff` would. INFRA_ENVS / INFRA_STACKS
 * narrow the stacks the manifest lists.
 */
export function stackDirsFromOutput(dir: string, env: NodeJS.ProcessEnv): StackSource {
  const all = readManifest(dir, `--from ${dir}`);
  const names = all.map((s) => s.name);
  const selection = selectionFromEnv(env);
  if (selection.stacks) {
    const unknown = [...selection.stacks].filter((s) => !names.includes(s));
    if (unknown.length > 0) {
      throw new DriftInputError(
        `stacks: expected stack names among ${names.join(", ")} (${path.join(dir, "manifest.json")}), found ${unknown.join(", ")}`,
      );
    }
  }
  const stacks = all.filter((s) => selected(s.name, selection, env));
  return {
    stacks: ordered(stacks),
    origin: path.resolve(dir),
    ephemeral: false,
    cleanup: () => undefined,
    release: () => undefined,
  };
}

export function selected(name: string, selection: Selection, env: NodeJS.ProcessEnv): boolean {
  if (selection.stacks) return selection.stacks.has(name);
  if (!env.INFRA_ENVS?.trim()) return true;
  return (selection.environments as readonly string[]).includes(environmentOf(name));
}

const KIND_ORDER = { bootstrap: 0, network: 1, system: 2 } as const;

export function ordered(stacks: StackDir[]): StackDir[] {
  return [...stacks].sort(
    (a, b) =>
      compareEnvironments(environmentOf(a.name), environmentOf(b.name)) ||
      KIND_ORDER[kindOf(a.name)] - KIND_ORDER[kindOf(b.name)] ||
      a.name.localeCompare(b.name),
  );
}

interface Manifest {
  stacks?: Record<string, { workingDirectory?: string; synthesizedStackPath?: string }>;
}

export function readManifest(dir: string, what: string): StackDir[] {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) {
    throw new DriftInputError(`${what}: expected a cdktf synth output with manifest.json, found no ${file}`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    throw new DriftInputError(`${file}: expected valid JSON, found ${(error as Error).message}`);
  }
  return Object.entries(manifest.stacks ?? {}).map(([name, entry]) => {
    const stackDir = path.resolve(
      dir,
      entry.workingDirectory ??
        path.dirname(entry.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json")),
    );
    const stackFile = path.join(stackDir, "cdk.tf.json");
    if (!existsSync(stackFile)) {
      throw new DriftInputError(`${file}: stack ${name} names ${stackDir}, which holds no cdk.tf.json`);
    }
    const backend = backendOf(stackFile);
    return { name, dir: stackDir, ...(backend ? { backend } : {}) };
  });
}

function backendOf(stackFile: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(stackFile, "utf8")) as {
      terraform?: { backend?: Record<string, unknown> };
    };
    return Object.keys(json.terraform?.backend ?? {})[0];
  } catch {
    // terraform init reports an unreadable configuration itself.
    return undefined;
  }
}
