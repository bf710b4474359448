import { z } from "zod";
import { Ipv4Cidr, cidrsOverlap, parseCidr } from "../../modules/vpc/cidr";
import { VPC_PREFIX_RANGE } from "../../modules/vpc/subnet-layout";
import { formatKeyPath } from "../config-error";
import { NetworkConfig, checkNetwork } from "./network";

type Path = (string | number)[];

/** A network block of the file with where it sits: the shared `network` or a system's own. */
export interface PlacedNetwork {
  readonly path: Path;
  readonly network: NetworkConfig;
}

/**
 * The rules of every dedicated VPC (`systems.<name>.network`): the same checks as the shared network,
 * reported at the system's key, and no CIDR overlapping the shared VPC's or another dedicated one (the
 * networks could never be peered or routed to each other).
 */
export function checkSystemNetworks(
  shared: NetworkConfig,
  dedicated: readonly PlacedNetwork[],
  region: string,
  ctx: z.RefinementCtx,
): void {
  for (const { path, network } of dedicated) checkNetwork(network, region, under(path.slice(0, -1), ctx));

  const placed: PlacedNetwork[] = [{ path: ["network"], network: shared }];
  for (const candidate of dedicated) {
    const block = usableVpcCidr(candidate.network.vpc_cidr);
    // An unusable CIDR already has its own message; an overlap on top of it would only repeat it.
    if (!block) continue;
    const clash = placed.find((p) => {
      const other = usableVpcCidr(p.network.vpc_cidr);
      return other !== undefined && cidrsOverlap(block, other);
    });
    if (clash) {
      ctx.addIssue({
        code: "custom",
        path: [...candidate.path, "vpc_cidr"],
        message: `a VPC CIDR that does not overlap ${formatKeyPath([...clash.path, "vpc_cidr"])} (${clash.network.vpc_cidr})`,
        input: candidate.network.vpc_cidr,
      });
    } else {
      placed.push(candidate);
    }
  }
}

function usableVpcCidr(text: string): Ipv4Cidr | undefined {
  const block = parseCidr(text);
  return block && block.prefix >= VPC_PREFIX_RANGE.min && block.prefix <= VPC_PREFIX_RANGE.max
    ? block
    : undefined;
}

/**
 * A refinement context whose issues land under `prefix`: checkNetwork reports at `network.*`, which
 * for a system's own block is `systems.<name>.network.*`.
 */
function under(prefix: Path, ctx: z.RefinementCtx): z.RefinementCtx {
  return {
    ...ctx,
    addIssue: (issue) => {
      if (typeof issue === "string") return ctx.addIssue(issue);
      ctx.addIssue({ ...issue, path: [...prefix, ...(issue.path ?? [])] });
    },
  };
}
