import {
  budgetAmountProblem,
  budgetNameProblem,
  budgetThresholdProblem,
  costTagProblem,
} from "../../../modules/budgets/budget-rules";

/** The light rules config shares with MonthlyBudget, worded "<prop> must be ..., got ...". */

test.each([
  [500, undefined],
  [0.01, undefined],
  [0, "amountUsd must be a positive number of USD, got 0"],
  [-1, "amountUsd must be a positive number of USD, got -1"],
  [Number.NaN, "amountUsd must be a positive number of USD, got NaN"],
  ["500", 'amountUsd must be a positive number of USD, got "500"'],
  [undefined, "amountUsd must be a positive number of USD, got undefined"],
])("amount %p", (amount, problem) => {
  expect(budgetAmountProblem(amount)).toBe(problem);
});

test("config words the amount with its own key", () => {
  expect(budgetAmountProblem(-5, "systems.aipx.budget.monthly_usd")).toBe(
    "systems.aipx.budget.monthly_usd must be a positive number of USD, got -5",
  );
});

test.each([
  [80, undefined],
  [1000, undefined],
  [0, /above 0 and at most 1000, got 0/],
  [1000.5, /got 1000.5/],
])("threshold %p", (percent, problem) => {
  const found = budgetThresholdProblem("threshold", percent);
  if (problem) expect(found).toMatch(problem);
  else expect(found).toBeUndefined();
});

test("names and cost tags", () => {
  expect(budgetNameProblem("name", "AIPX Monthly Budget")).toBeUndefined();
  expect(budgetNameProblem("name", " padded")).toMatch(/without leading or trailing spaces, got " padded"/);
  expect(budgetNameProblem("name", "a\\b")).toMatch(/^name must be 1-100 characters without ":" or "\\"/);
  expect(costTagProblem("tag", { key: "System", value: "aipx" })).toBeUndefined();
  expect(costTagProblem("tag", { key: "", value: "aipx" })).toMatch(/^tag.key must be a tag key/);
  expect(costTagProblem("tag", { key: "System", value: "v".repeat(257) })).toMatch(
    /^tag.value must be a tag value/,
  );
});
