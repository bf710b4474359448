import { ENVIRONMENTS, EnvironmentName } from "../../config/schema/environment";
import { SynthesizedStack } from "./synth-app";

/** The environment a stack belongs to, from its `<system>-<env>` name (as config/selection.ts reads it). */
export function environmentOf(stack: SynthesizedStack): EnvironmentName {
  const env = ENVIRONMENTS.find((e) => stack.name.endsWith(`-${e}`));
  if (!env) throw new Error(`${stack.name} does not end in -<${ENVIRONMENTS.join("|")}>`);
  return env;
}

export function stacksOf(stacks: readonly SynthesizedStack[], env: EnvironmentName): SynthesizedStack[] {
  return stacks.filter((s) => environmentOf(s) === env);
}
