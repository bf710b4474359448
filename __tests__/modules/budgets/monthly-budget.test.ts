import { TerraformOutput } from "cdktf";
import { MonthlyBudget, MonthlyBudgetProps } from "../../../modules/budgets/monthly-budget";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

/** MonthlyBudget on its own: the budget, its two notifications, the tag filter and validation. */

const BASE: MonthlyBudgetProps = {
  budgetName: "aipx-prod-monthly",
  amountUsd: 500,
  emailAddresses: ["finance@example.com"],
};
const TOPIC = "arn:aws:sns:ap-northeast-2:111111111111:budget-alerts";

function build(overrides: Partial<MonthlyBudgetProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const budget = new MonthlyBudget(scope, "budget", { ...BASE, ...overrides });
    new TerraformOutput(scope, "arn", { value: budget.budgetArn });
  });
}

const notifications = (synth: SynthesizedJson) =>
  synth.only("aws_budgets_budget").notification as Record<string, unknown>[];

test("a monthly cost budget in USD, alerting at 80 % forecast and 100 % actual", () => {
  const synth = build();
  expect(synth.only("aws_budgets_budget")).toEqual({
    name: "aipx-prod-monthly",
    budget_type: "COST",
    time_unit: "MONTHLY",
    limit_amount: "500",
    limit_unit: "USD",
    notification: [
      {
        notification_type: "FORECASTED",
        comparison_operator: "GREATER_THAN",
        threshold: 80,
        threshold_type: "PERCENTAGE",
        subscriber_email_addresses: ["finance@example.com"],
      },
      {
        notification_type: "ACTUAL",
        comparison_operator: "GREATER_THAN",
        threshold: 100,
        threshold_type: "PERCENTAGE",
        subscriber_email_addresses: ["finance@example.com"],
      },
    ],
  });
  const name = Object.keys(synth.resources("aws_budgets_budget"))[0]!;
  expect(synth.output("arn")?.value).toBe(ref("aws_budgets_budget", name, "arn"));
});

test("counts only costs tagged System = aipx when asked", () => {
  const synth = build({ costFilterTag: { key: "System", value: "aipx" }, amountUsd: 123.45 });
  expect(synth.only("aws_budgets_budget")).toMatchObject({
    limit_amount: "123.45",
    cost_filter: [{ name: "TagKeyValue", values: ["user:System$aipx"] }],
  });
});

test("notifies an SNS topic as well as, or instead of, e-mail, at the thresholds asked for", () => {
  const both = notifications(
    build({ snsTopicArn: TOPIC, forecastedThresholdPercent: 90, actualThresholdPercent: 120 }),
  );
  expect(both.map((n) => [n.notification_type, n.threshold, n.subscriber_sns_topic_arns])).toEqual([
    ["FORECASTED", 90, [TOPIC]],
    ["ACTUAL", 120, [TOPIC]],
  ]);
  const topicOnly = notifications(build({ emailAddresses: undefined, snsTopicArn: TOPIC }));
  expect(topicOnly.every((n) => n.subscriber_email_addresses === undefined)).toBe(true);
});

test("exposes what it was given", () => {
  let budget: MonthlyBudget | undefined;
  synthScope((scope) => {
    budget = new MonthlyBudget(scope, "budget", { ...BASE, forecastedThresholdPercent: 70 });
  });
  expect([budget!.amountUsd, budget!.forecastedThresholdPercent, budget!.actualThresholdPercent]).toEqual([
    500, 70, 100,
  ]);
});

test.each([
  [{ amountUsd: 0 }, /amountUsd must be a positive number of USD, got 0/],
  [{ amountUsd: -10 }, /amountUsd must be a positive number of USD, got -10/],
  [{ amountUsd: Number.NaN }, /amountUsd must be a positive number of USD, got NaN/],
  [{ amountUsd: Number.POSITIVE_INFINITY }, /amountUsd must be a positive number of USD, got Infinity/],
  [{ amountUsd: "500" as unknown as number }, /amountUsd must be a positive number of USD, got "500"/],
  [
    { forecastedThresholdPercent: 0 },
    /forecastedThresholdPercent must be a percentage of the limit above 0 and at most 1000, got 0/,
  ],
  [{ actualThresholdPercent: 1001 }, /actualThresholdPercent must be a percentage .*got 1001/],
  [{ actualThresholdPercent: Number.NaN }, /actualThresholdPercent must be a percentage .*got NaN/],
  [{ budgetName: "aipx:prod" }, /budgetName must be 1-100 characters without ":" or "\\"/],
  [{ budgetName: "" }, /budgetName must be 1-100 characters/],
  [{ budgetName: "b".repeat(101) }, /budgetName must be 1-100 characters/],
  [
    { emailAddresses: ["finance"] },
    /emailAddresses\[0\] must be an e-mail address such as "finance@example.com", got "finance"/,
  ],
  [
    { emailAddresses: ["a@example.com", "A@example.com"] },
    /emailAddresses\[1\] must be unique \(emailAddresses\[0\]\)/,
  ],
  [
    { emailAddresses: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`) },
    /emailAddresses must be at most 10 addresses/,
  ],
  [{ emailAddresses: [] }, /emailAddresses or snsTopicArn must name a subscriber/],
  [{ snsTopicArn: `${TOPIC}.fifo` }, /snsTopicArn must be a standard \(not FIFO\) SNS topic ARN/],
  [
    { costFilterTag: { key: "aws:createdBy", value: "x" } },
    /costFilterTag.key must be a tag key .*not "aws:\.\.\."/,
  ],
  [{ costFilterTag: { key: "System", value: "a,b" } }, /costFilterTag.value must be a tag value/],
] as [Partial<MonthlyBudgetProps>, RegExp][])("refuses %j", (overrides, message) => {
  expect(() => build(overrides)).toThrow(new RegExp(`^stack/budget: ${message.source}`));
});
