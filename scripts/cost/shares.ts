import type { StackEstimate } from "./estimate";
import { compareEnvironments, kindOf } from "./stack-kind";

/**
 * Stacks grouped by environment, with the shared network split evenly: each system stack of the
 * environment carries `network-<env>` total ÷ the number of system stacks. Bootstrap and network
 * stacks carry no share; the environment total counts every stack once.
 */

export interface StackRow extends StackEstimate {
  /** This system stack's part of the environment's network stack. */
  readonly networkShare?: number;
  /** `total` + `networkShare`. */
  readonly totalWithNetwork?: number;
}

export interface NetworkShare {
  readonly stack: string;
  readonly total: number;
  /** System stacks of the environment sharing it (all of them, not only those in this run). */
  readonly systemStacks: number;
  readonly share: number;
}

export interface EnvironmentEstimate {
  readonly name: string;
  readonly stacks: readonly StackRow[];
  readonly total: number;
  readonly unpriced: number;
  readonly network?: NetworkShare;
  readonly notes: readonly string[];
}

const KIND_ORDER = { bootstrap: 0, network: 1, system: 2 } as const;

export function byEnvironment(
  estimates: readonly StackEstimate[],
  stackNamesByEnvironment?: ReadonlyMap<string, readonly string[]>,
): EnvironmentEstimate[] {
  const names = [...new Set(estimates.map((e) => e.environment))].sort(compareEnvironments);
  return names.map((env) => {
    const stacks = estimates
      .filter((e) => e.environment === env)
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
    const known = stackNamesByEnvironment?.get(env) ?? [];
    const systems = [...new Set([...known, ...stacks.map((s) => s.name)])].filter(
      (n) => kindOf(n) === "system",
    );
    const networkStack = stacks.find((s) => s.kind === "network");
    const notes: string[] = [];
    let network: NetworkShare | undefined;
    if (networkStack && systems.length > 0) {
      network = {
        stack: networkStack.name,
        total: networkStack.total,
        systemStacks: systems.length,
        share: networkStack.total / systems.length,
      };
    } else if (networkStack) {
      notes.push(`${networkStack.name} is shared by no system stack: its cost is the environment's alone`);
    } else {
      const absent = known.find((n) => kindOf(n) === "network");
      notes.push(
        absent
          ? `${absent} is not in this run: network shares are not computed`
          : `no network-${env} stack: each system stack's own total includes its VPC`,
      );
    }
    const rows: StackRow[] = stacks.map((s) =>
      network && s.kind === "system"
        ? { ...s, networkShare: network.share, totalWithNetwork: s.total + network.share }
        : s,
    );
    return {
      name: env,
      stacks: rows,
      total: stacks.reduce((sum, s) => sum + s.total, 0),
      unpriced: stacks.reduce((sum, s) => sum + s.unpriced, 0),
      ...(network ? { network } : {}),
      notes,
    };
  });
}
