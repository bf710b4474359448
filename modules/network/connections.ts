import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { isCidr } from "../vpc/cidr";
import { Port } from "./port";

/** Anything that owns a security group and can be named as a traffic source or destination. */
export interface IConnectable {
  readonly connections: Connections;
}

/**
 * How a group's outbound traffic is governed:
 * - `"all"`: it already allows all outbound, so egress rules would be redundant and are not made;
 * - `"rules"`: only what `connections` opens (`allowTo`, a peer's `allowFrom`, `allowToCidr`,
 *   `allowToPrefixList`) gets out, each as its own `aws_vpc_security_group_egress_rule`;
 * - `"none"`: the group only answers (security groups let replies out statefully), so anything that
 *   would give it an egress rule throws.
 */
export type OutboundMode = "all" | "rules" | "none";

export interface ConnectionsOptions {
  /**
   * How the group's outbound traffic is governed. A group given by id (not created here) gets the
   * egress rules its connections need, which are redundant but harmless if it allows all outbound.
   * @default "rules"
   */
  readonly outbound?: OutboundMode;
}

/** EC2 ids are 8 or 17 lowercase hex digits after the type prefix. */
const PREFIX_LIST_ID = /^pl-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

type Peer =
  | { readonly referencedSecurityGroupId: string }
  | { readonly cidrIpv4: string }
  | { readonly prefixListId: string };

/**
 * CDK-style wiring of one security group: `database.connections.allowFrom(service, Port.tcp(5432))`
 * adds the ingress rule on the database's group and, where the service's group governs its egress,
 * the matching egress rule on the service's group, so stacks never write security-group rules by
 * hand. Each allowed source or destination becomes its own `aws_vpc_security_group_ingress_rule` or
 * `aws_vpc_security_group_egress_rule`.
 */
export class Connections {
  private readonly ingressRules = new Set<string>();
  private readonly egressRules = new Set<string>();
  /** How this group's outbound traffic is governed (see OutboundMode). */
  public readonly outbound: OutboundMode;

  constructor(
    private readonly scope: Construct,
    /** The security group these connections govern. */
    public readonly securityGroupId: string,
    /** Names the rules this group appears in as a source, e.g. "web-api". */
    public readonly ownerName: string,
    /** The port callers mean when they name none (the service's listener, 5432 for PostgreSQL...). */
    public readonly defaultPort?: Port,
    options: ConnectionsOptions = {},
  ) {
    this.outbound = options.outbound ?? "rules";
  }

  /**
   * Lets `peer`'s security group reach this one on `port` (default: this group's default port): an
   * ingress rule here, and an egress rule on the peer's group unless it allows all outbound.
   * @throws when the peer's group only answers (`outbound: "none"`)
   */
  allowFrom(peer: IConnectable, port?: Port, description?: string): void {
    const resolved = this.portOr(port);
    const from = peer.connections;
    // Check before adding anything, so a refused call leaves no half-made pair behind.
    from.checkMaySend(this.ownerName);
    const ingressKey = `from-${from.ownerName}-${resolved.label}`;
    this.addIngress(ingressKey, resolved, description ?? `from ${from.ownerName}`, {
      referencedSecurityGroupId: from.securityGroupId,
    });
    const egressKey = `to-${this.ownerName}-${resolved.label}`;
    from.addEgress(egressKey, resolved, `to ${this.ownerName}`, this.ownerName, {
      referencedSecurityGroupId: this.securityGroupId,
    });
  }

  /** Lets an IPv4 CIDR reach this group on `port` (default: this group's default port). */
  allowFromCidr(cidr: string, port?: Port, description?: string): void {
    this.checkCidr("allowFromCidr", cidr);
    const resolved = this.portOr(port);
    this.addIngress(`from-${slug(cidr)}-${resolved.label}`, resolved, description ?? `from ${cidr}`, {
      cidrIpv4: cidr,
    });
  }

  /**
   * Lets the addresses of a managed prefix list reach this group on `port` (default: this group's
   * default port), e.g. CloudFront's `com.amazonaws.global.cloudfront.origin-facing`; looking the
   * list up (`aws_ec2_managed_prefix_list`) is the caller's business. A token id (from such a lookup)
   * needs a `description`: it names the rule, which an unresolved id cannot.
   */
  allowFromPrefixList(prefixListId: string, port?: Port, description?: string): void {
    const key = this.prefixListKey("allowFromPrefixList", prefixListId, description);
    const resolved = this.portOr(port);
    this.addIngress(`from-${key}-${resolved.label}`, resolved, description ?? `from ${prefixListId}`, {
      prefixListId,
    });
  }

  /**
   * Lets this group reach `peer` on `port` (default: the peer's default port): an egress rule here
   * (unless this group allows all outbound) and the ingress rule on the peer's group.
   * @throws when this group only answers (`outbound: "none"`)
   */
  allowTo(peer: IConnectable, port?: Port, description?: string): void {
    peer.connections.allowFrom({ connections: this }, port, description);
  }

  /**
   * Lets this group reach an IPv4 CIDR on `port` (an egress rule; nothing to open on the other side).
   * The port is required: this group's default port is where it listens, not where it sends.
   * @throws when this group only answers (`outbound: "none"`)
   */
  allowToCidr(cidr: string, port: Port, description?: string): void {
    this.checkCidr("allowToCidr", cidr);
    this.addEgress(`to-${slug(cidr)}-${port.label}`, port, description ?? `to ${cidr}`, cidr, {
      cidrIpv4: cidr,
    });
  }

  /**
   * Lets this group reach the addresses of a managed prefix list on `port`, e.g. the S3 gateway
   * endpoint's `com.amazonaws.<region>.s3` for tasks that must reach S3 without general egress. A
   * token id needs a `description`, which names the rule.
   * @throws when this group only answers (`outbound: "none"`)
   */
  allowToPrefixList(prefixListId: string, port: Port, description?: string): void {
    const key = this.prefixListKey("allowToPrefixList", prefixListId, description);
    this.addEgress(`to-${key}-${port.label}`, port, description ?? `to ${prefixListId}`, prefixListId, {
      prefixListId,
    });
  }

  private portOr(port: Port | undefined): Port {
    const resolved = port ?? this.defaultPort;
    if (!resolved)
      throw new Error(`${this.scope.node.path}: name a port; this security group has no default port`);
    return resolved;
  }

  private checkCidr(method: string, cidr: string): void {
    if (!isCidr(cidr))
      throw new Error(`${this.scope.node.path}: ${method} needs an IPv4 CIDR, got "${cidr}"`);
  }

  /** The part of the rule's construct id naming the prefix list; a token id is named by its description. */
  private prefixListKey(method: string, prefixListId: string, description: string | undefined): string {
    if (!Token.isUnresolved(prefixListId)) {
      if (!PREFIX_LIST_ID.test(prefixListId)) {
        throw new Error(
          `${this.scope.node.path}: ${method} needs a prefix list id ("pl-" and 8 or 17 lowercase hex digits, e.g. "pl-3b927c52"), got "${prefixListId}"`,
        );
      }
      return prefixListId;
    }
    if (description === undefined || slug(description) === "") {
      throw new Error(
        `${this.scope.node.path}: ${method} with a prefix list id that is a token needs a description (it names the rule), e.g. "HTTPS from CloudFront"`,
      );
    }
    return `pl-${slug(description)}`;
  }

  /** Refuses egress from a group that only answers, naming where the traffic was meant to go. */
  private checkMaySend(destination: string): void {
    if (this.outbound === "none") {
      throw new Error(
        `${this.scope.node.path}: ${this.ownerName} only answers (outbound "none"), so it cannot open connections to ${destination}; connect the other way round (${destination} to ${this.ownerName}), or give this group egress deliberately`,
      );
    }
  }

  private addIngress(key: string, port: Port, description: string, peer: Peer): void {
    if (this.ingressRules.has(key)) return;
    this.ingressRules.add(key);
    new VpcSecurityGroupIngressRule(this.scope, `ingress-${key}`, {
      securityGroupId: this.securityGroupId,
      ...protocolAndPorts(port),
      description,
      ...peer,
    });
  }

  private addEgress(key: string, port: Port, description: string, destination: string, peer: Peer): void {
    this.checkMaySend(destination);
    // A group that allows all outbound needs no narrower rule; one more would only be noise.
    if (this.outbound === "all" || this.egressRules.has(key)) return;
    this.egressRules.add(key);
    new VpcSecurityGroupEgressRule(this.scope, `egress-${key}`, {
      securityGroupId: this.securityGroupId,
      ...protocolAndPorts(port),
      description,
      ...peer,
    });
  }
}

/** All-traffic rules take no ports (the provider rejects them with "-1"). */
function protocolAndPorts(port: Port): { ipProtocol: string; fromPort?: number; toPort?: number } {
  return port.protocol === "-1"
    ? { ipProtocol: port.protocol }
    : { ipProtocol: port.protocol, fromPort: port.fromPort, toPort: port.toPort };
}

/** Text safe in a construct id: "10.0.0.0/16" → "10-0-0-0-16", "HTTPS from CloudFront" → "https-from-cloudfront". */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
