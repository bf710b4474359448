import { LineItem } from "./line-item";
import { Pricer } from "./prices";
import { OnDemandSchedules } from "./schedules";
import { Stack } from "./terraform-json";
import { UsageKey } from "./usage";

/** What an estimator reads: one stack, its region's prices and its on-demand schedules. */
export interface EstimateContext {
  readonly stack: Stack;
  readonly pricer: Pricer;
  readonly schedules: OnDemandSchedules;
  readonly out: Findings;
}

/** What estimators find about one stack. */
export class Findings {
  readonly items: LineItem[] = [];
  readonly notes: string[] = [];
  readonly usage = new Set<UsageKey>();

  add(...items: LineItem[]): void {
    this.items.push(...items);
  }

  note(text: string | undefined): void {
    if (text && !this.notes.includes(text)) this.notes.push(text);
  }
}

/** An estimator: the resource types it prices and the function that prices them. */
export interface Estimator {
  readonly types: readonly string[];
  readonly estimate: (ctx: EstimateContext) => void;
}
