import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { isCidr } from "../vpc/cidr";
import { Port } from "./port";

/** Anything that owns a security group and can be named as a traffic source or destination. */
export interface IConnectable {
  readonly connections: Connections;
}

/**
 * CDK-style wiring of one security group: `database.connections.allowFrom(service, Port.tcp(5432))`
 * adds the ingress rule on the database's group, so stacks never write security-group rules by hand.
 * Each allowed source becomes its own `aws_vpc_security_group_ingress_rule`.
 */
export class Connections {
  private readonly rules = new Set<string>();

  constructor(
    private readonly scope: Construct,
    /** The security group these connections govern. */
    public readonly securityGroupId: string,
    /** Names the rules this group appears in as a source, e.g. "web-api". */
    public readonly ownerName: string,
    /** The port callers mean when they name none (the service's listener, 5432 for PostgreSQL...). */
    public readonly defaultPort?: Port,
  ) {}

  /** Lets `peer`'s security group reach this one on `port` (default: this group's default port). */
  allowFrom(peer: IConnectable, port?: Port, description?: string): void {
    const resolved = this.portOr(port);
    const peerName = peer.connections.ownerName;
    this.addRule(`from-${peerName}-${resolved.label}`, resolved, description ?? `from ${peerName}`, {
      referencedSecurityGroupId: peer.connections.securityGroupId,
    });
  }

  /** Lets an IPv4 CIDR reach this group on `port` (default: this group's default port). */
  allowFromCidr(cidr: string, port?: Port, description?: string): void {
    if (!isCidr(cidr))
      throw new Error(`${this.scope.node.path}: allowFromCidr needs an IPv4 CIDR, got "${cidr}"`);
    const resolved = this.portOr(port);
    this.addRule(
      `from-${cidr.replace(/[./]/g, "-")}-${resolved.label}`,
      resolved,
      description ?? `from ${cidr}`,
      {
        cidrIpv4: cidr,
      },
    );
  }

  /** Lets this group reach `peer` on `port` (a rule on the peer's group). */
  allowTo(peer: IConnectable, port?: Port, description?: string): void {
    peer.connections.allowFrom({ connections: this }, port, description);
  }

  private portOr(port: Port | undefined): Port {
    const resolved = port ?? this.defaultPort;
    if (!resolved)
      throw new Error(`${this.scope.node.path}: name a port; this security group has no default port`);
    return resolved;
  }

  private addRule(
    key: string,
    port: Port,
    description: string,
    source: { referencedSecurityGroupId: string } | { cidrIpv4: string },
  ): void {
    if (this.rules.has(key)) return;
    this.rules.add(key);
    new VpcSecurityGroupIngressRule(this.scope, `ingress-${key}`, {
      securityGroupId: this.securityGroupId,
      ipProtocol: port.protocol,
      ...(port.protocol === "-1" ? {} : { fromPort: port.fromPort, toPort: port.toPort }),
      description,
      ...source,
    });
  }
}
