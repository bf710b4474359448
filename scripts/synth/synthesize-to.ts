import * as path from "node:path";
import { run, tailOf } from "../../__tests__/harness/process";
import { PROJECT_ROOT } from "../../project-root";

const MINUTE = 60_000;

/** A synth that failed on the user's input: `message` is exactly what `npm run synth` printed. */
export class SynthInputError extends Error {
  override readonly name = "SynthInputError";
}

/**
 * `npm run synth -- --output <outdir>` (scripts/synth.cjs) with `env` as its whole environment: the
 * scripts that need synthesized stacks (`npm run local`, `npm run drift`) get the same files ops
 * deploy, from the same code, and never load cdktf themselves.
 *
 * @throws SynthInputError with the problem lines when the config (or INFRA_STACKS) is wrong
 */
export async function synthesizeTo(outdir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await run(
    process.execPath,
    [path.join(PROJECT_ROOT, "scripts", "synth.cjs"), "--output", outdir],
    {
      cwd: PROJECT_ROOT,
      env,
      timeoutMs: 5 * MINUTE,
    },
  );
  if (result.code === 0) return;
  // synth.cjs prints a user's mistake alone and a bug with its stack trace; both are worth reading.
  throw new SynthInputError(result.stderr.trim() || tailOf(result));
}
