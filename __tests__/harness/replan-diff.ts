import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { SynthesizedStack } from "./synth-app";
import { PlanJson, ResourceChange } from "./terraform-cli";

/**
 * A known moto 5.2.1 gap that makes a re-plan after a clean apply show a difference although the
 * product configuration is right: moto does not store (or does not return) the attribute, so the
 * provider reads back a different value. Each entry names the resource type, the attribute path
 * (the entry also covers everything below it) and the moto behaviour behind it.
 */
export interface EmulatorGap {
  readonly resourceType: string;
  readonly attribute: string;
  readonly motoBehaviour: string;
  /** Limits the entry to resources whose read-back state matches, e.g. rules referencing a group. */
  readonly onlyWhen?: {
    readonly description: string;
    readonly test: (before: Record<string, unknown>) => boolean;
  };
  /**
   * Set when the gap forces a replacement: a replacement plan shows every computed attribute as
   * unknown and hides the comparison of all others, so the re-plan ignores this attribute
   * (lifecycle.ignore_changes in replan_override.tf.json) and compares the rest in place.
   */
  readonly ignoreOnReplan?: true;
}

const ECS_SERVICE_DROPPED =
  "moto's ECS CreateService ignores this parameter (moto/ecs/responses.py create_service never reads it) and DescribeServices does not return it, so the provider reads back the zero value";
const referencesGroup = {
  description: "rules that reference a security group",
  test: (before: Record<string, unknown>) =>
    typeof before.referenced_security_group_id === "string" && before.referenced_security_group_id !== "",
};
const SG_RULE_DESCRIPTION =
  "moto keeps a description only for CIDR rules; a rule that references a security group (UserIdGroupPairs) reads back without it";
const RDS_MONITORING =
  "moto's RDS CreateDBInstance/ModifyDBInstance ignore MonitoringInterval and MonitoringRoleArn (no enhanced monitoring), DescribeDBInstances returns neither";

export const EMULATOR_GAPS: readonly EmulatorGap[] = [
  {
    resourceType: "aws_ecs_service",
    attribute: "capacity_provider_strategy",
    motoBehaviour: ECS_SERVICE_DROPPED,
    ignoreOnReplan: true,
  },
  {
    resourceType: "aws_ecs_service",
    attribute: "availability_zone_rebalancing",
    motoBehaviour: ECS_SERVICE_DROPPED,
  },
  {
    resourceType: "aws_ecs_service",
    attribute: "enable_ecs_managed_tags",
    motoBehaviour: ECS_SERVICE_DROPPED,
  },
  {
    resourceType: "aws_ecs_service",
    attribute: "enable_execute_command",
    motoBehaviour: ECS_SERVICE_DROPPED,
  },
  {
    resourceType: "aws_ecs_service",
    attribute: "health_check_grace_period_seconds",
    motoBehaviour: ECS_SERVICE_DROPPED,
  },
  {
    resourceType: "aws_vpc_security_group_ingress_rule",
    attribute: "description",
    motoBehaviour: SG_RULE_DESCRIPTION,
    onlyWhen: referencesGroup,
  },
  {
    resourceType: "aws_vpc_security_group_egress_rule",
    attribute: "description",
    motoBehaviour: SG_RULE_DESCRIPTION,
    onlyWhen: referencesGroup,
  },
  { resourceType: "aws_db_instance", attribute: "monitoring_interval", motoBehaviour: RDS_MONITORING },
  { resourceType: "aws_db_instance", attribute: "monitoring_role_arn", motoBehaviour: RDS_MONITORING },
];

export const REPLAN_OVERRIDE_FILE = "replan_override.tf.json";

/**
 * Writes replan_override.tf.json: lifecycle.ignore_changes for the gaps marked ignoreOnReplan, added
 * to (not replacing) any ignore_changes the product sets, since override files replace a lifecycle
 * argument as a whole. Returns the addresses and attributes it ignores, for the report.
 */
export function writeReplanOverrides(
  stack: SynthesizedStack,
  gaps: readonly EmulatorGap[] = EMULATOR_GAPS,
): string[] {
  const resource: Record<string, Record<string, unknown>> = {};
  const ignored: string[] = [];
  for (const gap of gaps.filter((g) => g.ignoreOnReplan)) {
    for (const [name, config] of Object.entries(stack.synth.resources(gap.resourceType))) {
      const lifecycle = (config.lifecycle ?? {}) as { ignore_changes?: string[] | string };
      if (lifecycle.ignore_changes === "all") continue;
      const byType = (resource[gap.resourceType] ??= {}) as Record<
        string,
        { lifecycle: { ignore_changes: string[] } }
      >;
      const current = byType[name]?.lifecycle.ignore_changes ?? [...(lifecycle.ignore_changes ?? [])];
      byType[name] = { lifecycle: { ignore_changes: [...current, gap.attribute] } };
      ignored.push(`${gap.resourceType}.${name}.${gap.attribute}`);
    }
  }
  const override = {
    "//": "Written by __tests__/harness/replan-diff.ts for the e2e re-plan against moto (see EMULATOR_GAPS).",
    ...(ignored.length > 0 ? { resource } : {}),
  };
  writeFileSync(path.join(stack.dir, REPLAN_OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
  return ignored;
}

/** One attribute that differs between what Terraform has and what the configuration wants. */
export interface AttributeDiff {
  readonly address: string;
  readonly type: string;
  readonly actions: string;
  /** `a.b[0].c`; `(resource)` when the whole resource would be created or destroyed. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The allow-list entry that explains it, if any. */
  readonly gap?: EmulatorGap;
}

export const KNOWN_AFTER_APPLY = "(known after apply)";

/**
 * Compares every proposed change of a re-plan attribute by attribute (before vs after; an attribute
 * only known after apply counts as different) and marks each difference the allow-list explains.
 */
export function replanDiffs(plan: PlanJson, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): AttributeDiff[] {
  const diffs: AttributeDiff[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const actions = change.change.actions.join("+");
    if (actions === "no-op") continue;
    const found = diffsOf(change);
    // An update with no attribute difference (e.g. only a sensitive marking changed) still counts.
    const all =
      found.length > 0 || actions !== "update"
        ? found
        : [{ path: "(resource)", before: "(unchanged values)", after: "(update)" }];
    for (const d of all) {
      const before = isObject(change.change.before) ? change.change.before : {};
      const gap = gaps.find(
        (g) =>
          g.resourceType === change.type &&
          covers(g.attribute, d.path) &&
          (!g.onlyWhen || g.onlyWhen.test(before)),
      );
      diffs.push({ address: change.address, type: change.type, actions, ...d, ...(gap ? { gap } : {}) });
    }
  }
  return diffs;
}

export function formatDiff(d: AttributeDiff, withReason = true): string {
  const because = d.gap && withReason ? `   [allowed: ${d.gap.motoBehaviour}]` : "";
  return `${d.address} (${d.actions}) ${d.path}: ${show(d.before)} -> ${show(d.after)}${because}`;
}

function diffsOf(change: ResourceChange): { path: string; before: unknown; after: unknown }[] {
  const { before, after, after_unknown: unknown } = change.change;
  if (before === null || after === null)
    return [
      {
        path: "(resource)",
        before: before === null ? "(absent)" : "(exists)",
        after: after === null ? "(absent)" : "(wanted)",
      },
    ];
  const out: { path: string; before: unknown; after: unknown }[] = [];
  walk(before, after, unknown, "", out);
  return out;
}

function walk(
  before: unknown,
  after: unknown,
  unknown: unknown,
  at: string,
  out: { path: string; before: unknown; after: unknown }[],
): void {
  if (unknown === true) {
    out.push({ path: at, before, after: KNOWN_AFTER_APPLY });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const unknowns = Array.isArray(unknown) ? unknown : [];
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      walk(before[i], after[i], unknowns[i], `${at}[${i}]`, out);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const unknowns = isObject(unknown) ? unknown : {};
    for (const key of [
      ...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknowns)]),
    ].sort()) {
      walk(before[key], after[key], unknowns[key], at ? `${at}.${key}` : key, out);
    }
    return;
  }
  // null and absent mean the same to Terraform.
  if (!sameValue(before ?? null, after ?? null)) out.push({ path: at || "(resource)", before, after });
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function covers(attribute: string, path: string): boolean {
  return path === attribute || path.startsWith(`${attribute}.`) || path.startsWith(`${attribute}[`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "(absent)" : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
