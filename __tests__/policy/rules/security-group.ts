import { PolicyStack, StackResource, blockList } from "../policy-stack";
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

/** One way out of a security group, wherever the provider lets it be written. */
interface Egress {
  readonly address: string;
  /** Where it may go: CIDRs, prefix lists, and security groups (by reference or id). */
  readonly cidrs: readonly string[];
  readonly prefixLists: readonly string[];
  readonly groups: readonly string[];
}

/** Egress of `group`: inline blocks, aws_security_group_rule of type egress, aws_vpc_security_group_egress_rule. */
function egressesOf(stack: PolicyStack, group: StackResource): Egress[] {
  const inline = blockList(group.config.egress).map((rule) => ({
    address: group.address,
    cidrs: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
    prefixLists: strings(rule.prefix_list_ids),
    groups: [...strings(rule.security_groups), ...(rule.self === true ? [group.address] : [])],
  }));
  const legacy = stack
    .attachedTo(group, "aws_security_group_rule", "security_group_id")
    .filter((rule) => rule.config.type === "egress")
    .map((rule) => ({
      address: rule.address,
      cidrs: [...strings(rule.config.cidr_blocks), ...strings(rule.config.ipv6_cidr_blocks)],
      prefixLists: strings(rule.config.prefix_list_ids),
      groups: [
        ...strings(rule.config.source_security_group_id),
        ...(rule.config.self === true ? [group.address] : []),
      ],
    }));
  const modern = stack
    .attachedTo(group, "aws_vpc_security_group_egress_rule", "security_group_id")
    .map((rule) => ({
      address: rule.address,
      cidrs: [...strings(rule.config.cidr_ipv4), ...strings(rule.config.cidr_ipv6)],
      prefixLists: strings(rule.config.prefix_list_id),
      groups: strings(rule.config.referenced_security_group_id),
    }));
  return [...inline, ...legacy, ...modern];
}

/** The aws_security_group resources that `attribute` of the resources of `types` names. */
function groupsAttachedTo(stack: PolicyStack, types: Readonly<Record<string, string>>): StackResource[] {
  const groups = new Set<StackResource>();
  for (const [type, attribute] of Object.entries(types)) {
    for (const resource of stack.resources(type)) {
      for (const group of stack.referencedBy(resource.config[attribute])) {
        if (group.type === "aws_security_group") groups.add(group);
      }
    }
  }
  return [...groups];
}

/**
 * Data stores: they only answer their clients, and a security group lets replies out statefully, so
 * any egress rule is a way out for data that nothing legitimate needs.
 */
const DATA_STORES: Readonly<Record<string, string>> = {
  aws_db_instance: "vpc_security_group_ids",
  aws_rds_cluster: "vpc_security_group_ids",
  aws_docdb_cluster: "vpc_security_group_ids",
  aws_neptune_cluster: "vpc_security_group_ids",
  aws_redshift_cluster: "vpc_security_group_ids",
  aws_elasticache_cluster: "security_group_ids",
  aws_elasticache_replication_group: "security_group_ids",
  aws_memorydb_cluster: "security_group_ids",
};

const dataStoreNoEgress: PolicyRule = {
  name: "security-group-data-store-no-egress",
  check: (stack) =>
    groupsAttachedTo(stack, DATA_STORES).flatMap((group) =>
      egressesOf(stack, group).map((egress) => ({
        address: egress.address,
        why: `egress on ${group.address}, the security group of a data store: a database only answers (replies leave statefully), so it needs no egress rule at all; remove it (PostgresDatabase's group has noEgress)`,
      })),
    ),
  examples: {
    violating: [
      {
        description: "a database group with the allow-all egress rule, and an inline egress block",
        json: stackJson({
          aws_security_group: {
            db: { name: "db" },
            cache: {
              name: "cache",
              egress: [{ cidr_blocks: ["10.0.0.0/16"], protocol: "tcp", from_port: 443, to_port: 443 }],
            },
          },
          aws_db_instance: { d: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } },
          aws_elasticache_replication_group: {
            r: { security_group_ids: ["${aws_security_group.cache.id}"] },
          },
          aws_vpc_security_group_egress_rule: {
            all: {
              security_group_id: "${aws_security_group.db.id}",
              ip_protocol: "-1",
              cidr_ipv4: "0.0.0.0/0",
            },
          },
        }),
        flags: ["aws_vpc_security_group_egress_rule.all", "aws_security_group.cache"],
      },
      {
        description: "a database group with egress to another group (aws_security_group_rule)",
        json: stackJson({
          aws_security_group: { db: { name: "db" }, peer: { name: "peer" } },
          aws_rds_cluster: { c: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } },
          aws_security_group_rule: {
            out: {
              type: "egress",
              security_group_id: "${aws_security_group.db.id}",
              source_security_group_id: "${aws_security_group.peer.id}",
              protocol: "tcp",
              from_port: 5432,
              to_port: 5432,
            },
          },
        }),
        flags: ["aws_security_group_rule.out"],
      },
    ],
    passing: [
      {
        description: "a database group with ingress only; its client's group has egress to it",
        json: stackJson({
          aws_security_group: { db: { name: "db" }, app: { name: "app" } },
          aws_db_instance: { d: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } },
          aws_vpc_security_group_ingress_rule: {
            in: {
              security_group_id: "${aws_security_group.db.id}",
              referenced_security_group_id: "${aws_security_group.app.id}",
              ip_protocol: "tcp",
              from_port: 5432,
              to_port: 5432,
            },
          },
          aws_vpc_security_group_egress_rule: {
            out: {
              security_group_id: "${aws_security_group.app.id}",
              referenced_security_group_id: "${aws_security_group.db.id}",
              ip_protocol: "tcp",
              from_port: 5432,
              to_port: 5432,
            },
          },
        }),
      },
    ],
  },
};

/**
 * A load balancer's destinations are its targets, each in a security group: its group sends to those
 * groups and nowhere else, so a compromised or misrouted listener reaches nothing but the targets.
 */
const LOAD_BALANCERS: Readonly<Record<string, string>> = { aws_lb: "security_groups" };

const loadBalancerEgressToGroups: PolicyRule = {
  name: "security-group-load-balancer-egress-to-groups-only",
  check: (stack) =>
    groupsAttachedTo(stack, LOAD_BALANCERS).flatMap((group) =>
      egressesOf(stack, group)
        .filter((egress) => egress.cidrs.length > 0 || egress.prefixLists.length > 0)
        .map((egress) => ({
          address: egress.address,
          why: `egress on ${group.address}, a load balancer's security group, to ${[...egress.cidrs, ...egress.prefixLists].join(", ")}: a load balancer sends only to its targets' security groups (service.connections.allowFrom(alb) adds that rule)`,
        })),
    ),
  examples: {
    violating: [
      {
        description: "the allow-all egress rule on an ALB's group",
        json: stackJson({
          aws_security_group: { alb: { name: "alb" } },
          aws_lb: { lb: { security_groups: ["${aws_security_group.alb.id}"] } },
          aws_vpc_security_group_egress_rule: {
            all: {
              security_group_id: "${aws_security_group.alb.id}",
              ip_protocol: "-1",
              cidr_ipv4: "0.0.0.0/0",
            },
          },
        }),
        flags: ["aws_vpc_security_group_egress_rule.all"],
      },
      {
        description: "inline egress to a prefix list",
        json: stackJson({
          aws_security_group: {
            alb: {
              name: "alb",
              egress: [{ prefix_list_ids: ["pl-3b927c52"], protocol: "tcp", from_port: 443, to_port: 443 }],
            },
          },
          aws_lb: { lb: { security_groups: ["${aws_security_group.alb.id}"] } },
        }),
        flags: ["aws_security_group.alb"],
      },
    ],
    passing: [
      {
        description:
          "egress to the target's group on its port; a service group's own egress is not the ALB's",
        json: stackJson({
          aws_security_group: { alb: { name: "alb" }, api: { name: "api" } },
          aws_lb: { lb: { security_groups: ["${aws_security_group.alb.id}"] } },
          aws_vpc_security_group_egress_rule: {
            to_api: {
              security_group_id: "${aws_security_group.alb.id}",
              referenced_security_group_id: "${aws_security_group.api.id}",
              ip_protocol: "tcp",
              from_port: 8080,
              to_port: 8080,
            },
            api_all: {
              security_group_id: "${aws_security_group.api.id}",
              ip_protocol: "-1",
              cidr_ipv4: "0.0.0.0/0",
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [noPublicIngress, dataStoreNoEgress, loadBalancerEgressToGroups];
