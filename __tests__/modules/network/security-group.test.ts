import { AnnotationMetadataEntryType } from "cdktf";
import { synthScope } from "../../harness/synth-scope";
import { Port } from "../../../modules/network/port";
import { SecurityGroup, SecurityGroupProps } from "../../../modules/network/security-group";
import { ref } from "../refs";

const EGRESS = "aws_vpc_security_group_egress_rule";
const BASE: SecurityGroupProps = { vpcId: "vpc-0123", name: "api", description: "API tasks" };

/** Synthesizes one SecurityGroup (and what `after` adds), returning the JSON and the construct. */
function build(overrides: Partial<SecurityGroupProps> = {}, after?: (group: SecurityGroup) => void) {
  let group: SecurityGroup | undefined;
  const synth = synthScope((scope) => {
    group = new SecurityGroup(scope, "api", { ...BASE, ...overrides });
    after?.(group);
  });
  const groupName = Object.keys(synth.resources("aws_security_group"))[0]!;
  return { synth, group: group!, groupRef: ref("aws_security_group", groupName) };
}

const warningsOf = (group: SecurityGroup) =>
  group.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));

describe("SecurityGroup", () => {
  it("creates a group with no inline rules and no ingress rule", () => {
    const { synth } = build();
    const group = synth.only("aws_security_group");
    expect(group).toMatchObject({
      name: "api",
      description: "API tasks",
      vpc_id: "vpc-0123",
      revoke_rules_on_delete: true,
    });
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(synth.count("aws_security_group_rule")).toBe(0);
  });

  it("with allowAllOutbound: true allows all outbound IPv4 traffic, as a separate rule", () => {
    const { synth, group, groupRef } = build({ allowAllOutbound: true });
    const rule = synth.only(EGRESS);
    expect(rule).toMatchObject({ security_group_id: groupRef, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
    expect(rule).not.toHaveProperty("from_port");
    expect(group.connections.outbound).toBe("all");
    expect(warningsOf(group)).toEqual([]);
  });

  it("sends nothing by default: egress is what its connections open, or all when asked for", () => {
    const { synth, group } = build();
    expect(synth.count(EGRESS)).toBe(0);
    expect(group.connections.outbound).toBe("rules");
    expect(warningsOf(group)).toEqual([]);
    const open = build({ allowAllOutbound: true });
    expect(open.synth.only(EGRESS)).toMatchObject({ ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
  });

  it("with allowAllOutbound: false has no egress until its connections add some, and no warning", () => {
    const { synth, group, groupRef } = build({ allowAllOutbound: false }, (g) =>
      g.connections.allowToCidr("10.0.0.0/16", Port.tcp(5432)),
    );
    expect(group.connections.outbound).toBe("rules");
    expect(synth.only(EGRESS)).toEqual({
      security_group_id: groupRef,
      cidr_ipv4: "10.0.0.0/16",
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "to 10.0.0.0/16",
    });
    expect(synth.only("aws_security_group")).not.toHaveProperty("egress");
    expect(warningsOf(group)).toEqual([]);
  });

  it("with noEgress has no egress at all and refuses to get any", () => {
    const { synth, group } = build({ noEgress: true });
    expect(synth.count(EGRESS)).toBe(0);
    expect(synth.only("aws_security_group")).not.toHaveProperty("egress");
    expect(group.connections.outbound).toBe("none");
    expect(warningsOf(group)).toEqual([]);
    expect(() =>
      build({ noEgress: true }, (g) => g.connections.allowToCidr("10.0.0.0/16", Port.tcp(443))),
    ).toThrow('stack/api: api only answers (outbound "none"), so it cannot open connections to 10.0.0.0/16');
  });

  it("wires its connections to its own group, with its default port", () => {
    const { synth, group, groupRef } = build({ defaultPort: Port.tcp(5432), noEgress: true }, (g) =>
      g.connections.allowFromCidr("10.0.0.0/16"),
    );
    expect(group.connections.ownerName).toBe("api");
    expect(synth.only("aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: groupRef,
      from_port: 5432,
      to_port: 5432,
    });
  });

  it.each<[string, Partial<SecurityGroupProps>, string]>([
    [
      "noEgress with allowAllOutbound",
      { noEgress: true, allowAllOutbound: true },
      "stack/api: noEgress and allowAllOutbound contradict each other; a group that only answers sends nothing, so drop one",
    ],
  ])("rejects %s", (_what, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  it.each<[string, (g: SecurityGroup) => void, string]>([
    [
      "allowFrom with no port and no default port",
      (g) => g.connections.allowFromCidr("10.0.0.0/16"),
      "stack/api: name a port; this security group has no default port",
    ],
    [
      "an IPv4 CIDR with host bits",
      (g) => g.connections.allowFromCidr("10.0.0.1/16", Port.tcp(443)),
      'stack/api: allowFromCidr needs an IPv4 CIDR, got "10.0.0.1/16"',
    ],
    [
      "a prefix list name instead of its id",
      (g) => g.connections.allowToPrefixList("com.amazonaws.ap-northeast-2.s3", Port.tcp(443)),
      'stack/api: allowToPrefixList needs a prefix list id ("pl-" and 8 or 17 lowercase hex digits',
    ],
  ])("its connections reject %s", (_what, call, message) => {
    expect(() => build({ allowAllOutbound: false }, call)).toThrow(message);
  });

  it("rejects a reversed or out-of-range port before any rule exists", () => {
    expect(() => Port.tcpRange(443, 80)).toThrow("port range 443-80 is reversed");
    expect(() => Port.tcp(65536)).toThrow("port must be 0-65535, got 65536");
  });
});
