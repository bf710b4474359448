import { SYNTH_ALL, SYNTH_DEV } from "./commands";
import { Comparison } from "./comparison";
import { Summary, budgetedPeakMb } from "./summary";

export interface Budgets {
  /** synth-all median ÷ floor median, at most. */
  readonly maxToFloor: number;
  /** synth-all median ÷ `cdktf synth` (all) median, at most. */
  readonly maxToCdktfSynth: number;
  /** Peak RSS of `npm run synth` (largest process), at most. */
  readonly maxPeakMb: number;
}

export const BUDGETS: Budgets = { maxToFloor: 6, maxToCdktfSynth: 1 / 3, maxPeakMb: 300 };

export type CheckStatus = "within" | "over" | "not measured";

export interface Check {
  readonly name: string;
  readonly measured: string;
  readonly budget: string;
  readonly status: CheckStatus;
}

/** Limits are inclusive ("at most"): a measurement exactly at the budget is within it. */
function check(
  name: string,
  value: number,
  limit: number,
  show: (v: number) => string,
  limitText = show(limit),
): Check {
  return {
    name,
    measured: show(value),
    budget: `≤ ${limitText}`,
    status: value <= limit ? "within" : "over",
  };
}

export function checkBudgets(
  comparison: Comparison,
  summaries: readonly Summary[],
  budgets: Budgets,
): Check[] {
  const ratio = (v: number) => `${v.toFixed(2)}×`;
  const checks = [
    check(`\`${SYNTH_ALL}\` ÷ floor (medians)`, comparison.toFloor, budgets.maxToFloor, ratio),
    check(
      `\`${SYNTH_ALL}\` ÷ \`cdktf synth, all\` (medians)`,
      comparison.toCdktfSynth,
      budgets.maxToCdktfSynth,
      ratio,
      budgets.maxToCdktfSynth === 1 / 3 ? "1/3 (0.33×)" : ratio(budgets.maxToCdktfSynth),
    ),
  ];
  for (const label of [SYNTH_DEV, SYNTH_ALL]) {
    const summary = summaries.find((s) => s.label === label);
    const peak = summary ? budgetedPeakMb(summary) : undefined;
    const name = `\`${label}\` peak RSS (largest process)`;
    checks.push(
      peak === undefined
        ? { name, measured: "n/a", budget: `≤ ${budgets.maxPeakMb} MB`, status: "not measured" }
        : check(name, peak, budgets.maxPeakMb, (v) => `${v.toFixed(0)} MB`),
    );
  }
  return checks;
}

export function overBudget(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.status === "over");
}
