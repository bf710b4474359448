import { Edge, EdgeKind, ExternalNode, byKey, byText } from "./model";
import { sortLabels } from "./port-labels";

/** A node key, or an external node (registered on first use). */
export type Endpoint = string | ExternalNode;

/**
 * Collects edges while the readers find them and settles them into the diagram's list: one edge per
 * (from, to, kind) with its labels merged, no edge from a node to itself (a cluster admitting its
 * own pollers, a module reaching a part of itself), and no flow where a connection already joins
 * the same pair in the same direction (a CDN origin its security-group rule already shows).
 */
export class EdgeSet {
  private readonly labels = new Map<string, Set<string>>();
  private readonly externals = new Map<string, ExternalNode>();

  add(from: Endpoint, to: Endpoint, kind: EdgeKind, label: string): void {
    const fromKey = this.keyOf(from);
    const toKey = this.keyOf(to);
    if (fromKey === toKey) return;
    const key = [fromKey, toKey, kind].join("\u0000");
    const labels = this.labels.get(key) ?? new Set<string>();
    labels.add(label);
    this.labels.set(key, labels);
  }

  result(): { edges: Edge[]; externals: ExternalNode[] } {
    const all = [...this.labels.entries()].map(([key, labels]) => {
      const [from, to, kind] = key.split("\u0000") as [string, string, EdgeKind];
      return { from, to, kind, labels: sortLabels(labels) };
    });
    const connected = new Set(all.filter((e) => e.kind === "connection").map((e) => `${e.from}>${e.to}`));
    const edges = all
      .filter((e) => e.kind === "connection" || !connected.has(`${e.from}>${e.to}`))
      .sort((a, b) => byKey(a.from, b.from) || byKey(a.to, b.to) || byText(a.kind, b.kind));
    const used = new Set(edges.flatMap((e) => [e.from, e.to]));
    const externals = [...this.externals.values()]
      .filter((x) => used.has(x.key))
      .sort((a, b) => byKey(a.key, b.key));
    return { edges, externals };
  }

  private keyOf(endpoint: Endpoint): string {
    if (typeof endpoint === "string") return endpoint;
    this.externals.set(endpoint.key, endpoint);
    return endpoint.key;
  }
}
