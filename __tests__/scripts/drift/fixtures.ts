import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PlanJson, ResourceChange } from "../../../scripts/drift/plan-changes";
import { CommandResult } from "../../harness/process";
import { StackResult } from "../../../scripts/drift/result";
import { Terraform } from "../../../scripts/drift/terraform";

/** A real `terraform show -json` of network-dev after an out-of-band rule change (see its "//"). */
export function driftedNetworkPlan(): PlanJson {
  return JSON.parse(
    readFileSync(path.join(__dirname, "fixtures", "network-dev-drifted.plan.json"), "utf8"),
  ) as PlanJson;
}

export const WIDENED_RULE =
  "aws_vpc_security_group_ingress_rule.vpc_nat-instance_interface-security-group_ingress-from-10-10-0-0-16-all_03A166DC";

/** One entry of resource_changes, shaped as terraform writes it. */
export function resourceChange(
  address: string,
  actions: string[],
  values: { before?: unknown; after?: unknown; after_unknown?: unknown } = {},
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  return {
    address,
    mode: address.startsWith("data.") || address.includes(".data.") ? "data" : "managed",
    change: {
      actions,
      before: values.before ?? null,
      after: values.after ?? null,
      after_unknown: values.after_unknown ?? {},
    },
    ...extra,
  };
}

export function result(
  stack: string,
  status: StackResult["status"],
  extra: Partial<StackResult> = {},
): StackResult {
  return { stack, dir: `/out/stacks/${stack}`, status, resources: 3, changes: [], seconds: 1.25, ...extra };
}

export function ok(stdout = "", code = 0, stderr = ""): CommandResult {
  return { command: "terraform", cwd: "/out", code, stdout, stderr, seconds: 0.1, timedOut: false };
}

/** What a fake terraform answers for one stack directory; every call is recorded. */
export interface FakeStack {
  init?: CommandResult;
  stateList?: CommandResult;
  plan?: CommandResult;
  show?: CommandResult;
}

export class FakeTerraform implements Terraform {
  readonly calls: string[] = [];
  /** Highest number of calls in flight at once, per command. */
  readonly peak: Record<string, number> = {};
  private readonly inFlight: Record<string, number> = {};

  constructor(
    private readonly stacks: Record<string, FakeStack>,
    /** Milliseconds each command takes, by command (init, state, plan, show). */
    private readonly delays: Partial<Record<string, number>> = {},
  ) {}

  init(dir: string) {
    return this.answer("init", dir, (s) => s.init ?? ok());
  }
  stateList(dir: string) {
    return this.answer("state list", dir, (s) => s.stateList ?? ok("aws_vpc.main\n"));
  }
  plan(dir: string, planFile: string) {
    return this.answer(`plan -out=${path.basename(planFile)}`, dir, (s) => s.plan ?? ok());
  }
  showJson(dir: string, planFile: string) {
    return this.answer(`show -json ${path.basename(planFile)}`, dir, (s) => s.show ?? ok("{}"));
  }

  private async answer(
    command: string,
    dir: string,
    pick: (s: FakeStack) => CommandResult,
  ): Promise<CommandResult> {
    const stack = path.basename(dir);
    const kind = command.split(" ")[0]!;
    this.calls.push(`${stack}: ${command}`);
    this.inFlight[kind] = (this.inFlight[kind] ?? 0) + 1;
    this.peak[kind] = Math.max(this.peak[kind] ?? 0, this.inFlight[kind]!);
    const delay = this.delays[kind] ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    this.inFlight[kind]!--;
    return pick(this.stacks[stack] ?? {});
  }
}
