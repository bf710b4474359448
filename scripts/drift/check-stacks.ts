import { CheckOptions, checkStack } from "./check-stack";
import { Limiter } from "../../__tests__/harness/process";
import { StackResult } from "./result";
import { StackDir } from "./stack-dirs";
import { Terraform } from "./terraform";

export interface CheckStacksOptions {
  readonly terraform: Terraform;
  readonly planDir: string;
  /** Stacks checked at once (each runs one terraform, and a plan keeps a core busy refreshing). */
  readonly concurrency: number;
  /** Called as each stack finishes, for progress. */
  readonly onResult?: (result: StackResult) => void;
}

/**
 * Checks every stack, `concurrency` at a time; results keep the input order. `terraform init` runs
 * one at a time: with a shared plugin cache (TF_PLUGIN_CACHE_DIR) and no lock file, which synthesized
 * stacks never have, each init rewrites the cache entry of the provider, and two at once fail with
 * "mkdir ...: file exists". Inits take seconds; the plans, which take the time, run side by side.
 */
export async function checkStacks(
  stacks: readonly StackDir[],
  options: CheckStacksOptions,
): Promise<StackResult[]> {
  const slots = new Limiter(options.concurrency);
  const check: CheckOptions = {
    terraform: options.terraform,
    planDir: options.planDir,
    initLock: new Limiter(1),
  };
  return Promise.all(
    stacks.map((stack) =>
      slots.use(async () => {
        const result = await checkStack(stack, check);
        options.onResult?.(result);
        return result;
      }),
    ),
  );
}
