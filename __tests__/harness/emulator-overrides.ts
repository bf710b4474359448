import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { backendOf } from "./stack-facts";
import { SynthesizedStack } from "./synth-app";

/**
 * Terraform override file the harness writes next to cdk.tf.json so the synthesized stack, unchanged,
 * runs against moto. Terraform merges `*_override.tf.json` into the configuration (provider blocks
 * argument by argument; a backend block replaces the whole backend block). cdktf leaves the file in
 * place with `--skip-synth`, so `cdktf deploy/destroy` use it too.
 */
export const EMULATOR_OVERRIDE_FILE = "emulator_override.tf.json";

export interface EmulatorOverrideOptions {
  /** Where a local-backend stack keeps its state instead of the path cdktf synthesized. */
  readonly localStateFile: string;
}

export function writeEmulatorOverrides(stack: SynthesizedStack, options: EmulatorOverrideOptions): string {
  const remoteStates = remoteStateOverrides(stack);
  const override = {
    "//": "Written by __tests__/harness/emulator-overrides.ts for tests against moto; never deployed.",
    provider: { aws: providerOverrides(stack) },
    terraform: { backend: backendOverride(stack, options) },
    ...(remoteStates ? { data: { terraform_remote_state: remoteStates } } : {}),
  };
  const file = path.join(stack.dir, EMULATOR_OVERRIDE_FILE);
  writeFileSync(file, `${JSON.stringify(override, null, 2)}\n`);
  return file;
}

/**
 * s3_use_path_style: the provider addresses buckets virtual-host style (<bucket>.<endpoint host>),
 * which cannot resolve for an endpoint on 127.0.0.1:<port>; moto serves path style.
 * One entry per synthesized aws provider (same alias), since override blocks merge per alias.
 */
function providerOverrides(stack: SynthesizedStack): Record<string, unknown>[] {
  const providers = (stack.synth.json.provider?.aws ?? [{}]) as Record<string, unknown>[];
  return providers.map((p) => ({
    ...(p.alias !== undefined ? { alias: p.alias } : {}),
    s3_use_path_style: true,
  }));
}

function backendOverride(stack: SynthesizedStack, options: EmulatorOverrideOptions): Record<string, unknown> {
  const backend = backendOf(stack);
  switch (backend.type) {
    // cdktf's LocalBackend puts state next to where the app ran (the repository root); tests keep
    // it in their own temporary directory and never touch an operator's state file.
    case "local":
      return { local: { path: options.localStateFile } };
    // Same path-style reason as the provider (the S3 backend has its own client). An override
    // backend block replaces the synthesized one entirely, so it repeats every synthesized setting.
    case "s3":
      return { s3: { ...backend.config, use_path_style: true } };
    default:
      throw new Error(
        `${stack.name}: backend "${backend.type}" cannot run against the emulator (only local and s3)`,
      );
  }
}

/**
 * A `terraform_remote_state` on S3 (another stack's outputs, e.g. network-<env>'s) reads through the
 * S3 backend's client: path style for the same reason as the backend. An override replaces the whole
 * `config` argument, so it repeats every synthesized setting.
 */
function remoteStateOverrides(stack: SynthesizedStack): Record<string, unknown> | undefined {
  const states = (stack.synth.json.data?.terraform_remote_state ?? {}) as Record<
    string,
    { backend?: string; config?: Record<string, unknown> }
  >;
  const entries = Object.entries(states).map(([name, state]) => {
    if (state.backend !== "s3")
      throw new Error(
        `${stack.name}: remote state "${name}" on backend "${state.backend}" cannot be emulated`,
      );
    return [name, { config: { ...state.config, use_path_style: true } }] as const;
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
