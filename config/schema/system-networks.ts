import { z } from "zod";
import { cidrsOverlap } from "../../modules/vpc/cidr";
import { vpcBlockOf } from "../../modules/vpc/network-rules";
import { formatKeyPath } from "../config-error";
import { NetworkConfig, checkNatModeForEnvironment, checkNetwork } from "./network";
import type { AipxConfig } from "./systems/aipx";
import { MAX_CLIENT_SUBNETS } from "../../modules/msk/broker-layout";

type Path = (string | number)[];

/** A network block of the file with where it sits: the shared `network` or a system's own. */
export interface PlacedNetwork {
  readonly path: Path;
  readonly network: NetworkConfig;
}

/** What the network rules read of the environment file. */
export interface NetworkContext {
  readonly network: NetworkConfig;
  readonly aws_region: string;
  readonly environment: string;
  readonly systems: Readonly<Record<string, unknown>>;
}

/**
 * The rules of every dedicated VPC (`systems.<name>.network`): the same checks as the shared network,
 * reported at the system's key, and no CIDR overlapping the shared VPC's or another dedicated one (the
 * networks could never be peered or routed to each other). And for every network a system runs in,
 * egress for its Fargate tasks.
 */
export function checkSystemNetworks(
  config: NetworkContext,
  dedicated: readonly PlacedNetwork[],
  ctx: z.RefinementCtx,
): void {
  for (const { path, network } of dedicated) {
    checkNetwork(network, config.aws_region, under(path.slice(0, -1), ctx));
    checkNatModeForEnvironment(network, config.environment, path, ctx);
  }

  const placed: PlacedNetwork[] = [{ path: ["network"], network: config.network }];
  for (const candidate of dedicated) {
    const block = vpcBlockOf(candidate.network.vpc_cidr);
    // An unusable CIDR already has its own message; an overlap on top of it would only repeat it.
    if (!block) continue;
    const clash = placed.find((p) => {
      const other = vpcBlockOf(p.network.vpc_cidr);
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

  const owners = new Set(dedicated.map((d) => d.path[1]));
  const sharedBy = Object.keys(config.systems).filter((name) => !owners.has(name));
  checkFargateEgress(config.network, ["network"], sharedBy, ctx);
  for (const { path, network } of dedicated) checkFargateEgress(network, path, [String(path[1])], ctx);
  checkKafkaZones(config, ctx);
}

/** AIPX's brokers go in the first `kafka.client_subnets` zones of its network, so there must be as many. */
function checkKafkaZones(config: NetworkContext, ctx: z.RefinementCtx): void {
  const aipx = config.systems.aipx as AipxConfig | undefined;
  // A count MSK refuses anyway has its own message at the same key.
  if (!aipx || aipx.kafka.client_subnets > MAX_CLIENT_SUBNETS) return;
  const zones = (aipx.network ?? config.network).availability_zones.length;
  if (aipx.kafka.client_subnets <= zones) return;
  ctx.addIssue({
    code: "custom",
    path: ["systems", "aipx", "kafka", "client_subnets"],
    message: `at most the ${zones} availability zones of ${aipx.network ? "systems.aipx.network" : "network"} (one client subnet per zone)`,
    input: aipx.kafka.client_subnets,
  });
}

/**
 * Every system runs Fargate tasks in private subnets; with `nat_mode = "none"` they could not pull
 * their images from ECR, read their secrets or ship their logs (no interface endpoints are built), so
 * the stack would deploy and never start a task.
 */
function checkFargateEgress(
  network: NetworkConfig,
  path: Path,
  systems: readonly string[],
  ctx: z.RefinementCtx,
) {
  if (network.nat_mode !== "none" || systems.length === 0) return;
  ctx.addIssue({
    code: "custom",
    path: [...path, "nat_mode"],
    message: `a NAT mode other than "none": ${systems.join(", ")} ${systems.length === 1 ? "runs" : "run"} Fargate tasks in its private subnets, which need egress to pull images from ECR, read secrets and ship logs (this VPC gets no interface endpoints)`,
    input: network.nat_mode,
  });
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
