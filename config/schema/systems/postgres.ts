import { z } from "zod";
import { parsePostgresVersion } from "../../../modules/rds/postgres-versions";
import {
  ALLOCATED_STORAGE_EXPECTED,
  isAllocatedStorageGb,
  maxAllocatedStorageProblem,
} from "../../../modules/rds/storage-limits";
import { cidrBlock, overrideReason, positiveInt } from "../primitives";

/** An RDS PostgreSQL database section. */
export const postgresSchema = z.strictObject({
  /** "16" (auto minor upgrades follow) or "16.4"; 15 or newer. @default "16" */
  engine_version: z
    .string()
    .refine((v) => typeof parsePostgresVersion(v) !== "string", {
      message: 'a PostgreSQL version 15 or newer, e.g. "16" or "16.4"',
    })
    .default("16"),
  /** @default "db.t4g.medium" */
  instance_class: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: 'an RDS instance class, e.g. "db.t4g.medium"' })
    .default("db.t4g.medium"),
  /** @default 20 */
  allocated_storage_gb: z
    .number()
    .refine(isAllocatedStorageGb, { message: ALLOCATED_STORAGE_EXPECTED })
    .default(20),
  /** Ceiling for storage autoscaling, at least 10 % above allocated_storage_gb. @default 100 */
  max_allocated_storage_gb: z.number().default(100),
  /** A standby in a second AZ; prod refuses false unless `prod_overrides.multi_az` says why. @default true */
  multi_az: z.boolean().default(true),
  /** @default 7 */
  backup_retention_days: z.number().int().min(1).max(35, { message: "1 to 35 days" }).default(7),
  /** @default true */
  deletion_protection: z.boolean().default(true),
  /** @default false (a final snapshot is taken on delete) */
  skip_final_snapshot: z.boolean().default(false),
  /** @default false */
  publicly_accessible: z.boolean().default(false),
  /** CIDRs of peer databases reading through postgres_fdw (TriFlow-AI). @default [] */
  fdw_peer_cidrs: z.array(cidrBlock).default([]),
  /**
   * Alarm when free storage falls below this many GiB.
   * @default half the free space at which storage autoscaling starts (5 % of allocated_storage_gb, at
   * most 2 GiB), so the alarm means autoscaling is not keeping up rather than about to start
   */
  free_storage_alarm_gb: positiveInt("a whole number of GiB").optional(),
  /**
   * Prod guard rails lifted on purpose, each with the reason (kept in the file for the reviewer):
   * `multi_az = "<why one AZ is acceptable>"`. @default none
   */
  prod_overrides: z.strictObject({ multi_az: overrideReason.optional() }).optional(),
  /**
   * Run the instance only while the system's on-demand service runs (erp-mes: the simulator): the
   * scaler starts it before the service and stops it after, so outside the window only storage and
   * backups are billed. While it is stopped nobody can read it, TriFlow-AI over postgres_fdw
   * included, and no automated backups are taken; RDS starts a stopped instance by itself after 7
   * days and the next stop event stops it again. Refused in prod. Allowed with the simulator's
   * `schedules_enabled = false`: a manual start or stop through the scaler takes the database with
   * it (and only a manual stop stops it again after RDS's 7-day automatic start).
   * @default false (the database runs around the clock and the scaler cannot touch it)
   */
  on_demand: z.boolean().default(false),
});

export type PostgresConfig = z.infer<typeof postgresSchema>;

/**
 * The production guard rails of a database: environment differences stay in config, and prod may
 * not opt out of them.
 */
export function checkPostgresForEnvironment(
  database: PostgresConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const maxProblem = isAllocatedStorageGb(database.allocated_storage_gb)
    ? maxAllocatedStorageProblem(database.allocated_storage_gb, database.max_allocated_storage_gb)
    : undefined;
  if (maxProblem) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "max_allocated_storage_gb"],
      message: maxProblem,
      input: database.max_allocated_storage_gb,
    });
  }
  if (environment !== "prod") return;
  const rules: [keyof PostgresConfig, boolean, string][] = [
    [
      "publicly_accessible",
      database.publicly_accessible === false,
      "false: a production database is never public",
    ],
    ["deletion_protection", database.deletion_protection === true, "true in prod"],
    [
      "skip_final_snapshot",
      database.skip_final_snapshot === false,
      "false in prod: deleting takes a final snapshot",
    ],
    ["backup_retention_days", database.backup_retention_days >= 7, "at least 7 days of backups in prod"],
    [
      "multi_az",
      database.multi_az || database.prod_overrides?.multi_az !== undefined,
      'true in prod (a standby in another AZ), or prod_overrides = { multi_az = "<why one AZ is acceptable>" }',
    ],
    [
      "on_demand",
      database.on_demand === false,
      "false in prod: the database would be down outside the simulator's schedule window, so TriFlow-AI " +
        "could not read it over postgres_fdw; prod data stores stay up",
    ],
  ];
  for (const [key, ok, message] of rules) {
    if (!ok) ctx.addIssue({ code: "custom", path: [...path, key], message, input: database[key] });
  }
}
