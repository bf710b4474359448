import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CommandResult, run } from "./process";
import { SynthesizedStack } from "./synth-app";
import { SynthesizedJson, TerraformJson } from "./synth-scope";

const MINUTES = 60_000;
const ONE_STACK_FLAGS = [
  "--auto-approve",
  "--skip-synth",
  "--skip-provider-lock",
  "--ignore-missing-stack-dependencies",
];

/**
 * The real cdktf CLI (node_modules/.bin/cdktf, the version package.json pins), run from the
 * repository root so it reads cdktf.json like an operator's `npx cdktf ...` does.
 */
export class CdktfCli {
  constructor(
    private readonly cdktf: string,
    private readonly repoRoot: string,
    /** Base environment (terraform CLI config, plugin cache, no stray AWS settings). */
    private readonly baseEnv: NodeJS.ProcessEnv,
    /** Where to copy the CLI's output as it runs (the suites only capture it). */
    private readonly tee?: NodeJS.WritableStream,
  ) {}

  /**
   * `cdktf deploy <stack> --auto-approve --skip-synth`: --skip-synth keeps the override files the
   * harness wrote next to cdk.tf.json (a synth would rewrite the directory); --skip-provider-lock
   * because `terraform providers lock` would ask the unreachable registry for checksums;
   * --ignore-missing-stack-dependencies because the suites run one stack at a time in dependency
   * order themselves (network-<env> is deployed before, and destroyed after, the stacks that read it).
   */
  deploy(stack: string, outdir: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
    return this.run(["deploy", stack, ...ONE_STACK_FLAGS, "--output", outdir], env, 30 * MINUTES);
  }

  destroy(stack: string, outdir: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
    return this.run(["destroy", stack, ...ONE_STACK_FLAGS, "--output", outdir], env, 30 * MINUTES);
  }

  private async run(
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    timeoutMs: number,
  ): Promise<CommandResult> {
    const result = await run(this.cdktf, [...args, "--no-color"], {
      cwd: this.repoRoot,
      // CI=true: no spinners or cursor movement in the captured output.
      env: { ...this.baseEnv, ...env, CI: "true", FORCE_COLOR: "0" },
      timeoutMs,
      ...(this.tee ? { tee: this.tee } : {}),
    });
    return { ...result, stdout: plain(result.stdout), stderr: plain(result.stderr) };
  }
}

/** Reads the stacks `cdktf synth` wrote to `outdir` (its manifest.json), in manifest order. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({
    name: s.name,
    dir: path.join(outdir, s.workingDirectory),
    synth: new SynthesizedJson(
      JSON.parse(readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8")) as TerraformJson,
    ),
  }));
}

/** Output without ANSI escapes (cdktf colours and redraws progress lines even with --no-color). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}
