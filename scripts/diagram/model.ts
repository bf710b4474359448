/**
 * What a stack diagram holds, independent of how it is drawn: module nodes in tiers, the things
 * outside the stack that reach into it, and the edges between them. Keys are stable text (a
 * module's construct path below the stack, `internet`, `cidr:<block>`...), so sorting them makes
 * the output deterministic.
 */

export const TIERS = ["edge", "compute", "data", "network", "ops"] as const;
export type Tier = (typeof TIERS)[number];

/** A module construct drawn as one box. */
export interface ModuleNode {
  /** Construct path below the stack, e.g. `web-api` or `vpc/nat-instance`: the node's key. */
  readonly key: string;
  /** Full construct path (`fileflow-dev/web-api`), what synthesized resources' paths start with. */
  readonly path: string;
  /** The construct id, e.g. `web-api`. */
  readonly name: string;
  /** The module's class, e.g. `AutoscaledService`. */
  readonly kind: string;
  readonly tier: Tier;
}

export type ExternalKind = "internet" | "cidr" | "prefix-list" | "cloudfront" | "security-group";

/** Something outside the stack's modules that an edge starts from. */
export interface ExternalNode {
  /** `internet`, `cidr:10.50.0.0/16`, `prefix-list:<name>`, `cloudfront`, `security-group:<ref>`. */
  readonly key: string;
  readonly label: string;
  readonly kind: ExternalKind;
}

/**
 * `connection`: a security-group ingress rule (or an internet entry), drawn from the client to the
 * server it may open connections to, labelled with port and protocol. `flow`: data or invocations
 * that no security group governs (event sources, subscriptions, API integrations, CDN origins).
 */
export type EdgeKind = "connection" | "flow";

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** What the edge carries, e.g. `tcp 5432`; several rules between the same pair merge into one edge. */
  readonly labels: readonly string[];
}

export interface StackDiagram {
  readonly stack: string;
  /** Sorted by tier, then key. */
  readonly nodes: readonly ModuleNode[];
  /** The internet first, then by key. */
  readonly externals: readonly ExternalNode[];
  /** Sorted by from, to (the internet first), kind; never a node to itself. */
  readonly edges: readonly Edge[];
  /** Keys of the nodes the internet reaches directly, sorted. */
  readonly entryPoints: readonly string[];
}

export const INTERNET: ExternalNode = { key: "internet", label: "Internet", kind: "internet" };

/** Plain code-point order: the same everywhere, whatever the locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Key order with the internet first: it is where a reader starts, and Mermaid lays it out leftmost. */
export function byKey(a: string, b: string): number {
  return Number(b === INTERNET.key) - Number(a === INTERNET.key) || byText(a, b);
}
