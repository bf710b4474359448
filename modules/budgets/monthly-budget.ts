import { BudgetsBudget, BudgetsBudgetNotification } from "@cdktf/provider-aws/lib/budgets-budget";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { isEmailAddress } from "../monitoring/email-address";
import { SNS_TOPIC_ARN, SNS_TOPIC_ARN_EXPECTED } from "../monitoring/sns-topic-arn";
import {
  DEFAULT_ACTUAL_THRESHOLD_PERCENT,
  DEFAULT_FORECASTED_THRESHOLD_PERCENT,
  MAX_EMAIL_SUBSCRIBERS,
  budgetAmountProblem,
  budgetNameProblem,
  budgetThresholdProblem,
  costTagProblem,
} from "./budget-rules";

export interface BudgetCostTag {
  /** A cost allocation tag key, e.g. "System" (a default tag of every stack here). */
  readonly key: string;
  readonly value: string;
}

export interface MonthlyBudgetProps {
  /** 1-100 characters without ":" or "\", unique in the account, e.g. "aipx-prod-monthly". */
  readonly budgetName: string;
  /** The monthly limit in USD, a positive number. */
  readonly amountUsd: number;
  /**
   * Count only costs carrying this tag. The tag must be activated as a cost allocation tag in the
   * Billing console (once per payer account), or the budget sees no cost at all and never alerts.
   * @default none: every cost of the account
   */
  readonly costFilterTag?: BudgetCostTag;
  /** Alert when the month's forecast passes this percentage of the limit. @default 80 */
  readonly forecastedThresholdPercent?: number;
  /** Alert when the month's actual cost passes this percentage of the limit. @default 100 */
  readonly actualThresholdPercent?: number;
  /**
   * Who is told, at most 10 addresses, each once (compared without case). At least one of
   * `emailAddresses` and `snsTopicArn`. @default none
   */
  readonly emailAddresses?: readonly string[];
  /**
   * A standard SNS topic told as well: its topic policy must let `budgets.amazonaws.com` publish,
   * and its KMS key (if any) let Budgets use it (AlarmTopic admits CloudWatch only).
   * @default none
   */
  readonly snsTopicArn?: string;
}

/**
 * A monthly AWS Budget on cost in USD with two notifications: one when the forecast passes 80 % of
 * the limit (time to act before the money is spent), one when actual cost passes 100 %. Budgets are
 * per account and global; AWS's first two are free, each further one costs USD 0.02 a day.
 */
export class MonthlyBudget extends Construct {
  public readonly budgetName: string;
  public readonly budgetArn: string;
  public readonly amountUsd: number;
  public readonly forecastedThresholdPercent: number;
  public readonly actualThresholdPercent: number;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const nameProblem = Token.isUnresolved(props.budgetName)
      ? undefined
      : budgetNameProblem("budgetName", props.budgetName);
    if (nameProblem) fail(nameProblem);
    const amountProblem = budgetAmountProblem(props.amountUsd);
    if (amountProblem) fail(amountProblem);
    const forecasted = props.forecastedThresholdPercent ?? DEFAULT_FORECASTED_THRESHOLD_PERCENT;
    const actual = props.actualThresholdPercent ?? DEFAULT_ACTUAL_THRESHOLD_PERCENT;
    for (const problem of [
      budgetThresholdProblem("forecastedThresholdPercent", forecasted),
      budgetThresholdProblem("actualThresholdPercent", actual),
    ]) {
      if (problem) fail(problem);
    }
    if (props.costFilterTag) {
      const tagProblem = costTagProblem("costFilterTag", props.costFilterTag);
      if (tagProblem) fail(tagProblem);
    }
    const emails = props.emailAddresses ?? [];
    if (emails.length > MAX_EMAIL_SUBSCRIBERS) {
      fail(
        `emailAddresses must be at most ${MAX_EMAIL_SUBSCRIBERS} addresses (AWS Budgets' limit per notification), got ${emails.length}`,
      );
    }
    const seen = new Map<string, number>();
    emails.forEach((address, i) => {
      if (Token.isUnresolved(address)) fail(`emailAddresses[${i}] must be written out, not a reference`);
      if (!isEmailAddress(address))
        fail(
          `emailAddresses[${i}] must be an e-mail address such as "finance@example.com", got "${address}"`,
        );
      const key = address.toLowerCase();
      if (seen.has(key))
        fail(`emailAddresses[${i}] must be unique (emailAddresses[${seen.get(key)}]), got "${address}"`);
      seen.set(key, i);
    });
    const topic = props.snsTopicArn;
    if (topic !== undefined && !Token.isUnresolved(topic) && !SNS_TOPIC_ARN.test(topic)) {
      fail(`snsTopicArn must be ${SNS_TOPIC_ARN_EXPECTED}, got "${topic}"`);
    }
    if (emails.length === 0 && topic === undefined) {
      fail(
        "emailAddresses or snsTopicArn must name a subscriber: a budget that tells no one is not a guard, got neither",
      );
    }

    const notify = (type: "FORECASTED" | "ACTUAL", threshold: number): BudgetsBudgetNotification => ({
      notificationType: type,
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      ...(emails.length > 0 ? { subscriberEmailAddresses: [...emails] } : {}),
      ...(topic !== undefined ? { subscriberSnsTopicArns: [topic] } : {}),
    });
    const tag = props.costFilterTag;
    const budget = new BudgetsBudget(this, "budget", {
      name: props.budgetName,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: String(props.amountUsd),
      limitUnit: "USD",
      // Cost Explorer names user-defined cost allocation tags "user:<key>", values "<key>$<value>".
      ...(tag ? { costFilter: [{ name: "TagKeyValue", values: [`user:${tag.key}$${tag.value}`] }] } : {}),
      notification: [notify("FORECASTED", forecasted), notify("ACTUAL", actual)],
    });
    this.budgetName = budget.name;
    this.budgetArn = budget.arn;
    this.amountUsd = props.amountUsd;
    this.forecastedThresholdPercent = forecasted;
    this.actualThresholdPercent = actual;
  }
}
