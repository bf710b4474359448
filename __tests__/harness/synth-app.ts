import { App } from "cdktf";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { ENVIRONMENTS, EnvironmentConfig, EnvironmentName } from "../../config/schema/environment";
import { addStacks } from "../../stacks/app";
import { SynthesizedJson, TerraformJson } from "./synth-scope";

export interface SynthesizedStack {
  readonly name: string;
  /** Directory holding `cdk.tf.json` (and its assets), ready for `terraform init`. */
  readonly dir: string;
  readonly synth: SynthesizedJson;
}

export async function loadConfigs(
  environments: readonly EnvironmentName[] = ENVIRONMENTS,
): Promise<EnvironmentConfig[]> {
  return Promise.all(environments.map((env) => loadEnvironmentConfig(configFileOf(env))));
}

/**
 * Synthesizes the real app (the committed config files, the same code path as main.ts) into a fresh
 * temporary directory and reads every stack back.
 */
export async function synthApp(
  options: {
    environments?: readonly EnvironmentName[];
    stacks?: ReadonlySet<string>;
    outdir?: string;
  } = {},
): Promise<SynthesizedStack[]> {
  const configs = await loadConfigs(options.environments);
  const outdir = options.outdir ?? mkdtempSync(path.join(tmpdir(), "cdktf-out-"));
  const app = new App({ outdir, skipValidation: false });
  addStacks(app, configs, options.stacks);
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
