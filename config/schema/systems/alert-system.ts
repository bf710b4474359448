import { z } from "zod";
import { parseEngineVersion } from "../../../modules/elasticache/engines";
import { GITHUB_OWNER, GITHUB_REPO, branchProblem } from "../../../modules/iam/github-names";
import { isEmailAddress } from "../../../modules/monitoring/email-address";
import { nodeTypeProblem } from "../../../modules/elasticache/node-types";
import { CacheTopology, TOPOLOGY_MODES, resolveTopology } from "../../../modules/elasticache/topology";
import { expectedOf } from "../module-problem";
import { networkSchema } from "../network";
import { cidrBlock } from "../primitives";
import { checkAlbForEnvironment, edgeAlbFields } from "./alb";
import { domainSchema } from "./domain";
import { ecrSchema } from "./ecr";
import { autoscaledServiceSchema } from "./fargate-service";
import { checkPostgresForEnvironment, postgresSchema } from "./postgres";

/** The load balancer in front of the API. Its certificate comes from `domain`; without one it serves HTTP. */
const albSchema = z.strictObject({
  ...edgeAlbFields,
  /** Who may reach the listeners. @default ["0.0.0.0/0"] (internet-facing) */
  ingress_cidrs: z.array(cidrBlock).min(1).optional(),
});

const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;

/** ElastiCache for the backend's queues (BullMQ on Redis). Shapes and their rules: modules/elasticache. */
const cacheSchema = z
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

/** Where the backend registers user schedules. */
const schedulerSchema = z.strictObject({
  /**
   * The EventBridge Scheduler group; the task role may manage schedules in this group only, so it
   * must be the Alert System's own. @default "alert-system-<env>-alerts"
   */
  group_name: z
    .string()
    .regex(/^alert-system-[A-Za-z0-9_.-]{1,51}$/, {
      message:
        'a schedule group of the Alert System\'s own, "alert-system-<name>" (its task role may manage only this group)',
    })
    .optional(),
});

/** Who hears about alarms. */
const alarmsSchema = z.strictObject({
  /** E-mail addresses subscribed to the alarm topic (each confirms once), each listed once. @default [] */
  emails: z
    .array(z.string().refine(isEmailAddress, { message: "an e-mail address, e.g. oncall@example.com" }))
    .refine((emails) => new Set(emails.map((e) => e.toLowerCase())).size === emails.length, {
      message: "each address once (case does not make a new address)",
    })
    .default([]),
});

/** The GitHub repository whose workflow may release this system (a role, not access keys). */
const ciSchema = z.strictObject({
  /** "<owner>/<repo>", e.g. "acme/alert-system" (GitHub's naming rules, modules/iam/github-names.ts). */
  repository: z.string().refine(
    (text) => {
      const [owner, repo, ...rest] = text.split("/");
      return (
        rest.length === 0 &&
        GITHUB_OWNER.test(owner ?? "") &&
        GITHUB_REPO.test(repo ?? "") &&
        repo !== "." &&
        repo !== ".."
      );
    },
    { message: 'a GitHub repository "<owner>/<repo>"' },
  ),
  /** The branch whose pushes may deploy, matched exactly. @default "main" */
  branch: z
    .string()
    .superRefine((branch, ctx) => {
      const problem = branchProblem(branch);
      if (problem)
        ctx.addIssue({ code: "custom", message: `an exact branch name (${problem})`, input: branch });
    })
    .default("main"),
});

export const alertSystemSchema = z.strictObject({
  /** HTTPS at `api.<domain>`. Required in prod; without it (dev) the ALB serves plain HTTP. @default none */
  domain: domainSchema.optional(),
  /** @default {} */
  alb: albSchema.prefault({}),
  /** The NestJS API: an autoscaled Fargate service on port 3000. */
  api: autoscaledServiceSchema,
  /** AWS_SCHEDULER_ENABLED: the backend registers user schedules in EventBridge Scheduler. @default true */
  scheduler_enabled: z.boolean().default(true),
  /** QUEUE_ENABLED: background jobs on the Redis queue. @default true */
  queue_enabled: z.boolean().default(true),
  /** NODE_ENV. @default "production" */
  node_env: z.enum(["production", "development", "test"]).default("production"),
  /** @default {} (db.t4g.micro, see database keys) */
  database: postgresSchema.prefault({ instance_class: "db.t4g.micro" }),
  /** @default {} (cache.t4g.micro, one replica) */
  cache: cacheSchema.prefault({}),
  /** @default {} (group alert-system-<env>-alerts) */
  scheduler: schedulerSchema.prefault({}),
  /** @default {} (no e-mail subscriptions) */
  alarms: alarmsSchema.prefault({}),
  /** The release workflow's repository and branch. @default none (no deploy role) */
  ci: ciSchema.optional(),
  /** @default {} */
  ecr: ecrSchema.prefault({}),
  /** A dedicated VPC (same keys as `network`). @default none (runs in network-<env>) */
  network: networkSchema.optional(),
});

export type AlertSystemConfig = z.infer<typeof alertSystemSchema>;

/** The Alert System's rules that depend on the environment. */
export function checkAlertSystemForEnvironment(
  alert: AlertSystemConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  checkPostgresForEnvironment(alert.database, environment, [...path, "database"], ctx);
  checkAlbForEnvironment(alert.alb, environment, [...path, "alb"], ctx);
  if (environment !== "prod") return;
  if (!alert.domain) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "domain"],
      message: "a domain in prod: the API serves users over HTTPS only (name and hosted_zone_id)",
      input: undefined,
    });
  }
  if (alert.cache.mode === "single") {
    ctx.addIssue({
      code: "custom",
      path: [...path, "cache", "mode"],
      message:
        'a cache with a replica in prod ("replicated" or "cluster"): a replica in another AZ takes over when the primary fails',
      input: alert.cache.mode,
    });
  }
  if (alert.cache.snapshot_retention_days < 1) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "cache", "snapshot_retention_days"],
      message: "at least 1 day of snapshots in prod",
      input: alert.cache.snapshot_retention_days,
    });
  }
}
