import { CostEstimate, StackEstimate, UsedPrice } from "./estimate";
import { LineItem, trimNumber } from "./line-item";
import { EnvironmentEstimate, StackRow } from "./shares";
import { USAGE_SHORT } from "./usage";

/**
 * The estimate for people: a table per environment (own total, total with the network share, the
 * three biggest items), then every stack's items with how each amount came about, what is left out,
 * the prices used with their sources, and what the numbers are not.
 */

export const DISCLAIMER = [
  "This is an estimate from the region's public list prices (on-demand, 730 h a month, no free tier,",
  "no Savings Plans or Reserved Instances, no tax), computed from the synthesized configuration; it is",
  "not a bill. Billing-grade numbers come from the AWS bill and Cost Explorer; for a priced plan run",
  "infracost on the plan's JSON: terraform plan -out plan.tfplan && terraform show -json plan.tfplan",
  "> plan.json && infracost breakdown --path plan.json.",
].join("\n");

export function renderText(estimate: CostEstimate): string {
  const lines: string[] = [];
  lines.push(`Monthly AWS cost estimate (USD, list prices, ${estimate.hoursPerMonth} h a month)`);
  for (const [region, file] of regions(estimate.prices)) lines.push(`Prices: ${region} from ${file}`);
  lines.push("");

  for (const env of estimate.environments) lines.push(...environmentTable(env), "");
  if (estimate.environments.length > 1) {
    const all = estimate.environments.reduce((sum, e) => sum + e.total, 0);
    const unpriced = estimate.environments.reduce((sum, e) => sum + e.unpriced, 0);
    lines.push(`All environments: ${money(all)} USD/month${unpricedSuffix(unpriced)}`, "");
  }

  lines.push("Items (USD/month)", "");
  for (const env of estimate.environments) {
    for (const stack of env.stacks) lines.push(...stackDetail(stack), "");
  }

  lines.push("Not included (priced by use, not by the month):");
  lines.push(...estimate.notIncluded.map((text) => `  - ${text}`), "");

  lines.push(...pricesUsed(estimate.prices), "");
  const check = checks(estimate);
  if (check.length > 0) lines.push(...check, "");
  lines.push(DISCLAIMER, "");
  return lines.join("\n");
}

function environmentTable(env: EnvironmentEstimate): string[] {
  const header = ["stack", "own", "with network share", "biggest items"];
  const rows = env.stacks.map((s) => [s.name, total(s), shareCell(env, s), biggest(s)]);
  rows.push([
    `${env.name} total`,
    `${money(env.total)}${env.unpriced > 0 ? "+" : ""}`,
    "",
    env.unpriced > 0 ? `+ ${env.unpriced} unpriced item(s), not in the total` : "",
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: string[]) =>
    `  ${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padStart(widths[1]!)}  ${cells[2]!.padStart(widths[2]!)}  ${cells[3]}`.trimEnd();
  return [
    `${env.name}`,
    format(header),
    ...rows.map(format),
    ...(env.network
      ? [
          `  ${env.network.stack} ${money(env.network.total)} ÷ ${env.network.systemStacks} system stack(s) = ${money(env.network.share)} each`,
        ]
      : []),
    ...env.notes.map((n) => `  note: ${n}`),
  ];
}

function total(stack: StackEstimate): string {
  return `${money(stack.total)}${stack.unpriced > 0 ? "+" : ""}`;
}

function shareCell(env: EnvironmentEstimate, stack: StackRow): string {
  if (stack.totalWithNetwork !== undefined) return money(stack.totalWithNetwork);
  if (stack.kind === "network" && env.network) return `(shared)`;
  return "—";
}

/** The three largest amounts, like items (same label) summed: "NAT gateway ×3 129.21". */
export function biggestItems(
  stack: StackEstimate,
  n = 3,
): { label: string; count: number; monthly: number }[] {
  const groups = new Map<string, { label: string; count: number; monthly: number }>();
  for (const item of stack.items) {
    if (item.monthly === undefined || item.monthly <= 0) continue;
    const group = groups.get(item.label) ?? { label: item.label, count: 0, monthly: 0 };
    groups.set(item.label, { ...group, count: group.count + 1, monthly: group.monthly + item.monthly });
  }
  return [...groups.values()].sort((a, b) => b.monthly - a.monthly).slice(0, n);
}

function biggest(stack: StackEstimate): string {
  const top = biggestItems(stack);
  if (top.length > 0) {
    return top.map((g) => `${g.label}${g.count > 1 ? ` ×${g.count}` : ""} ${money(g.monthly)}`).join(", ");
  }
  const usage = stack.usage.filter((u) => u !== "data-transfer").map((u) => USAGE_SHORT[u]);
  return usage.length > 0 ? `usage only: ${usage.join(", ")}` : "nothing billed by the month";
}

function stackDetail(stack: StackEstimate): string[] {
  const lines = [`${stack.name} (${stack.region}): ${total(stack)}`];
  const width = Math.max(0, ...stack.items.map((i) => i.label.length));
  const sorted = [...stack.items].sort((a, b) => (b.monthly ?? Infinity) - (a.monthly ?? Infinity));
  for (const item of sorted) lines.push(itemLine(item, width));
  if (stack.items.length === 0) lines.push("  (no monthly items)");
  const usage = stack.usage.filter((u) => u !== "data-transfer").map((u) => USAGE_SHORT[u]);
  if (usage.length > 0) lines.push(`  usage, not included: ${usage.join(", ")}`);
  for (const note of stack.notes) lines.push(`  note: ${note}`);
  for (const t of stack.notEstimated) {
    lines.push(`  not estimated: ${t.type} ×${t.count} (unknown resource type; may have a monthly price)`);
  }
  return lines;
}

function itemLine(item: LineItem, width: number): string {
  const amount = item.monthly === undefined ? "UNPRICED" : money(item.monthly);
  const why = item.unpriced ? `${item.detail}; ${item.unpriced}` : item.detail;
  return `  ${amount.padStart(9)}  ${item.label.padEnd(width)}  ${item.resource}: ${why}`;
}

function pricesUsed(prices: readonly UsedPrice[]): string[] {
  if (prices.length === 0) return ["Prices used: none"];
  const keyWidth = Math.max(...prices.map((p) => p.key.length));
  const amountWidth = Math.max(...prices.map((p) => `${trimNumber(p.usd)} /${p.per}`.length));
  return [
    "Prices used (~ approximate: not confirmed from a readable copy of the source page):",
    ...prices.map(
      (p) =>
        `  ${p.approximate ? "~" : " "} ${p.key.padEnd(keyWidth)}  ${`${trimNumber(p.usd)} /${p.per}`.padEnd(amountWidth)}  ${p.source} (${p.read})`,
    ),
  ];
}

function checks(estimate: CostEstimate): string[] {
  const stacks = estimate.environments.flatMap((e) => e.stacks);
  const unpriced = stacks.flatMap((s) =>
    s.items.filter((i) => i.monthly === undefined).map((i) => `  - ${s.name} ${i.resource}: ${i.unpriced}`),
  );
  const unknown = stacks.flatMap((s) => s.notEstimated.map((t) => `  - ${s.name}: ${t.type} ×${t.count}`));
  return [
    ...(unpriced.length > 0
      ? [
          `Check: ${unpriced.length} item(s) have no price; the totals above leave them out (marked +):`,
          ...unpriced,
        ]
      : []),
    ...(unknown.length > 0 ? ["Check: resource types this estimator does not know:", ...unknown] : []),
  ];
}

function regions(prices: readonly UsedPrice[]): [string, string][] {
  return [...new Map(prices.map((p) => [p.region, p.file])).entries()];
}

function unpricedSuffix(unpriced: number): string {
  return unpriced > 0 ? ` + ${unpriced} unpriced` : "";
}

export function money(value: number): string {
  return value.toFixed(2);
}
