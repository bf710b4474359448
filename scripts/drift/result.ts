/**
 * What the drift check found for one stack:
 * - `in sync`: deployed, and `terraform plan` proposes nothing;
 * - `drifted`: deployed, and the plan proposes changes (listed);
 * - `not deployed`: the stack's state holds no managed resource (never applied, or destroyed), so no
 *   plan was run: a stack that does not exist has not drifted;
 * - `error`: a terraform step failed; nothing is known about the stack's drift.
 */
export type DriftStatus = "in sync" | "drifted" | "not deployed" | "error";

export const STATUSES: readonly DriftStatus[] = ["in sync", "drifted", "not deployed", "error"];

/**
 * One change the plan proposes. `action` is terraform's (create, update, delete), `replace` for
 * delete+create in either order, `move` for a moved address with no other change, or the actions
 * joined with "+" for anything newer. `attributes`: the top-level attributes an update changes.
 */
export interface Change {
  readonly address: string;
  readonly action: string;
  readonly attributes?: readonly string[];
  /** terraform's action_reason, e.g. replace_because_cannot_update. */
  readonly reason?: string;
  /** The address it moves from (`moved` blocks). */
  readonly from?: string;
}

/** The terraform step that failed. */
export type Step = "init" | "state list" | "plan" | "show";

export interface StackResult {
  readonly stack: string;
  /** The stack's working directory (holding cdk.tf.json), where terraform ran. */
  readonly dir: string;
  readonly status: DriftStatus;
  /** Managed resources in the stack's state; undefined when the state could not be read. */
  readonly resources?: number;
  readonly changes: readonly Change[];
  readonly error?: { readonly step: Step; readonly message: string };
  /** Why a result may not be what it seems, e.g. a local backend's state that only one machine has. */
  readonly note?: string;
  readonly seconds: number;
}
