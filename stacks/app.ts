import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { SystemName } from "../config/schema/systems";
import { stackNameOf } from "./base-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { SYSTEM_STACKS } from "./system-registry";

/** Stack names an environment's config produces: bootstrap first, then each configured system. */
export function stackNamesOf(config: EnvironmentConfig): string[] {
  return [
    stackNameOf("bootstrap", config.environment),
    ...configuredSystems(config).map((s) => stackNameOf(s, config.environment)),
  ];
}

/**
 * Adds the stacks of each environment to `scope`. `only` (stack names) limits which are built, so a
 * command about one stack does not pay for all of them.
 */
export function addStacks(
  scope: Construct,
  configs: readonly EnvironmentConfig[],
  only?: ReadonlySet<string>,
): void {
  const wanted = (name: string) => !only || only.has(name);
  for (const config of configs) {
    if (wanted(stackNameOf("bootstrap", config.environment))) new BootstrapStack(scope, config);
    for (const system of configuredSystems(config)) {
      if (wanted(stackNameOf(system, config.environment))) addSystemStack(scope, config, system);
    }
  }
}

function configuredSystems(config: EnvironmentConfig): SystemName[] {
  return (Object.keys(SYSTEM_STACKS) as SystemName[]).filter((s) => config.systems[s] !== undefined);
}

function addSystemStack<K extends SystemName>(scope: Construct, config: EnvironmentConfig, system: K): void {
  SYSTEM_STACKS[system](scope, config, config.systems[system]!);
}
