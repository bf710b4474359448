import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CostInputError } from "./errors";

/** Where the per-region tables live: `scripts/cost/prices/<region>.json`. */
export const PRICES_DIR = path.join(__dirname, "prices");

/** AWS prices hourly resources at 730 hours a month (8,760 / 12); every estimate here uses it. */
export const HOURS_PER_MONTH = 730;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

const priceEntrySchema = z.strictObject({
  /** List price in USD for one `per`. */
  usd: z.number().nonnegative(),
  per: z.enum(["hour", "month", "GB-month", "vCPU-hour", "GB-hour"]),
  /** What is billed, in words. */
  what: z.string().min(1),
  /** The AWS pricing page the price belongs to. */
  source: z.string().url(),
  /** The day the price was read (or, for an approximate one, written down). */
  read: day,
  /** true: not confirmed from a readable copy of `source`. */
  approximate: z.boolean(),
  note: z.string().optional(),
});

const priceTableSchema = z.strictObject({
  $comment: z.string().optional(),
  region: z.string().min(1),
  region_name: z.string().min(1),
  currency: z.literal("USD"),
  prices: z.record(z.string(), priceEntrySchema),
});

export type PriceEntry = z.infer<typeof priceEntrySchema>;
export type PriceTable = z.infer<typeof priceTableSchema>;

/** A price as used in a line item: the entry and the key it was found under. */
export interface Price extends PriceEntry {
  readonly key: string;
}

/** Looks prices up in one region's table and remembers which were used, for the report. */
export class Pricer {
  private readonly used = new Map<string, Price>();

  constructor(
    readonly table: PriceTable,
    /** The table's file, to name in "no price" messages. */
    readonly file: string,
  ) {}

  get region(): string {
    return this.table.region;
  }

  price(key: string): Price | undefined {
    const entry = this.table.prices[key];
    if (!entry) return undefined;
    const price = { key, ...entry };
    this.used.set(key, price);
    return price;
  }

  usedPrices(): Price[] {
    return [...this.used.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
}

/** The table for `region`; a missing or malformed file is a CostInputError naming it. */
export function loadPriceTable(region: string, dir = PRICES_DIR): Pricer {
  const file = path.join(dir, `${region}.json`);
  const shown = path.relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    const known = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".json"))
          .map((f) => f.slice(0, -".json".length))
      : [];
    throw new CostInputError(
      `${shown}: expected a price table for region ${region} (stacks deploy there), found no such file; tables exist for: ${known.join(", ") || "none"}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CostInputError(`${shown}: expected valid JSON, found ${(error as Error).message}`);
  }
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CostInputError(`${shown}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  if (parsed.data.region !== region) {
    throw new CostInputError(`${shown}: expected region "${region}", found "${parsed.data.region}"`);
  }
  return new Pricer(parsed.data, shown);
}
