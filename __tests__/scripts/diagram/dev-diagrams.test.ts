import { renderMermaid } from "../../../scripts/diagram/mermaid";
import { StackDiagram } from "../../../scripts/diagram/model";
import { environmentDiagrams } from "../../../scripts/diagram/source";
import { edgeLines } from "./fixtures";

/** The diagrams of the committed config/dev.tfvars, built in-process as `npm run diagram` does. */
let diagrams: StackDiagram[];
beforeAll(async () => {
  diagrams = await environmentDiagrams("dev", {});
}, 60_000);

const of = (stack: string): StackDiagram => {
  const found = diagrams.find((d) => d.stack === stack);
  if (!found) throw new Error(`no diagram of ${stack} among ${diagrams.map((d) => d.stack).join(", ")}`);
  return found;
};

describe("diagrams of the dev stacks", () => {
  it("draws every dev stack, in deploy order", () => {
    expect(diagrams.map((d) => d.stack)).toEqual([
      "bootstrap-dev",
      "network-dev",
      "fileflow-dev",
      "erp-mes-dev",
      "alert-system-dev",
      "ecg-pipeline-dev",
      "aipx-dev",
    ]);
  });

  it.each(["fileflow-dev", "erp-mes-dev", "alert-system-dev", "ecg-pipeline-dev", "aipx-dev"])(
    "%s stays readable (5-25 nodes) and every edge joins drawn nodes",
    (stack) => {
      const diagram = of(stack);
      expect(diagram.nodes.length).toBeGreaterThanOrEqual(5);
      expect(diagram.nodes.length).toBeLessThanOrEqual(25);
      const drawn = new Set([...diagram.nodes.map((n) => n.key), ...diagram.externals.map((x) => x.key)]);
      expect(diagram.edges.flatMap((e) => [e.from, e.to]).filter((k) => !drawn.has(k))).toEqual([]);
    },
  );

  it("fileflow-dev: the ALB is the internet entry point and reaches web-api on its container port", () => {
    const fileflow = of("fileflow-dev");
    expect(fileflow.entryPoints).toEqual(["alb"]);
    // 8083: the web API's container port (stacks/fileflow-stack.ts).
    expect(edgeLines(fileflow)).toEqual(
      expect.arrayContaining(["internet -> alb: tcp 80", "alb -> web-api: tcp 8083"]),
    );
    expect(fileflow.nodes.find((n) => n.key === "web-api")).toMatchObject({
      kind: "AutoscaledService",
      tier: "compute",
    });
    expect(renderMermaid(fileflow)).toContain('  n_alb -->|"tcp 8083"| n_web_api');
  });

  it.each([
    ["erp-mes-dev", "simulator -> database: tcp 5432"],
    ["erp-mes-dev", "cidr:10.50.0.0/16 -> database: tcp 5432"],
    ["alert-system-dev", "api -> database: tcp 5432"],
    ["alert-system-dev", "api -> cache: tcp 6379"],
    ["aipx-dev", "oms -> database: tcp 5432"],
    ["aipx-dev", "ingestion -> oms: tcp 50051"],
    ["aipx-dev", "recorder -> kafka: tcp 9098"],
  ])("%s: a data store admits its client (%s)", (stack, edge) => {
    expect(edgeLines(of(stack))).toContain(edge);
  });

  it("ecg-pipeline-dev: the internet reaches CloudFront only, which reaches the ALB", () => {
    const ecg = of("ecg-pipeline-dev");
    expect(ecg.entryPoints).toEqual(["cdn"]);
    expect(edgeLines(ecg)).toEqual(
      expect.arrayContaining([
        "internet -> cdn: https 443",
        "cdn -> alb: tcp 80",
        "cdn -.-> frontend: origin",
        "alb -> api: tcp 8000",
      ]),
    );
  });

  it("aipx-dev: the IAM-authorised API is an entry point; Kafka feeds its consumers", () => {
    const aipx = of("aipx-dev");
    expect(aipx.entryPoints).toEqual(["cognitive-api"]);
    expect(edgeLines(aipx)).toEqual(
      expect.arrayContaining([
        "internet -> cognitive-api: https 443 (IAM)",
        "cognitive-api -.-> cognitive: invoke",
        "kafka -.-> recorder: market-ticks",
        "kafka -.-> strategy-worker: market-ticks",
        "signals -.-> notification: subscription",
      ]),
    );
    // The event sources are edges, not boxes.
    expect(aipx.nodes.map((n) => n.kind)).not.toContain("MskEventSource");
  });

  it("network-dev: the NAT instance is its own node, forwarding the VPC's traffic", () => {
    const network = of("network-dev");
    expect(network.nodes.map((n) => `${n.key} ${n.kind}`)).toEqual(
      expect.arrayContaining(["vpc Vpc", "vpc/nat-instance NatInstance"]),
    );
    expect(edgeLines(network)).toEqual(["cidr:10.10.0.0/16 -> vpc/nat-instance: all"]);
    expect(network.entryPoints).toEqual([]);
  });
});
