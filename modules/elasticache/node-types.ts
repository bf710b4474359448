import { CacheEngine } from "./engines";

/**
 * Current-generation node families, per engine (the same today: Valkey runs on every family Redis OSS
 * does). Each supports encryption at rest and in transit, Multi-AZ with automatic failover and
 * cluster mode. Left out on purpose: the previous generations (t1, t2, m1-m4, c1, r3, r4: old, and
 * t1 has no transit encryption, Multi-AZ or backups) and r6gd, whose nodes only run with data tiering,
 * which this module does not turn on.
 */
export const NODE_FAMILIES: Readonly<Record<CacheEngine, readonly string[]>> = {
  redis: ["t3", "t4g", "m5", "m6g", "m7g", "r5", "r6g", "r7g", "c7gn"],
  valkey: ["t3", "t4g", "m5", "m6g", "m7g", "r5", "r6g", "r7g", "c7gn"],
};

/** Burstable families come in micro, small and medium; the others from large up. */
const BURSTABLE_SIZES = /^(?:micro|small|medium)$/;
const SIZES = /^(?:large|\d*xlarge)$/;

/** Why `nodeType` cannot run `engine` here, or undefined. Worded to follow the prop name. */
export function nodeTypeProblem(engine: CacheEngine, nodeType: string): string | undefined {
  const families = NODE_FAMILIES[engine];
  const accepted = `a cache node type "cache.<family>.<size>" of family ${families.join(", ")} (e.g. "cache.t4g.small", "cache.r7g.large")`;
  const match = /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(nodeType);
  if (!match) return `nodeType must be ${accepted}, got "${nodeType}"`;
  const [, family, size] = match as unknown as [string, string, string];
  if (family === "r6gd") {
    return `nodeType ${nodeType} needs data tiering, which this module does not turn on; use ${accepted}`;
  }
  if (!families.includes(family)) {
    return `nodeType must be ${accepted} (older generations lack transit encryption or are retired), got "${nodeType}"`;
  }
  const burstable = family.startsWith("t");
  if (!(burstable ? BURSTABLE_SIZES : SIZES).test(size)) {
    return `nodeType ${nodeType}: family ${family} comes in ${burstable ? "micro, small and medium" : "large, xlarge, 2xlarge and up"}, got size "${size}"`;
  }
  return undefined;
}
