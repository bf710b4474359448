import { CostEstimate } from "./estimate";
import { DISCLAIMER } from "./report-text";

/**
 * `--json`: the whole estimate, amounts in USD a month rounded to 4 decimals (no float noise), an
 * unpriced item's `monthly` null. The same numbers as the text report, for scripts and dashboards.
 */
export function renderJson(estimate: CostEstimate): string {
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1e4) / 1e4);
  const body = {
    currency: "USD",
    hoursPerMonth: estimate.hoursPerMonth,
    total: round(estimate.environments.reduce((sum, e) => sum + e.total, 0)),
    environments: estimate.environments.map((env) => ({
      name: env.name,
      total: round(env.total),
      unpriced: env.unpriced,
      network: env.network
        ? { ...env.network, total: round(env.network.total), share: round(env.network.share) }
        : null,
      notes: env.notes,
      stacks: env.stacks.map((s) => ({
        name: s.name,
        kind: s.kind,
        region: s.region,
        total: round(s.total),
        networkShare: round(s.networkShare),
        totalWithNetwork: round(s.totalWithNetwork),
        unpriced: s.unpriced,
        items: s.items.map((i) => ({
          label: i.label,
          resource: i.resource,
          detail: i.detail,
          monthly: round(i.monthly),
          ...(i.unpriced ? { unpriced: i.unpriced } : {}),
          charges: i.charges.map((c) => ({ ...c, unitPrice: c.unitPrice ?? null })),
        })),
        usage: s.usage,
        notes: s.notes,
        notEstimated: s.notEstimated,
      })),
    })),
    notIncluded: estimate.notIncluded,
    prices: estimate.prices,
    disclaimer: DISCLAIMER.replace(/\n/g, " "),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
