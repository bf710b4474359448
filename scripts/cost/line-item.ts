import { Pricer } from "./prices";

/** One priced quantity of a line item: `quantity` units of `priceKey` at `unitPrice` each. */
export interface Charge {
  readonly priceKey: string;
  readonly quantity: number;
  /** Undefined when the table has no such key. */
  readonly unitPrice?: number;
}

/** Something that costs money every month, with how its amount came about. */
export interface LineItem {
  /** What it is, the same for like items so the summary can group them ("NAT gateway"). */
  readonly label: string;
  /** Which resource (construct path or `type.name`). */
  readonly resource: string;
  /** How the quantity was found, e.g. "730 h × $0.059/h" or the schedule it follows. */
  readonly detail: string;
  readonly charges: readonly Charge[];
  /** Sum of the charges; undefined when any charge has no price (see `unpriced`). */
  readonly monthly?: number;
  /** Why it could not be priced; set together with `monthly === undefined`. */
  readonly unpriced?: string;
}

export interface ChargeSpec {
  readonly priceKey: string;
  readonly quantity: number;
}

/**
 * A line item from its charges. A key missing from the price table makes the whole item unpriced,
 * naming the key and the table, so an unknown instance class is reported instead of costing 0.
 */
export function lineItem(
  pricer: Pricer,
  item: { label: string; resource: string; detail: string; charges: readonly ChargeSpec[] },
): LineItem {
  const charges = item.charges.map((c) => ({ ...c, unitPrice: pricer.price(c.priceKey)?.usd }));
  const missing = charges.filter((c) => c.unitPrice === undefined).map((c) => c.priceKey);
  if (missing.length > 0) {
    return {
      ...item,
      charges,
      unpriced: `no price for ${missing.join(", ")} in ${pricer.file}`,
    };
  }
  const monthly = charges.reduce((sum, c) => sum + c.quantity * c.unitPrice!, 0);
  return { ...item, charges, monthly };
}

/** An item that cannot be priced for a reason other than a missing key (e.g. an unsupported engine). */
export function unpricedItem(item: {
  label: string;
  resource: string;
  detail: string;
  reason: string;
}): LineItem {
  return {
    label: item.label,
    resource: item.resource,
    detail: item.detail,
    charges: [],
    unpriced: item.reason,
  };
}

/** "$0.059/h" style unit price for details. */
export function perUnit(pricer: Pricer, key: string, unit: string): string {
  const price = pricer.price(key);
  return price ? `$${trimNumber(price.usd)}/${unit}` : `$?/${unit}`;
}

/** A number without trailing zeros: 0.0590 → "0.059", 730 → "730". */
export function trimNumber(value: number, digits = 6): string {
  return Number(value.toFixed(digits)).toString();
}

/** Hours with one decimal unless whole: 195.535… → "195.5", 730 → "730". */
export function hours(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
