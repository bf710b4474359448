import { z } from "zod";
import { cidrContains, cidrsOverlap, parseCidr } from "../../modules/vpc/cidr";
import { NAT_MODES } from "../../modules/vpc/nat-mode";
import {
  MAX_AZS,
  SUBNET_TIERS,
  VPC_PREFIX_RANGE,
  defaultSubnetLayout,
} from "../../modules/vpc/subnet-layout";
import { formatKeyPath } from "../config-error";
import { cidrBlock, logRetentionDays } from "./primitives";

export const networkSchema = z.strictObject({
  vpc_cidr: cidrBlock,
  /** Two or three AZs of `aws_region`, e.g. ["ap-northeast-2a", "ap-northeast-2c"]. */
  availability_zones: z
    .array(z.string())
    .min(2, { message: "at least two availability zones (one AZ is a single point of failure)" })
    .max(MAX_AZS, { message: `at most ${MAX_AZS} availability zones` }),
  /**
   * `none`: no internet egress from private subnets; `single`: one NAT gateway (cheap, one AZ's
   * outage cuts egress); `per-az`: one per AZ (production).
   * @default "per-az"
   */
  nat_mode: z.enum(NAT_MODES).default("per-az"),
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
});

export type NetworkConfig = z.infer<typeof networkSchema>;

type Ctx = z.RefinementCtx;

/** Cross-field network rules; paths are relative to the root so messages name the full key. */
export function checkNetwork(network: NetworkConfig, region: string, ctx: Ctx): void {
  const vpc = parseCidr(network.vpc_cidr);
  if (vpc && (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max)) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "vpc_cidr"],
      message: `a VPC CIDR between /${VPC_PREFIX_RANGE.min} and /${VPC_PREFIX_RANGE.max}`,
      input: network.vpc_cidr,
    });
    return;
  }

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
  const seen = new Set<string>();
  network.availability_zones.forEach((az, i) => {
    if (seen.has(az)) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availability_zones", i],
        message: "each availability zone listed once",
        input: az,
      });
    }
    seen.add(az);
  });

  if (!network.subnets || !vpc) return;
  const azCount = network.availability_zones.length;
  const placed: { path: (string | number)[]; cidr: string }[] = [];
  for (const tier of SUBNET_TIERS) {
    const cidrs = network.subnets[tier];
    if (cidrs.length !== azCount) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnets", tier],
        message: `one subnet per availability zone (${azCount})`,
        input: cidrs,
      });
    }
    cidrs.forEach((cidr, i) => {
      const path = ["network", "subnets", tier, i];
      const block = parseCidr(cidr);
      if (block && !cidrContains(vpc, block)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `a subnet inside vpc_cidr ${network.vpc_cidr}`,
          input: cidr,
        });
        return;
      }
      const clash = placed.find((p) => block && cidrsOverlap(parseCidr(p.cidr)!, block));
      if (clash) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `a subnet that does not overlap ${formatKeyPath(clash.path)} (${clash.cidr})`,
          input: cidr,
        });
        return;
      }
      placed.push({ path, cidr });
    });
  }
}

/** The subnet plan the VPC gets: explicit from config, or computed from the VPC CIDR. */
export function subnetLayoutOf(network: NetworkConfig) {
  return network.subnets ?? defaultSubnetLayout(network.vpc_cidr, network.availability_zones.length);
}
