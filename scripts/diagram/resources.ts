/**
 * The synthesized stack (`cdk.tf.json`) as the diagram reads it: resources and data sources by
 * address, each with its construct path, and the `${type.name.attr}` references between them.
 */

export type Attributes = Record<string, unknown>;

export interface StackJson {
  resource?: Record<string, Record<string, Attributes>>;
  data?: Record<string, Record<string, Attributes>>;
  [key: string]: unknown;
}

export interface SynthesizedResource {
  /** `aws_lb.alb_88D76693`, or `data.aws_ec2_managed_prefix_list.<name>` for a data source. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly attrs: Attributes;
  /** The construct path (`fileflow-dev/alb/alb`); undefined when cdktf recorded none. */
  readonly path?: string;
}

export interface Reference {
  /** The address referenced, e.g. `aws_security_group.web-api_security-group_C9D7B3BE`. */
  readonly address: string;
  /** What follows the address, e.g. `id`, `arn` or `outputs.vpc_id`. */
  readonly attribute: string;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const ADDRESS = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_.]+)/g;

/** Every reference inside the interpolations of `value` (a string or anything holding strings). */
export function referencesIn(value: unknown): Reference[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return [...text.matchAll(INTERPOLATION)].flatMap((m) =>
    [...m[1]!.matchAll(ADDRESS)]
      .filter((a) => !/^(var|local|each|count|self|path)\./.test(a[1]!))
      .map((a) => ({ address: a[1]!, attribute: a[2]! })),
  );
}

export class StackResources {
  private readonly byAddress = new Map<string, SynthesizedResource>();

  /** `paths`: construct paths by address, from the tree; else what `//.metadata.path` records. */
  constructor(json: StackJson, paths: ReadonlyMap<string, string> = new Map()) {
    const add = (prefix: string, blocks: StackJson["resource"]) => {
      for (const [type, byName] of Object.entries(blocks ?? {})) {
        for (const [name, attrs] of Object.entries(byName)) {
          const address = `${prefix}${type}.${name}`;
          const path = paths.get(address) ?? pathOf(attrs);
          this.byAddress.set(address, { address, type, name, attrs, path });
        }
      }
    };
    add("", json.resource);
    add("data.", json.data);
  }

  /** Resources (not data sources) of `type`, in address order. */
  ofType(type: string): SynthesizedResource[] {
    return [...this.byAddress.values()]
      .filter((r) => r.type === type && !r.address.startsWith("data."))
      .sort((a, b) => (a.address < b.address ? -1 : 1));
  }

  get(address: string): SynthesizedResource | undefined {
    return this.byAddress.get(address);
  }

  /** The resources and data sources of this stack that `value` references, in order of mention. */
  referenced(value: unknown): SynthesizedResource[] {
    return referencesIn(value).flatMap((r) => {
      const found = this.get(r.address);
      return found ? [found] : [];
    });
  }
}

function pathOf(attrs: Attributes): string | undefined {
  const path = (attrs["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
  return typeof path === "string" ? path : undefined;
}
