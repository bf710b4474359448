import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BenchCommand, runOnce } from "./bench/measure";
import { Budget, Machine, Summary, markdown, overBudget, summarize } from "./bench/report";

/**
 * `npm run bench [-- --runs N]`: times the full `cdktf synth` and the bare app, N runs each, writes
 * BENCHMARKS.md and exits 1 when synth is over budget. Not part of `npm test`: it takes a minute and
 * its numbers depend on the machine.
 */
const REPO = path.resolve(__dirname, "..");
/** No telemetry or update check: a blocked network would otherwise add its timeout to every run. */
const QUIET = { CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };

const COMMANDS: BenchCommand[] = [
  {
    // What `npm run synth` runs (node_modules/.bin/cdktf), without npx's own 75 MB process on top.
    label: "cdktf synth",
    command: path.join(REPO, "node_modules", ".bin", "cdktf"),
    args: (outdir) => ["synth", "--output", outdir],
    env: () => QUIET,
  },
  {
    label: "node --import tsx main.ts",
    command: process.execPath,
    args: () => ["--import", "tsx", "main.ts"],
    env: (outdir) => ({ ...QUIET, CDKTF_OUTDIR: outdir }),
  },
];

const BUDGETS: Budget[] = [{ label: "cdktf synth", maxMedianSeconds: 10, maxPeakMb: 400 }];

function runsFrom(argv: readonly string[]): number {
  const i = argv.indexOf("--runs");
  if (i === -1) return 5;
  const runs = Number(argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs needs a whole number above 0, got ${argv[i + 1]}`);
  return runs;
}

function machine(): Machine {
  return {
    date: new Date().toISOString().slice(0, 10),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    node: process.version,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    load: os.loadavg()[0] ?? 0,
  };
}

async function main(): Promise<void> {
  const runs = runsFrom(process.argv.slice(2));
  const host = machine();
  const summaries: Summary[] = [];
  for (const bench of COMMANDS) {
    const results = [];
    for (let i = 1; i <= runs; i++) {
      const result = await runOnce(bench, REPO);
      process.stderr.write(`${bench.label} run ${i}/${runs}: ${result.wallSeconds.toFixed(2)} s\n`);
      results.push(result);
    }
    summaries.push(summarize(bench.label, results));
  }
  const problems = BUDGETS.flatMap((budget) => {
    const summary = summaries.find((s) => s.label === budget.label);
    return summary ? overBudget(summary, budget) : [];
  });
  const report = markdown(host, summaries, BUDGETS, problems);
  writeFileSync(path.join(REPO, "BENCHMARKS.md"), report);
  process.stdout.write(report);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
