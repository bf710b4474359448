import { cidrContains, cidrsOverlap, formatCidr, Ipv4Cidr, parseCidr } from "./cidr";
import { MAX_AZS, SUBNET_TIERS, SubnetLayout, SubnetTier, VPC_PREFIX_RANGE } from "./subnet-layout";

/**
 * The VPC's rules, one definition for the Vpc module (props) and for config (the `network` block).
 * Each "expected" text follows "must be" in a module error and "expected" in a config message.
 */

/** Fewer than two AZs is a single point of failure; more than MAX_AZS does not fit the subnet plan. */
export const MIN_AZS = 2;
export const AZ_COUNT_EXPECTED = `${MIN_AZS} to ${MAX_AZS} availability zones (one AZ is a single point of failure)`;

export const VPC_CIDR_EXPECTED = `an IPv4 CIDR from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max} with no host bits set, e.g. "10.0.0.0/16"`;

/** The smallest subnet AWS allows. */
export const MAX_SUBNET_PREFIX = 28;

export function isAzCount(count: number): boolean {
  return count >= MIN_AZS && count <= MAX_AZS;
}

/** The VPC block, or undefined when `text` is no CIDR or outside /16-/24. */
export function vpcBlockOf(text: string): Ipv4Cidr | undefined {
  const block = parseCidr(text);
  return block && block.prefix >= VPC_PREFIX_RANGE.min && block.prefix <= VPC_PREFIX_RANGE.max
    ? block
    : undefined;
}

/** Positions of entries seen before (the second and later of each value). */
export function repeatedIndexes(items: readonly string[]): number[] {
  return items.flatMap((item, i) => (items.indexOf(item) !== i ? [i] : []));
}

/** A subnet plan's problem: the tier (and entry) it is about, and what it must be instead. */
export interface LayoutProblem {
  readonly tier: SubnetTier;
  /** Undefined when the problem is the tier's list as a whole. */
  readonly index?: number;
  readonly expected: string;
}

/** Every problem of an explicit subnet plan inside `vpc`, for `azCount` AZs. */
export function subnetLayoutProblems(layout: SubnetLayout, vpc: Ipv4Cidr, azCount: number): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const placed: { where: string; block: Ipv4Cidr }[] = [];
  for (const tier of SUBNET_TIERS) {
    const cidrs = layout[tier];
    if (cidrs.length !== azCount)
      problems.push({ tier, expected: `one subnet per availability zone (${azCount})` });
    cidrs.forEach((cidr, index) => {
      const expected = subnetProblem(cidr, vpc, placed);
      if (expected) problems.push({ tier, index, expected });
      else placed.push({ where: `subnets.${tier}[${index}]`, block: parseCidr(cidr)! });
    });
  }
  return problems;
}

function subnetProblem(
  cidr: string,
  vpc: Ipv4Cidr,
  placed: readonly { where: string; block: Ipv4Cidr }[],
): string | undefined {
  const block = parseCidr(cidr);
  if (!block) return `an IPv4 CIDR with no host bits set, e.g. "10.0.0.0/20"`;
  if (block.prefix > MAX_SUBNET_PREFIX)
    return `a subnet of /${MAX_SUBNET_PREFIX} or larger, the smallest AWS allows`;
  if (!cidrContains(vpc, block)) return `a subnet inside the VPC CIDR ${formatCidr(vpc)}`;
  const clash = placed.find((p) => cidrsOverlap(p.block, block));
  return clash ? `a subnet that does not overlap ${clash.where} (${formatCidr(clash.block)})` : undefined;
}
