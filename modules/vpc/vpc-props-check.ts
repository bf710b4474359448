import { FLOW_LOG_TRAFFIC_TYPES } from "./flow-log";
import { NAT_MODES, gravitonProblem, isGravitonInstanceType } from "./nat-mode";
import { cidrContains, cidrsOverlap, formatCidr, Ipv4Cidr, parseCidr } from "./cidr";
import { MAX_AZS, SUBNET_TIERS, SubnetLayout, VPC_PREFIX_RANGE, defaultSubnetLayout } from "./subnet-layout";

/** The props `checkVpcProps` reads; structurally part of `VpcProps`, kept here so this file stands alone. */
export interface VpcShape {
  readonly name: string;
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly subnets?: SubnetLayout;
  readonly natMode?: string;
  readonly natInstanceType?: string;
  readonly flowLogTrafficType?: string;
}

/** Fewer than two AZs is a single point of failure; more than MAX_AZS does not fit the subnet plan. */
export const MIN_AZS = 2;

const MAX_SUBNET_PREFIX = 28;

/** Role names are capped at 64 characters and the flow-log role appends "-vpc-flow-logs" (14). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/;

/**
 * Checks the props at the construct boundary and returns the subnet plan to build. Every problem is
 * reported at once, each naming the prop to change, so a bad call fails before any resource exists
 * rather than at `terraform apply`. Values must be literals (not tokens): the module counts AZs and
 * computes subnets at synth time.
 */
export function checkVpcProps(path: string, props: VpcShape): SubnetLayout {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(props.name)) {
    problems.push(
      `name must be 1-50 letters, digits or hyphens starting with a letter or digit, got "${props.name}"`,
    );
  }

  // Types already say this; the check is for values that arrive from JSON or JavaScript callers.
  oneOf(problems, "natMode", props.natMode, NAT_MODES);
  oneOf(problems, "flowLogTrafficType", props.flowLogTrafficType, FLOW_LOG_TRAFFIC_TYPES);
  if (props.natInstanceType !== undefined) {
    // Silently ignoring it would leave the caller believing a NAT instance runs.
    if (props.natMode !== "instance") {
      problems.push(
        `natInstanceType applies only to natMode "instance" (natMode is "${props.natMode ?? "per-az"}"); remove it or set natMode "instance"`,
      );
    } else if (!isGravitonInstanceType(props.natInstanceType)) {
      problems.push(gravitonProblem("natInstanceType", props.natInstanceType));
    }
  }

  const azs = props.availabilityZones;
  if (azs.length < MIN_AZS || azs.length > MAX_AZS) {
    problems.push(
      `availabilityZones must list ${MIN_AZS} to ${MAX_AZS} zones (one AZ is a single point of failure), got ${azs.length}`,
    );
  }
  const duplicates = azs.filter((az, i) => azs.indexOf(az) !== i);
  if (duplicates.length > 0) problems.push(`availabilityZones lists ${duplicates.join(", ")} more than once`);

  const vpc = parseCidr(props.cidr);
  if (!vpc) {
    problems.push(`cidr must be an IPv4 CIDR with no host bits set, e.g. "10.0.0.0/16", got "${props.cidr}"`);
  } else if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    problems.push(
      `cidr must be a /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max} block, got ${props.cidr}`,
    );
  }

  // Without a usable CIDR and AZ count there is no default plan to check against.
  const layout =
    props.subnets ?? (problems.length === 0 ? defaultSubnetLayout(props.cidr, azs.length) : undefined);
  if (layout && vpc) problems.push(...layoutProblems(layout, vpc, azs.length));

  if (problems.length > 0) throw new Error(`${path}: invalid Vpc props:\n  - ${problems.join("\n  - ")}`);
  return layout!;
}

function oneOf(
  problems: string[],
  prop: string,
  value: string | undefined,
  allowed: readonly string[],
): void {
  if (value !== undefined && !allowed.includes(value)) {
    problems.push(`${prop} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got "${value}"`);
  }
}

function layoutProblems(layout: SubnetLayout, vpc: Ipv4Cidr, azCount: number): string[] {
  const problems: string[] = [];
  const placed: { where: string; block: Ipv4Cidr }[] = [];
  for (const tier of SUBNET_TIERS) {
    const cidrs = layout[tier];
    if (cidrs.length !== azCount) {
      problems.push(
        `subnets.${tier} must list one CIDR per availability zone (${azCount}), got ${cidrs.length}`,
      );
    }
    cidrs.forEach((cidr, i) => {
      const where = `subnets.${tier}[${i}]`;
      const block = parseCidr(cidr);
      if (!block) {
        problems.push(`${where} must be an IPv4 CIDR with no host bits set, got "${cidr}"`);
      } else if (block.prefix > MAX_SUBNET_PREFIX) {
        problems.push(
          `${where} (${cidr}) must be /${MAX_SUBNET_PREFIX} or larger, the smallest subnet AWS allows`,
        );
      } else if (!cidrContains(vpc, block)) {
        problems.push(`${where} (${cidr}) must lie inside the VPC cidr ${formatCidr(vpc)}`);
      } else {
        const clash = placed.find((p) => cidrsOverlap(p.block, block));
        if (clash) problems.push(`${where} (${cidr}) overlaps ${clash.where} (${formatCidr(clash.block)})`);
        else placed.push({ where, block });
      }
    });
  }
  return problems;
}
