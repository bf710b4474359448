import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { BUDGETS, checkBudgets, overBudget } from "./bench/budgets";
import { benchCommands, synthAll } from "./bench/commands";
import { compare } from "./bench/comparison";
import { currentMachine } from "./bench/machine";
import { markdown } from "./bench/markdown";
import { runOnce } from "./bench/measure";
import { bundleSourcesOf } from "./bench/bundle-sources";
import { aggregateProfile } from "./bench/profile-aggregate";
import { profileRun } from "./bench/profile-run";
import { roundRobin } from "./bench/schedule";
import { summarize } from "./bench/summary";

/**
 * `npm run bench [-- --runs N]`: times `npm run synth` (dev and all), `cdktf synth` and the floor,
 * N runs each interleaved, profiles one more synth, writes BENCHMARKS.md and exits 1 when synth is
 * over budget. Not part of `npm test`: it takes a few minutes and its numbers depend on the machine.
 */
const REPO = path.resolve(__dirname, "..");
/** scripts/synth/app-bundle.cjs builds it there. */
const BUNDLE = path.join(REPO, ".build", "app.js");

function runsFrom(argv: readonly string[]): number {
  const i = argv.indexOf("--runs");
  if (i === -1) return 5;
  const runs = Number(argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs needs a whole number above 0, got ${argv[i + 1]}`);
  return runs;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const runs = runsFrom(process.argv.slice(2));
  const machine = currentMachine();
  const commands = benchCommands(REPO);
  log("warm-up (untimed): node scripts/synth.cjs");
  await runOnce(synthAll(REPO), REPO);
  const results = await roundRobin(commands, runs, async (bench, run) => {
    const result = await runOnce(bench, REPO);
    log(`run ${run}/${runs} ${bench.label}: ${result.wallSeconds.toFixed(2)} s`);
    return result;
  });
  const summaries = commands.map((bench, i) => summarize(bench, results[i]!));
  const comparison = compare(summaries);
  const checks = checkBudgets(comparison, summaries, BUDGETS);
  log("profiling: node --cpu-prof scripts/synth.cjs");
  // The default single thread: --cpu-prof sees the main thread only, which workers would leave idle.
  const bundleSource = bundleSourcesOf(readFileSync(BUNDLE, "utf8"));
  const profile = aggregateProfile(await profileRun(synthAll(REPO), REPO), {
    root: REPO,
    bundle: BUNDLE,
    bundleSource,
  });
  for (const phase of profile.phases.filter((p) => p.inclusiveMs === 0))
    log(`warning: no sample in ${phase.functionNames.join("/")}: renamed? (scripts/bench/profile-phases.ts)`);
  const report = markdown({ machine, runs, summaries, comparison, checks, profile });
  writeFileSync(path.join(REPO, "BENCHMARKS.md"), report);
  process.stdout.write(report);
  if (overBudget(checks).length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
