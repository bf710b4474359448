import { Construct } from "constructs";
import { Alb } from "../../../modules/alb/alb";
import { Connections } from "../../../modules/network/connections";
import { Port } from "../../../modules/network/port";
import { PostgresDatabase } from "../../../modules/rds/postgres-database";
import { StackDiagram } from "../../../scripts/diagram/model";
import { diagramOfScope, edgeLines, group, httpAlb } from "./fixtures";

function database(scope: Construct, allowedCidrs?: string[]): PostgresDatabase {
  return new PostgresDatabase(scope, "db", {
    identifier: "acme-orders",
    databaseName: "orders",
    vpcId: "vpc-0123",
    subnetIds: ["subnet-a", "subnet-b"],
    ...(allowedCidrs ? { allowedCidrs } : {}),
  });
}

describe("security-group connections as edges", () => {
  it.each<[string, (scope: Construct) => void, string[]]>([
    [
      "a client of the database, on the database's default port",
      (scope) => database(scope).connections.allowFrom(group(scope, "app")),
      ["app -> db: tcp 5432"],
    ],
    [
      "a port range",
      (scope) => group(scope, "api").connections.allowFrom(group(scope, "lb"), Port.tcpRange(8000, 8001)),
      ["lb -> api: tcp 8000-8001"],
    ],
    [
      "all traffic",
      (scope) => group(scope, "peer").connections.allowFrom(group(scope, "node"), Port.allTraffic()),
      ["node -> peer: all"],
    ],
    [
      "several rules between one pair, merged in port order",
      (scope) => {
        const api = group(scope, "api");
        const lb = group(scope, "lb");
        api.connections.allowFrom(lb, Port.tcp(8443));
        api.connections.allowFrom(lb, Port.tcp(443));
        api.connections.allowFrom(lb, Port.tcp(80));
      },
      ["lb -> api: tcp 80, tcp 443, tcp 8443"],
    ],
    ["a CIDR peer", (scope) => database(scope, ["10.50.0.0/16"]), ["cidr:10.50.0.0/16 -> db: tcp 5432"]],
    [
      "a managed prefix list",
      (scope) => group(scope, "api").connections.allowFromPrefixList("pl-3b927c52", Port.tcp(443)),
      ["prefix-list:pl-3b927c52 -> api: tcp 443"],
    ],
    [
      "a group given by id, not built in this stack",
      (scope) => {
        const legacy = new Connections(scope, "sg-0123456789abcdef0", "legacy");
        database(scope).connections.allowFrom({ connections: legacy });
      },
      ["security-group:sg-0123456789abcdef0 -> db: tcp 5432"],
    ],
    ["an internet-facing ALB, from the internet", (scope) => httpAlb(scope), ["internet -> alb: tcp 80"]],
    [
      "an internal ALB open to 0.0.0.0/0, from that CIDR only",
      (scope) => httpAlb(scope, "alb", { internal: true }),
      ["cidr:0.0.0.0/0 -> alb: tcp 80"],
    ],
    [
      "an ALB admitting only CloudFront, with no distribution in the stack",
      (scope) =>
        new Alb(scope, "alb", {
          name: "acme-alb",
          vpcId: "vpc-0123",
          subnetIds: ["subnet-a", "subnet-b"],
          allowPlainHttp: true,
          accessLogs: false,
          cloudFrontOnly: { originHeaderName: "X-Origin-Verify", originHeaderValue: "s".repeat(32) },
        }),
      ["cloudfront -> alb: tcp 80"],
    ],
    [
      "a group admitting itself (no edge to itself)",
      (scope) => {
        const cluster = group(scope, "cluster");
        cluster.connections.allowFrom(cluster, Port.tcp(9098));
      },
      [],
    ],
  ])("%s", (_what, build, edges) => {
    expect(edgeLines(diagramOfScope(build))).toEqual(edges);
  });

  it("marks what the internet reaches as the entry points, and names the outside sources", () => {
    const diagram: StackDiagram = diagramOfScope((scope) => {
      const alb = httpAlb(scope);
      database(scope, ["10.50.0.0/16"]).connections.allowFrom(alb, Port.tcp(5432));
    });
    expect(diagram.entryPoints).toEqual(["alb"]);
    expect(diagram.externals).toEqual([
      { key: "internet", label: "Internet", kind: "internet" },
      { key: "cidr:10.50.0.0/16", label: "10.50.0.0/16", kind: "cidr" },
    ]);
    expect(edgeLines(diagram)).toEqual([
      "internet -> alb: tcp 80",
      "alb -> db: tcp 5432",
      "cidr:10.50.0.0/16 -> db: tcp 5432",
    ]);
  });
});
