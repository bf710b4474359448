import { StackResource } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * RDS DB instances. Aurora instances (engine aurora-*) take encryption, IAM authentication and log
 * exports from their cluster, so only their public accessibility is checked here.
 */

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function engineOf(db: StackResource): string {
  return typeof db.config.engine === "string" ? db.config.engine : "";
}

function isAurora(db: StackResource): boolean {
  return engineOf(db).startsWith("aurora");
}

/** Standalone (non-Aurora) instances. */
function instances(stack: { resources(type: string): StackResource[] }): StackResource[] {
  return stack.resources("aws_db_instance").filter((db) => !isAurora(db));
}

/** Engines with IAM database authentication (PostgreSQL, MySQL, MariaDB). */
const IAM_AUTH_ENGINES = ["postgres", "mysql", "mariadb"];

/** The log a PostgreSQL or MySQL instance must at least export. */
const REQUIRED_EXPORT: Record<string, string> = { postgres: "postgresql", mysql: "error", mariadb: "error" };

const storageEncrypted: PolicyRule = {
  name: "rds-storage-encrypted",
  check: (stack) =>
    instances(stack)
      .filter((db) => !isTrue(db.config.storage_encrypted))
      .map((db) => ({
        address: db.address,
        why: "storage_encrypted is not true (the provider's default is false): data, snapshots and backups are unencrypted and it cannot be turned on later without a restore; use PostgresDatabase",
      })),
  examples: {
    violating: [
      {
        description: "attribute absent",
        json: stackJson({ aws_db_instance: { d: { engine: "postgres", instance_class: "db.t4g.micro" } } }),
        flags: ["aws_db_instance.d"],
      },
      {
        description: "explicitly false",
        json: stackJson({ aws_db_instance: { d: { engine: "mysql", storage_encrypted: false } } }),
        flags: ["aws_db_instance.d"],
      },
    ],
    passing: [
      {
        description: "encrypted with the AWS managed key",
        json: stackJson({ aws_db_instance: { d: { engine: "postgres", storage_encrypted: true } } }),
      },
      {
        description: "an Aurora instance (encryption is the cluster's)",
        json: stackJson({ aws_db_instance: { a: { engine: "aurora-postgresql" } } }),
      },
    ],
  },
};

const notPublic: PolicyRule = {
  name: "rds-not-publicly-accessible",
  check: (stack) =>
    ["aws_db_instance", "aws_rds_cluster_instance"]
      .flatMap((type) => stack.resources(type))
      .filter((db) => isTrue(db.config.publicly_accessible))
      .map((db) => ({
        address: db.address,
        why: "publicly_accessible is true: the database gets a public IP and DNS name; keep it in isolated subnets and connect through the VPC",
      })),
  examples: {
    violating: [
      {
        description: "a public instance and a public Aurora cluster instance",
        json: stackJson({
          aws_db_instance: { d: { engine: "postgres", storage_encrypted: true, publicly_accessible: true } },
          aws_rds_cluster_instance: { c: { cluster_identifier: "c", publicly_accessible: "true" } },
        }),
        flags: ["aws_db_instance.d", "aws_rds_cluster_instance.c"],
      },
    ],
    passing: [
      {
        description: "false, and absent (the provider's default is false)",
        json: stackJson({
          aws_db_instance: {
            d: { engine: "postgres", publicly_accessible: false },
            e: { engine: "postgres" },
          },
        }),
      },
    ],
  },
};

const iamAuthentication: PolicyRule = {
  name: "rds-iam-authentication",
  check: (stack) =>
    instances(stack)
      .filter(
        (db) =>
          IAM_AUTH_ENGINES.includes(engineOf(db)) && !isTrue(db.config.iam_database_authentication_enabled),
      )
      .map((db) => ({
        address: db.address,
        why: "iam_database_authentication_enabled is not true: every client needs a long-lived database password instead of short-lived IAM tokens",
      })),
  examples: {
    violating: [
      {
        description: "absent on PostgreSQL, false on MySQL",
        json: stackJson({
          aws_db_instance: {
            p: { engine: "postgres", storage_encrypted: true },
            m: { engine: "mysql", iam_database_authentication_enabled: false },
          },
        }),
        flags: ["aws_db_instance.m", "aws_db_instance.p"],
      },
    ],
    passing: [
      {
        description: "on",
        json: stackJson({
          aws_db_instance: { p: { engine: "postgres", iam_database_authentication_enabled: true } },
        }),
      },
      {
        description: "an engine without IAM authentication (SQL Server)",
        json: stackJson({ aws_db_instance: { s: { engine: "sqlserver-se" } } }),
      },
    ],
  },
};

const logExports: PolicyRule = {
  name: "rds-log-exports",
  check: (stack) =>
    instances(stack).flatMap((db) => {
      const raw = db.config.enabled_cloudwatch_logs_exports;
      const exports = Array.isArray(raw) ? raw.map(String) : [];
      if (exports.length === 0) {
        return [
          {
            address: db.address,
            why: "enabled_cloudwatch_logs_exports is empty: database logs stay on the instance and vanish with it; export them to CloudWatch Logs",
          },
        ];
      }
      const required = REQUIRED_EXPORT[engineOf(db)];
      return required && !exports.includes(required)
        ? [
            {
              address: db.address,
              why: `enabled_cloudwatch_logs_exports ${JSON.stringify(exports)} leaves out "${required}", the engine's main log`,
            },
          ]
        : [];
    }),
  examples: {
    violating: [
      {
        description: "no exports",
        json: stackJson({ aws_db_instance: { d: { engine: "postgres" } } }),
        flags: ["aws_db_instance.d"],
      },
      {
        description: "an empty list, and PostgreSQL exporting only upgrade logs",
        json: stackJson({
          aws_db_instance: {
            e: { engine: "postgres", enabled_cloudwatch_logs_exports: [] },
            u: { engine: "postgres", enabled_cloudwatch_logs_exports: ["upgrade"] },
          },
        }),
        flags: ["aws_db_instance.e", "aws_db_instance.u"],
      },
    ],
    passing: [
      {
        description: "postgresql and upgrade",
        json: stackJson({
          aws_db_instance: {
            d: { engine: "postgres", enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [storageEncrypted, notPublic, iamAuthentication, logExports];
