import { NetworkConfig } from "../config/schema/network";
import { Vpc } from "../modules/vpc/vpc";
import { VpcNetwork } from "../modules/vpc/vpc-network";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { vpcPropsFrom } from "./props/network";

/**
 * The network a system stack runs in: the environment's shared `network-<env>` by default, or a VPC
 * of its own (named `<system>-<env>`) when the system's config carries a `network` block, for
 * isolation. The config rejects a dedicated CIDR that overlaps the shared one or another system's.
 */
export function systemNetwork(
  stack: BaseStack,
  dedicated: NetworkConfig | undefined,
  shared: SharedNetwork,
): VpcNetwork {
  if (!dedicated) return shared().networkFor(stack);
  return new Vpc(stack, "vpc", vpcPropsFrom(dedicated, `${stack.system}-${stack.config.environment}`));
}
