import { BenchCommand, RunResult } from "./measure";
import { median } from "./stats";

export interface Summary {
  readonly label: string;
  readonly display: string;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly maxSeconds: number;
  readonly treePeakMb?: number;
  readonly maxProcessMb?: number;
  /** `command RSS` of each process at the highest tree sample of all runs. */
  readonly peakComposition: readonly string[];
  readonly stacks: number;
}

const MB = 1024 * 1024;

export function summarize(
  bench: Pick<BenchCommand, "label" | "display">,
  results: readonly RunResult[],
): Summary {
  if (results.length === 0) throw new Error(`${bench.label}: no runs to summarize`);
  const seconds = results.map((r) => r.wallSeconds);
  const peak = (pick: (r: RunResult) => number | undefined) => {
    const values = results.map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? Math.max(...values) / MB : undefined;
  };
  const stacks = new Set(results.map((r) => r.stacks));
  if (stacks.size !== 1)
    throw new Error(`${bench.label}: runs wrote different numbers of stacks (${[...stacks].join(", ")})`);
  const worst = [...results].sort((a, b) => (b.treePeakRssBytes ?? 0) - (a.treePeakRssBytes ?? 0))[0];
  return {
    label: bench.label,
    display: bench.display,
    peakComposition: (worst?.peakTree ?? []).map((p) => `${p.command} ${(p.rssBytes / MB).toFixed(0)} MB`),
    runs: results.length,
    medianSeconds: median(seconds),
    maxSeconds: Math.max(...seconds),
    treePeakMb: peak((r) => r.treePeakRssBytes),
    maxProcessMb: peak((r) => r.maxProcessRssBytes),
    stacks: [...stacks][0]!,
  };
}

/**
 * The peak RSS a budget is held to: the largest single process (GNU time's %M), else the tree sum.
 * The tree sum is reported beside it but not budgeted: under `cdktf synth` the CLI alone holds
 * ~270 MB while it waits for the app, which no change to this project moves.
 */
export function budgetedPeakMb(summary: Summary): number | undefined {
  return summary.maxProcessMb ?? summary.treePeakMb;
}
