import { RunResult } from "../../../scripts/bench/measure";
import { budgetedPeakMb, summarize } from "../../../scripts/bench/summary";

const MB = 1024 * 1024;
const BENCH = { label: "npm run synth, all", display: "node scripts/synth.cjs --output <tmp>" };
const run = (wallSeconds: number, extra: Partial<RunResult> = {}): RunResult => ({
  wallSeconds,
  peakTree: [],
  stacks: 21,
  ...extra,
});

test("median and max of the wall times, largest peaks of all runs", () => {
  const summary = summarize(BENCH, [
    run(2, { maxProcessRssBytes: 140 * MB, treePeakRssBytes: 150 * MB }),
    run(9, { maxProcessRssBytes: 120 * MB, treePeakRssBytes: 160 * MB }),
    run(1, { maxProcessRssBytes: 130 * MB, treePeakRssBytes: 155 * MB }),
  ]);
  expect(summary).toMatchObject({
    label: BENCH.label,
    display: BENCH.display,
    runs: 3,
    medianSeconds: 2,
    maxSeconds: 9,
    maxProcessMb: 140,
    treePeakMb: 160,
    stacks: 21,
  });
});

test("the processes shown are those of the highest tree sample", () => {
  const summary = summarize(BENCH, [
    run(1, { treePeakRssBytes: 10 * MB, peakTree: [{ pid: 1, command: "small", rssBytes: 10 * MB }] }),
    run(1, { treePeakRssBytes: 99 * MB, peakTree: [{ pid: 2, command: "big", rssBytes: 99 * MB }] }),
  ]);
  expect(summary.peakComposition).toEqual(["big 99 MB"]);
});

test("runs that wrote different numbers of stacks are an error", () => {
  expect(() => summarize(BENCH, [run(1), run(1, { stacks: 7 })])).toThrow(
    "npm run synth, all: runs wrote different numbers of stacks (21, 7)",
  );
});

test("the budgeted peak is the largest process, else the tree sum", () => {
  const both = summarize(BENCH, [run(1, { maxProcessRssBytes: 100 * MB, treePeakRssBytes: 400 * MB })]);
  const treeOnly = summarize(BENCH, [run(1, { treePeakRssBytes: 400 * MB })]);
  const neither = summarize(BENCH, [run(1)]);
  expect([budgetedPeakMb(both), budgetedPeakMb(treeOnly), budgetedPeakMb(neither)]).toEqual([
    100,
    400,
    undefined,
  ]);
});
