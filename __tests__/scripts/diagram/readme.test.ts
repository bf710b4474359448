import { DiagramInputError } from "../../../scripts/diagram/errors";
import { INTERNET, StackDiagram } from "../../../scripts/diagram/model";
import {
  END_MARKER,
  START_MARKER,
  STALE_MESSAGE,
  readmeBlock,
  readmeStaleness,
  replaceReadmeBlock,
} from "../../../scripts/diagram/readme";
import { node } from "./fixtures";

const web: StackDiagram = {
  stack: "web-dev",
  nodes: [node("alb", "Alb", "edge")],
  externals: [INTERNET],
  edges: [{ from: "internet", to: "alb", kind: "connection", labels: ["tcp 80"] }],
  entryPoints: ["alb"],
};
const data: StackDiagram = {
  stack: "data-dev",
  nodes: [node("db", "PostgresDatabase", "data")],
  externals: [],
  edges: [],
  entryPoints: [],
};

const README = (block: string) =>
  `# title\n\n## Diagrams\n\n${START_MARKER}${block}${END_MARKER}\n\n## Cost\n\ntext\n`;

describe("readmeBlock", () => {
  const block = readmeBlock([web, data]);

  it("has a heading and a mermaid block per stack, in the order given", () => {
    expect([...block.matchAll(/^### (.+)$/gm)].map((m) => m[1])).toEqual(["web-dev", "data-dev"]);
    expect(block.match(/^```mermaid$/gm)).toHaveLength(2);
    expect(block).toContain("### web-dev\n\n```mermaid\nflowchart LR\n");
  });

  it("keeps blank lines around the markers (Markdown formatters leave it alone)", () => {
    expect(block.startsWith("\n")).toBe(true);
    expect(block.endsWith("```\n\n")).toBe(true);
  });
});

describe("replaceReadmeBlock", () => {
  it("replaces only the text between the markers", () => {
    const before = README("\nold\n");
    const after = replaceReadmeBlock(before, "\nnew\n");
    expect(after).toBe(README("\nnew\n"));
    expect(after.startsWith("# title\n\n## Diagrams\n\n")).toBe(true);
    expect(after.endsWith(`${END_MARKER}\n\n## Cost\n\ntext\n`)).toBe(true);
  });

  it.each([
    ["no start marker", `# t\n${END_MARKER}\n`, /found no start marker/],
    ["no end marker", `# t\n${START_MARKER}\n`, /found no end marker after it/],
    ["the end before the start", `${END_MARKER}\n${START_MARKER}\n`, /found no end marker after it/],
  ])("refuses a README with %s", (_what, readme, message) => {
    expect(() => replaceReadmeBlock(readme, "x")).toThrow(DiagramInputError);
    expect(() => replaceReadmeBlock(readme, "x")).toThrow(message);
  });
});

describe("readmeStaleness", () => {
  const current = README(readmeBlock([web, data]));

  it("is undefined when the block is what the diagrams render", () => {
    expect(readmeStaleness(current, [web, data])).toBeUndefined();
  });

  it.each<[string, StackDiagram[], string]>([
    [
      "a changed stack",
      [{ ...web, nodes: [node("alb", "Alb", "edge"), node("api", "HttpApi", "edge")] }, data],
      "web-dev",
    ],
    ["a new stack", [web, data, { ...data, stack: "new-dev" }], "new-dev"],
    ["a stack that is gone", [web], "data-dev"],
  ])("names %s", (_what, diagrams, stale) => {
    expect(readmeStaleness(current, diagrams)).toBe(`${STALE_MESSAGE} (stale: ${stale})`);
  });

  it("reports a hand-edited legend", () => {
    const edited = current.replace("Boxes are modules", "Boxes are things");
    expect(readmeStaleness(edited, [web, data])).toBe(`${STALE_MESSAGE} (stale: the legend)`);
  });
});
