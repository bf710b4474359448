/**
 * Reading a synthesized stack (`cdk.tf.json`) the way the estimator needs it: resources by type, the
 * `${type.name.attr}` references cdktf writes between them, and the few attribute shapes (numbers as
 * strings, blocks as an object or a one-element list) that differ from what the HCL would suggest.
 */

export type Attributes = Record<string, unknown>;

export interface StackJson {
  resource?: Record<string, Record<string, Attributes>>;
  provider?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One resource of a stack, with a short name for reports. */
export interface Resource {
  readonly type: string;
  /** The Terraform name, e.g. `vpc_nat-gateway-0_128B402C`. */
  readonly name: string;
  readonly attrs: Attributes;
  /** The construct path below the stack (`vpc/nat-gateway-0`), else `type.name`. */
  readonly label: string;
}

export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /\$\{([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)[^}]*\}/g;

/** Every `${type.name.attr...}` reference inside `value` (a string or anything that holds strings). */
export function referencesIn(value: unknown): Reference[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return [...text.matchAll(REFERENCE)]
    .filter((m) => m[1] !== "data" && m[1] !== "var" && m[1] !== "local")
    .map((m) => ({ type: m[1]!, name: m[2]!, attribute: m[3]! }));
}

/** The first reference to a resource of `type` inside `value`. */
export function referenceTo(value: unknown, type: string): Reference | undefined {
  return referencesIn(value).find((r) => r.type === type);
}

export class Stack {
  constructor(
    readonly name: string,
    readonly json: StackJson,
  ) {}

  resources(type: string): Resource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([name, attrs]) => ({
      type,
      name,
      attrs,
      label: labelOf(this.name, type, name, attrs),
    }));
  }

  /** The resource that `value` references among `type`, if it is in this stack. */
  resolve(value: unknown, type: string): Resource | undefined {
    const ref = referenceTo(value, type);
    return ref ? this.resources(type).find((r) => r.name === ref.name) : undefined;
  }

  resourceTypes(): string[] {
    return Object.keys(this.json.resource ?? {}).sort();
  }

  /** `region` of the stack's default aws provider block (the one without an alias). */
  region(): string | undefined {
    const providers = this.awsProviders();
    const main = providers.find((b) => b.alias === undefined || b.alias === null) ?? providers[0];
    return stringOf(main?.region);
  }

  /**
   * Resources placed with an aliased aws provider (`provider = "aws.<alias>"`) in another region
   * than the stack's, as "type.name → region".
   */
  resourcesInOtherRegions(): string[] {
    const regions = new Map(this.awsProviders().map((b) => [`aws.${String(b.alias)}`, stringOf(b.region)]));
    const home = this.region();
    return this.resourceTypes().flatMap((type) =>
      this.resources(type).flatMap((r) => {
        const region = typeof r.attrs.provider === "string" ? regions.get(r.attrs.provider) : undefined;
        return region && region !== home ? [`${r.label} → ${region}`] : [];
      }),
    );
  }

  private awsProviders(): Attributes[] {
    return blocks(this.json.provider?.aws);
  }
}

function labelOf(stack: string, type: string, name: string, attrs: Attributes): string {
  const meta = (attrs["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
  if (typeof meta === "string" && meta.startsWith(`${stack}/`)) return meta.slice(stack.length + 1);
  return `${type}.${name}`;
}

/** A block written as an object or as a list of objects (cdktf writes both): its first element. */
export function block(value: unknown): Attributes | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Attributes) : undefined;
}

/** A repeated block as a list, whichever way it was written. */
export function blocks(value: unknown): Attributes[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is Attributes => v !== null && typeof v === "object");
}

/** A number written as a number or a numeric string ("256"); undefined for anything else. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** `true`/`false` written as a boolean or a string. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * How many instances `count` / `for_each` make of a resource. An expression Terraform resolves at
 * plan time cannot be read here: it counts as 1 and says so.
 */
export function instancesOf(resource: Resource): { count: number; note?: string } {
  const { count, for_each: forEach } = resource.attrs;
  if (count !== undefined) {
    const n = numberOf(count);
    return n !== undefined
      ? { count: n }
      : { count: 1, note: `${resource.label}: count is an expression (${String(count)}), counted as 1` };
  }
  if (forEach !== undefined) {
    if (Array.isArray(forEach)) return { count: forEach.length };
    if (forEach !== null && typeof forEach === "object") return { count: Object.keys(forEach).length };
    return { count: 1, note: `${resource.label}: for_each is an expression, counted as 1` };
  }
  return { count: 1 };
}
