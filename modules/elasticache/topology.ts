/**
 * The three shapes a cache takes. Each is one `aws_elasticache_replication_group`, so a cache can move
 * between single and replicated without changing resource type:
 * - `single`: one node group with one node (no replica): dev and throwaway caches;
 * - `replicated`: a primary and 1-5 read replicas in one node group (cluster mode disabled), Multi-AZ
 *   with automatic failover by default; clients use the primary endpoint, reads may use the reader
 *   endpoint;
 * - `cluster`: cluster mode enabled, keys spread over `shards` node groups of a primary and
 *   `replicasPerShard` replicas each; clients must speak the cluster protocol and use the
 *   configuration endpoint.
 */
export type CacheTopology =
  | { readonly mode: "single" }
  | { readonly mode: "replicated"; readonly replicas: number }
  | { readonly mode: "cluster"; readonly shards: number; readonly replicasPerShard: number };

export const TOPOLOGY_MODES = ["single", "replicated", "cluster"] as const;

/** ElastiCache's limits: 5 replicas per node group, 500 node groups and 500 nodes per cluster-mode group. */
export const MAX_REPLICAS = 5;
export const MAX_SHARDS = 500;
export const MAX_CLUSTER_NODES = 500;

/** The replication group attributes a topology comes to. */
export interface ResolvedTopology {
  readonly mode: CacheTopology["mode"];
  readonly clusterMode: boolean;
  /** Replicas per node group. */
  readonly replicas: number;
  /** Node groups: 1 unless cluster mode. */
  readonly shards: number;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
}

export interface FailoverChoice {
  readonly multiAz?: boolean;
  readonly automaticFailover?: boolean;
}

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

/**
 * Checks a topology and the Multi-AZ / failover choice against it. Problems go to `problems` (each
 * naming the prop and the rule); the result is undefined when the shape itself is unusable.
 */
export function resolveTopology(
  topology: CacheTopology,
  choice: FailoverChoice,
  problems: string[],
): ResolvedTopology | undefined {
  switch (topology.mode) {
    case "single":
      return withFailover({ mode: "single", clusterMode: false, replicas: 0, shards: 1 }, choice, problems);
    case "replicated": {
      const replicas = topology.replicas;
      if (!isWhole(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
        problems.push(
          `topology.replicas must be a whole number from 1 to ${MAX_REPLICAS} (ElastiCache's limit per node group; for no replica use topology { mode: "single" }), got ${String(replicas)}`,
        );
        return undefined;
      }
      return withFailover({ mode: "replicated", clusterMode: false, replicas, shards: 1 }, choice, problems);
    }
    case "cluster": {
      const { shards, replicasPerShard } = topology;
      let usable = true;
      if (!isWhole(shards) || shards < 1 || shards > MAX_SHARDS) {
        problems.push(
          `topology.shards must be a whole number from 1 to ${MAX_SHARDS} (cluster mode needs at least one node group, and ElastiCache allows at most ${MAX_SHARDS}), got ${String(shards)}`,
        );
        usable = false;
      }
      if (!isWhole(replicasPerShard) || replicasPerShard < 0 || replicasPerShard > MAX_REPLICAS) {
        problems.push(
          `topology.replicasPerShard must be a whole number from 0 to ${MAX_REPLICAS} (ElastiCache's limit per node group), got ${String(replicasPerShard)}`,
        );
        usable = false;
      }
      if (usable && shards * (replicasPerShard + 1) > MAX_CLUSTER_NODES) {
        problems.push(
          `topology ${shards} shards x ${replicasPerShard + 1} nodes is ${shards * (replicasPerShard + 1)} nodes; a cluster-mode replication group holds at most ${MAX_CLUSTER_NODES}, so use fewer shards or replicas`,
        );
        usable = false;
      }
      if (!usable) return undefined;
      // ElastiCache requires automatic failover on every cluster-mode group, replicas or not.
      if (choice.automaticFailover === false) {
        problems.push(
          `automaticFailover cannot be false with topology { mode: "cluster" }: ElastiCache requires automatic failover in cluster mode; leave it unset`,
        );
      }
      const multiAz = choice.multiAz ?? replicasPerShard > 0;
      if (multiAz && replicasPerShard === 0) {
        problems.push(
          `multiAz needs at least one replica per shard to fail over to, got topology.replicasPerShard 0; add a replica or leave multiAz unset`,
        );
      }
      return {
        mode: "cluster",
        clusterMode: true,
        replicas: replicasPerShard,
        shards,
        multiAz,
        automaticFailover: true,
      };
    }
    default:
      problems.push(
        `topology.mode must be one of ${TOPOLOGY_MODES.map((m) => `"${m}"`).join(", ")}, got "${String((topology as { mode?: unknown }).mode)}"`,
      );
      return undefined;
  }
}

/** Cluster mode disabled: failover and Multi-AZ default to on when there is a replica to fail over to. */
function withFailover(
  base: Omit<ResolvedTopology, "multiAz" | "automaticFailover">,
  choice: FailoverChoice,
  problems: string[],
): ResolvedTopology {
  const hasReplica = base.replicas > 0;
  const automaticFailover = choice.automaticFailover ?? hasReplica;
  const multiAz = choice.multiAz ?? hasReplica;
  const shape = base.mode === "single" ? `topology { mode: "single" }` : `topology.replicas ${base.replicas}`;
  if (automaticFailover && !hasReplica) {
    problems.push(
      `automaticFailover needs at least one replica to promote, got ${shape}; use topology { mode: "replicated", replicas: 1 } or leave automaticFailover unset`,
    );
  }
  if (multiAz && !hasReplica) {
    problems.push(
      `multiAz needs at least one replica in another availability zone, got ${shape}; use topology { mode: "replicated", replicas: 1 } or leave multiAz unset`,
    );
  }
  if (multiAz && hasReplica && !automaticFailover) {
    problems.push(
      `multiAz needs automaticFailover (ElastiCache fails over to the other zone automatically or not at all); set automaticFailover true or multiAz false`,
    );
  }
  return { ...base, automaticFailover, multiAz };
}
