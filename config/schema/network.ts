import { z } from "zod";
import { parseCidr } from "../../modules/vpc/cidr";
import { DEFAULT_NAT_INSTANCE_TYPE, NAT_MODES, isGravitonInstanceType } from "../../modules/vpc/nat-mode";
import {
  AZ_COUNT_EXPECTED,
  VPC_CIDR_EXPECTED,
  isAzCount,
  repeatedIndexes,
  subnetLayoutProblems,
  vpcBlockOf,
} from "../../modules/vpc/network-rules";
import { defaultSubnetLayout } from "../../modules/vpc/subnet-layout";
import { cidrBlock, logRetentionDays } from "./primitives";

export const networkSchema = z
  .strictObject({
    vpc_cidr: cidrBlock,
    /** Two or three AZs of `aws_region`, e.g. ["ap-northeast-2a", "ap-northeast-2c"]. */
    availability_zones: z
      .array(z.string())
      .refine((azs) => isAzCount(azs.length), { message: AZ_COUNT_EXPECTED }),
    /**
     * Internet egress of the private subnets, roughly per month in ap-northeast-2 before traffic:
     * - `none`: none at all (nothing to pay).
     * - `single`: one NAT gateway, ~USD 47 (gateway and its public IPv4) plus USD 0.059 per GB;
     *   one AZ's outage cuts egress.
     * - `per-az`: one NAT gateway per AZ, ~USD 47 each plus per GB (production).
     * - `instance`: one NAT instance (t4g.nano ~USD 4, 8 GB gp3 ~USD 0.7, one public IPv4 ~USD 3.6:
     *   ~USD 8, no per-GB processing); a single point of failure, for dev and staging. Rejected in
     *   prod unless `allow_nat_instance_in_prod = true`.
     * @default "per-az"
     */
    nat_mode: z.enum(NAT_MODES).default("per-az"),
    /**
     * The NAT instance's type, only with nat_mode = "instance": Graviton only (it boots the arm64
     * Amazon Linux 2023 AMI), e.g. "t4g.small" or "c7g.medium" for sustained traffic. Left optional
     * (not filled in) so that setting it for a NAT gateway mode is caught instead of ignored.
     * @default "t4g.nano" (DEFAULT_NAT_INSTANCE_TYPE, applied by the Vpc module)
     */
    nat_instance_type: z
      .string()
      .refine(isGravitonInstanceType, {
        message: `a Graviton (arm64) instance type such as "${DEFAULT_NAT_INSTANCE_TYPE}", "t4g.small" or "c7g.medium" (the NAT instance boots the arm64 Amazon Linux 2023 AMI)`,
      })
      .optional(),
    /**
     * Accept nat_mode = "instance" in prod, knowing that one instance is a single point of failure
     * for the whole environment's egress (see checkNatModeForEnvironment).
     * @default false
     */
    allow_nat_instance_in_prod: z.boolean().optional(),
    /**
     * Explicit subnet CIDRs, one per AZ per tier. @default computed from vpc_cidr
     * (see modules/vpc/subnet-layout.ts).
     */
    subnets: z
      .strictObject({
        public: z.array(cidrBlock),
        private: z.array(cidrBlock),
        isolated: z.array(cidrBlock),
      })
      .optional(),
    /** @default 90 */
    flow_log_retention_days: logRetentionDays.default(90),
  })
  .superRefine((network, ctx) => {
    // A refinement of the block itself, so its path is right wherever the block sits (a system's too).
    if (network.nat_instance_type !== undefined && network.nat_mode !== "instance") {
      ctx.addIssue({
        code: "custom",
        path: ["nat_instance_type"],
        message: `nat_mode = "instance" with it (nat_mode is "${network.nat_mode}", which runs no NAT instance); remove nat_instance_type or set nat_mode = "instance"`,
        input: network.nat_instance_type,
      });
    }
  });

export type NetworkConfig = z.infer<typeof networkSchema>;

type Ctx = z.RefinementCtx;

/** Cross-field network rules; paths are relative to the root so messages name the full key. */
export function checkNetwork(network: NetworkConfig, region: string, ctx: Ctx): void {
  const vpc = vpcBlockOf(network.vpc_cidr);
  if (!vpc) {
    // cidrBlock already reported text that is no CIDR at all; this is the /16-/24 range.
    if (parseCidr(network.vpc_cidr)) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "vpc_cidr"],
        message: VPC_CIDR_EXPECTED,
        input: network.vpc_cidr,
      });
    }
    return;
  }

  // Config-only: the zones must belong to the file's aws_region (the module knows no region).
  network.availability_zones.forEach((az, i) => {
    const suffix = az.startsWith(region) ? az.slice(region.length) : "";
    if (!/^[a-z]$/.test(suffix)) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availability_zones", i],
        message: `an availability zone of aws_region "${region}", e.g. "${region}a"`,
        input: az,
      });
    }
  });
  for (const i of repeatedIndexes(network.availability_zones)) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "availability_zones", i],
      message: "each availability zone listed once",
      input: network.availability_zones[i],
    });
  }

  if (!network.subnets) return;
  for (const p of subnetLayoutProblems(network.subnets, vpc, network.availability_zones.length)) {
    ctx.addIssue({
      code: "custom",
      path: p.index === undefined ? ["network", "subnets", p.tier] : ["network", "subnets", p.tier, p.index],
      message: p.expected,
      input: p.index === undefined ? network.subnets[p.tier] : network.subnets[p.tier][p.index],
    });
  }
}

/**
 * Environment rules of the network block at `path` (["network"], or a system's dedicated
 * ["systems", "erp-mes", "network"]): a NAT instance in prod needs `allow_nat_instance_in_prod`.
 */
export function checkNatModeForEnvironment(
  network: NetworkConfig,
  environment: string,
  path: (string | number)[],
  ctx: Ctx,
): void {
  if (
    environment !== "prod" ||
    network.nat_mode !== "instance" ||
    network.allow_nat_instance_in_prod === true
  )
    return;
  ctx.addIssue({
    code: "custom",
    path: [...path, "nat_mode"],
    message:
      'NAT gateways in prod ("per-az" or "single"): one NAT instance is a single point of failure for egress, an instance or AZ failure cuts every private subnet off until its Auto Scaling group replaces it; set allow_nat_instance_in_prod = true to accept that',
    input: network.nat_mode,
  });
}

/** The subnet plan the VPC gets: explicit from config, or computed from the VPC CIDR. */
export function subnetLayoutOf(network: NetworkConfig) {
  return network.subnets ?? defaultSubnetLayout(network.vpc_cidr, network.availability_zones.length);
}
