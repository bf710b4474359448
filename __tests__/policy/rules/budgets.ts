import { blockList } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * AWS Budgets only guard spend when they tell someone: a budget without a notification, or with
 * notifications that name no e-mail address and no SNS topic, goes over its limit in silence.
 */

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.some((v) => typeof v === "string" && v.trim() !== "");
}

const notifiesSomeone: PolicyRule = {
  name: "budgets-notification-with-subscriber",
  check: (stack) =>
    stack
      .resources("aws_budgets_budget")
      .filter(
        (budget) =>
          !blockList(budget.config.notification).some(
            (n) => nonEmptyList(n.subscriber_email_addresses) || nonEmptyList(n.subscriber_sns_topic_arns),
          ),
      )
      .map((budget) => ({
        address: budget.address,
        why: "no notification names a subscriber (subscriber_email_addresses or subscriber_sns_topic_arns): the budget is exceeded without anyone being told; use MonthlyBudget",
      })),
  examples: {
    violating: [
      {
        description: "no notification, and a notification with empty subscriber lists",
        json: stackJson({
          aws_budgets_budget: {
            silent: {
              name: "s",
              budget_type: "COST",
              limit_amount: "10",
              limit_unit: "USD",
              time_unit: "MONTHLY",
            },
            empty: {
              name: "e",
              budget_type: "COST",
              time_unit: "MONTHLY",
              notification: [
                {
                  comparison_operator: "GREATER_THAN",
                  notification_type: "ACTUAL",
                  threshold: 100,
                  threshold_type: "PERCENTAGE",
                  subscriber_email_addresses: [],
                  subscriber_sns_topic_arns: [""],
                },
              ],
            },
          },
        }),
        flags: ["aws_budgets_budget.silent", "aws_budgets_budget.empty"],
      },
    ],
    passing: [
      {
        description:
          "an e-mail subscriber on one notification, an SNS topic (by reference) on another budget",
        json: stackJson({
          aws_budgets_budget: {
            mail: {
              name: "m",
              budget_type: "COST",
              time_unit: "MONTHLY",
              notification: [
                { notification_type: "FORECASTED", threshold: 80, subscriber_email_addresses: [] },
                {
                  notification_type: "ACTUAL",
                  threshold: 100,
                  subscriber_email_addresses: ["finance@example.com"],
                },
              ],
            },
            topic: {
              name: "t",
              budget_type: "COST",
              time_unit: "MONTHLY",
              notification: {
                notification_type: "ACTUAL",
                threshold: 100,
                subscriber_sns_topic_arns: ["${aws_sns_topic.t.arn}"],
              },
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [notifiesSomeone];
