import { ExternalNode, ModuleNode, StackDiagram, TIERS } from "./model";

/**
 * A stack diagram as a Mermaid flowchart (GitHub and most editors render it): one subgraph per
 * tier, external sources outside them, security-group connections as solid arrows labelled with
 * protocol and port, data flows dashed, internet entry points in the `public` style. Ids are made
 * from the stable keys, so the same stack always gives the same text.
 */
export function renderMermaid(diagram: StackDiagram): string {
  const ids = idsOf(diagram);
  const id = (key: string) => ids.get(key)!;
  const lines = ["flowchart LR"];
  for (const external of diagram.externals) lines.push(`  ${id(external.key)}${externalShape(external)}`);
  for (const tier of TIERS) {
    const nodes = diagram.nodes.filter((n) => n.tier === tier);
    if (nodes.length === 0) continue;
    lines.push(`  subgraph tier_${tier} ["${tier}"]`);
    for (const node of nodes) lines.push(`    ${id(node.key)}["${nodeLabel(node)}"]`);
    lines.push("  end");
  }
  for (const edge of diagram.edges) {
    const arrow = edge.kind === "connection" ? "-->" : "-.->";
    lines.push(`  ${id(edge.from)} ${arrow}|"${escapeLabel(edge.labels.join(", "))}"| ${id(edge.to)}`);
  }
  if (diagram.entryPoints.length > 0) {
    lines.push("  classDef public stroke:#c0392b,stroke-width:3px");
    lines.push(`  class ${diagram.entryPoints.map(id).join(",")} public`);
  }
  if (diagram.externals.length > 0) {
    lines.push("  classDef external fill:#f4f4f4,stroke:#888888,stroke-dasharray:4 3");
    lines.push(`  class ${diagram.externals.map((x) => id(x.key)).join(",")} external`);
  }
  return `${lines.join("\n")}\n`;
}

/** The diagram in a fenced ```mermaid block, as Markdown renders it. */
export function fencedMermaid(diagram: StackDiagram): string {
  return `\`\`\`mermaid\n${renderMermaid(diagram)}\`\`\`\n`;
}

function nodeLabel(node: ModuleNode): string {
  return `${escapeLabel(node.name)}<br/>${escapeLabel(node.kind)}`;
}

function externalShape(external: ExternalNode): string {
  const label = escapeLabel(external.label);
  return external.kind === "internet" || external.kind === "cloudfront" ? `(("${label}"))` : `(["${label}"])`;
}

const ENTITIES: Record<string, string> = { "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;" };

/** Text safe inside a quoted Mermaid label: the characters Mermaid parses there become entity codes. */
export function escapeLabel(text: string): string {
  return text.replace(/[#"<>]/g, (c) => ENTITIES[c]!);
}

/**
 * Mermaid ids from the keys: letters, digits and underscores only, behind a prefix (a bare `end`,
 * `graph`, or an id starting with `o` or `x` right after an arrow, would be parsed as syntax).
 * Keys that clean up alike get `_2`, `_3` in key order.
 */
function idsOf(diagram: StackDiagram): Map<string, string> {
  const keys = [
    ...diagram.externals.map((x) => ({ key: x.key, prefix: x.kind === "internet" ? "" : "ext_" })),
    ...diagram.nodes.map((n) => ({ key: n.key, prefix: "n_" })),
  ];
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const { key, prefix } of keys) {
    const base = `${prefix}${key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    ids.set(key, candidate);
  }
  return ids;
}
