import * as path from "node:path";
import { Limiter } from "../../__tests__/harness/process";
import { PlanJson, changesOf } from "./plan-changes";
import { CommandResult } from "../../__tests__/harness/process";
import { Change, StackResult, Step } from "./result";
import { NO_STATE_MESSAGE, managedAddresses } from "./state-resources";
import { StackDir } from "./stack-dirs";
import { Terraform } from "./terraform";
import { terraformError } from "./terraform-error";

export const LOCAL_BACKEND_NOTE = "local backend: the state is only where it was applied (README: Bootstrap)";

export interface CheckOptions {
  readonly terraform: Terraform;
  /** Where plan files go (they can hold secrets: a directory only this user reads). */
  readonly planDir: string;
  /** Serializes `terraform init` across stacks (see checkStacks). */
  readonly initLock: Limiter;
}

/**
 * One stack: init on its real backend; `state list` decides whether it is deployed (no managed
 * resource: `not deployed`, and no plan, which for a system stack whose network was never deployed
 * would fail on the remote state it reads); then the plan's exit code says in sync (0) or drifted
 * (2), and `show -json` of the saved plan lists what would change.
 */
export async function checkStack(stack: StackDir, options: CheckOptions): Promise<StackResult> {
  const started = Date.now();
  const { terraform } = options;
  const done = (result: Omit<StackResult, "stack" | "dir" | "seconds">): StackResult => ({
    stack: stack.name,
    dir: stack.dir,
    ...result,
    seconds: (Date.now() - started) / 1000,
  });
  const failed = (step: Step, output: CommandResult, resources?: number) =>
    done({
      status: "error",
      ...(resources !== undefined ? { resources } : {}),
      changes: [],
      error: { step, message: terraformError(output) },
    });

  // "Not deployed" from a local backend means only that this checkout has no state file there.
  const notDeployed = (resources: number) =>
    done({
      status: "not deployed",
      resources,
      changes: [],
      ...(stack.backend === "local" ? { note: LOCAL_BACKEND_NOTE } : {}),
    });

  const init = await options.initLock.use(() => terraform.init(stack.dir));
  if (init.code !== 0) return failed("init", init);

  const state = await terraform.stateList(stack.dir);
  if (state.code !== 0) {
    if (state.code === 1 && state.stderr.includes(NO_STATE_MESSAGE)) return notDeployed(0);
    return failed("state list", state);
  }
  const resources = managedAddresses(state.stdout).length;
  if (resources === 0) return notDeployed(resources);

  const planFile = path.join(options.planDir, `${stack.name}.tfplan`);
  const plan = await terraform.plan(stack.dir, planFile);
  if (plan.code === 0) return done({ status: "in sync", resources, changes: [] });
  if (plan.code !== 2) return failed("plan", plan, resources);

  const shown = await terraform.showJson(stack.dir, planFile);
  if (shown.code !== 0) return failed("show", shown, resources);
  let changes: Change[];
  try {
    changes = changesOf(JSON.parse(shown.stdout) as PlanJson);
  } catch (error) {
    return failed(
      "show",
      { ...shown, stderr: `Error: terraform show -json printed no plan JSON (${(error as Error).message})` },
      resources,
    );
  }
  return done({ status: "drifted", resources, changes });
}
