/**
 * Rules of a MonthlyBudget, one definition for the module and for config (no construct imports).
 * Each `...Problem` returns undefined or "<prop> must be <rule>, got <value>".
 */

/** Alert before the month ends over the limit (forecast), and once it has (actual spend). */
export const DEFAULT_FORECASTED_THRESHOLD_PERCENT = 80;
export const DEFAULT_ACTUAL_THRESHOLD_PERCENT = 100;
/** Thresholds are percentages of the limit; above 100 alerts on an overrun of that size. */
export const MAX_THRESHOLD_PERCENT = 1000;
/** AWS Budgets takes at most 10 e-mail subscribers (and one SNS topic) per notification. */
export const MAX_EMAIL_SUBSCRIBERS = 10;

/** Budget names: 1-100 characters, no ":" or "\" (AWS's rule; the name is part of the budget's ARN). */
const BUDGET_NAME = /^[^:\\]{1,100}$/;
/** Cost allocation tag keys and values, as AWS tags allow them. */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export function budgetAmountProblem(amount: unknown, prop = "amountUsd"): string | undefined {
  if (typeof amount === "number" && Number.isFinite(amount) && amount > 0) return undefined;
  return `${prop} must be a positive number of USD, got ${typeof amount === "string" ? JSON.stringify(amount) : String(amount)}`;
}

export function budgetThresholdProblem(prop: string, percent: unknown): string | undefined {
  if (
    typeof percent === "number" &&
    Number.isFinite(percent) &&
    percent > 0 &&
    percent <= MAX_THRESHOLD_PERCENT
  ) {
    return undefined;
  }
  return `${prop} must be a percentage of the limit above 0 and at most ${MAX_THRESHOLD_PERCENT}, got ${String(percent)}`;
}

export function budgetNameProblem(prop: string, name: unknown): string | undefined {
  if (typeof name === "string" && BUDGET_NAME.test(name) && name.trim() === name && name !== "")
    return undefined;
  return `${prop} must be 1-100 characters without ":" or "\\" and without leading or trailing spaces, got ${JSON.stringify(name)}`;
}

export function costTagProblem(
  prop: string,
  tag: { readonly key: unknown; readonly value: unknown },
): string | undefined {
  if (typeof tag.key !== "string" || !TAG_KEY.test(tag.key) || tag.key.startsWith("aws:")) {
    return `${prop}.key must be a tag key (1-128 letters, digits, spaces or "_.:/=+-@", not "aws:..."), got ${JSON.stringify(tag.key)}`;
  }
  if (typeof tag.value !== "string" || !TAG_VALUE.test(tag.value)) {
    return `${prop}.value must be a tag value (at most 256 letters, digits, spaces or "_.:/=+-@"), got ${JSON.stringify(tag.value)}`;
  }
  return undefined;
}
