import { PolicyStack, StackResource, blockList, singleBlock, stringsIn } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * EC2 instances and the launch templates that start them (NAT instances, anything an Auto Scaling
 * group runs): IMDSv2, encrypted EBS, no key pairs, no SSH. Session Manager is the way in.
 */

/** What launches an instance: both carry the same instance settings. */
const LAUNCHERS = ["aws_launch_template", "aws_instance"];

function launchers(stack: PolicyStack): StackResource[] {
  return LAUNCHERS.flatMap((type) => stack.resources(type));
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

const imdsv2Required: PolicyRule = {
  name: "ec2-imdsv2-required",
  check: (stack) =>
    launchers(stack).flatMap((resource): Violation[] => {
      const options = singleBlock(resource.config.metadata_options);
      if (options?.http_endpoint === "disabled" || options?.http_tokens === "required") return [];
      return [
        {
          address: resource.address,
          why: `metadata_options.http_tokens is ${JSON.stringify(options?.http_tokens ?? "absent")}, not "required": IMDSv1 answers any unauthenticated GET, so one SSRF bug hands out the instance role's credentials`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "a launch template without metadata_options, an instance with http_tokens optional",
        json: stackJson({
          aws_launch_template: { t: { image_id: "ami-1" } },
          aws_instance: { i: { ami: "ami-1", metadata_options: { http_tokens: "optional" } } },
        }),
        flags: ["aws_launch_template.t", "aws_instance.i"],
      },
    ],
    passing: [
      {
        description: "tokens required (as a list block), and the metadata endpoint switched off",
        json: stackJson({
          aws_launch_template: { t: { metadata_options: [{ http_tokens: "required" }] } },
          aws_instance: { i: { metadata_options: { http_endpoint: "disabled" } } },
        }),
      },
    ],
  },
};

/** Why a volume of `resource` may be unencrypted, or undefined when every volume is encrypted. */
function unencryptedVolume(resource: StackResource): string | undefined {
  const config = resource.config;
  if (resource.type === "aws_ebs_volume") {
    return isTrue(config.encrypted) ? undefined : "encrypted is not true";
  }
  if (resource.type === "aws_instance") {
    const root = singleBlock(config.root_block_device);
    if (!isTrue(root?.encrypted))
      return "root_block_device.encrypted is not true: the root volume keeps the AMI snapshot's encryption, none for public AMIs";
    const plain = blockList(config.ebs_block_device).find((d) => !isTrue(d.encrypted));
    return plain ? `ebs_block_device ${String(plain.device_name)} is not encrypted` : undefined;
  }
  const mappings = blockList(config.block_device_mappings).filter((m) => !m.no_device && !m.virtual_name);
  if (mappings.length === 0)
    return "no block_device_mappings: the root volume keeps the AMI snapshot's encryption, none for public AMIs";
  const plain = mappings.find((m) => !isTrue(singleBlock(m.ebs)?.encrypted));
  return plain ? `block_device_mappings ${String(plain.device_name)} has no ebs.encrypted = true` : undefined;
}

const ebsEncrypted: PolicyRule = {
  name: "ec2-ebs-encrypted",
  check: (stack) =>
    [...launchers(stack), ...stack.resources("aws_ebs_volume")].flatMap((resource): Violation[] => {
      const why = unencryptedVolume(resource);
      return why ? [{ address: resource.address, why: `${why}; set encrypted = true on every volume` }] : [];
    }),
  examples: {
    violating: [
      {
        description: "a template relying on the AMI's root volume, and one with an unencrypted data volume",
        json: stackJson({
          aws_launch_template: {
            bare: { image_id: "ami-1" },
            data: {
              block_device_mappings: [
                { device_name: "/dev/xvda", ebs: { encrypted: "true" } },
                { device_name: "/dev/sdf", ebs: { volume_size: 100 } },
              ],
            },
          },
        }),
        flags: ["aws_launch_template.bare", "aws_launch_template.data"],
      },
      {
        description:
          "an instance without root_block_device, one with a plain EBS volume, and a plain aws_ebs_volume",
        json: stackJson({
          aws_instance: {
            root: { ami: "ami-1" },
            extra: {
              root_block_device: { encrypted: true },
              ebs_block_device: [{ device_name: "/dev/sdf", encrypted: false }],
            },
          },
          aws_ebs_volume: { v: { size: 10 } },
        }),
        flags: ["aws_instance.root", "aws_instance.extra", "aws_ebs_volume.v"],
      },
    ],
    passing: [
      {
        description:
          "encrypted root and data volumes (string and boolean), an instance-store mapping left alone",
        json: stackJson({
          aws_launch_template: {
            t: {
              block_device_mappings: [
                { device_name: "/dev/xvda", ebs: { encrypted: "true" } },
                { device_name: "/dev/sdb", virtual_name: "ephemeral0" },
              ],
            },
          },
          aws_instance: {
            i: { root_block_device: [{ encrypted: true }], ebs_block_device: [{ encrypted: true }] },
          },
          aws_ebs_volume: { v: { encrypted: true } },
        }),
      },
    ],
  },
};

const noKeyPair: PolicyRule = {
  name: "ec2-no-key-pair",
  check: (stack) => [
    ...launchers(stack)
      .filter((r) => typeof r.config.key_name === "string" && r.config.key_name !== "")
      .map((r) => ({
        address: r.address,
        why: `key_name ${JSON.stringify(r.config.key_name)}: an SSH key is a long-lived credential nobody rotates; use Session Manager (AmazonSSMManagedInstanceCore on the instance role)`,
      })),
    ...stack.resources("aws_key_pair").map((r) => ({
      address: r.address,
      why: "an EC2 key pair is a long-lived SSH credential; use Session Manager instead",
    })),
  ],
  examples: {
    violating: [
      {
        description: "a key on a launch template and an instance, and a key pair resource",
        json: stackJson({
          aws_launch_template: { t: { key_name: "ops" } },
          aws_instance: { i: { key_name: "${aws_key_pair.k.key_name}" } },
          aws_key_pair: { k: { key_name: "ops", public_key: "ssh-ed25519 AAAA" } },
        }),
        flags: ["aws_launch_template.t", "aws_instance.i", "aws_key_pair.k"],
      },
    ],
    passing: [
      {
        description: "no key_name at all",
        json: stackJson({ aws_launch_template: { t: { image_id: "ami-1" } }, aws_instance: { i: {} } }),
      },
    ],
  },
};

const ANYWHERE = ["0.0.0.0/0", "::/0"];
const SSH_PORT = 22;

interface Ingress {
  readonly address: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly sources: readonly string[];
}

/** Ingress in all three places the AWS provider accepts it (as in security-group.ts). */
function ingressesOf(stack: PolicyStack): Ingress[] {
  const strings = (value: unknown): string[] =>
    value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);
  return [
    ...stack.resources("aws_security_group").flatMap((group) =>
      blockList(group.config.ingress).map((rule) => ({
        address: group.address,
        protocol: rule.protocol,
        fromPort: rule.from_port,
        toPort: rule.to_port,
        sources: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
      })),
    ),
    ...stack
      .resources("aws_security_group_rule")
      .filter((rule) => rule.config.type === "ingress")
      .map((rule) => ({
        address: rule.address,
        protocol: rule.config.protocol,
        fromPort: rule.config.from_port,
        toPort: rule.config.to_port,
        sources: [...strings(rule.config.cidr_blocks), ...strings(rule.config.ipv6_cidr_blocks)],
      })),
    ...stack.resources("aws_vpc_security_group_ingress_rule").map((rule) => ({
      address: rule.address,
      protocol: rule.config.ip_protocol,
      fromPort: rule.config.from_port,
      toPort: rule.config.to_port,
      sources: [...strings(rule.config.cidr_ipv4), ...strings(rule.config.cidr_ipv6)],
    })),
  ];
}

function isAllTraffic(protocol: unknown): boolean {
  return protocol === "-1" || protocol === -1 || protocol === "all";
}

/**
 * SSH is open when a TCP rule's range covers 22 (from any source: a peer group or the VPC is still a
 * way in that bypasses Session Manager's audit), or when all traffic is open to the internet.
 * All traffic from inside the VPC (a NAT instance's forwarding interface) is not an SSH rule; the
 * NAT instance switches sshd off itself.
 */
function opensSsh(ingress: Ingress): boolean {
  if (isAllTraffic(ingress.protocol)) return ingress.sources.some((s) => ANYWHERE.includes(s));
  const tcp = ingress.protocol === "tcp" || ingress.protocol === "6" || ingress.protocol === 6;
  const from = Number(ingress.fromPort);
  const to = Number(ingress.toPort);
  return tcp && Number.isFinite(from) && Number.isFinite(to) && from <= SSH_PORT && SSH_PORT <= to;
}

const noSshIngress: PolicyRule = {
  name: "ec2-no-ssh-ingress",
  check: (stack) =>
    ingressesOf(stack)
      .filter(opensSsh)
      .map((ingress) => ({
        address: ingress.address,
        why: `ingress reaches port 22 (${isAllTraffic(ingress.protocol) ? "all traffic from the internet" : `tcp ${String(ingress.fromPort)}-${String(ingress.toPort)}`}): nothing here is reached by SSH; use Session Manager`,
      })),
  examples: {
    violating: [
      {
        description: "SSH from the VPC inline, a range covering 22, and all traffic from anywhere",
        json: stackJson({
          aws_security_group: {
            g: { ingress: [{ cidr_blocks: ["10.0.0.0/16"], protocol: "tcp", from_port: 22, to_port: 22 }] },
          },
          aws_vpc_security_group_ingress_rule: {
            range: { referenced_security_group_id: "sg-1", ip_protocol: "tcp", from_port: 0, to_port: 1024 },
            all: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" },
          },
        }),
        flags: [
          "aws_security_group.g",
          "aws_vpc_security_group_ingress_rule.range",
          "aws_vpc_security_group_ingress_rule.all",
        ],
      },
      {
        description: "aws_security_group_rule opening 22 by protocol number",
        json: stackJson({
          aws_security_group_rule: {
            r: { type: "ingress", protocol: "6", from_port: 22, to_port: 22, cidr_blocks: ["10.1.0.0/16"] },
          },
        }),
        flags: ["aws_security_group_rule.r"],
      },
    ],
    passing: [
      {
        description: "all traffic from the VPC (a NAT interface), HTTPS, and SSH egress",
        json: stackJson({
          aws_vpc_security_group_ingress_rule: {
            nat: { cidr_ipv4: "10.0.0.0/16", ip_protocol: "-1" },
            https: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 },
          },
          aws_security_group_rule: {
            e: { type: "egress", protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] },
          },
        }),
      },
    ],
  },
};

/**
 * NAT instances are the exception to "no public IP": forwarding the VPC's traffic to the internet is
 * their job. Recognised by their shape, not their name: an aws_instance with source_dest_check off,
 * or a launch template whose user data names an interface with source_dest_check off, which it
 * attaches to forward through (modules/vpc/nat-instance.ts). Only a router turns that check off.
 */
export function isNatLauncher(stack: PolicyStack, launcher: StackResource): boolean {
  if (launcher.type === "aws_instance") return isFalse(launcher.config.source_dest_check);
  // The user data is one long interpolation with the script's own braces inside: look for the
  // interface's address in its text rather than parse it.
  const text = stringsIn(launcher.config.user_data).join("\n");
  const names = [...text.matchAll(/\baws_network_interface\.([A-Za-z_][\w-]*)\.id\b/g)].map((m) => m[1]);
  return stack
    .resources("aws_network_interface")
    .some((eni) => names.includes(eni.name) && isFalse(eni.config.source_dest_check));
}

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** The launch templates an Auto Scaling group starts instances from (directly or mixed). */
export function launchTemplatesOf(stack: PolicyStack, group: StackResource): StackResource[] {
  const mixed = singleBlock(singleBlock(group.config.mixed_instances_policy)?.launch_template);
  const specs = [
    singleBlock(group.config.launch_template),
    singleBlock(mixed?.launch_template_specification),
  ].filter((s) => s !== undefined);
  return [
    ...new Set(
      specs.flatMap((spec) =>
        stack
          .referencedBy([spec.id, spec.name, spec.launch_template_id, spec.launch_template_name])
          .filter((r) => r.type === "aws_launch_template"),
      ),
    ),
  ];
}

/** Subnets of `value` (a reference list) that give every instance a public IPv4 unless told otherwise. */
function publicByDefaultSubnets(stack: PolicyStack, value: unknown): StackResource[] {
  return stack
    .referencedBy(value)
    .filter((s) => s.type === "aws_subnet" && isTrue(s.config.map_public_ip_on_launch));
}

const noPublicIp: PolicyRule = {
  name: "ec2-no-public-ip",
  check: (stack) => {
    const violations: Violation[] = [];
    for (const template of stack.resources("aws_launch_template")) {
      const open = blockList(template.config.network_interfaces).find((n) =>
        isTrue(n.associate_public_ip_address),
      );
      if (open && !isNatLauncher(stack, template)) {
        violations.push({
          address: template.address,
          why: `network_interfaces device ${String(open.device_index ?? 0)} has associate_public_ip_address = true: instances are reached through load balancers and Session Manager, never directly from the internet; run them in private subnets (only NAT instances get a public IP)`,
        });
      }
    }
    for (const instance of stack.resources("aws_instance")) {
      if (isNatLauncher(stack, instance)) continue;
      const explicit = isTrue(instance.config.associate_public_ip_address);
      const implicit =
        !isFalse(instance.config.associate_public_ip_address) &&
        publicByDefaultSubnets(stack, instance.config.subnet_id).length > 0;
      if (explicit || implicit) {
        violations.push({
          address: instance.address,
          why: explicit
            ? "associate_public_ip_address = true: an instance is never reached directly from the internet; use a private subnet and Session Manager"
            : "its subnet has map_public_ip_on_launch = true and associate_public_ip_address is not false, so it gets a public IPv4; set it false or use a private subnet",
        });
      }
    }
    for (const group of stack.resources("aws_autoscaling_group")) {
      const templates = launchTemplatesOf(stack, group);
      if (templates.some((t) => isNatLauncher(stack, t))) continue;
      const subnets = publicByDefaultSubnets(stack, group.config.vpc_zone_identifier);
      const closed =
        templates.length > 0 &&
        templates.every((t) =>
          blockList(t.config.network_interfaces).some((n) => isFalse(n.associate_public_ip_address)),
        );
      if (subnets.length > 0 && !closed) {
        violations.push({
          address: group.address,
          why: `launches into ${subnets.map((s) => s.address).join(", ")} (map_public_ip_on_launch = true) from a launch template that does not set associate_public_ip_address = false, so its instances get a public IPv4`,
        });
      }
    }
    return violations;
  },
  examples: {
    violating: [
      {
        description: "a launch template and an instance asking for a public IP",
        json: stackJson({
          aws_launch_template: {
            t: { network_interfaces: [{ device_index: 0, associate_public_ip_address: "true" }] },
          },
          aws_instance: { i: { ami: "ami-1", associate_public_ip_address: true } },
        }),
        flags: ["aws_launch_template.t", "aws_instance.i"],
      },
      {
        description: "an instance and a group in a subnet that maps public IPs, neither opting out",
        json: stackJson({
          aws_subnet: { pub: { cidr_block: "10.0.0.0/24", map_public_ip_on_launch: true } },
          aws_instance: { i: { ami: "ami-1", subnet_id: "${aws_subnet.pub.id}" } },
          aws_launch_template: { t: { image_id: "ami-1" } },
          aws_autoscaling_group: {
            g: {
              vpc_zone_identifier: ["${aws_subnet.pub.id}"],
              launch_template: {
                id: "${aws_launch_template.t.id}",
                version: "${aws_launch_template.t.latest_version}",
              },
            },
          },
        }),
        flags: ["aws_instance.i", "aws_autoscaling_group.g"],
      },
      {
        description: "a public IP on a template whose user data names an interface that forwards nothing",
        json: stackJson({
          aws_network_interface: { eni: { subnet_id: "s" } },
          aws_launch_template: {
            t: {
              user_data: '${base64encode(join("", ["ENI=", aws_network_interface.eni.id]))}',
              network_interfaces: [{ device_index: 0, associate_public_ip_address: "true" }],
            },
          },
        }),
        flags: ["aws_launch_template.t"],
      },
    ],
    passing: [
      {
        description: "private interfaces, and an instance and group opting out in a public subnet",
        json: stackJson({
          aws_subnet: { pub: { map_public_ip_on_launch: "true" }, priv: { map_public_ip_on_launch: false } },
          aws_launch_template: {
            t: { network_interfaces: [{ device_index: 0, associate_public_ip_address: "false" }] },
          },
          aws_instance: {
            i: { subnet_id: "${aws_subnet.pub.id}", associate_public_ip_address: false },
            j: { subnet_id: "${aws_subnet.priv.id}" },
          },
          aws_autoscaling_group: {
            g: {
              vpc_zone_identifier: ["${aws_subnet.pub.id}"],
              mixed_instances_policy: {
                launch_template: {
                  launch_template_specification: { launch_template_id: "${aws_launch_template.t.id}" },
                },
              },
            },
          },
        }),
      },
      {
        description: "NAT instances: a template attaching a routed interface, an instance forwarding",
        json: stackJson({
          aws_network_interface: { eni: { subnet_id: "s", source_dest_check: false } },
          aws_route: {
            r: {
              destination_cidr_block: "0.0.0.0/0",
              network_interface_id: "${aws_network_interface.eni.id}",
            },
          },
          aws_launch_template: {
            nat: {
              user_data: '${base64encode(join("", ["ENI=", aws_network_interface.eni.id]))}',
              network_interfaces: [{ device_index: 0, associate_public_ip_address: "true" }],
            },
          },
          aws_instance: { nat: { associate_public_ip_address: true, source_dest_check: false } },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [imdsv2Required, ebsEncrypted, noKeyPair, noSshIngress, noPublicIp];
