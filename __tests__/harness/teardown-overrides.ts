import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { SynthesizedStack } from "./synth-app";

/**
 * The ONLY way the e2e suite lifts the product's stateful protections: an override file written next
 * to cdk.tf.json after the deploy and the no-change re-plan, and applied before `cdktf destroy`.
 * The product code keeps every protection; without this file the emulator stacks could not be torn
 * down (which is the point of the protections).
 */
export const TEARDOWN_OVERRIDE_FILE = "teardown_override.tf.json";

interface Lift {
  readonly type: string;
  readonly attribute: string;
  readonly value: unknown;
  readonly why: string;
}

/** Per resource type: the attribute that blocks or loses data on destroy, and the value that lifts it. */
export const LIFTS: readonly Lift[] = [
  {
    type: "aws_s3_bucket",
    attribute: "force_destroy",
    value: true,
    why: "versioned buckets (state, logs) still hold objects",
  },
  {
    type: "aws_dynamodb_table",
    attribute: "deletion_protection_enabled",
    value: false,
    why: "DeleteTable is refused while on",
  },
  {
    type: "aws_db_instance",
    attribute: "deletion_protection",
    value: false,
    why: "DeleteDBInstance is refused while on",
  },
  {
    type: "aws_db_instance",
    attribute: "skip_final_snapshot",
    value: true,
    why: "a final snapshot needs an identifier and outlives the test",
  },
  {
    type: "aws_elasticache_replication_group",
    attribute: "final_snapshot_identifier",
    value: null,
    why: "a final snapshot outlives the test, and a second destroy in one emulator would clash on its name",
  },
  {
    type: "aws_rds_cluster",
    attribute: "deletion_protection",
    value: false,
    why: "DeleteDBCluster is refused while on",
  },
  {
    type: "aws_rds_cluster",
    attribute: "skip_final_snapshot",
    value: true,
    why: "a final snapshot needs an identifier and outlives the test",
  },
  {
    type: "aws_lb",
    attribute: "enable_deletion_protection",
    value: false,
    why: "DeleteLoadBalancer is refused while on",
  },
  {
    type: "aws_ecr_repository",
    attribute: "force_delete",
    value: true,
    why: "a repository holding images is not deleted",
  },
  {
    type: "aws_secretsmanager_secret",
    attribute: "recovery_window_in_days",
    value: 0,
    why: "a scheduled deletion keeps the name taken",
  },
  {
    type: "aws_cloudwatch_log_group",
    attribute: "skip_destroy",
    value: false,
    why: "skip_destroy leaves the log group behind",
  },
];

export interface TeardownOverride {
  readonly file: string;
  /** What was lifted, e.g. "aws_s3_bucket.state-bucket: lifecycle.prevent_destroy=false". */
  readonly lifted: string[];
  /** Addresses of the resources the file changes (to apply them before destroying). */
  readonly addresses: string[];
}

export function writeTeardownOverrides(stack: SynthesizedStack): TeardownOverride {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const lifted: string[] = [];
  const addresses = new Set<string>();
  const set = (type: string, name: string, key: string, value: unknown, shown: string) => {
    ((resource[type] ??= {})[name] ??= {})[key] = value;
    lifted.push(`${type}.${name}: ${shown}`);
    addresses.add(`${type}.${name}`);
  };
  for (const [type, byName] of Object.entries(stack.synth.json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName as Record<string, Record<string, unknown>>)) {
      // lifecycle blocks merge argument by argument in override files: only prevent_destroy changes.
      const lifecycle = config.lifecycle as Record<string, unknown> | undefined;
      if (lifecycle?.prevent_destroy === true)
        set(type, name, "lifecycle", { prevent_destroy: false }, "lifecycle.prevent_destroy=false");
      for (const lift of LIFTS.filter((l) => l.type === type)) {
        set(
          type,
          name,
          lift.attribute,
          lift.value,
          `${lift.attribute}=${JSON.stringify(lift.value)} (${lift.why})`,
        );
      }
    }
  }
  const file = path.join(stack.dir, TEARDOWN_OVERRIDE_FILE);
  const override = {
    "//": "Written by __tests__/harness/teardown-overrides.ts so the e2e suite can destroy what it deployed to moto.",
    ...(lifted.length > 0 ? { resource } : {}),
  };
  writeFileSync(file, `${JSON.stringify(override, null, 2)}\n`);
  return { file, lifted, addresses: [...addresses] };
}
