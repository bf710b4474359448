import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, ConfigErrors } from "../config/config-error";
import { USAGE_TEXT, parseArgs, selectionEnv } from "./drift/args";
import { checkStacks } from "./drift/check-stacks";
import { DriftInputError } from "./drift/errors";
import { exitCodeOf } from "./drift/exit-code";
import { progressLine, renderJson, renderText } from "./drift/report";
import { stackDirsFromOutput } from "./drift/stack-dirs";
import { TerraformCli } from "./drift/terraform";

/** Exit codes of a run stopped by SIGINT / SIGTERM (128 + the signal's number), whatever was found. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * `npm run drift -- [<env>...] [<stack>...] [--from <cdktf.out>] [--json]`: `terraform plan
 * -detailed-exitcode` of every deployed stack, for a scheduled CI job (exit 2 on drift). See
 * USAGE_TEXT (scripts/drift/args.ts) and README.md, "A scheduled drift check failed".
 */
async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE_TEXT);
    return 0;
  }
  const env = selectionEnv(args, process.env);
  const source = args.from
    ? stackDirsFromOutput(args.from, env)
    : await (await import("./drift/synthesized-stack-dirs")).synthesizedStackDirs(env);
  const planDir = mkdtempSync(path.join(os.tmpdir(), "infra-drift-plans-"));
  const cancel = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal does not wait for terraform to stop.
    if (stoppedBy) process.exit(SIGNAL_EXIT[signal] ?? 1);
    stoppedBy = signal;
    process.stderr.write(`drift: ${signal}: stopping the running terraform processes\n`);
    cancel.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (source.stacks.length === 0) {
      throw new DriftInputError(
        `stacks: expected at least one stack to check, found none selected in ${source.origin}`,
      );
    }
    const terraform = TerraformCli.fromEnv(process.env, cancel.signal);
    const { version, problem } = await terraform.version();
    if (!version) {
      throw new DriftInputError(
        `terraform: expected a terraform CLI ($TERRAFORM, else on PATH), found ${terraform.binary}: ${problem}`,
      );
    }
    const concurrency = Math.max(1, Math.min(os.availableParallelism(), source.stacks.length));
    const results = await checkStacks(source.stacks, {
      terraform,
      planDir,
      concurrency,
      onResult: (r) => {
        process.stderr.write(`${progressLine(r)}\n`);
        source.release({ name: r.stack, dir: r.dir });
      },
    });
    const info = {
      origin: source.origin,
      ephemeral: source.ephemeral,
      terraformVersion: version,
      concurrency,
    };
    process.stdout.write(args.json ? renderJson(results, info) : renderText(results, info));
    return stoppedBy ? (SIGNAL_EXIT[stoppedBy] ?? 1) : exitCodeOf(results);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    rmSync(planDir, { recursive: true, force: true });
    source.cleanup();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof ConfigErrors || error instanceof DriftInputError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  },
);
