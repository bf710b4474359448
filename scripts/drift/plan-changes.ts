import { Change } from "./result";

/** The parts of `terraform show -json <planfile>` the drift check reads. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly previous_address?: string;
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
  };
}

/**
 * The changes a plan proposes: managed resources whose actions are not no-op (a data source's "read"
 * is not drift), moved addresses, and outputs that would change. `resource_drift` is not read: it
 * lists every attribute the refresh saw differ, including ones the configuration does not set and so
 * would never change; what would change is what `resource_changes` proposes.
 */
export function changesOf(plan: PlanJson): Change[] {
  const changes: Change[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const actions = rc.change.actions;
    const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
    if (isNoOp(actions) && !moved) continue;
    const action = isNoOp(actions) ? "move" : actionName(actions);
    const attributes = action === "update" || action === "replace" ? changedAttributes(rc.change) : [];
    changes.push({
      address: rc.address,
      action,
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(moved ? { from: rc.previous_address } : {}),
    });
  }
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    if (!isNoOp(change.actions))
      changes.push({ address: `output.${name}`, action: actionName(change.actions) });
  }
  return changes;
}

function isNoOp(actions: readonly string[]): boolean {
  return actions.length === 0 || (actions.length === 1 && actions[0] === "no-op");
}

function actionName(actions: readonly string[]): string {
  const sorted = [...actions].sort().join("+");
  if (sorted === "create+delete") return "replace";
  return actions.length === 1 ? actions[0]! : actions.join("+");
}

/**
 * Top-level attribute names whose planned value differs from the current one (or is only known
 * after apply). Names only: values can be secrets, and `terraform plan` in the stack's directory
 * shows them with terraform's own redaction.
 */
function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = asObject(change.before);
  const after = asObject(change.after);
  const unknown = asObject(change.after_unknown);
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((k) => isUnknown(unknown[k]) || !same(before[k], after[k])).sort();
}

/** after_unknown marks an unknown value `true`, and nests for blocks and lists. */
function isUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(isUnknown);
  return false;
}

/** null and absent mean the same to terraform. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
