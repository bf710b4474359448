import { z } from "zod";
import { parseEngineVersion } from "../../../modules/elasticache/engines";
import { nodeTypeProblem } from "../../../modules/elasticache/node-types";
import { CacheTopology, TOPOLOGY_MODES, resolveTopology } from "../../../modules/elasticache/topology";
import { expectedOf } from "../module-problem";

const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;

/** An ElastiCache section (Redis or Valkey). Shapes and their rules: modules/elasticache. */
export const cacheSchema = z
  .strictObject({
    /** @default "redis" (Redis OSS; "valkey" is wire-compatible and ~20 % cheaper) */
    engine: z.enum(["redis", "valkey"]).default("redis"),
    /** @default the module's default for the engine */
    engine_version: z.string().optional(),
    /** @default "cache.t4g.micro" */
    node_type: z
      .string()
      .regex(CACHE_NODE_TYPE, { message: 'an ElastiCache node type, e.g. "cache.t4g.micro"' })
      .default("cache.t4g.micro"),
    /**
     * `single` (one node), `replicated` (a primary and `replicas` replicas, Multi-AZ failover) or
     * `cluster` (`shards` node groups of a primary and `replicas_per_shard` replicas).
     * @default "replicated"
     */
    mode: z.enum(TOPOLOGY_MODES).default("replicated"),
    /** Replicas of the primary, mode "replicated". @default 1 */
    replicas: z.number().optional(),
    /** Node groups, mode "cluster". */
    shards: z.number().optional(),
    /** Replicas per node group, mode "cluster". @default 1 */
    replicas_per_shard: z.number().optional(),
    /** @default on when there is a replica */
    multi_az: z.boolean().optional(),
    /** @default on when there is a replica */
    automatic_failover: z.boolean().optional(),
    /** Days of daily snapshots; 0 keeps none (dev only). @default 7 */
    snapshot_retention_days: z.number().int().min(0).max(35, { message: "0 to 35 days" }).default(7),
  })
  .superRefine((cache, ctx) => {
    // The rules are the module's (resolveTopology); config only says where in the file they bite.
    const problems: string[] = [];
    resolveTopology(
      cacheTopologyOf(cache),
      { multiAz: cache.multi_az, automaticFailover: cache.automatic_failover },
      problems,
    );
    const version = cache.engine_version && parseEngineVersion(cache.engine, cache.engine_version);
    if (typeof version === "string") {
      ctx.addIssue({
        code: "custom",
        path: ["engine_version"],
        message: expectedOf(version, "ElastiCache"),
        input: cache.engine_version,
      });
    }
    const nodeProblem = nodeTypeProblem(cache.engine, cache.node_type);
    if (nodeProblem) {
      ctx.addIssue({
        code: "custom",
        path: ["node_type"],
        message: expectedOf(nodeProblem, "ElastiCache"),
        input: cache.node_type,
      });
    }
    for (const problem of problems) {
      const [prop] = problem.split(/[ .]/, 1);
      const field = problem.startsWith("topology.")
        ? { replicas: "replicas", shards: "shards", replicasPerShard: "replicas_per_shard" }[
            problem.split(/[. ]/)[1]!
          ]
        : { multiAz: "multi_az", automaticFailover: "automatic_failover" }[prop!];
      const key = (field ?? "mode") as keyof typeof cache;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: expectedOf(problem, "ElastiCache"),
        input: cache[key],
      });
    }
  });

export type CacheConfig = z.infer<typeof cacheSchema>;

/** The cache section as the module's topology. */
export function cacheTopologyOf(
  cache: Pick<CacheConfig, "mode" | "replicas" | "shards" | "replicas_per_shard">,
): CacheTopology {
  switch (cache.mode) {
    case "single":
      return { mode: "single" };
    case "cluster":
      return { mode: "cluster", shards: cache.shards ?? 0, replicasPerShard: cache.replicas_per_shard ?? 1 };
    default:
      return { mode: "replicated", replicas: cache.replicas ?? 1 };
  }
}
