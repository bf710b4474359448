import { BUDGETS, checkBudgets, overBudget } from "../../../scripts/bench/budgets";
import { CDKTF_SYNTH_ALL, FLOOR, SYNTH_ALL, SYNTH_DEV } from "../../../scripts/bench/commands";
import { compare } from "../../../scripts/bench/comparison";
import { Summary } from "../../../scripts/bench/summary";

function summary(label: string, medianSeconds: number, stacks: number, maxProcessMb?: number): Summary {
  return {
    label,
    display: label,
    runs: 5,
    medianSeconds,
    maxSeconds: medianSeconds,
    maxProcessMb,
    treePeakMb: maxProcessMb === undefined ? undefined : maxProcessMb + 50,
    peakComposition: [],
    stacks,
  };
}

interface Case {
  floor: number;
  dev: number;
  all: number;
  cdktf: number;
  peakMb?: number;
}

function summaries({ floor, dev, all, cdktf, peakMb }: Case): Summary[] {
  return [
    summary(FLOOR, floor, 0, 60),
    summary(SYNTH_DEV, dev, 7, peakMb),
    summary(SYNTH_ALL, all, 21, peakMb),
    summary(CDKTF_SYNTH_ALL, cdktf, 21, 900),
  ];
}

describe("compare", () => {
  test("ratios of the medians, per-stack growth and the fixed part", () => {
    const c = compare(summaries({ floor: 0.25, dev: 1.0, all: 1.42, cdktf: 6.0 }));
    expect(c.toFloor).toBeCloseTo(5.68, 10);
    expect(c.toCdktfSynth).toBeCloseTo(1.42 / 6, 10);
    expect(c.perStackSeconds).toBeCloseTo(0.42 / 14, 10);
    expect(c.fixedSeconds).toBeCloseTo(1.0 - 7 * (0.42 / 14), 10);
    expect([c.stacksDev, c.stacksAll]).toEqual([7, 21]);
  });

  test("cdktf synth of other stacks than npm run synth cannot be compared", () => {
    const list = summaries({ floor: 1, dev: 1, all: 2, cdktf: 6 }).map((s) =>
      s.label === CDKTF_SYNTH_ALL ? { ...s, stacks: 14 } : s,
    );
    expect(() => compare(list)).toThrow(
      `"${CDKTF_SYNTH_ALL}" must write the same stacks as "${SYNTH_ALL}" to be compared, got 14 and 21`,
    );
  });

  test("no growth without more stacks in all than in dev", () => {
    const list = summaries({ floor: 1, dev: 1, all: 2, cdktf: 6 }).map((s) =>
      s.label === SYNTH_DEV ? { ...s, stacks: 21 } : s,
    );
    expect(() => compare(list)).toThrow(`"${SYNTH_ALL}" must write more stacks than "${SYNTH_DEV}"`);
  });

  test("a missing measurement is named", () => {
    const list = summaries({ floor: 1, dev: 1, all: 2, cdktf: 6 }).filter((s) => s.label !== FLOOR);
    expect(() => compare(list)).toThrow(`no measurement of "${FLOOR}"`);
  });
});

describe("checkBudgets", () => {
  const statuses = (c: Case) => {
    const list = summaries(c);
    return checkBudgets(compare(list), list, BUDGETS).map((check) => check.status);
  };

  // [floor ratio, cdktf ratio, dev peak, all peak]
  test.each<[string, Case, string[]]>([
    [
      "well within",
      { floor: 0.25, dev: 1, all: 1.25, cdktf: 6, peakMb: 150 },
      ["within", "within", "within", "within"],
    ],
    [
      "exactly at every limit",
      { floor: 0.5, dev: 2, all: 3, cdktf: 9, peakMb: 300 },
      ["within", "within", "within", "within"],
    ],
    [
      "6.04× the floor",
      { floor: 0.5, dev: 2, all: 3.02, cdktf: 10, peakMb: 150 },
      ["over", "within", "within", "within"],
    ],
    [
      "above 1/3 of cdktf synth",
      { floor: 0.5, dev: 2, all: 2.5, cdktf: 7.4, peakMb: 150 },
      ["within", "over", "within", "within"],
    ],
    ["301 MB", { floor: 0.5, dev: 2, all: 2.5, cdktf: 9, peakMb: 301 }, ["within", "within", "over", "over"]],
    [
      "no memory measurement",
      { floor: 0.5, dev: 2, all: 2.5, cdktf: 9 },
      ["within", "within", "not measured", "not measured"],
    ],
    [
      "over everything",
      { floor: 0.1, dev: 2, all: 5, cdktf: 6, peakMb: 500 },
      ["over", "over", "over", "over"],
    ],
  ])("%s", (_, c, expected) => {
    expect(statuses(c)).toEqual(expected);
  });

  test("says what it measured against which budget", () => {
    const list = summaries({ floor: 0.25, dev: 1, all: 2, cdktf: 5, peakMb: 320 });
    const checks = checkBudgets(compare(list), list, BUDGETS);
    expect(checks.map((c) => [c.measured, c.budget])).toEqual([
      ["8.00×", "≤ 6.00×"],
      ["0.40×", "≤ 1/3 (0.33×)"],
      ["320 MB", "≤ 300 MB"],
      ["320 MB", "≤ 300 MB"],
    ]);
    expect(overBudget(checks)).toHaveLength(4);
  });

  test("the budgets are those of the issue", () => {
    expect(BUDGETS).toEqual({ maxToFloor: 6, maxToCdktfSynth: 1 / 3, maxPeakMb: 300 });
  });
});
