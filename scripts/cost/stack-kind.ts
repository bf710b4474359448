import { ENVIRONMENTS } from "../../config/schema/environment";

/**
 * `bootstrap-<env>`: the state bucket and lock table. `network-<env>`: the VPC, NAT and flow logs the
 * environment's system stacks share. Every other stack is a system stack.
 */
export type StackKind = "bootstrap" | "network" | "system";

export function kindOf(stackName: string): StackKind {
  if (stackName.startsWith("bootstrap-")) return "bootstrap";
  if (stackName.startsWith("network-")) return "network";
  return "system";
}

/** The environment a stack name ends in (`fileflow-prod` → `prod`); else its last dash-separated part. */
export function environmentOf(stackName: string): string {
  return ENVIRONMENTS.find((e) => stackName.endsWith(`-${e}`)) ?? stackName.split("-").pop() ?? stackName;
}

/** Environments in config order (dev, staging, prod), others after them alphabetically. */
export function compareEnvironments(a: string, b: string): number {
  const rank = (e: string) => {
    const i = (ENVIRONMENTS as readonly string[]).indexOf(e);
    return i === -1 ? ENVIRONMENTS.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
