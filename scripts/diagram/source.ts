import { App, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configDirFromEnv, configFileOf, loadEnvironmentConfigs } from "../../config/load";
import { ENVIRONMENTS, EnvironmentName } from "../../config/schema/environment";
import { addStacks, stackNamesOf } from "../../stacks/app";
import { DiagramInputError } from "./errors";
import { StackDiagram } from "./model";
import { StackJson } from "./resources";
import { diagramOf } from "./stack-diagram";

/** The environment whose stacks the README shows. */
export const README_ENVIRONMENT: EnvironmentName = "dev";

/**
 * The diagrams of `stacks` (every stack of the environment when undefined), built as main.ts builds
 * the app: the environment file from `INFRA_CONFIG_DIR` or config/, validated first (ConfigError /
 * ConfigErrors), then synthesized into a temporary outdir that is removed afterwards. Diagrams come
 * in the environment's deploy order.
 */
export async function environmentDiagrams(
  environment: EnvironmentName,
  env: NodeJS.ProcessEnv,
  stacks?: readonly string[],
): Promise<StackDiagram[]> {
  const [config] = await loadEnvironmentConfigs([configFileOf(environment, configDirFromEnv(env))]);
  const known = stackNamesOf(config!);
  const wanted = stacks ?? known;
  for (const name of wanted) if (!known.includes(name)) throw unknownStack(name, known);
  const outdir = mkdtempSync(path.join(tmpdir(), "infra-diagram-"));
  try {
    const app = new App({ outdir });
    addStacks(app, [config!], new Set(wanted));
    app.synth();
    const built = new Map(
      app.node.children
        .filter((c): c is TerraformStack => c instanceof TerraformStack)
        .map((stack) => [stack.node.id, stack]),
    );
    return known
      .filter((name) => wanted.includes(name))
      .map((name) => {
        const file = path.join(outdir, "stacks", name, "cdk.tf.json");
        return diagramOf(built.get(name)!, JSON.parse(readFileSync(file, "utf8")) as StackJson);
      });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The diagrams of the named stacks, each loaded from its environment (the `-<env>` suffix). A name
 * without a known suffix is refused naming every stack of every environment.
 */
export async function namedStackDiagrams(
  names: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<StackDiagram[]> {
  const byEnvironment = new Map<EnvironmentName, string[]>();
  for (const name of names) {
    const environment = ENVIRONMENTS.find((e) => name.endsWith(`-${e}`));
    if (!environment) {
      const configs = await loadEnvironmentConfigs(
        ENVIRONMENTS.map((e) => configFileOf(e, configDirFromEnv(env))),
      );
      throw unknownStack(name, configs.flatMap(stackNamesOf));
    }
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), name]);
  }
  const diagrams = new Map<string, StackDiagram>();
  for (const [environment, stacks] of byEnvironment) {
    for (const diagram of await environmentDiagrams(environment, env, stacks))
      diagrams.set(diagram.stack, diagram);
  }
  return names.map((name) => diagrams.get(name)!);
}

function unknownStack(name: string, known: readonly string[]): DiagramInputError {
  return new DiagramInputError(`unknown stack "${name}": expected one of ${known.join(", ")}`);
}
