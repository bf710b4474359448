import { CommandResult, run } from "../../__tests__/harness/process";

const MINUTE = 60_000;

/** The terraform commands the drift check runs in a stack's directory (the runbook repeats them). */
export interface Terraform {
  /** `terraform init -input=false`: the stack's real backend. */
  init(dir: string): Promise<CommandResult>;
  /** `terraform state list`: what the state holds, without refreshing or locking. */
  stateList(dir: string): Promise<CommandResult>;
  /** `terraform plan -detailed-exitcode -input=false -lock=false -out=<planFile>`: 0 none, 2 changes, 1 error. */
  plan(dir: string, planFile: string): Promise<CommandResult>;
  /** `terraform show -json <planFile>`. */
  showJson(dir: string, planFile: string): Promise<CommandResult>;
}

/**
 * -lock=false: the check only reads. A plan never writes state, so it needs no lock for safety, and
 * taking one would make a deploy that starts meanwhile fail with "Error acquiring the state lock"
 * (or wait for it) because of a scheduled job. The price: a plan that runs during a deploy can see
 * the deploy's half-applied changes as drift; the runbook says to re-run then.
 */
export const PLAN_ARGS = ["plan", "-detailed-exitcode", "-input=false", "-lock=false"] as const;

/**
 * The terraform CLI from $TERRAFORM, else `terraform` on PATH, with the caller's environment as it
 * is (credentials, TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR, ...): the check runs the way the
 * operator's own terraform would.
 */
export class TerraformCli implements Terraform {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly binary: string,
    env: NodeJS.ProcessEnv,
    /** Aborted on SIGINT/SIGTERM: running terraforms are stopped, none starts after. */
    private readonly signal?: AbortSignal,
    private readonly timeouts = { init: 5 * MINUTE, state: 2 * MINUTE, plan: 30 * MINUTE, show: 5 * MINUTE },
  ) {
    // Only the wording of terraform's hints changes ("run terraform apply" is not suggested).
    this.env = { ...env, TF_IN_AUTOMATION: env.TF_IN_AUTOMATION ?? "1" };
  }

  static fromEnv(env: NodeJS.ProcessEnv, signal?: AbortSignal): TerraformCli {
    return new TerraformCli(env.TERRAFORM?.trim() || "terraform", env, signal);
  }

  /** `terraform version -json`'s version; undefined with the reason when the binary does not run. */
  async version(): Promise<{ version?: string; problem?: string }> {
    const result = await run(this.binary, ["version", "-json"], {
      cwd: process.cwd(),
      env: this.env,
      timeoutMs: MINUTE,
    });
    if (result.code !== 0) {
      const why = result.stderr.trim().split("\n").pop() || `exit ${String(result.code)}`;
      return { problem: why };
    }
    try {
      return { version: (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version };
    } catch {
      return { problem: `unexpected output of ${this.binary} version -json: ${result.stdout.slice(0, 80)}` };
    }
  }

  init(dir: string): Promise<CommandResult> {
    return this.run(dir, ["init", "-input=false"], this.timeouts.init);
  }

  stateList(dir: string): Promise<CommandResult> {
    return this.run(dir, ["state", "list"], this.timeouts.state);
  }

  plan(dir: string, planFile: string): Promise<CommandResult> {
    return this.run(dir, [...PLAN_ARGS, `-out=${planFile}`], this.timeouts.plan);
  }

  showJson(dir: string, planFile: string): Promise<CommandResult> {
    return this.run(dir, ["show", "-json", planFile], this.timeouts.show);
  }

  private run(dir: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
    return run(this.binary, [...args, "-no-color"], {
      cwd: dir,
      env: this.env,
      timeoutMs,
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }
}
