import { TerraformJson } from "../harness/synth-scope";

/** One resource or data source of a synthesized stack. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.name`, or `data.aws_iam_policy_document.name`. */
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * A synthesized stack as the policy rules read it: resources by type, and references between them.
 * References in cdktf's JSON are interpolations such as `${aws_s3_bucket.bucket_ABC123.id}`; they are
 * resolved by `type.name` against the stack, so a rule never matches on construct ids.
 */
export class PolicyStack {
  private readonly byAddress = new Map<string, StackResource>();

  constructor(
    readonly name: string,
    readonly json: TerraformJson,
  ) {
    for (const resource of [...blocksOf(json.resource, ""), ...blocksOf(json.data, "data.")]) {
      this.byAddress.set(resource.address, resource);
    }
  }

  /** Managed resources of `type`. */
  resources(type: string): StackResource[] {
    return [...this.byAddress.values()].filter((r) => r.type === type && !r.address.startsWith("data."));
  }

  /** Data sources of `type`. */
  dataSources(type: string): StackResource[] {
    return [...this.byAddress.values()].filter((r) => r.type === type && r.address.startsWith("data."));
  }

  /** Every managed resource and data source. */
  all(): StackResource[] {
    return [...this.byAddress.values()];
  }

  /** The resources and data sources `value` (any JSON, searched deeply) refers to. */
  referencedBy(value: unknown): StackResource[] {
    const found = new Set<StackResource>();
    for (const text of stringsIn(value)) {
      for (const body of interpolationsIn(text)) {
        for (const match of body.matchAll(/(?<![\w.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)/g)) {
          const target = this.byAddress.get(match[1]!);
          if (target) found.add(target);
        }
      }
    }
    return [...found];
  }

  /**
   * Resources of `type` whose `attribute` points at `target`: by reference, or by literal value equal
   * to `target`'s `literalKey` attribute (e.g. a bucket policy naming the bucket by its name).
   */
  attachedTo(target: StackResource, type: string, attribute: string, literalKey?: string): StackResource[] {
    const literal = literalKey ? target.config[literalKey] : undefined;
    return this.resources(type).filter((candidate) => {
      const value = candidate.config[attribute];
      if (typeof literal === "string" && value === literal) return true;
      return this.referencedBy(value).includes(target);
    });
  }
}

function blocksOf(section: Record<string, unknown> | undefined, prefix: string): StackResource[] {
  return Object.entries(section ?? {}).flatMap(([type, byName]) =>
    Object.entries((byName ?? {}) as Record<string, Record<string, unknown>>).map(([name, config]) => ({
      type,
      name,
      address: `${prefix}${type}.${name}`,
      config,
    })),
  );
}

/** Every string inside `value`, skipping cdktf's `//` metadata. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => (key === "//" ? [] : stringsIn(v)));
  }
  return [];
}

/** The bodies of `${...}` interpolations in `text` (no nesting in what cdktf emits for references). */
export function interpolationsIn(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!);
}

/** True when `text` is nothing but one interpolation, e.g. `${data.aws_iam_policy_document.x.json}`. */
export function isPureReference(text: string): boolean {
  return /^\$\{[^{}]*\}$/.test(text);
}

/** A nested block as cdktf emits it: an object, or a list of one object; undefined when absent. */
export function singleBlock(value: unknown): Record<string, unknown> | undefined {
  const block = Array.isArray(value) ? value[0] : value;
  return block && typeof block === "object" ? (block as Record<string, unknown>) : undefined;
}

/** A repeated block as a list, whether cdktf emitted a list or a single object. */
export function blockList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value))
    return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}
