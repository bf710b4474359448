import { z } from "zod";
import { GITHUB_OWNER, GITHUB_REPO, branchProblem } from "../../../modules/iam/github-names";
import { isEmailAddress } from "../../../modules/monitoring/email-address";
import { networkSchema } from "../network";
import { cidrBlock } from "../primitives";
import { checkAlbForEnvironment, edgeAlbFields } from "./alb";
import { cacheSchema } from "./cache";
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
