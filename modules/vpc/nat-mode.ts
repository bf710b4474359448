/**
 * How private subnets reach the internet: `none` (they don't), `single` (one NAT gateway shared by
 * every AZ) or `per-az` (each AZ through its own, so one AZ's outage never cuts another's egress).
 */
export const NAT_MODES = ["none", "single", "per-az"] as const;
export type NatMode = (typeof NAT_MODES)[number];
