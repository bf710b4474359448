import { Check, overBudget } from "./budgets";
import { BUILD, SYNTH_ALL } from "./commands";
import { Comparison } from "./comparison";
import { Machine } from "./machine";
import { ProfileSummary } from "./profile-aggregate";
import { Summary } from "./summary";

export interface BenchReport {
  readonly machine: Machine;
  readonly runs: number;
  readonly summaries: readonly Summary[];
  readonly comparison: Comparison;
  readonly checks: readonly Check[];
  readonly profile: ProfileSummary;
}

/** Rows of the profile's module table; the rest is summed into one row. */
export const TOP_MODULES = 12;

const mb = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(0));
const s = (v: number) => v.toFixed(2);
const ms = (v: number) => v.toFixed(0);
const share = (part: number, total: number) => (total > 0 ? `${((part / total) * 100).toFixed(1)} %` : "n/a");

function commandTable(summaries: readonly Summary[]): string[] {
  return [
    "| Command | Runs | Median s | Max s | Peak RSS MB (largest process) | Peak tree RSS MB | Stacks |",
    "| --- | --: | --: | --: | --: | --: | --: |",
    ...summaries.map(
      (x) =>
        `| ${x.label}: \`${x.display}\` | ${x.runs} | ${s(x.medianSeconds)} | ${s(x.maxSeconds)} | ${mb(x.maxProcessMb)} | ${mb(x.treePeakMb)} | ${x.stacks} |`,
    ),
  ];
}

function budgetTable(checks: readonly Check[]): string[] {
  return [
    "| Check | Measured | Budget | |",
    "| --- | --: | --: | --- |",
    ...checks.map((c) => `| ${c.name} | ${c.measured} | ${c.budget} | ${c.status} |`),
  ];
}

function profileTables(profile: ProfileSummary): string[] {
  const top = profile.modules.slice(0, TOP_MODULES);
  const rest = profile.modules.slice(TOP_MODULES);
  const restMs = rest.reduce((sum, m) => sum + m.selfMs, 0);
  const total = profile.totalMs;
  return [
    "| Module | Self ms | Share |",
    "| --- | --: | --: |",
    ...top.map((m) => `| ${m.label} | ${ms(m.selfMs)} | ${share(m.selfMs, total)} |`),
    ...(rest.length > 0 ? [`| ${rest.length} others | ${ms(restMs)} | ${share(restMs, total)} |`] : []),
    "",
    "| Phase | Functions on the stack | Inclusive ms | Share |",
    "| --- | --- | --: | --: |",
    ...profile.phases.map(
      (p) =>
        `| ${p.label} | ${p.functionNames.map((f) => `\`${f}\``).join(", ")} | ${p.inclusiveMs > 0 ? ms(p.inclusiveMs) : "not seen: renamed?"} | ${share(p.inclusiveMs, total)} |`,
    ),
    `| outside these: node start-up, loading the bundle and packages, the launcher | | ${ms(profile.outsidePhasesMs)} | ${share(profile.outsidePhasesMs, total)} |`,
  ];
}

/** The closing note: verdict, ratios, stack count and per-stack growth in one paragraph. */
export function closingNote(comparison: Comparison, checks: readonly Check[]): string {
  const c = comparison;
  const over = overBudget(checks);
  const facts =
    `\`${SYNTH_ALL}\` of ${c.stacksAll} stacks: median ${s(c.allSeconds)} s, ` +
    `${c.toFloor.toFixed(2)}× the floor and ${c.toCdktfSynth.toFixed(2)}× \`cdktf synth\` of the same stacks; ` +
    `each stack beyond dev's ${c.stacksDev} adds ${s(c.perStackSeconds)} s.`;
  return over.length === 0
    ? `**Within budget.** ${facts}`
    : `**Over budget:** ${over.map((o) => `${o.name} ${o.measured}, budget ${o.budget}`).join("; ")}. ${facts}`;
}

export function markdown(report: BenchReport): string {
  const { machine: m, comparison: c, profile } = report;
  const build = report.summaries.find((x) => x.label === BUILD);
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench.ts); rerun it after changes that add stacks or heavy imports.",
    "",
    `Machine: ${m.date}, ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, node ${m.node}; load average (1 min) ${m.load.toFixed(2)} at start.`,
    "",
    `${report.runs} run${report.runs === 1 ? "" : "s"} of each command, interleaved round-robin (run 1 of each, then run 2 of each, …) after one`,
    "untimed warm-up synth that builds `.build/app.js` and fills the HCL and Lambda caches, as any second synth",
    "of a checkout finds them. `npm run synth` is timed as the command npm runs (`node scripts/synth.cjs`),",
    "not through npm, whose own start-up is the same for every script. Wall time is from spawn to exit;",
    "peak RSS (largest process) is GNU time's `%M`, the one budgeted; the tree sum adds every process of",
    "the command (for `cdktf synth`, the CLI and the app it spawns), sampled from /proc every 20 ms.",
    "",
    ...commandTable(report.summaries),
    "",
    ...(build
      ? [
          `A fresh checkout's first synth also builds the bundle once (esbuild, ${s(build.medianSeconds)} s median, built into a`,
          "scratch file so the shared `.build/` stays as it is) and parses the tfvars and bundles the Lambdas",
          "before they are cached; those two are not measured here.",
          "",
        ]
      : []),
    "## Budgets",
    "",
    ...budgetTable(report.checks),
    "",
    "## Growth",
    "",
    `Per stack: (${s(c.allSeconds)} s all − ${s(c.devSeconds)} s dev) ÷ (${c.stacksAll} − ${c.stacksDev} stacks) = ` +
      `**${s(c.perStackSeconds)} s per stack**. Fixed part (dev − ${c.stacksDev} × per stack): ${s(c.fixedSeconds)} s, ` +
      `against the floor's ${s(c.floorSeconds)} s.`,
    "",
    "## Where the time goes",
    "",
    `One extra run of \`node --cpu-prof scripts/synth.cjs\` for all stacks, ${ms(profile.totalMs)} ms sampled. Self time`,
    "by module (the package for files under node_modules; node's own code by what it was doing):",
    "",
    ...profileTables(profile),
    "",
    "## The floor",
    "",
    "The floor is `node -e \"require('cdktf')\"`: starting node and loading cdktf with constructs, the least",
    "any synth of a cdktf app pays before its first construct exists. It loads no provider bindings, reads",
    "no config and writes nothing, so what a synth costs above it is this project's: its bundle, the",
    "provider classes it imports, the config and the stacks. Measured in the same run, interleaved with",
    "the synths, it moves with the machine's load, which keeps the ratio comparable between machines",
    "and between quiet and busy moments where the seconds are not.",
    "",
    "Processes at the highest tree sample:",
    "",
    ...report.summaries.map((x) => `- ${x.label}: ${x.peakComposition.join("; ") || "n/a"}`),
    "",
    closingNote(c, report.checks),
    "",
  ].join("\n");
}
