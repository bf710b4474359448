import { rmSync } from "node:fs";
import * as path from "node:path";
import { CdktfCli, readSynthesizedStacks } from "../../__tests__/harness/cdktf-cli";
import { writeEmulatorOverrides } from "../../__tests__/harness/emulator-overrides";
import { CommandResult, tailOf } from "../../__tests__/harness/process";
import { REPLAN_OVERRIDE_FILE, writeReplanOverrides } from "../../__tests__/harness/replan-diff";
import { accountIdOf, backendCreatorOf, remoteStateProducersOf } from "../../__tests__/harness/stack-facts";
import { SynthesizedStack } from "../../__tests__/harness/synth-app";
import { TEARDOWN_OVERRIDE_FILE, writeTeardownOverrides } from "../../__tests__/harness/teardown-overrides";
import { TerraformCli } from "../../__tests__/harness/terraform-cli";
import { REPO_ROOT } from "../../__tests__/harness/tools";
import { SynthInputError, synthesizeTo } from "../synth/synthesize-to";
import { LocalEmulator } from "./local-emulator";

/** Where the external tools are; `mirror` undefined installs hashicorp/aws from the registry. */
export interface LocalTools {
  readonly terraform: string;
  readonly python: string;
  readonly cdktf: string;
  readonly mirror?: string;
}

export interface LocalOptions {
  /** Everything the emulator run keeps: its record and log, synth output, local state, plugin cache. */
  readonly dir: string;
  readonly tools: LocalTools;
  /** Where terraform's and cdktf's output is copied as they run (the CLI: stdout). */
  readonly tee?: NodeJS.WritableStream;
}

export interface DestroyResult {
  /** The apply of the override that lifts the stack's protections (undefined: nothing to lift). */
  readonly lift?: CommandResult;
  readonly destroy?: CommandResult;
  /** Resource addresses still in state afterwards. */
  readonly left: string[];
}

/**
 * One environment's stacks deployed to the project's emulator, the way ops deploy them to AWS: the
 * app synthesized by `npm run synth`, each stack run by the real cdktf CLI (`cdktf deploy|destroy
 * --skip-synth`) with an override file that points it at the emulator and nothing else changed.
 * `npm run local` and the e2e suite both drive it, so what users run is what CI proves.
 */
export class LocalEnvironment {
  readonly outdir: string;
  private readonly cdktf: CdktfCli;

  private constructor(
    readonly dir: string,
    readonly emulator: LocalEmulator,
    readonly terraform: TerraformCli,
    tee: NodeJS.WritableStream | undefined,
    tools: LocalTools,
  ) {
    this.outdir = path.join(dir, "cdktf.out");
    this.cdktf = new CdktfCli(tools.cdktf, REPO_ROOT, terraform.env(), tee);
  }

  /** Reuses the emulator recorded in `dir` or starts one; fills terraform's plugin cache once. */
  static async open(options: LocalOptions): Promise<{ local: LocalEnvironment; started: boolean }> {
    const { emulator, started } = await LocalEmulator.ensure(options.dir, options.tools.python);
    // A new emulator starts empty: local state left from an earlier one describes nothing real.
    if (started) rmSync(path.join(options.dir, "state"), { recursive: true, force: true });
    const terraform = new TerraformCli(options.tools.terraform, options.tools.mirror, options.dir);
    // cdktf runs terraform init itself; a filled cache keeps concurrent inits from racing.
    await terraform.fillPluginCache();
    return {
      local: new LocalEnvironment(options.dir, emulator, terraform, options.tee, options.tools),
      started,
    };
  }

  /** Environment for terraform and AWS SDK calls acting as `stack`'s account on the emulator. */
  envFor(stack: SynthesizedStack): NodeJS.ProcessEnv {
    return this.emulator.envFor(accountIdOf(stack));
  }

  /**
   * `npm run synth` of `environment` into `<dir>/cdktf.out`, and the emulator override next to every
   * stack's cdk.tf.json (a local backend keeps its state in `<dir>/state/`). Needs no emulator, so a
   * config mistake or a wrong stack name is reported before anything starts.
   */
  static async synth(dir: string, environment: string): Promise<SynthesizedStack[]> {
    const outdir = path.join(dir, "cdktf.out");
    try {
      await synthesizeTo(outdir, { ...process.env, INFRA_ENVS: environment, INFRA_STACKS: "" });
    } catch (error) {
      // A config mistake is the user's: its lines alone, as npm run synth prints them.
      throw error instanceof SynthInputError ? new LocalError(error.message) : error;
    }
    const stacks = readSynthesizedStacks(outdir);
    for (const stack of stacks)
      writeEmulatorOverrides(stack, { localStateFile: path.join(dir, "state", `${stack.name}.tfstate`) });
    return stacks;
  }

  synth(environment: string): Promise<SynthesizedStack[]> {
    return LocalEnvironment.synth(this.dir, environment);
  }

  /**
   * What must be deployed before `stack`, in order: the stack creating its state backend, then the
   * stacks whose outputs it reads (each after its own prerequisites).
   */
  prerequisitesOf(stack: SynthesizedStack, all: readonly SynthesizedStack[]): SynthesizedStack[] {
    const ordered: SynthesizedStack[] = [];
    const visit = (current: SynthesizedStack, chain: readonly string[]) => {
      if (chain.includes(current.name))
        throw new Error(`stacks depend on each other in a cycle: ${[...chain, current.name].join(" → ")}`);
      const creator = backendCreatorOf(current, all)?.creator;
      const before = [
        ...(creator && creator !== current ? [creator] : []),
        ...remoteStateProducersOf(current, all),
      ];
      for (const prerequisite of before) {
        visit(prerequisite, [...chain, current.name]);
        if (!ordered.includes(prerequisite)) ordered.push(prerequisite);
      }
    };
    visit(stack, []);
    return ordered;
  }

  /** Whether `stack` has resources in its state (terraform init first: its backend may be new). */
  async isDeployed(stack: SynthesizedStack): Promise<boolean> {
    const env = this.envFor(stack);
    const init = await this.terraform.init(stack.dir, { backend: true }, env);
    if (init.code !== 0) return false;
    const state = await this.terraform.stateList(stack.dir, env);
    return state.result.code === 0 && state.addresses.some((a) => !a.startsWith("data."));
  }

  /**
   * `cdktf deploy <stack>`; afterwards the re-plan override (lifecycle.ignore_changes for attributes
   * the emulator drops, see EMULATOR_GAPS) so that a plan shows only real differences.
   */
  async deploy(stack: SynthesizedStack): Promise<{ result: CommandResult; ignoredOnReplan: string[] }> {
    rmSync(path.join(stack.dir, TEARDOWN_OVERRIDE_FILE), { force: true });
    rmSync(path.join(stack.dir, REPLAN_OVERRIDE_FILE), { force: true });
    const result = await this.cdktf.deploy(stack.name, this.outdir, this.envFor(stack));
    return { result, ignoredOnReplan: result.code === 0 ? writeReplanOverrides(stack) : [] };
  }

  /** `terraform plan -out=<planFile>` (after init) in the stack's directory. */
  async plan(stack: SynthesizedStack, planFile = "local.tfplan"): Promise<CommandResult> {
    const env = this.envFor(stack);
    const init = await this.terraform.init(stack.dir, { backend: true }, env);
    if (init.code !== 0) return init;
    return this.terraform.plan(stack.dir, planFile, env, ["-detailed-exitcode"]);
  }

  async outputs(stack: SynthesizedStack): Promise<Record<string, { value: unknown; sensitive: boolean }>> {
    const shown = await this.terraform.outputs(stack.dir, this.envFor(stack));
    if (!shown.outputs) throw new Error(`terraform output failed\n${tailOf(shown.result)}`);
    return shown.outputs;
  }

  /**
   * Lifts the stack's protections (deletion protection, final snapshots, prevent_destroy) through a
   * teardown override applied to those resources only, then `cdktf destroy <stack>`. The override is
   * removed afterwards, so a later deploy is the product's configuration again.
   */
  async destroy(stack: SynthesizedStack): Promise<DestroyResult> {
    const env = this.envFor(stack);
    const override = writeTeardownOverrides(stack);
    try {
      let lift: CommandResult | undefined;
      if (override.addresses.length > 0) {
        lift = await this.terraform.apply(
          stack.dir,
          env,
          override.addresses.map((a) => `-target=${a}`),
        );
        if (lift.code !== 0) return { lift, left: [] };
      }
      const destroy = await this.cdktf.destroy(stack.name, this.outdir, env);
      const state = await this.terraform.stateList(stack.dir, env);
      if (state.result.code !== 0)
        throw new Error(`${stack.name}: terraform state list after destroy failed\n${tailOf(state.result)}`);
      const left = state.addresses.filter((a) => !a.startsWith("data."));
      return { ...(lift ? { lift } : {}), destroy, left };
    } finally {
      rmSync(override.file, { force: true });
    }
  }
}

/** A problem for the user to fix (config, an unknown stack name): printed alone, exit 1. */
export class LocalError extends Error {
  override readonly name = "LocalError";
}
