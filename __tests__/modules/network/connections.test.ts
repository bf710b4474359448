import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { Construct } from "constructs";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { Connections, IConnectable } from "../../../modules/network/connections";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { ref } from "../refs";

const INGRESS = "aws_vpc_security_group_ingress_rule";
const EGRESS = "aws_vpc_security_group_egress_rule";
/** CloudFront's origin-facing list in most regions, and an S3 gateway endpoint's. */
const CLOUDFRONT_PL = "pl-22a6434b";
const S3_PL = "pl-0123456789abcdef0";

/**
 * Three groups in one VPC: a database listening on 5432 that only answers, a service with no default
 * port and general egress (Fargate tasks), and a load balancer on 443 whose egress is rules only.
 */
function groups(scope: Construct) {
  const database = new SecurityGroup(scope, "database", {
    vpcId: "vpc-0123",
    name: "database",
    description: "PostgreSQL",
    defaultPort: Port.tcp(5432),
    noEgress: true,
  });
  const service = new SecurityGroup(scope, "service", {
    vpcId: "vpc-0123",
    name: "service",
    description: "API",
    allowAllOutbound: true,
  });
  const balancer = new SecurityGroup(scope, "balancer", {
    vpcId: "vpc-0123",
    name: "balancer",
    description: "ALB",
    defaultPort: Port.tcp(443),
    allowAllOutbound: false,
  });
  return { database, service, balancer };
}

/** The Terraform name of the aws_security_group inside one of our SecurityGroup constructs. */
function groupName(synth: SynthesizedJson, name: string): string {
  const found = Object.entries(synth.resources("aws_security_group")).find(([, g]) => g.name === name);
  if (!found) throw new Error(`no security group named ${name}`);
  return found[0];
}

const rules = (synth: SynthesizedJson) => Object.values(synth.resources(INGRESS));
/** Egress rules other than the allow-all rule of a group with allowAllOutbound. */
const narrowEgress = (synth: SynthesizedJson) =>
  Object.values(synth.resources(EGRESS)).filter((r) => r.description !== "all outbound");
/** The one narrow egress rule; fails when there are none or several. */
function onlyNarrowEgress(synth: SynthesizedJson): Record<string, unknown> {
  const all = narrowEgress(synth);
  if (all.length !== 1) throw new Error(`expected exactly one narrow egress rule, found ${all.length}`);
  return all[0]!;
}
const groupRef = (synth: SynthesizedJson, name: string) => ref("aws_security_group", groupName(synth, name));

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

  it("allowFrom also adds the egress rule on a peer whose egress is rules only", () => {
    const synth = synthScope((scope) => {
      const { balancer, service } = groups(scope);
      service.connections.allowFrom(balancer, Port.tcp(8080), "from the load balancer");
    });
    expect(synth.only(INGRESS)).toEqual({
      security_group_id: groupRef(synth, "service"),
      referenced_security_group_id: groupRef(synth, "balancer"),
      ip_protocol: "tcp",
      from_port: 8080,
      to_port: 8080,
      description: "from the load balancer",
    });
    expect(narrowEgress(synth)).toEqual([
      {
        security_group_id: groupRef(synth, "balancer"),
        referenced_security_group_id: groupRef(synth, "service"),
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        description: "to service",
      },
    ]);
  });

  it("allowTo adds the egress rule on this group and the ingress on the peer's, on the peer's default port", () => {
    const synth = synthScope((scope) => {
      const { balancer, database } = groups(scope);
      balancer.connections.allowTo(database);
    });
    expect(synth.only(INGRESS)).toMatchObject({
      security_group_id: groupRef(synth, "database"),
      referenced_security_group_id: groupRef(synth, "balancer"),
      from_port: 5432,
    });
    expect(onlyNarrowEgress(synth)).toMatchObject({
      security_group_id: groupRef(synth, "balancer"),
      referenced_security_group_id: groupRef(synth, "database"),
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
    });
  });

  it("adds no egress rule on a peer that allows all outbound: its allow-all rule already covers it", () => {
    const synth = synthScope((scope) => {
      const { database, service } = groups(scope);
      database.connections.allowFrom(service);
      service.connections.allowTo(database, Port.tcp(5432));
    });
    expect(rules(synth)).toHaveLength(1);
    expect(narrowEgress(synth)).toEqual([]);
    expect(synth.only(EGRESS)).toMatchObject({
      security_group_id: groupRef(synth, "service"),
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  it("makes one egress rule for repeated identical calls from either side, and one per port", () => {
    const synth = synthScope((scope) => {
      const { balancer, service } = groups(scope);
      service.connections.allowFrom(balancer, Port.tcp(8080));
      balancer.connections.allowTo(service, Port.tcp(8080));
      service.connections.allowFrom(balancer, Port.tcp(9000));
    });
    expect(narrowEgress(synth).map((r) => r.from_port)).toEqual([8080, 9000]);
    expect(rules(synth).map((r) => r.from_port)).toEqual([8080, 9000]);
  });

  it("gives all-traffic egress rules no ports", () => {
    const synth = synthScope((scope) => {
      const { balancer, service } = groups(scope);
      service.connections.allowFrom(balancer, Port.allTraffic());
    });
    const [rule] = narrowEgress(synth);
    expect(rule!.ip_protocol).toBe("-1");
    expect(rule).not.toHaveProperty("from_port");
    expect(rule).not.toHaveProperty("to_port");
  });

  it("allowFromPrefixList admits a managed prefix list on the default port", () => {
    const synth = synthScope((scope) => {
      groups(scope).balancer.connections.allowFromPrefixList(
        CLOUDFRONT_PL,
        undefined,
        "HTTPS from CloudFront",
      );
    });
    expect(synth.only(INGRESS)).toEqual({
      security_group_id: groupRef(synth, "balancer"),
      prefix_list_id: CLOUDFRONT_PL,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: "HTTPS from CloudFront",
    });
  });

  it("allowFromPrefixList takes a looked-up list (a token) when a description names the rule", () => {
    const synth = synthScope((scope) => {
      const cloudfront = new DataAwsEc2ManagedPrefixList(scope, "cloudfront", {
        name: "com.amazonaws.global.cloudfront.origin-facing",
      });
      groups(scope).balancer.connections.allowFromPrefixList(
        cloudfront.id,
        Port.tcp(443),
        "HTTPS from CloudFront",
      );
    });
    const listName = Object.keys(synth.json.data!.aws_ec2_managed_prefix_list as object)[0]!;
    expect(synth.only(INGRESS)).toMatchObject({
      prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${listName}.id}`,
      from_port: 443,
      description: "HTTPS from CloudFront",
    });
    expect(Object.keys(synth.resources(INGRESS))[0]).toMatch(/https-from-cloudfront/);
  });

  it("allowToPrefixList adds only an egress rule, e.g. HTTPS to the S3 gateway endpoint", () => {
    const synth = synthScope((scope) => {
      groups(scope).balancer.connections.allowToPrefixList(S3_PL, Port.tcp(443));
    });
    expect(synth.count(INGRESS)).toBe(0);
    expect(onlyNarrowEgress(synth)).toEqual({
      security_group_id: groupRef(synth, "balancer"),
      prefix_list_id: S3_PL,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: `to ${S3_PL}`,
    });
  });

  it("allowToCidr adds only an egress rule to that CIDR", () => {
    const synth = synthScope((scope) => {
      groups(scope).balancer.connections.allowToCidr(
        "10.0.64.0/20",
        Port.tcp(8080),
        "to the private subnets",
      );
    });
    expect(synth.count(INGRESS)).toBe(0);
    expect(onlyNarrowEgress(synth)).toEqual({
      security_group_id: groupRef(synth, "balancer"),
      cidr_ipv4: "10.0.64.0/20",
      ip_protocol: "tcp",
      from_port: 8080,
      to_port: 8080,
      description: "to the private subnets",
    });
  });

  it("makes one rule per prefix list and port", () => {
    const synth = synthScope((scope) => {
      const { balancer } = groups(scope);
      balancer.connections.allowFromPrefixList(CLOUDFRONT_PL);
      balancer.connections.allowFromPrefixList(CLOUDFRONT_PL, Port.tcp(443));
      balancer.connections.allowFromPrefixList(CLOUDFRONT_PL, Port.tcp(80));
      balancer.connections.allowToPrefixList(S3_PL, Port.tcp(443));
      balancer.connections.allowToPrefixList(S3_PL, Port.tcp(443));
    });
    expect(rules(synth).map((r) => r.from_port)).toEqual([443, 80]);
    expect(narrowEgress(synth)).toHaveLength(1);
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

  it.each(["10.0.0.1/16", "0.0.0.0", "::/0"])("rejects %s as a CIDR destination", (bad) => {
    expect(() =>
      synthScope((scope) => {
        groups(scope).balancer.connections.allowToCidr(bad, Port.tcp(443));
      }),
    ).toThrow(`balancer: allowToCidr needs an IPv4 CIDR, got "${bad}"`);
  });

  describe.each(["allowFromPrefixList", "allowToPrefixList"] as const)("%s", (method) => {
    it.each([
      ["too short", "pl-22a643"],
      ["16 hex digits", "pl-0123456789abcdef"],
      ["upper case", "pl-22A6434B"],
      ["not hex", "pl-zzzzzzzz"],
      ["another resource's id", "sg-22a6434b"],
      ["the list's name", "com.amazonaws.global.cloudfront.origin-facing"],
      ["empty", ""],
    ])("rejects an id that is %s", (_what, bad) => {
      expect(() =>
        synthScope((scope) => {
          groups(scope).balancer.connections[method](bad, Port.tcp(443));
        }),
      ).toThrow(
        `stack/balancer: ${method} needs a prefix list id ("pl-" and 8 or 17 lowercase hex digits, e.g. "pl-3b927c52"), got "${bad}"`,
      );
    });

    it.each([
      ["no description", undefined],
      ["a description of punctuation only", " -- "],
    ])("rejects a token id with %s", (_what, description) => {
      expect(() =>
        synthScope((scope) => {
          const list = new DataAwsEc2ManagedPrefixList(scope, "list", {
            name: "com.amazonaws.ap-northeast-2.s3",
          });
          groups(scope).balancer.connections[method](list.id, Port.tcp(443), description);
        }),
      ).toThrow(
        `stack/balancer: ${method} with a prefix list id that is a token needs a description (it names the rule)`,
      );
    });
  });

  describe("a group that only answers (noEgress)", () => {
    it.each<[string, (g: ReturnType<typeof groups>) => void, string]>([
      ["allowTo a peer", (g) => g.database.connections.allowTo(g.balancer), "to balancer"],
      ["a peer's allowFrom", (g) => g.balancer.connections.allowFrom(g.database), "to balancer"],
      [
        "allowToCidr",
        (g) => g.database.connections.allowToCidr("10.0.0.0/16", Port.tcp(443)),
        "to 10.0.0.0/16",
      ],
      [
        "allowToPrefixList",
        (g) => g.database.connections.allowToPrefixList(S3_PL, Port.tcp(443)),
        `to ${S3_PL}`,
      ],
    ])("refuses %s, and adds nothing", (_what, call, destination) => {
      let made = -1;
      expect(() =>
        synthScope((scope) => {
          const g = groups(scope);
          try {
            call(g);
          } finally {
            made = scope.node
              .findAll()
              .filter((c) => c.node.id.startsWith("ingress-") || c.node.id.startsWith("egress-")).length;
          }
        }),
      ).toThrow(
        `stack/database: database only answers (outbound "none"), so it cannot open connections ${destination}; connect the other way round`,
      );
      // Only the service's allow-all rule: the refused call left no half-made pair.
      expect(made).toBe(1);
    });

    it("still admits clients, whose own groups get the egress", () => {
      const synth = synthScope((scope) => {
        const { database, balancer } = groups(scope);
        database.connections.allowFrom(balancer);
      });
      expect(synth.only(INGRESS).security_group_id).toBe(groupRef(synth, "database"));
      expect(onlyNarrowEgress(synth).security_group_id).toBe(groupRef(synth, "balancer"));
    });
  });

  it("gives a group it did not create (given by id) the egress rules its connections need", () => {
    const synth = synthScope((scope) => {
      const imported: IConnectable = { connections: new Connections(scope, "sg-0abc", "legacy") };
      expect(imported.connections.outbound).toBe("rules");
      groups(scope).database.connections.allowFrom(imported);
    });
    expect(onlyNarrowEgress(synth)).toMatchObject({
      security_group_id: "sg-0abc",
      referenced_security_group_id: groupRef(synth, "database"),
      from_port: 5432,
    });
  });
});
