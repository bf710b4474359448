import { Construct } from "constructs";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { Connections, IConnectable } from "../../../modules/network/connections";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { ref } from "../refs";

const INGRESS = "aws_vpc_security_group_ingress_rule";

/** Two groups in one VPC: a database listening on 5432 and a service with no default port. */
function groups(scope: Construct) {
  const database = new SecurityGroup(scope, "database", {
    vpcId: "vpc-0123",
    name: "database",
    description: "PostgreSQL",
    defaultPort: Port.tcp(5432),
  });
  const service = new SecurityGroup(scope, "service", {
    vpcId: "vpc-0123",
    name: "service",
    description: "API",
  });
  return { database, service };
}

/** The Terraform name of the aws_security_group inside one of our SecurityGroup constructs. */
function groupName(synth: SynthesizedJson, name: string): string {
  const found = Object.entries(synth.resources("aws_security_group")).find(([, g]) => g.name === name);
  if (!found) throw new Error(`no security group named ${name}`);
  return found[0];
}

const rules = (synth: SynthesizedJson) => Object.values(synth.resources(INGRESS));

describe("Connections", () => {
  it("allowFrom adds an ingress rule on the target group that references the peer group", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      database.connections.allowFrom(service, Port.tcp(6432));
    });
    expect(rules(synth)).toEqual([
      {
        security_group_id: ref("aws_security_group", groupName(synth, "database")),
        referenced_security_group_id: ref("aws_security_group", groupName(synth, "service")),
        ip_protocol: "tcp",
        from_port: 6432,
        to_port: 6432,
        description: "from service",
      },
    ]);
  });

  it("allowFrom without a port opens the target's default port", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      database.connections.allowFrom(service);
    });
    expect(synth.only(INGRESS)).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: "tcp" });
  });

  it("allowFromCidr adds a CIDR-sourced rule and no group reference", () => {
    const synth = synthScope((scope) => {
      groups(scope).database.connections.allowFromCidr("10.0.64.0/20", undefined, "private subnets");
    });
    const rule = synth.only(INGRESS);
    expect(rule).toMatchObject({
      security_group_id: ref("aws_security_group", groupName(synth, "database")),
      cidr_ipv4: "10.0.64.0/20",
      from_port: 5432,
      to_port: 5432,
      description: "private subnets",
    });
    expect(rule).not.toHaveProperty("referenced_security_group_id");
  });

  it("allowTo puts the rule on the peer's group, with this group as the source", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      service.connections.allowTo(database);
    });
    expect(synth.only(INGRESS)).toMatchObject({
      security_group_id: ref("aws_security_group", groupName(synth, "database")),
      referenced_security_group_id: ref("aws_security_group", groupName(synth, "service")),
      from_port: 5432,
    });
  });

  it("makes one rule for repeated identical calls, and separate rules for different ports or sources", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      database.connections.allowFrom(service);
      database.connections.allowFrom(service, Port.tcp(5432));
      service.connections.allowTo(database);
      database.connections.allowFromCidr("10.0.0.0/16");
      database.connections.allowFromCidr("10.0.0.0/16");
      database.connections.allowFrom(service, Port.tcp(9187));
    });
    const summary = rules(synth)
      .map((r) => `${r.referenced_security_group_id ? "group" : r.cidr_ipv4}:${r.from_port}`)
      .sort();
    expect(summary).toEqual(["10.0.0.0/16:5432", "group:5432", "group:9187"]);
  });

  it("leaves out ports for all-traffic rules", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      database.connections.allowFrom(service, Port.allTraffic());
    });
    const rule = synth.only(INGRESS);
    expect(rule.ip_protocol).toBe("-1");
    expect(rule).not.toHaveProperty("from_port");
    expect(rule).not.toHaveProperty("to_port");
  });

  it("also governs a group it did not create (given by id)", () => {
    const synth = synthScope((scope) => {
      const imported: IConnectable = {
        connections: new Connections(scope, "sg-0abc", "legacy", Port.tcp(443)),
      };
      imported.connections.allowFromCidr("192.168.0.0/24");
    });
    expect(synth.only(INGRESS)).toMatchObject({
      security_group_id: "sg-0abc",
      from_port: 443,
      cidr_ipv4: "192.168.0.0/24",
    });
  });

  it("asks for a port when the group has no default", () => {
    expect(() =>
      synthScope((scope) => {
        const { database, service } = groups(scope);
        service.connections.allowFrom(database);
      }),
    ).toThrow(/service: name a port; this security group has no default port/);
  });

  it.each(["10.0.0.1/16", "10.0.0.0", "0.0.0.0/33", "anywhere"])("rejects %s as a CIDR source", (bad) => {
    expect(() =>
      synthScope((scope) => {
        groups(scope).database.connections.allowFromCidr(bad);
      }),
    ).toThrow(new RegExp(`allowFromCidr needs an IPv4 CIDR, got "${bad.replace(/[./]/g, "\\$&")}"`));
  });
});
