import { BUDGETS, checkBudgets } from "../../../scripts/bench/budgets";
import { BUILD, CDKTF_SYNTH_ALL, FLOOR, SYNTH_ALL, SYNTH_DEV } from "../../../scripts/bench/commands";
import { compare } from "../../../scripts/bench/comparison";
import { BenchReport, TOP_MODULES, closingNote, markdown } from "../../../scripts/bench/markdown";
import { ProfileSummary } from "../../../scripts/bench/profile-aggregate";
import { Summary } from "../../../scripts/bench/summary";

function summary(label: string, medianSeconds: number, stacks: number, maxProcessMb: number): Summary {
  return {
    label,
    display: `${label} command`,
    runs: 5,
    medianSeconds,
    maxSeconds: medianSeconds + 0.5,
    maxProcessMb,
    treePeakMb: maxProcessMb + 10,
    peakComposition: [`node ${label} ${maxProcessMb} MB`],
    stacks,
  };
}

const PROFILE: ProfileSummary = {
  totalMs: 2000,
  modules: [
    { label: "cdktf", selfMs: 1000 },
    { label: "module loading (node:internal/modules)", selfMs: 500 },
    ...Array.from({ length: TOP_MODULES }, (_, i) => ({ label: `pkg-${i}`, selfMs: 10 })),
  ],
  phases: [
    {
      label: "config: read",
      functionNames: ["loadEnvironmentConfigs", "loadEnvironmentConfig"],
      inclusiveMs: 100,
    },
    { label: "constructs: build", functionNames: ["addStacks"], inclusiveMs: 0 },
  ],
  outsidePhasesMs: 700,
};

function reportOf(all: number, peak = 150): BenchReport {
  const summaries = [
    summary(FLOOR, 0.25, 0, 60),
    summary(SYNTH_DEV, 1.0, 7, peak),
    summary(SYNTH_ALL, all, 21, peak),
    summary(CDKTF_SYNTH_ALL, 6.0, 21, 280),
    summary(BUILD, 0.31, 0, 70),
  ];
  const comparison = compare(summaries);
  return {
    machine: { date: "2026-12-01", cores: 2, cpu: "AMD EPYC", node: "v20.20.2", memoryGb: 24, load: 0.5 },
    runs: 5,
    summaries,
    comparison,
    checks: checkBudgets(comparison, summaries, BUDGETS),
    profile: PROFILE,
  };
}

describe("markdown", () => {
  const text = markdown(reportOf(1.42));

  test("keeps the machine line", () => {
    expect(text).toContain(
      "Machine: 2026-12-01, 2 × AMD EPYC, 24 GB, node v20.20.2; load average (1 min) 0.50 at start.",
    );
  });

  test("one row per command with median, max, both peaks and stacks", () => {
    expect(text).toContain(`| ${SYNTH_ALL}: \`${SYNTH_ALL} command\` | 5 | 1.42 | 1.92 | 150 | 160 | 21 |`);
    expect(text).toContain(`| ${FLOOR}: \`${FLOOR} command\` | 5 | 0.25 | 0.75 | 60 | 70 | 0 |`);
  });

  test("says npm run synth is timed without npm", () => {
    expect(text).toContain("timed as the command npm runs (`node scripts/synth.cjs`)");
  });

  test("the ratios against their budgets", () => {
    expect(text).toContain(`| \`${SYNTH_ALL}\` ÷ floor (medians) | 5.68× | ≤ 6.00× | within |`);
    expect(text).toContain(
      `| \`${SYNTH_ALL}\` ÷ \`cdktf synth, all\` (medians) | 0.24× | ≤ 1/3 (0.33×) | within |`,
    );
    expect(text).toContain(`| \`${SYNTH_ALL}\` peak RSS (largest process) | 150 MB | ≤ 300 MB | within |`);
  });

  test("the per-stack growth", () => {
    expect(text).toContain("(1.42 s all − 1.00 s dev) ÷ (21 − 7 stacks) = **0.03 s per stack**");
  });

  test("the top modules with their share, the rest in one row", () => {
    expect(text).toContain("| cdktf | 1000 | 50.0 % |");
    expect(text).toContain("| module loading (node:internal/modules) | 500 | 25.0 % |");
    expect(text).toContain(`| pkg-${TOP_MODULES - 3} | 10 | 0.5 % |`);
    expect(text).not.toContain(`| pkg-${TOP_MODULES - 2} |`);
    expect(text).toContain("| 2 others | 20 | 1.0 % |");
  });

  test("phases, flagging one the profile never entered", () => {
    expect(text).toContain(
      "| config: read | `loadEnvironmentConfigs`, `loadEnvironmentConfig` | 100 | 5.0 % |",
    );
    expect(text).toContain("| constructs: build | `addStacks` | not seen: renamed? |");
    expect(text).toMatch(/\| outside these: [^|]+\| \| 700 \| 35\.0 % \|/);
  });

  test("what the floor is", () => {
    expect(text).toContain("## The floor");
    expect(text).toContain("The floor is `node -e \"require('cdktf')\"`");
  });

  test("the cold build, apart", () => {
    expect(text).toContain("builds the bundle once (esbuild, 0.31 s median");
  });

  test("ends with the closing note", () => {
    expect(text.trimEnd().split("\n").pop()).toBe(
      `**Within budget.** \`${SYNTH_ALL}\` of 21 stacks: median 1.42 s, 5.68× the floor and 0.24× \`cdktf synth\` of the same stacks; each stack beyond dev's 7 adds 0.03 s.`,
    );
  });
});

describe("closingNote", () => {
  test("names what is over budget, then the ratios, stack count and growth", () => {
    const report = reportOf(2.0, 320);
    expect(closingNote(report.comparison, report.checks)).toBe(
      `**Over budget:** \`${SYNTH_ALL}\` ÷ floor (medians) 8.00×, budget ≤ 6.00×; ` +
        `\`${SYNTH_DEV}\` peak RSS (largest process) 320 MB, budget ≤ 300 MB; ` +
        `\`${SYNTH_ALL}\` peak RSS (largest process) 320 MB, budget ≤ 300 MB. ` +
        `\`${SYNTH_ALL}\` of 21 stacks: median 2.00 s, 8.00× the floor and 0.33× \`cdktf synth\` of the same stacks; ` +
        "each stack beyond dev's 7 adds 0.07 s.",
    );
  });
});
