import { accountEstimator } from "./account-items";
import { computeEstimator } from "./compute-items";
import { EstimateContext, Estimator, Findings } from "./context";
import { databaseEstimator } from "./database-items";
import { CostInputError } from "./errors";
import { fargateEstimator } from "./fargate-items";
import { LineItem } from "./line-item";
import { networkEstimator } from "./network-items";
import { HOURS_PER_MONTH, Price, Pricer, loadPriceTable } from "./prices";
import { FREE_TYPES, USAGE_TYPES } from "./resource-types";
import { onDemandSchedules } from "./schedules";
import { EnvironmentEstimate, byEnvironment } from "./shares";
import { StackKind, environmentOf, kindOf } from "./stack-kind";
import { Stack, StackJson } from "./terraform-json";
import { USAGE, UsageKey } from "./usage";

/** One synthesized stack: its name and its `cdk.tf.json`. */
export interface StackInput {
  readonly name: string;
  readonly json: StackJson;
}

export interface StackEstimate {
  readonly name: string;
  readonly environment: string;
  readonly kind: StackKind;
  readonly region: string;
  readonly items: readonly LineItem[];
  readonly notes: readonly string[];
  /** Usage-priced charges its resources bring (listed as not included). */
  readonly usage: readonly UsageKey[];
  /** Resource types no estimator, usage entry or free list knows: not in the total. */
  readonly notEstimated: readonly { readonly type: string; readonly count: number }[];
  /** Monthly USD of the priced items. */
  readonly total: number;
  /** Items without a price (their amount is missing from `total`). */
  readonly unpriced: number;
}

export interface UsedPrice extends Price {
  readonly region: string;
  readonly file: string;
}

export interface CostEstimate {
  readonly hoursPerMonth: number;
  readonly environments: readonly EnvironmentEstimate[];
  /** Usage-priced charges left out, for the stacks estimated. */
  readonly notIncluded: readonly string[];
  readonly prices: readonly UsedPrice[];
}

export interface EstimateOptions {
  /**
   * Every stack name of each environment, also those not estimated in this run (INFRA_STACKS): the
   * network share divides by all of an environment's system stacks. @default the stacks given
   */
  readonly stackNamesByEnvironment?: ReadonlyMap<string, readonly string[]>;
  /** @default loadPriceTable (scripts/cost/prices/<region>.json) */
  readonly pricerFor?: (region: string) => Pricer;
}

const ESTIMATORS: readonly Estimator[] = [
  networkEstimator,
  computeEstimator,
  fargateEstimator,
  databaseEstimator,
  accountEstimator,
];
const PRICED_TYPES = new Set(ESTIMATORS.flatMap((e) => e.types));

export function estimateStacks(stacks: readonly StackInput[], options: EstimateOptions = {}): CostEstimate {
  const pricers = new Map<string, Pricer>();
  const pricerFor = (region: string) => {
    if (!pricers.has(region)) pricers.set(region, (options.pricerFor ?? loadPriceTable)(region));
    return pricers.get(region)!;
  };
  const estimates = stacks.map((s) => estimateStack(s, pricerFor));
  const usage = new Set(estimates.flatMap((e) => e.usage));
  return {
    hoursPerMonth: HOURS_PER_MONTH,
    environments: byEnvironment(estimates, options.stackNamesByEnvironment),
    notIncluded: (Object.keys(USAGE) as UsageKey[]).filter((k) => usage.has(k)).map((k) => USAGE[k]),
    prices: [...pricers.values()].flatMap((p) =>
      p.usedPrices().map((price) => ({ ...price, region: p.region, file: p.file })),
    ),
  };
}

export function estimateStack(input: StackInput, pricerFor: (region: string) => Pricer): StackEstimate {
  const stack = new Stack(input.name, input.json);
  const region = stack.region();
  if (!region) {
    throw new CostInputError(`${input.name}: expected an aws provider block with a region, found none`);
  }
  const out = new Findings();
  const ctx: EstimateContext = { stack, pricer: pricerFor(region), schedules: onDemandSchedules(stack), out };
  for (const estimator of ESTIMATORS) estimator.estimate(ctx);
  const elsewhere = stack.resourcesInOtherRegions();
  if (elsewhere.length > 0) {
    out.note(`priced at ${region} rates, though placed in another region: ${elsewhere.join(", ")}`);
  }
  const notEstimated: { type: string; count: number }[] = [];
  for (const type of stack.resourceTypes()) {
    const usage = USAGE_TYPES[type];
    if (usage) out.usage.add(usage);
    else if (!PRICED_TYPES.has(type) && !FREE_TYPES.has(type)) {
      notEstimated.push({ type, count: stack.resources(type).length });
    }
  }
  return {
    name: input.name,
    environment: environmentOf(input.name),
    kind: kindOf(input.name),
    region,
    items: out.items,
    notes: out.notes,
    usage: [...out.usage],
    notEstimated,
    total: out.items.reduce((sum, item) => sum + (item.monthly ?? 0), 0),
    unpriced: out.items.filter((item) => item.monthly === undefined).length,
  };
}
