import { FLOW_LOG_TRAFFIC_TYPES } from "./flow-log";
import { NAT_MODES, gravitonProblem, isGravitonInstanceType } from "./nat-mode";
import {
  AZ_COUNT_EXPECTED,
  VPC_CIDR_EXPECTED,
  isAzCount,
  repeatedIndexes,
  subnetLayoutProblems,
  vpcBlockOf,
} from "./network-rules";
import { SubnetLayout, defaultSubnetLayout } from "./subnet-layout";

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
  if (!isAzCount(azs.length))
    problems.push(`availabilityZones must list ${AZ_COUNT_EXPECTED}, got ${azs.length}`);
  const repeated = repeatedIndexes(azs).map((i) => azs[i]!);
  if (repeated.length > 0) problems.push(`availabilityZones lists ${repeated.join(", ")} more than once`);

  const vpc = vpcBlockOf(props.cidr);
  if (!vpc) problems.push(`cidr must be ${VPC_CIDR_EXPECTED}, got "${props.cidr}"`);

  // Without a usable CIDR and AZ count there is no default plan to check against.
  const layout =
    props.subnets ?? (problems.length === 0 ? defaultSubnetLayout(props.cidr, azs.length) : undefined);
  if (layout && vpc) {
    for (const p of subnetLayoutProblems(layout, vpc, azs.length)) {
      const where = p.index === undefined ? `subnets.${p.tier}` : `subnets.${p.tier}[${p.index}]`;
      const got = p.index === undefined ? `${layout[p.tier].length} subnets` : `"${layout[p.tier][p.index]}"`;
      problems.push(`${where} must be ${p.expected}, got ${got}`);
    }
  }

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
