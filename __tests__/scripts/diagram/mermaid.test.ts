import { escapeLabel, fencedMermaid, renderMermaid } from "../../../scripts/diagram/mermaid";
import { INTERNET, StackDiagram } from "../../../scripts/diagram/model";
import { node } from "./fixtures";

const DIAGRAM: StackDiagram = {
  stack: "shop-dev",
  nodes: [
    node("alb", "Alb", "edge"),
    node("web-api", "AutoscaledService", "compute"),
    node("end", "NodejsFunction", "compute"),
    node("db", "PostgresDatabase", "data"),
  ],
  externals: [INTERNET, { key: "cidr:10.50.0.0/16", label: "10.50.0.0/16", kind: "cidr" }],
  edges: [
    { from: "internet", to: "alb", kind: "connection", labels: ["tcp 80", "tcp 443"] },
    { from: "alb", to: "web-api", kind: "connection", labels: ["tcp 8083"] },
    { from: "cidr:10.50.0.0/16", to: "db", kind: "connection", labels: ["tcp 5432"] },
    { from: "db", to: "end", kind: "flow", labels: ["events"] },
  ],
  entryPoints: ["alb"],
};

describe("renderMermaid", () => {
  const text = renderMermaid(DIAGRAM);
  const lines = text.split("\n");

  it("draws a left-to-right flowchart with one subgraph per tier that has nodes, in tier order", () => {
    expect(lines[0]).toBe("flowchart LR");
    expect(lines.filter((l) => l.trimStart().startsWith("subgraph "))).toEqual([
      '  subgraph tier_edge ["edge"]',
      '  subgraph tier_compute ["compute"]',
      '  subgraph tier_data ["data"]',
    ]);
    expect(lines.filter((l) => l.trim() === "end")).toHaveLength(3);
  });

  it("labels nodes with the construct id and class, under prefixed ids (no bare `end`)", () => {
    expect(lines).toContain('    n_web_api["web-api<br/>AutoscaledService"]');
    expect(lines).toContain('    n_end["end<br/>NodejsFunction"]');
    expect(lines).toContain('  internet(("Internet"))');
    expect(lines).toContain('  ext_cidr_10_50_0_0_16(["10.50.0.0/16"])');
  });

  it("draws connections solid and flows dashed, labels quoted", () => {
    expect(lines).toContain('  internet -->|"tcp 80, tcp 443"| n_alb');
    expect(lines).toContain('  n_alb -->|"tcp 8083"| n_web_api');
    expect(lines).toContain('  n_db -.->|"events"| n_end');
  });

  it("styles the entry points public and the outside sources external", () => {
    expect(lines).toContain("  class n_alb public");
    expect(lines).toContain("  class internet,ext_cidr_10_50_0_0_16 external");
    expect(text).toMatch(/^ {2}classDef public .+$/m);
  });

  it("gives keys that clean up alike distinct ids, in key order", () => {
    const clash: StackDiagram = {
      ...DIAGRAM,
      nodes: [node("a-b", "SecureBucket", "data"), node("a_b", "SecureBucket", "data")],
      externals: [],
      edges: [{ from: "a-b", to: "a_b", kind: "flow", labels: ["origin"] }],
      entryPoints: [],
    };
    const out = renderMermaid(clash);
    expect(out).toContain('n_a_b["a-b<br/>SecureBucket"]');
    expect(out).toContain('n_a_b_2["a_b<br/>SecureBucket"]');
    expect(out).toContain('n_a_b -.->|"origin"| n_a_b_2');
    expect(out).not.toContain("classDef");
  });

  it("is the same text every time", () => {
    expect(renderMermaid(DIAGRAM)).toBe(text);
  });

  it("fences the diagram for Markdown", () => {
    expect(fencedMermaid(DIAGRAM)).toBe(`\`\`\`mermaid\n${text}\`\`\`\n`);
  });
});

describe("escapeLabel", () => {
  it.each([
    ["plain-id", "plain-id"],
    ['say "hi"', "say #quot;hi#quot;"],
    ["a<b>c", "a#lt;b#gt;c"],
    ["#1", "#35;1"],
    ["#quot;", "#35;quot;"],
  ])("%s reads %s", (text, escaped) => {
    expect(escapeLabel(text)).toBe(escaped);
  });
});
