import { TerraformOutput } from "cdktf";
import {
  BOOT_GRACE_SECONDS,
  DLAMI_GPU_AL2023_PARAMETER,
  GpuModelServer,
  GpuModelServerProps,
} from "../../../modules/ec2/gpu-model-server";
import { modelServerUserData } from "../../../modules/ec2/model-server-user-data";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const BASE: GpuModelServerProps = {
  name: "acme-dev-model",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-priv-a", "subnet-priv-c"],
  logRetentionDays: 30,
};
const WORKING_HOURS = { timeZone: "Asia/Seoul", start: "0 9 * * MON-FRI", stop: "0 19 * * MON-FRI" };
const ATTRIBUTES = [
  "port",
  "hostName",
  "url",
  "hostedZoneId",
  "autoScalingGroupName",
  "launchTemplateId",
  "logGroupName",
  "securityGroupId",
  "instanceType",
] as const;

interface Built {
  readonly synth: SynthesizedJson;
  readonly server: GpuModelServer;
}

/** The server plus an API security group it admits, as the stack wires them. */
function build(overrides: Partial<GpuModelServerProps> = {}): Built {
  let server: GpuModelServer | undefined;
  const synth = synthScope((scope) => {
    server = new GpuModelServer(scope, "model", { ...BASE, ...overrides });
    const api = new SecurityGroup(scope, "api", {
      vpcId: BASE.vpcId,
      name: "acme-dev-api",
      description: "api",
    });
    server.connections.allowFrom(api, Port.tcp(server.port));
    for (const attribute of ATTRIBUTES) new TerraformOutput(scope, attribute, { value: server[attribute] });
    new TerraformOutput(scope, "roleArn", { value: server.role.roleArn });
  });
  return { synth, server: server! };
}

const nameOf = (synth: SynthesizedJson, type: string, pick?: (r: Record<string, unknown>) => boolean) => {
  const names = Object.entries(synth.resources(type))
    .filter(([, r]) => !pick || pick(r))
    .map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};

/**
 * The user data as the instance receives it: `${base64encode(join("", ["<text>", <zone id>, "<text>"]))}`,
 * the literal parts JSON-style strings, the zone id a reference returned as `<ref:...>`.
 */
function userDataOf(template: Record<string, unknown>): string {
  const match = /^\$\{base64encode\(join\("", \[(.*)\]\)\)\}$/s.exec(String(template.user_data));
  if (!match)
    throw new Error(`user_data is not base64encode(join(...)): ${String(template.user_data).slice(0, 80)}`);
  const parts = match[1]!.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.-]*/g) ?? [];
  // Terraform reads `$${` in a literal as `${`: undo Fn.rawString's escape to get the text it writes.
  return parts
    .map((p) => (p.startsWith('"') ? (JSON.parse(p) as string).replace(/\$\$\{/g, "${") : `<ref:${p}>`))
    .join("");
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function statementsOf(synth: SynthesizedJson): Statement[] {
  return JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement as Statement[];
}

describe("GpuModelServer (defaults: on-demand g4dn.xlarge, always on)", () => {
  const { synth, server } = build();
  const template = synth.only("aws_launch_template");
  const group = synth.only("aws_autoscaling_group");
  const templateName = nameOf(synth, "aws_launch_template");
  const serverGroup = nameOf(synth, "aws_security_group", (g) => g.name === "acme-dev-model");
  const apiGroup = nameOf(synth, "aws_security_group", (g) => g.name === "acme-dev-api");
  const zoneName = nameOf(synth, "aws_route53_zone");

  describe("the launch template", () => {
    it("requires IMDSv2 with a hop limit of 2, so a container on the instance reaches it", () => {
      expect(template.metadata_options).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 2,
        instance_metadata_tags: "disabled",
      });
    });

    it("has one encrypted gp3 root volume of 100 GiB, deleted with the instance", () => {
      expect(template.block_device_mappings).toEqual([
        {
          device_name: "/dev/xvda",
          ebs: { volume_type: "gp3", volume_size: 100, encrypted: "true", delete_on_termination: "true" },
        },
      ]);
    });

    it("has no key pair, no public IP, and the server's security group on its only interface", () => {
      expect(template).not.toHaveProperty("key_name");
      expect(template).not.toHaveProperty("vpc_security_group_ids");
      expect(template.network_interfaces).toEqual([
        {
          device_index: 0,
          associate_public_ip_address: "false",
          delete_on_termination: "true",
          security_groups: [ref("aws_security_group", serverGroup)],
        },
      ]);
    });

    it("resolves the Deep Learning AMI from its public SSM parameter at launch, never a literal id", () => {
      expect(template.image_id).toBe(
        "resolve:ssm:/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id",
      );
      expect(DLAMI_GPU_AL2023_PARAMETER).toBe(String(template.image_id).slice("resolve:ssm:".length));
      expect(synth.json.data).not.toHaveProperty("aws_ssm_parameter");
      expect(JSON.stringify(synth.json)).not.toMatch(/"ami-[0-9a-f]+"/);
    });

    it("is g4dn.xlarge, EBS-optimized, basic monitoring, updates its default version, runs the profile", () => {
      expect(template).toMatchObject({
        instance_type: "g4dn.xlarge",
        ebs_optimized: "true",
        monitoring: { enabled: false },
        update_default_version: true,
        iam_instance_profile: {
          arn: ref("aws_iam_instance_profile", nameOf(synth, "aws_iam_instance_profile"), "arn"),
        },
      });
      expect(server.instanceType).toBe("g4dn.xlarge");
    });

    it("tags instances, volumes and interfaces with the provider's default tags and the name", () => {
      const tagsName = Object.keys(synth.json.data!.aws_default_tags as object)[0]!;
      const specs = template.tag_specifications as { resource_type: string; tags: string }[];
      expect(specs.map((s) => s.resource_type)).toEqual(["instance", "volume", "network-interface"]);
      for (const spec of specs) {
        expect(spec.tags).toBe(
          `\${merge(data.aws_default_tags.${tagsName}.tags, {"Name" = "acme-dev-model"})}`,
        );
      }
    });
  });

  describe("the Auto Scaling group", () => {
    it("runs capacity 1/1/1 of the template's latest version in the private subnets, on-demand", () => {
      expect(group).toMatchObject({
        name: "acme-dev-model",
        min_size: 1,
        max_size: 1,
        desired_capacity: 1,
        vpc_zone_identifier: ["subnet-priv-a", "subnet-priv-c"],
        health_check_type: "EC2",
        health_check_grace_period: BOOT_GRACE_SECONDS,
      });
      expect(group.launch_template).toEqual({
        id: ref("aws_launch_template", templateName),
        version: ref("aws_launch_template", templateName, "latest_version"),
      });
      expect(group).not.toHaveProperty("mixed_instances_policy");
      expect(group).not.toHaveProperty("capacity_rebalance");
      expect(group).not.toHaveProperty("lifecycle");
    });

    it("rolls a new template version out launching before terminating, after the boot grace period", () => {
      expect(group.instance_refresh).toEqual({
        strategy: "Rolling",
        preferences: {
          min_healthy_percentage: 100,
          max_healthy_percentage: 200,
          instance_warmup: String(BOOT_GRACE_SECONDS),
        },
      });
      expect(BOOT_GRACE_SECONDS).toBeGreaterThanOrEqual(600);
    });

    it("boots only once its log group and permissions exist", () => {
      expect(group.depends_on).toEqual(
        expect.arrayContaining([
          `aws_cloudwatch_log_group.${nameOf(synth, "aws_cloudwatch_log_group")}`,
          `aws_iam_role_policy.${nameOf(synth, "aws_iam_role_policy")}`,
          `aws_iam_role_policy_attachment.${nameOf(synth, "aws_iam_role_policy_attachment")}`,
        ]),
      );
    });

    it("has no scheduled actions without working hours", () => {
      expect(synth.count("aws_autoscaling_schedule")).toBe(0);
    });
  });

  describe("the security group", () => {
    const groupRef = ref("aws_security_group", serverGroup);
    const rulesOf = (type: string) =>
      Object.values(synth.resources(type)).filter((r) => r.security_group_id === groupRef);

    it("admits only the API's group, only on the model port", () => {
      expect(rulesOf("aws_vpc_security_group_ingress_rule")).toEqual([
        expect.objectContaining({
          referenced_security_group_id: ref("aws_security_group", apiGroup),
          ip_protocol: "tcp",
          from_port: 8080,
          to_port: 8080,
        }),
      ]);
      expect(rulesOf("aws_vpc_security_group_ingress_rule")[0]).not.toHaveProperty("cidr_ipv4");
    });

    it("sends only HTTPS (AWS APIs, packages); DNS to the VPC resolver needs no rule", () => {
      expect(rulesOf("aws_vpc_security_group_egress_rule")).toEqual([
        expect.objectContaining({ cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 }),
      ]);
    });

    it("gives the API's group the matching egress to the model port", () => {
      const apiEgress = Object.values(synth.resources("aws_vpc_security_group_egress_rule")).filter(
        (r) => r.security_group_id === ref("aws_security_group", apiGroup),
      );
      expect(apiEgress).toEqual([
        expect.objectContaining({ referenced_security_group_id: groupRef, from_port: 8080, to_port: 8080 }),
      ]);
    });

    it("opens port 22 nowhere and has no inline rules", () => {
      expect(synth.resources("aws_security_group")[serverGroup]).not.toHaveProperty("ingress");
      for (const rule of Object.values(synth.resources("aws_vpc_security_group_ingress_rule"))) {
        expect(Number(rule.from_port) <= 22 && 22 <= Number(rule.to_port)).toBe(false);
        expect(rule.ip_protocol).not.toBe("-1");
      }
    });
  });

  describe("the instance role", () => {
    const role = synth.only("aws_iam_role");
    const statements = statementsOf(synth);
    const zoneArn = ref("aws_route53_zone", zoneName, "arn");
    const logArn = ref("aws_cloudwatch_log_group", nameOf(synth, "aws_cloudwatch_log_group"), "arn");

    it("is trusted by ec2.amazonaws.com only and named <name>-instance", () => {
      expect(role.name).toBe("acme-dev-model-instance");
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    });

    it("has exactly Session Manager's managed policy attached", () => {
      const attachments = Object.values(synth.resources("aws_iam_role_policy_attachment"));
      expect(attachments.map((a) => a.policy_arn)).toEqual([
        expect.stringMatching(
          /^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/,
        ),
      ]);
    });

    it("may write only its own A record, list its zone, find running instances and ship its log", () => {
      expect(statements).toEqual([
        {
          Sid: "RegisterItsOwnRecord",
          Effect: "Allow",
          Action: "route53:ChangeResourceRecordSets",
          Resource: zoneArn,
          Condition: {
            "ForAllValues:StringEquals": {
              "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["acme-dev-model.internal"],
              "route53:ChangeResourceRecordSetsRecordTypes": ["A"],
              "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
            },
          },
        },
        { Sid: "ListItsZone", Effect: "Allow", Action: "route53:ListResourceRecordSets", Resource: zoneArn },
        { Sid: "FindRunningInstances", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
        {
          Sid: "ShipItsLog",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logArn, `${logArn}:*`],
        },
      ]);
    });

    it("has no wildcard action, and `*` only for the describe call that accepts nothing else", () => {
      for (const statement of statements) {
        for (const action of [statement.Action].flat()) expect(action).not.toContain("*");
        if ([statement.Resource].flat().includes("*")) expect(statement.Action).toBe("ec2:DescribeInstances");
      }
    });
  });

  describe("the private zone and the log group", () => {
    it("is <name>.internal in the VPC, destroyed with the records the instances left", () => {
      expect(synth.only("aws_route53_zone")).toMatchObject({
        name: "acme-dev-model.internal",
        force_destroy: true,
        vpc: [{ vpc_id: "vpc-0123" }],
      });
    });

    it("keeps the server's log for the retention asked", () => {
      expect(synth.only("aws_cloudwatch_log_group")).toMatchObject({
        name: "/ec2/acme-dev-model/model-server",
        retention_in_days: 30,
      });
    });
  });

  describe("the user data", () => {
    const script = userDataOf(template);
    const zoneRef = `<ref:aws_route53_zone.${zoneName}.zone_id>`;

    it("is the rendered boot script, with the zone id spliced in as a reference", () => {
      expect(script).toBe(
        modelServerUserData({
          port: 8080,
          logGroupName: "/ec2/acme-dev-model/model-server",
          hostedZoneId: zoneRef,
          recordName: "acme-dev-model.internal",
          autoScalingGroupName: "acme-dev-model",
        }),
      );
      expect(script).toContain(`ZONE_ID=${zoneRef}\n`);
    });

    it("runs the model-server unit with /health on the port, logging to /var/log/model-server.log", () => {
      expect(script).toContain(
        "ExecStart=/opt/model-server/venv/bin/uvicorn main:app --host 0.0.0.0 --port 8080",
      );
      expect(script).toContain("StandardOutput=append:/var/log/model-server.log");
      expect(script).toContain('@app.get("/health")');
      expect(script).toContain("systemctl enable --now model-server.service");
    });

    it("ships the log to the module's log group through the CloudWatch agent", () => {
      const agent = /<<'AGENT'\n([\s\S]*?)\nAGENT\n/.exec(script)![1]!;
      expect(JSON.parse(agent).logs.logs_collected.files.collect_list).toEqual([
        {
          file_path: "/var/log/model-server.log",
          log_group_name: "/ec2/acme-dev-model/model-server",
          log_stream_name: "{instance_id}",
        },
      ]);
      expect(script).toContain("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:");
    });

    it("registers the instance in DNS, enables Docker and turns sshd off", () => {
      expect(script).toContain("RECORD_NAME=acme-dev-model.internal\n");
      expect(script).toContain("GROUP_NAME=acme-dev-model\n");
      expect(script).toContain("ExecStop=/usr/local/sbin/model-server-dns deregister");
      expect(script).toContain("systemctl enable --now docker.service");
      expect(script).toContain("systemctl disable --now sshd.service");
    });
  });

  it("exposes typed results pointing at the resources", () => {
    const out = (name: string) => synth.output(name)?.value;
    expect(out("port")).toBe(8080);
    expect(server.port).toBe(8080);
    expect(out("hostName")).toBe("acme-dev-model.internal");
    expect(out("url")).toBe("http://acme-dev-model.internal:8080");
    expect(server.url).toBe("http://acme-dev-model.internal:8080");
    expect(out("hostedZoneId")).toBe(ref("aws_route53_zone", zoneName, "zone_id"));
    expect(out("autoScalingGroupName")).toBe(
      ref("aws_autoscaling_group", nameOf(synth, "aws_autoscaling_group"), "name"),
    );
    expect(out("launchTemplateId")).toBe(ref("aws_launch_template", templateName));
    expect(out("logGroupName")).toBe(
      ref("aws_cloudwatch_log_group", nameOf(synth, "aws_cloudwatch_log_group"), "name"),
    );
    expect(out("securityGroupId")).toBe(ref("aws_security_group", serverGroup));
    expect(out("roleArn")).toBe(ref("aws_iam_role", nameOf(synth, "aws_iam_role"), "arn"));
  });
});

describe("GpuModelServer on Spot", () => {
  const { synth } = build({
    spot: true,
    instanceType: "g5.xlarge",
    additionalInstanceTypes: ["g4dn.2xlarge", "g6.xlarge"],
    onDemandBaseCapacity: 1,
    capacity: { min: 1, max: 3, desired: 2 },
  });
  const group = synth.only("aws_autoscaling_group");
  const templateName = nameOf(synth, "aws_launch_template");

  it("launches through a mixed-instances policy, capacity-optimized over every type, with capacity rebalance", () => {
    expect(group).not.toHaveProperty("launch_template");
    expect(group.capacity_rebalance).toBe(true);
    expect(group.mixed_instances_policy).toEqual({
      instances_distribution: {
        on_demand_base_capacity: 1,
        on_demand_percentage_above_base_capacity: 0,
        on_demand_allocation_strategy: "prioritized",
        spot_allocation_strategy: "capacity-optimized",
      },
      launch_template: {
        launch_template_specification: {
          launch_template_id: ref("aws_launch_template", templateName),
          version: ref("aws_launch_template", templateName, "latest_version"),
        },
        override: [
          { instance_type: "g5.xlarge" },
          { instance_type: "g4dn.2xlarge" },
          { instance_type: "g6.xlarge" },
        ],
      },
    });
    expect(group).toMatchObject({ min_size: 1, max_size: 3, desired_capacity: 2 });
    expect(synth.only("aws_launch_template").instance_type).toBe("g5.xlarge");
  });

  it("defaults to all Spot over the one type", () => {
    const policy = build({ spot: true }).synth.only("aws_autoscaling_group").mixed_instances_policy as {
      instances_distribution: Record<string, unknown>;
      launch_template: { override: unknown[] };
    };
    expect(policy.instances_distribution).toMatchObject({
      on_demand_base_capacity: 0,
      on_demand_percentage_above_base_capacity: 0,
    });
    expect(policy.launch_template.override).toEqual([{ instance_type: "g4dn.xlarge" }]);
  });
});

describe("GpuModelServer working hours", () => {
  const { synth } = build({ workingHours: WORKING_HOURS, capacity: { min: 1, max: 2, desired: 1 } });
  const groupName = nameOf(synth, "aws_autoscaling_group");
  const schedules = Object.values(synth.resources("aws_autoscaling_schedule"));
  const byName = (suffix: string) => schedules.find((s) => String(s.scheduled_action_name).endsWith(suffix))!;

  it("scales up to the capacity at the start, in the time zone", () => {
    expect(byName("-start")).toEqual({
      scheduled_action_name: "acme-dev-model-start",
      autoscaling_group_name: ref("aws_autoscaling_group", groupName, "name"),
      time_zone: "Asia/Seoul",
      recurrence: "0 9 * * MON-FRI",
      min_size: 1,
      max_size: 2,
      desired_capacity: 1,
    });
  });

  it("scales to 0 at the stop, keeping max (Terraform's own value)", () => {
    expect(byName("-stop")).toEqual({
      scheduled_action_name: "acme-dev-model-stop",
      autoscaling_group_name: ref("aws_autoscaling_group", groupName, "name"),
      time_zone: "Asia/Seoul",
      recurrence: "0 19 * * MON-FRI",
      min_size: 0,
      max_size: 2,
      desired_capacity: 0,
    });
    expect(schedules).toHaveLength(2);
  });

  it("leaves min and desired to the schedules, so a re-plan does not move them back", () => {
    expect(synth.only("aws_autoscaling_group").lifecycle).toEqual({
      ignore_changes: ["min_size", "desired_capacity"],
    });
  });
});

describe("GpuModelServer other choices", () => {
  it("takes an explicit AMI instead of the SSM parameter", () => {
    const template = build({ amiId: "ami-0123456789abcdef0", rootVolumeGib: 40 }).synth.only(
      "aws_launch_template",
    );
    expect(template.image_id).toBe("ami-0123456789abcdef0");
    expect((template.block_device_mappings as { ebs: { volume_size: number } }[])[0]!.ebs.volume_size).toBe(
      40,
    );
  });

  it("takes another public SSM parameter, still resolved at launch", () => {
    const parameter =
      "/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id";
    const template = build({ amiSsmParameter: parameter, instanceType: "g5g.xlarge" }).synth.only(
      "aws_launch_template",
    );
    expect(template.image_id).toBe(`resolve:ssm:${parameter}`);
  });

  it("serves another port, opened only to the caller", () => {
    const { synth, server } = build({ port: 9000 });
    expect(server.url).toBe("http://acme-dev-model.internal:9000");
    const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
    expect(ingress.map((r) => [r.from_port, r.to_port])).toEqual([[9000, 9000]]);
  });
});

describe("GpuModelServer prop validation", () => {
  function problemsOf(overrides: Partial<GpuModelServerProps>): string[] {
    let message = "";
    try {
      build(overrides);
    } catch (error) {
      message = (error as Error).message;
    }
    const [header, ...lines] = message.split("\n");
    expect(header).toBe("stack/model: invalid GpuModelServer props:");
    return lines.map((line) => line.replace(/^ {2}- /, ""));
  }

  test.each([
    [
      "t3.large",
      /^instanceType must be a GPU instance type "<family>\.<size>" of family g4dn, g4ad, g5, g5g, g6, .* got "t3\.large"$/,
    ],
    ["m7g.xlarge", /^instanceType must be a GPU instance type .* got "m7g\.xlarge"$/],
    ["p2.xlarge", /^instanceType must be a GPU instance type .* got "p2\.xlarge"$/],
    ["g3.4xlarge", /^instanceType must be a GPU instance type .* got "g3\.4xlarge"$/],
    ["inf2.xlarge", /^instanceType must be a GPU instance type .* got "inf2\.xlarge"$/],
    ["g4dn", /^instanceType must be a GPU instance type .* got "g4dn"$/],
    ["G4DN.XLARGE", /^instanceType must be a GPU instance type .* got "G4DN\.XLARGE"$/],
    [
      "g5g.xlarge",
      /^instanceType g5g\.xlarge is Graviton \(arm64\), but the default AMI is the x86_64 Deep Learning AMI/,
    ],
    [
      "g4ad.xlarge",
      /^instanceType g4ad\.xlarge has an AMD GPU, which the default AMI's NVIDIA driver cannot drive/,
    ],
  ])("rejects instanceType %s", (instanceType, message) => {
    expect(problemsOf({ instanceType })).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    "g4dn.xlarge",
    "g4dn.metal",
    "g5.48xlarge",
    "g6e.2xlarge",
    "p4d.24xlarge",
    "p5.48xlarge",
    "gr6.4xlarge",
  ])("accepts instanceType %s", (instanceType) => {
    expect(() => build({ instanceType })).not.toThrow();
  });

  test.each<[string, GpuModelServerProps["capacity"], RegExp]>([
    [
      "desired above max",
      { min: 1, max: 1, desired: 2 },
      /^capacity\.desired must be from capacity\.min \(1\) to capacity\.max \(1\), got 2$/,
    ],
    [
      "min above desired",
      { min: 2, max: 3, desired: 1 },
      /^capacity\.desired must be from capacity\.min \(2\) to capacity\.max \(3\), got 1$/,
    ],
    ["max 0", { min: 0, max: 0, desired: 0 }, /^capacity.max must be at least 1 .*, got 0$/],
    [
      "a negative min",
      { min: -1, max: 1, desired: 1 },
      /^capacity.min must be a whole number of instances \(0 or more\), got -1$/,
    ],
    [
      "a fraction",
      { min: 1, max: 2, desired: 1.5 },
      /^capacity.desired must be a whole number of instances \(0 or more\), got 1.5$/,
    ],
  ])("rejects capacity with %s", (_what, capacity, message) => {
    expect(problemsOf({ capacity })).toEqual([expect.stringMatching(message)]);
  });

  test.each<[string, RegExp]>([
    ["0 9 * *", /^workingHours\.start must be a 5-field cron expression .*, got "0 9 \* \*" \(4 fields\)$/],
    ["0 9 * * MON-FRI *", /^workingHours\.start must be a 5-field cron .*\(6 fields\)$/],
    ["cron(0 0 ? * MON-FRI *)", /^workingHours\.start must be .*EventBridge's cron\(\.\.\.\) form/],
    ["0 9 ? * MON-FRI", /^workingHours\.start must be .*EventBridge's/],
    ["0 25 * * MON-FRI", /^workingHours\.start must be .*\(hour 25 is outside 0-23\)$/],
    ["60 9 * * *", /^workingHours\.start must be .*\(minute 60 is outside 0-59\)$/],
    ["0 9 * * FRI-MON", /^workingHours\.start must be .*\(day-of-week range "FRI-MON" runs backwards\)$/],
    ["0 9 * * MOND", /^workingHours\.start must be .*\(day-of-week "MOND" is not a number or a name\)$/],
    ["0 9 * * */0", /^workingHours\.start must be .*\(day-of-week step "0" is not a whole number\)$/],
    ["", /^workingHours\.start must be a 5-field cron .*, got "" \(0 fields\)$/],
  ])("rejects the start cron %j", (start, message) => {
    expect(problemsOf({ workingHours: { ...WORKING_HOURS, start } })).toEqual([
      expect.stringMatching(message),
    ]);
  });

  test.each(["KST", "asia/seoul", "+09:00", "Asia/Nowhere", "GMT+9", ""])(
    "rejects the time zone %j",
    (timeZone) => {
      expect(problemsOf({ workingHours: { ...WORKING_HOURS, timeZone } })).toEqual([
        `workingHours.timeZone must be an IANA time zone name such as "Asia/Seoul" or "UTC" (abbreviations like "KST" and UTC offsets are not accepted), got ${JSON.stringify(timeZone)}`,
      ]);
    },
  );

  test.each<[string, Partial<GpuModelServerProps>, RegExp]>([
    [
      "a start equal to the stop",
      { workingHours: { ...WORKING_HOURS, stop: WORKING_HOURS.start } },
      /^workingHours\.stop must be a different time than workingHours\.start/,
    ],
    ["an upper-case name", { name: "Acme-Dev" }, /^name must be 2-50 lowercase letters.*, got "Acme-Dev"$/],
    ["a name ending in a hyphen", { name: "acme-" }, /^name must be 2-50 lowercase letters/],
    ["a name too long for a DNS label", { name: "a".repeat(51) }, /^name must be 2-50 lowercase letters/],
    ["no subnet", { subnetIds: [] }, /^subnetIds must name at least one private subnet, got none$/],
    ["port 22", { port: 22 }, /^port must be a whole number from 1 to 65535 other than 22 .*, got 22$/],
    [
      "port 70000",
      { port: 70000 },
      /^port must be a whole number from 1 to 65535 other than 22 .*, got 70000$/,
    ],
    [
      "a root volume below the DLAMI's snapshot",
      { rootVolumeGib: 50 },
      /^rootVolumeGib must be a whole number from 75 to 16384 \(the Deep Learning AMI's snapshot is 75 GiB\), got 50$/,
    ],
    [
      "a root volume above gp3's largest",
      { rootVolumeGib: 20000 },
      /^rootVolumeGib must be a whole number from 75 to 16384 .*, got 20000$/,
    ],
    ["a malformed AMI id", { amiId: "ami-123" }, /^amiId must be an AMI id .*, got "ami-123"$/],
    [
      "both AMI choices",
      { amiId: "ami-0123456789abcdef0", amiSsmParameter: "/x/y" },
      /^amiId and amiSsmParameter are alternatives: set one, got both$/,
    ],
    [
      "an SSM parameter with the resolve prefix",
      { amiSsmParameter: "resolve:ssm:/a/b" },
      /^amiSsmParameter must be an SSM parameter name starting with "\/" \(without "resolve:ssm:"\)/,
    ],
    [
      "Spot choices on on-demand",
      { onDemandBaseCapacity: 1 },
      /^onDemandBaseCapacity and additionalInstanceTypes apply to Spot only: set spot: true or remove them$/,
    ],
    [
      "an on-demand base above max",
      { spot: true, onDemandBaseCapacity: 2 },
      /^onDemandBaseCapacity must be a whole number from 0 to capacity.max \(1\), got 2$/,
    ],
    [
      "a non-GPU extra type",
      { spot: true, additionalInstanceTypes: ["c7i.xlarge"] },
      /^additionalInstanceTypes\[0\] must be a GPU instance type .* got "c7i\.xlarge"$/,
    ],
    [
      "an extra type of another architecture",
      { spot: true, additionalInstanceTypes: ["g5g.xlarge"] },
      /^additionalInstanceTypes\[0\] must have the architecture of instanceType g4dn\.xlarge \(x86_64; one AMI serves them all\), got "g5g\.xlarge" \(arm64\)$/,
    ],
    [
      "an extra type repeating instanceType",
      { spot: true, additionalInstanceTypes: ["g4dn.xlarge"] },
      /^additionalInstanceTypes\[0\] must not repeat a type already listed, got "g4dn\.xlarge"$/,
    ],
    [
      "a retention CloudWatch does not offer",
      { logRetentionDays: 31 },
      /^logRetentionDays must be one of 1, 3, 5, 7, 14, 30, .*, got 31$/,
    ],
  ])("rejects %s", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual([expect.stringMatching(message)]);
  });

  it("reports every problem at once", () => {
    expect(
      problemsOf({ name: "-x", instanceType: "t3.large", port: 0, capacity: { min: 2, max: 1, desired: 1 } }),
    ).toEqual([
      expect.stringMatching(/^name must be/),
      expect.stringMatching(/^instanceType must be/),
      expect.stringMatching(/^capacity.desired must be from/),
      expect.stringMatching(/^port must be/),
    ]);
  });
});
