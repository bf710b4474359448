import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { SystemName } from "../config/schema/systems";
import { stackNameOf } from "./base-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { NetworkStack, SharedNetwork } from "./network-stack";
import { SYSTEM_STACKS } from "./system-registry";

/** Stack names an environment's config produces, in deploy order: bootstrap, network, each system. */
export function stackNamesOf(config: EnvironmentConfig): string[] {
  return [
    stackNameOf("bootstrap", config.environment),
    stackNameOf("network", config.environment),
    ...configuredSystems(config).map((s) => stackNameOf(s, config.environment)),
  ];
}

/**
 * Adds the stacks of each environment to `scope`. `only` (stack names) limits which are built, so a
 * command about one stack does not pay for all of them; a system stack brings the network stack it
 * reads (`network-<env>`), never the other systems.
 */
export function addStacks(
  scope: Construct,
  configs: readonly EnvironmentConfig[],
  only?: ReadonlySet<string>,
): void {
  const wanted = (name: string) => !only || only.has(name);
  for (const config of configs) {
    const env = config.environment;
    if (wanted(stackNameOf("bootstrap", env))) new BootstrapStack(scope, config);
    // Built once, when selected or when the first system that runs in it asks for it.
    let network: NetworkStack | undefined;
    const shared = () => (network ??= new NetworkStack(scope, config));
    if (wanted(stackNameOf("network", env))) shared();
    for (const system of configuredSystems(config)) {
      if (wanted(stackNameOf(system, env))) addSystemStack(scope, config, system, shared);
    }
  }
}

function configuredSystems(config: EnvironmentConfig): SystemName[] {
  return (Object.keys(SYSTEM_STACKS) as SystemName[]).filter((s) => config.systems[s] !== undefined);
}

function addSystemStack<K extends SystemName>(
  scope: Construct,
  config: EnvironmentConfig,
  system: K,
  network: SharedNetwork,
): void {
  SYSTEM_STACKS[system](scope, config, config.systems[system]!, network);
}
