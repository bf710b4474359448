import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { GpuModelServer } from "../../modules/ec2/gpu-model-server";
import { NatInstance } from "../../modules/vpc/nat-instance";
import { Vpc } from "../../modules/vpc/vpc";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The EC2 rules on what cdktf really emits: bare launch templates and instances written the careless
 * way break them, the NAT instance (alone or inside a Vpc) breaks no rule of the whole suite. The
 * hand-written fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const EC2_RULES = [
  "ec2-ebs-encrypted",
  "ec2-imdsv2-required",
  "ec2-no-key-pair",
  "ec2-no-public-ip",
  "ec2-no-ssh-ingress",
];

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

test("the EC2 rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(EC2_RULES));
});

describe("bare provider resources", () => {
  test("a launch template with a key, IMDSv1 and the AMI's root volume breaks every launch rule", () => {
    expect(
      rulesBroken((s) => new LaunchTemplate(s, "lt", { name: "bare", imageId: "ami-1", keyName: "ops" })),
    ).toEqual(["ec2-ebs-encrypted", "ec2-imdsv2-required", "ec2-no-key-pair"]);
  });

  test("an instance with an unencrypted root volume and optional tokens is flagged, naming the fix", () => {
    const lines = findings(
      (s) =>
        new Instance(s, "vm", {
          ami: "ami-1",
          instanceType: "t4g.nano",
          metadataOptions: { httpTokens: "optional" },
          rootBlockDevice: { volumeType: "gp3" },
        }),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_instance\.vm \/ ec2-imdsv2-required \/ .*"optional", not "required"/,
      ),
      expect.stringMatching(
        /^scope \/ aws_instance\.vm \/ ec2-ebs-encrypted \/ root_block_device\.encrypted/,
      ),
    ]);
  });

  test("a security group with SSH from the VPC is flagged (security-group-no-public-ingress would not)", () => {
    expect(
      findings(
        (s) =>
          new AwsSecurityGroup(s, "ssh", {
            name: "ssh",
            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] }],
          }),
      ),
    ).toEqual([
      expect.stringMatching(/^scope \/ aws_security_group\.ssh \/ ec2-no-ssh-ingress \/ .*tcp 22-22/),
    ]);
  });

  test("a launch template and an instance asking for a public IP are flagged, naming the fix", () => {
    const lines = findings((s) => {
      new LaunchTemplate(s, "lt", {
        name: "public",
        imageId: "ami-1",
        metadataOptions: { httpTokens: "required" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }],
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }],
      });
      new Instance(s, "vm", {
        ami: "ami-1",
        instanceType: "t4g.nano",
        metadataOptions: { httpTokens: "required" },
        rootBlockDevice: { encrypted: true },
        associatePublicIpAddress: true,
      });
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_launch_template\.lt \/ ec2-no-public-ip \/ network_interfaces device 0 has associate_public_ip_address = true/,
      ),
      expect.stringMatching(
        /^scope \/ aws_instance\.vm \/ ec2-no-public-ip \/ associate_public_ip_address = true/,
      ),
    ]);
  });

  test("a launch template that gets everything right breaks no rule", () => {
    expect(
      findings(
        (s) =>
          new LaunchTemplate(s, "lt", {
            name: "good",
            imageId: "ami-1",
            metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } }],
          }),
      ),
    ).toEqual([]);
  });
});

describe("the NAT instance", () => {
  test("breaks no rule on its own", () => {
    expect(
      findings(
        (s) =>
          new NatInstance(s, "nat", {
            name: "acme-dev",
            vpcId: "vpc-1",
            vpcCidr: "10.0.0.0/16",
            subnetId: "subnet-a",
          }),
      ),
    ).toEqual([]);
  });

  test('breaks no rule inside a Vpc with natMode "instance", and the EC2 rules had something to check', () => {
    const stack = new PolicyStack(
      "scope",
      synthScope(
        (s) =>
          new Vpc(s, "network", {
            name: "acme-dev",
            cidr: "10.0.0.0/16",
            availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
            natMode: "instance",
          }),
      ).json,
    );
    expect(evaluate([stack], rules).map(formatFinding)).toEqual([]);
    expect(stack.resources("aws_launch_template")).toHaveLength(1);
    expect(stack.resources("aws_vpc_security_group_ingress_rule")).toHaveLength(1);
  });
});

describe("the GPU model server", () => {
  test.each([
    ["on-demand, always on", {}],
    [
      "on Spot, in working hours",
      {
        spot: true,
        additionalInstanceTypes: ["g5.xlarge"],
        workingHours: { timeZone: "Asia/Seoul", start: "0 9 * * MON-FRI", stop: "0 19 * * MON-FRI" },
      },
    ],
  ])("breaks no rule of the suite %s, and the EC2 rules had something to check", (_what, extra) => {
    const stack = new PolicyStack(
      "scope",
      synthScope(
        (s) =>
          new GpuModelServer(s, "model", {
            name: "acme-dev-model",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-c"],
            logRetentionDays: 30,
            ...extra,
          }),
      ).json,
    );
    expect(evaluate([stack], rules).map(formatFinding)).toEqual([]);
    expect(stack.resources("aws_launch_template")).toHaveLength(1);
    expect(stack.resources("aws_vpc_security_group_egress_rule")).toHaveLength(1);
  });
});
