import { PolicyStack, blockList } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

const ANYWHERE = ["0.0.0.0/0", "::/0"];
/** Public web traffic is the one thing the internet may reach directly (ALB listeners). */
const PUBLIC_PORTS = [80, 443];

interface Ingress {
  readonly address: string;
  readonly sources: readonly string[];
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

/** Ingress in all three places the AWS provider accepts it. */
function ingressesOf(stack: PolicyStack): Ingress[] {
  const inline = stack.resources("aws_security_group").flatMap((group) =>
    blockList(group.config.ingress).map((rule) => ({
      address: group.address,
      sources: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
      protocol: rule.protocol,
      fromPort: rule.from_port,
      toPort: rule.to_port,
    })),
  );
  const legacy = stack
    .resources("aws_security_group_rule")
    .filter((rule) => rule.config.type === "ingress")
    .map((rule) => ({
      address: rule.address,
      sources: [...strings(rule.config.cidr_blocks), ...strings(rule.config.ipv6_cidr_blocks)],
      protocol: rule.config.protocol,
      fromPort: rule.config.from_port,
      toPort: rule.config.to_port,
    }));
  const modern = stack.resources("aws_vpc_security_group_ingress_rule").map((rule) => ({
    address: rule.address,
    sources: [...strings(rule.config.cidr_ipv4), ...strings(rule.config.cidr_ipv6)],
    protocol: rule.config.ip_protocol,
    fromPort: rule.config.from_port,
    toPort: rule.config.to_port,
  }));
  return [...inline, ...legacy, ...modern];
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Exactly one TCP port, and that port is 80 or 443. A range, "-1" (all) or a token is not. */
function isPublicWebPort(ingress: Ingress): boolean {
  const tcp = ingress.protocol === "tcp" || ingress.protocol === "6" || ingress.protocol === 6;
  const from = Number(ingress.fromPort);
  return tcp && from === Number(ingress.toPort) && PUBLIC_PORTS.includes(from);
}

const noPublicIngress: PolicyRule = {
  name: "security-group-no-public-ingress",
  check: (stack) =>
    ingressesOf(stack).flatMap((ingress): Violation[] => {
      const open = ingress.sources.filter((s) => ANYWHERE.includes(s));
      if (open.length === 0 || isPublicWebPort(ingress)) return [];
      const ports =
        ingress.protocol === "-1"
          ? "all traffic"
          : `${String(ingress.protocol)} ${String(ingress.fromPort)}-${String(ingress.toPort)}`;
      return [
        {
          address: ingress.address,
          why: `ingress from ${open.join(", ")} on ${ports}; only tcp 80 and 443 may be open to the internet (use Connections.allowFrom a security group)`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "inline SSH from anywhere",
        json: stackJson({
          aws_security_group: {
            g: { ingress: [{ cidr_blocks: ["0.0.0.0/0"], protocol: "tcp", from_port: 22, to_port: 22 }] },
          },
        }),
        flags: ["aws_security_group.g"],
      },
      {
        description: "aws_security_group_rule: all traffic from IPv6 anywhere",
        json: stackJson({
          aws_security_group_rule: {
            r: { type: "ingress", ipv6_cidr_blocks: ["::/0"], protocol: "-1", from_port: 0, to_port: 0 },
          },
        }),
        flags: ["aws_security_group_rule.r"],
      },
      {
        description: "aws_vpc_security_group_ingress_rule: a range spanning 80-443",
        json: stackJson({
          aws_vpc_security_group_ingress_rule: {
            r: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 80, to_port: 443 },
          },
        }),
        flags: ["aws_vpc_security_group_ingress_rule.r"],
      },
    ],
    passing: [
      {
        description: "HTTPS from anywhere, SSH from the VPC, egress anywhere",
        json: stackJson({
          aws_vpc_security_group_ingress_rule: {
            https: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 },
            ssh: { cidr_ipv4: "10.0.0.0/16", ip_protocol: "tcp", from_port: 22, to_port: 22 },
          },
          aws_security_group_rule: {
            e: { type: "egress", cidr_blocks: ["0.0.0.0/0"], protocol: "-1", from_port: 0, to_port: 0 },
          },
          aws_security_group: {
            g: { ingress: [{ cidr_blocks: ["::/0"], protocol: "tcp", from_port: 80, to_port: 80 }] },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [noPublicIngress];
