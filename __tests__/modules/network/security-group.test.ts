import { synthScope } from "../../harness/synth-scope";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { ref } from "../refs";

const EGRESS = "aws_vpc_security_group_egress_rule";

describe("SecurityGroup", () => {
  it("creates a group with no inline rules and no ingress rule", () => {
    const synth = synthScope((scope) => {
      new SecurityGroup(scope, "api", { vpcId: "vpc-0123", name: "api", description: "API tasks" });
    });
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

  it("allows all outbound IPv4 traffic by default, as a separate rule", () => {
    const synth = synthScope((scope) => {
      new SecurityGroup(scope, "api", { vpcId: "vpc-0123", name: "api", description: "API tasks" });
    });
    const groupName = Object.keys(synth.resources("aws_security_group"))[0]!;
    const rule = synth.only(EGRESS);
    expect(rule).toMatchObject({
      security_group_id: ref("aws_security_group", groupName),
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
    expect(rule).not.toHaveProperty("from_port");
  });

  it("has no egress at all when allowAllOutbound is false", () => {
    const synth = synthScope((scope) => {
      new SecurityGroup(scope, "db", {
        vpcId: "vpc-0123",
        name: "db",
        description: "DB",
        allowAllOutbound: false,
      });
    });
    expect(synth.count(EGRESS)).toBe(0);
    expect(synth.only("aws_security_group")).not.toHaveProperty("egress");
  });

  it("wires its connections to its own group", () => {
    const synth = synthScope((scope) => {
      const group = new SecurityGroup(scope, "db", { vpcId: "vpc-0123", name: "db", description: "DB" });
      group.connections.allowFromCidr("10.0.0.0/16", Port.tcp(5432));
    });
    const groupName = Object.keys(synth.resources("aws_security_group"))[0]!;
    expect(synth.only("aws_vpc_security_group_ingress_rule").security_group_id).toBe(
      ref("aws_security_group", groupName),
    );
  });
});
