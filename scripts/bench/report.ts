import { RunResult } from "./measure";

export interface Summary {
  readonly label: string;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly maxSeconds: number;
  readonly treePeakMb?: number;
  readonly maxProcessMb?: number;
  /** `command RSS` of each process at the highest tree sample of all runs. */
  readonly peakComposition: readonly string[];
  readonly stacks: number;
}

export interface Budget {
  readonly label: string;
  readonly maxMedianSeconds: number;
  readonly maxPeakMb: number;
}

export interface Machine {
  readonly date: string;
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly memoryGb: number;
  /** 1-minute load average when the bench started; other work on the machine inflates wall times. */
  readonly load: number;
}

const MB = 1024 * 1024;

export function summarize(label: string, results: readonly RunResult[]): Summary {
  const seconds = results.map((r) => r.wallSeconds).sort((a, b) => a - b);
  const mid = Math.floor(seconds.length / 2);
  const median = seconds.length % 2 === 1 ? seconds[mid]! : (seconds[mid - 1]! + seconds[mid]!) / 2;
  const peak = (pick: (r: RunResult) => number | undefined) => {
    const values = results.map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? Math.max(...values) / MB : undefined;
  };
  const stacks = new Set(results.map((r) => r.stacks));
  if (stacks.size !== 1)
    throw new Error(`${label}: runs wrote different numbers of stacks (${[...stacks].join(", ")})`);
  const worst = [...results].sort((a, b) => (b.treePeakRssBytes ?? 0) - (a.treePeakRssBytes ?? 0))[0];
  return {
    label,
    peakComposition: (worst?.peakTree ?? []).map((p) => `${p.command} ${(p.rssBytes / MB).toFixed(0)} MB`),
    runs: results.length,
    medianSeconds: median,
    maxSeconds: seconds[seconds.length - 1]!,
    treePeakMb: peak((r) => r.treePeakRssBytes),
    maxProcessMb: peak((r) => r.maxProcessRssBytes),
    stacks: [...stacks][0]!,
  };
}

/**
 * Problems with `summary` against `budget`: median wall time, and peak RSS as GNU time reports it
 * (the largest process of the command). The tree sum is reported beside it but not budgeted: the
 * cdktf CLI alone holds ~270 MB while it waits for the app, which no change to this project moves.
 */
export function overBudget(summary: Summary, budget: Budget): string[] {
  const problems: string[] = [];
  if (summary.medianSeconds >= budget.maxMedianSeconds) {
    problems.push(
      `${summary.label}: median ${summary.medianSeconds.toFixed(2)} s >= ${budget.maxMedianSeconds} s`,
    );
  }
  const peak = summary.maxProcessMb ?? summary.treePeakMb;
  if (peak !== undefined && peak >= budget.maxPeakMb) {
    problems.push(`${summary.label}: peak RSS ${peak.toFixed(0)} MB >= ${budget.maxPeakMb} MB`);
  }
  return problems;
}

export function markdown(
  machine: Machine,
  summaries: readonly Summary[],
  budgets: readonly Budget[],
  problems: readonly string[],
): string {
  const mb = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(0));
  const rows = summaries.map(
    (s) =>
      `| ${machine.date} | ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node} | \`${s.label}\` | ${s.runs} | ${s.medianSeconds.toFixed(2)} | ${s.maxSeconds.toFixed(2)} | ${mb(s.treePeakMb)} | ${mb(s.maxProcessMb)} | ${s.stacks} |`,
  );
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench.ts); rerun it after changes that add stacks or heavy imports.",
    "Wall time is from spawn to exit. Peak tree RSS sums every process of the command's tree (the cdktf CLI",
    "and the app it spawns), sampled from /proc every 20 ms; largest process is GNU time's `%M`.",
    "",
    "| Date | Machine | Command | Runs | Median s | Max s | Peak tree RSS MB | Largest process RSS MB | Stacks |",
    "| --- | --- | --- | --: | --: | --: | --: | --: | --: |",
    ...rows,
    "",
    `Load average (1 min) at start: ${machine.load.toFixed(2)}.`,
    "",
    "Processes at the highest tree sample:",
    "",
    ...summaries.map((s) => `- \`${s.label}\`: ${s.peakComposition.join("; ") || "n/a"}`),
    "",
    `Budget: ${budgets.map((b) => `\`${b.label}\` median < ${b.maxMedianSeconds} s and peak RSS (largest process) < ${b.maxPeakMb} MB`).join("; ")}.`,
    "",
    problems.length === 0
      ? "**Within budget.**"
      : `**Over budget:**\n\n${problems.map((p) => `- ${p}`).join("\n")}`,
    "",
  ].join("\n");
}
