import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { Connections, IConnectable } from "./connections";
import { Port } from "./port";

export interface SecurityGroupProps {
  readonly vpcId: string;
  /** Unique within the VPC. */
  readonly name: string;
  readonly description: string;
  /** The port `allowFrom` opens when the caller names none. @default none */
  readonly defaultPort?: Port;
  /**
   * Allow all outbound IPv4 traffic (image pulls, AWS APIs through NAT). Ingress is always closed
   * until a caller opens it through `connections`.
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

/** A security group with no ingress, wired through `connections`. */
export class SecurityGroup extends Construct implements IConnectable {
  public readonly securityGroupId: string;
  public readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    const group = new AwsSecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    });
    this.securityGroupId = group.id;
    this.connections = new Connections(this, group.id, props.name, props.defaultPort);
    if (props.allowAllOutbound ?? true) {
      new VpcSecurityGroupEgressRule(this, "egress-all", {
        securityGroupId: group.id,
        ipProtocol: Port.allTraffic().protocol,
        cidrIpv4: "0.0.0.0/0",
        description: "all outbound",
      });
    }
  }
}
