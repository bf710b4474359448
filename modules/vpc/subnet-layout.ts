import { formatCidr, parseCidr, subnetOf } from "./cidr";

export const SUBNET_TIERS = ["public", "private", "isolated"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Subnet CIDRs per tier, one per availability zone, in AZ order. */
export type SubnetLayout = Record<SubnetTier, string[]>;

/** The VPC is cut into 16 equal blocks; each tier owns 4 of them, so adding an AZ never renumbers. */
const NEW_BITS = 4;
const SLOTS_PER_TIER = 4;
export const MAX_AZS = SLOTS_PER_TIER - 1;
/** /16 is the largest VPC AWS allows; /24 still leaves /28 subnets, the smallest AWS allows. */
export const VPC_PREFIX_RANGE = { min: 16, max: 24 } as const;

/**
 * The default subnet plan: public blocks 0-2, private 4-6, isolated 8-10 (block 3, 7, 11 and 12-15
 * stay free for a fourth AZ or later tiers). A /16 VPC yields /20 subnets of 4,091 usable addresses.
 */
export function defaultSubnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`not an IPv4 CIDR: ${vpcCidr}`);
  if (azCount < 1 || azCount > MAX_AZS) throw new RangeError(`between 1 and ${MAX_AZS} AZs, got ${azCount}`);
  const tierBlocks = (tierIndex: number) =>
    Array.from({ length: azCount }, (_, az) =>
      formatCidr(subnetOf(vpc, NEW_BITS, tierIndex * SLOTS_PER_TIER + az)),
    );
  return { public: tierBlocks(0), private: tierBlocks(1), isolated: tierBlocks(2) };
}
