/**
 * How private subnets reach the internet: `none` (they don't), `single` (one NAT gateway shared by
 * every AZ), `per-az` (each AZ through its own, so one AZ's outage never cuts another's egress) or
 * `instance` (one small NAT instance in an Auto Scaling group of one: the cheapest egress, for dev and
 * staging; an instance or AZ failure cuts every private subnet off until the group replaces it).
 */
export const NAT_MODES = ["none", "single", "per-az", "instance"] as const;
export type NatMode = (typeof NAT_MODES)[number];

/** The smallest Graviton type: 2 vCPU (burstable), 0.5 GiB, up to 5 Gbit/s; enough for dev egress. */
export const DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

/**
 * Graviton (arm64) families: a generation digit followed by `g` (t4g, c6gn, c7g, m7gd, r8g, x2gd,
 * im4gn, is4gen, g5g, hpc7g...), or the first-generation a1. x86 families (t3, t3a, m7i, g4dn) have no
 * `g` right after the generation, so they fail; the NAT instance boots the arm64 AMI and would not start.
 */
const GRAVITON_INSTANCE_TYPE =
  /^(a1|[a-z]+\d+g[a-z]*)\.(nano|micro|small|medium|large|metal|\d*xlarge|metal-\d+xl)$/;

export function isGravitonInstanceType(instanceType: string): boolean {
  return GRAVITON_INSTANCE_TYPE.test(instanceType);
}

/** Shared by NatInstance and Vpc, so both say the same thing about the same mistake. */
export function gravitonProblem(prop: string, instanceType: string): string {
  return `${prop} must be a Graviton (arm64) instance type such as "t4g.nano", "t4g.small" or "c7g.medium" (the NAT instance boots the arm64 Amazon Linux 2023 AMI), got "${instanceType}"`;
}
