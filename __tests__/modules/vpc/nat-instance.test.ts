import {
  NatInstance,
  NatInstanceProps,
  NAT_INSTANCE_AMI_PARAMETER,
  natInstanceUserData,
} from "../../../modules/vpc/nat-instance";
import { TerraformOutput } from "cdktf";
import { Vpc } from "../../../modules/vpc/vpc";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { namesByTier, ref, target } from "../refs";

const AZS = ["ap-northeast-2a", "ap-northeast-2c"];
const NAT_ATTRIBUTES = [
  "networkInterfaceId",
  "securityGroupId",
  "instanceSecurityGroupId",
  "autoScalingGroupName",
  "launchTemplateId",
  "instanceType",
  "roleName",
] as const;

/** What an attribute of the NAT instance resolves to in the synthesized JSON. */
function resolved(synth: SynthesizedJson, attribute: (typeof NAT_ATTRIBUTES)[number]): unknown {
  return synth.output(attribute)?.value;
}
const VPC_CIDR = "10.20.0.0/16";

function buildVpc(natInstanceType?: string): { synth: SynthesizedJson; vpc: Vpc } {
  let vpc: Vpc | undefined;
  const synth = synthScope((scope) => {
    vpc = new Vpc(scope, "network", {
      name: "acme-dev",
      cidr: VPC_CIDR,
      availabilityZones: AZS,
      natMode: "instance",
      ...(natInstanceType ? { natInstanceType } : {}),
    });
    // Outputs resolve the token attributes, so tests can read what they point at.
    for (const attribute of NAT_ATTRIBUTES) {
      new TerraformOutput(scope, attribute, { value: vpc.natInstance![attribute] });
    }
  });
  return { synth, vpc: vpc! };
}

const nameOf = (synth: SynthesizedJson, type: string) => {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};

/**
 * The user data as the instance receives it. It is synthesized as
 * `${base64encode(join("", ["<text>", aws_network_interface.<name>.id, "<text>"]))}`: the literal parts
 * are JSON-style strings, the interface id a reference, returned as `<ref:...>`.
 */
function userDataOf(template: Record<string, unknown>): string {
  const match = /^\$\{base64encode\(join\("", \[(.*)\]\)\)\}$/s.exec(String(template.user_data));
  if (!match)
    throw new Error(`user_data is not base64encode(join(...)): ${String(template.user_data).slice(0, 80)}`);
  const parts = match[1]!.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.-]*/g) ?? [];
  return parts.map((p) => (p.startsWith('"') ? (JSON.parse(p) as string) : `<ref:${p}>`)).join("");
}

function statementsOf(synth: SynthesizedJson, role: string) {
  const policy = Object.values(synth.resources("aws_iam_role_policy")).find(
    (p) => p.role === ref("aws_iam_role", role),
  );
  return JSON.parse(policy!.policy as string).Statement as {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
  }[];
}

describe('NatInstance (natMode "instance")', () => {
  const { synth, vpc } = buildVpc();
  const eniName = nameOf(synth, "aws_network_interface");
  const template = synth.only("aws_launch_template");
  const group = synth.only("aws_autoscaling_group");
  const natRole = Object.entries(synth.resources("aws_iam_role")).find(([, r]) =>
    String(r.assume_role_policy).includes("ec2.amazonaws.com"),
  )![0];
  const publicSubnets = namesByTier(synth, "aws_subnet", "public");
  const firstPublicSubnet = publicSubnets.find(
    (n) => synth.resources("aws_subnet")[n]!.availability_zone === AZS[0],
  )!;

  describe("the fixed interface", () => {
    const eni = synth.only("aws_network_interface");

    it("sits in the first public subnet with the source/dest check off", () => {
      expect(eni.source_dest_check).toBe(false);
      expect(eni.subnet_id).toBe(ref("aws_subnet", firstPublicSubnet));
    });

    it("is the target of every private route table's default route", () => {
      const privateTables = namesByTier(synth, "aws_route_table", "private");
      expect(privateTables).toHaveLength(2);
      for (const table of privateTables) {
        const routes = Object.values(synth.resources("aws_route")).filter(
          (r) => r.route_table_id === ref("aws_route_table", table),
        );
        expect(routes).toEqual([
          expect.objectContaining({
            destination_cidr_block: "0.0.0.0/0",
            network_interface_id: ref("aws_network_interface", eniName),
          }),
        ]);
        expect(routes[0]).not.toHaveProperty("nat_gateway_id");
      }
    });

    it("admits only the VPC CIDR (all protocols) and egresses to the internet", () => {
      const groupName = target(synth, "aws_security_group", (eni.security_groups as string[])[0]);
      const groupRef = ref("aws_security_group", groupName);
      const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
        (r) => r.security_group_id === groupRef,
      );
      expect(ingress).toEqual([expect.objectContaining({ cidr_ipv4: VPC_CIDR, ip_protocol: "-1" })]);
      const egress = Object.values(synth.resources("aws_vpc_security_group_egress_rule")).filter(
        (r) => r.security_group_id === groupRef,
      );
      expect(egress).toEqual([expect.objectContaining({ cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" })]);
      expect(resolved(synth, "securityGroupId")).toBe(groupRef);
    });
  });

  describe("the launch template", () => {
    it("requires IMDSv2 with a hop limit of 1", () => {
      expect(template.metadata_options).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      });
    });

    it("has an encrypted gp3 root volume on Amazon Linux 2023's root device", () => {
      expect(template.block_device_mappings).toEqual([
        {
          device_name: "/dev/xvda",
          ebs: { volume_type: "gp3", volume_size: 8, encrypted: "true", delete_on_termination: "true" },
        },
      ]);
    });

    it("has no key pair, t4g.nano by default, and basic monitoring", () => {
      expect(template).not.toHaveProperty("key_name");
      expect(template.instance_type).toBe("t4g.nano");
      expect(template.monitoring).toEqual({ enabled: false });
      expect(vpc.natInstance!.instanceType).toBe("t4g.nano");
    });

    it("takes the AMI from the public arm64 Amazon Linux 2023 SSM parameter, never a literal id", () => {
      const parameters = synth.json.data!.aws_ssm_parameter as Record<string, Record<string, unknown>>;
      const [name, parameter] = Object.entries(parameters)[0]!;
      expect(Object.keys(parameters)).toHaveLength(1);
      expect(parameter.name).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
      expect(NAT_INSTANCE_AMI_PARAMETER).toBe(parameter.name);
      expect(template.image_id).toBe(`\${data.aws_ssm_parameter.${name}.insecure_value}`);
      expect(JSON.stringify(synth.json)).not.toMatch(/"ami-[0-9a-f]+"/);
    });

    it("gives the primary interface a public IPv4 and a group with no ingress at all", () => {
      const interfaces = template.network_interfaces as Record<string, unknown>[];
      expect(interfaces).toHaveLength(1);
      expect(interfaces[0]).toMatchObject({ device_index: 0, associate_public_ip_address: "true" });
      const groupName = target(synth, "aws_security_group", (interfaces[0]!.security_groups as string[])[0]);
      const groupRef = ref("aws_security_group", groupName);
      expect(synth.resources("aws_security_group")[groupName]).not.toHaveProperty("ingress");
      const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
        (r) => r.security_group_id === groupRef,
      );
      expect(ingress).toEqual([]);
      const egress = Object.values(synth.resources("aws_vpc_security_group_egress_rule")).filter(
        (r) => r.security_group_id === groupRef,
      );
      expect(egress).toEqual([expect.objectContaining({ cidr_ipv4: "0.0.0.0/0" })]);
      expect(resolved(synth, "instanceSecurityGroupId")).toBe(groupRef);
    });

    it("opens port 22 nowhere", () => {
      const rules = [
        ...Object.values(synth.resources("aws_vpc_security_group_ingress_rule")),
        ...Object.values(synth.resources("aws_security_group_rule")),
      ];
      for (const rule of rules) {
        const from = Number(rule.from_port ?? -1);
        const to = Number(rule.to_port ?? -1);
        expect(from <= 22 && 22 <= to).toBe(false);
        // "all traffic" is allowed only from the VPC itself.
        if (rule.ip_protocol === "-1") expect(rule.cidr_ipv4).toBe(VPC_CIDR);
      }
    });

    it("runs the profile whose role has only the NAT's permissions", () => {
      const profile = synth.only("aws_iam_instance_profile");
      expect(template.iam_instance_profile).toEqual({
        arn: ref("aws_iam_instance_profile", nameOf(synth, "aws_iam_instance_profile"), "arn"),
      });
      expect(profile.role).toBe(ref("aws_iam_role", natRole, "name"));
    });
  });

  describe("the user data", () => {
    const script = userDataOf(template);
    const eniRef = `<ref:aws_network_interface.${eniName}.id>`;

    it("is a plain shell script that knows the fixed interface and the VPC CIDR", () => {
      expect(script.startsWith("#!/bin/bash\n")).toBe(true);
      expect(script).toContain(`NAT_ENI_ID=${eniRef}\n`);
      expect(script).toContain(`VPC_CIDR=${VPC_CIDR}\n`);
    });

    it("attaches the interface as device index 1 with the AWS CLI, asking IMDS with a v2 token", () => {
      expect(script).toMatch(
        /aws ec2 attach-network-interface --region "\$REGION" --network-interface-id "\$NAT_ENI_ID" --instance-id "\$INSTANCE_ID" --device-index 1 /,
      );
      expect(script).toContain('curl -sSf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300"');
      expect(script).toContain('-H "X-aws-ec2-metadata-token: $token"');
    });

    it("forwards, and masquerades the VPC out of the primary interface", () => {
      expect(script).toContain("sysctl -q -w net.ipv4.ip_forward=1");
      expect(script).toContain('oifname "$PRIMARY_IF" ip saddr $VPC_CIDR masquerade');
      expect(script).toContain('iifname "$NAT_IF" oifname "$PRIMARY_IF" ip saddr $VPC_CIDR accept');
    });

    it("downloads nothing but the OS package it may lack, and runs again at every boot", () => {
      const urls = script.match(/https?:\/\/[^\s"]+/g) ?? [];
      for (const url of urls) expect(url).toMatch(/^http:\/\/169\.254\.169\.254\//);
      expect(script).toContain("dnf install -y -q nftables");
      expect(script).not.toMatch(/\b(wget|pip|git clone)\b/);
      expect(script).toContain("systemctl enable --now nat-instance.service");
    });

    it("natInstanceUserData renders the same script for a literal interface id", () => {
      const plain = natInstanceUserData({ networkInterfaceId: "eni-0123", vpcCidr: VPC_CIDR });
      expect(plain).toBe(script.replace(eniRef, "eni-0123"));
    });
  });

  describe("the Auto Scaling group", () => {
    it("runs exactly one instance of the latest template version in the first public subnet", () => {
      expect(group).toMatchObject({
        min_size: 1,
        max_size: 1,
        desired_capacity: 1,
        health_check_type: "EC2",
      });
      expect(group.vpc_zone_identifier).toEqual([ref("aws_subnet", firstPublicSubnet)]);
      const templateName = nameOf(synth, "aws_launch_template");
      expect(group.launch_template).toEqual({
        id: ref("aws_launch_template", templateName),
        version: ref("aws_launch_template", templateName, "latest_version"),
      });
    });

    it("waits for the public subnet's route to the internet before booting anything", () => {
      expect(group.depends_on).toEqual(
        expect.arrayContaining([
          `aws_internet_gateway.${nameOf(synth, "aws_internet_gateway")}`,
          expect.stringMatching(/^aws_route\.network_public-default-route_/),
          expect.stringMatching(/^aws_route_table_association\.network_public-subnet-0-route-table_/),
        ]),
      );
    });
  });

  describe("the instance role", () => {
    const statements = statementsOf(synth, natRole);

    it("is trusted by ec2.amazonaws.com only", () => {
      const trust = JSON.parse(synth.resources("aws_iam_role")[natRole]!.assume_role_policy as string);
      expect(trust.Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    });

    it("has Session Manager's managed policy, from the partition data source", () => {
      const attachment = synth.only("aws_iam_role_policy_attachment");
      expect(attachment.role).toBe(ref("aws_iam_role", natRole, "name"));
      expect(attachment.policy_arn).toMatch(
        /^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/,
      );
    });

    it("may attach only the fixed interface, to instances of this account and region", () => {
      const attach = statements.filter((s) => [s.Action].flat().includes("ec2:AttachNetworkInterface"));
      expect(attach).toHaveLength(1);
      expect([attach[0]!.Action].flat()).toEqual(["ec2:AttachNetworkInterface"]);
      expect([attach[0]!.Resource].flat()).toEqual([
        ref("aws_network_interface", eniName, "arn"),
        expect.stringMatching(
          /^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:ec2:\$\{data\.aws_region\.[^}]+\.name\}:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:instance\/\*$/,
        ),
      ]);
    });

    it("has no wildcard action, and `*` only for the describe call that accepts nothing else", () => {
      for (const statement of statements) {
        expect(statement.Effect).toBe("Allow");
        for (const action of [statement.Action].flat()) expect(action).not.toContain("*");
        if ([statement.Resource].flat().includes("*")) {
          expect([statement.Action].flat()).toEqual(["ec2:DescribeNetworkInterfaces"]);
        }
      }
    });
  });

  it("exposes typed results", () => {
    const nat = vpc.natInstance!;
    expect(nat).toBeInstanceOf(NatInstance);
    expect(resolved(synth, "networkInterfaceId")).toBe(ref("aws_network_interface", eniName));
    expect(resolved(synth, "autoScalingGroupName")).toBe(
      ref("aws_autoscaling_group", nameOf(synth, "aws_autoscaling_group"), "name"),
    );
    expect(resolved(synth, "launchTemplateId")).toBe(
      ref("aws_launch_template", nameOf(synth, "aws_launch_template")),
    );
    expect(resolved(synth, "roleName")).toBe(ref("aws_iam_role", natRole, "name"));
    expect(vpc.natGatewayIds).toEqual([]);
    expect(synth.count("aws_nat_gateway")).toBe(0);
    expect(synth.count("aws_eip")).toBe(0);
  });

  it("honours another Graviton type and detailed monitoring", () => {
    expect(buildVpc("c7g.medium").synth.only("aws_launch_template").instance_type).toBe("c7g.medium");
    const monitored = synthScope(
      (scope) => new NatInstance(scope, "nat", { ...DIRECT, detailedMonitoring: true }),
    ).only("aws_launch_template");
    expect(monitored.monitoring).toEqual({ enabled: true });
  });
});

const DIRECT: NatInstanceProps = {
  name: "acme-dev",
  vpcId: "vpc-1",
  vpcCidr: "10.0.0.0/16",
  subnetId: "subnet-a",
};

describe("NatInstance prop validation", () => {
  const build = (overrides: Partial<NatInstanceProps>) => () =>
    synthScope((scope) => new NatInstance(scope, "nat", { ...DIRECT, ...overrides }));

  test.each([
    [
      "an x86 type",
      { instanceType: "t3.nano" },
      /instanceType must be a Graviton \(arm64\) instance type .* got "t3\.nano"/,
    ],
    ["an AMD type", { instanceType: "m7a.large" }, /instanceType must be a Graviton .* got "m7a\.large"/],
    [
      "an x86 GPU type with a g in its family",
      { instanceType: "g4dn.xlarge" },
      /instanceType must be a Graviton .* got "g4dn\.xlarge"/,
    ],
    ["a type without a size", { instanceType: "t4g" }, /instanceType must be a Graviton .* got "t4g"/],
    [
      "a malformed VPC CIDR",
      { vpcCidr: "10.0.0.1/16" },
      /vpcCidr must be an IPv4 CIDR .* got "10\.0\.0\.1\/16"/,
    ],
    ["an empty name", { name: "" }, /name must be 1-51 letters/],
    [
      "a name too long for the role",
      { name: "x".repeat(52) },
      /name must be 1-51 letters.*64-character role name/,
    ],
  ])("rejects %s", (_why, overrides, message) => {
    expect(build(overrides)).toThrow(message);
    expect(build(overrides)).toThrow(/nat: invalid NatInstance props:/);
  });

  test.each([
    "t4g.nano",
    "t4g.small",
    "c7g.medium",
    "m7g.large",
    "c6gn.16xlarge",
    "r8g.metal-24xl",
    "a1.medium",
    "x2gd.xlarge",
  ])("accepts the Graviton type %s", (instanceType) => {
    expect(build({ instanceType })).not.toThrow();
  });

  it("reports every problem at once", () => {
    const run = build({ name: "-bad", vpcCidr: "nope", instanceType: "t3.micro" });
    expect(run).toThrow(/name must be/);
    expect(run).toThrow(/vpcCidr must be/);
    expect(run).toThrow(/instanceType must be/);
  });
});
