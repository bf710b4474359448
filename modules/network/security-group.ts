import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { Connections, IConnectable, OutboundMode } from "./connections";
import { Port } from "./port";

export interface SecurityGroupProps {
  readonly vpcId: string;
  /** Unique within the VPC. */
  readonly name: string;
  readonly description: string;
  /** The port `allowFrom` opens when the caller names none. @default none */
  readonly defaultPort?: Port;
  /**
   * Allow all outbound IPv4 traffic: only for groups whose destinations are not known here (Fargate
   * tasks pulling images and calling AWS APIs through NAT, Lambda functions calling AWS APIs). With
   * false, only what `connections` opens gets out (`allowTo`, a peer's `allowFrom(this)`,
   * `allowToCidr`, `allowToPrefixList`), e.g. a load balancer reaching exactly its targets. Ingress
   * is always closed until a caller opens it through `connections`.
   * @default false (a group sends only where its connections say)
   */
  readonly allowAllOutbound?: boolean;
  /**
   * The group only answers (data stores): it gets no egress rule at all, and `connections` refuses
   * anything that would add one. Security groups are stateful, so replies to allowed clients still
   * get out. Implies `allowAllOutbound: false`; setting both is an error.
   * @default false
   */
  readonly noEgress?: boolean;
}

/** A security group with no ingress, wired through `connections`. */
export class SecurityGroup extends Construct implements IConnectable {
  public readonly securityGroupId: string;
  public readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    if (props.noEgress && props.allowAllOutbound) {
      throw new Error(
        `${this.node.path}: noEgress and allowAllOutbound contradict each other; a group that only answers sends nothing, so drop one`,
      );
    }
    const outbound: OutboundMode = props.noEgress
      ? "none"
      : (props.allowAllOutbound ?? false)
        ? "all"
        : "rules";

    // No inline rules: Terraform then removes the allow-all egress AWS gives every new group, and
    // each rule is its own resource.
    const group = new AwsSecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    });
    this.securityGroupId = group.id;
    this.connections = new Connections(this, group.id, props.name, props.defaultPort, { outbound });
    if (outbound === "all") {
      new VpcSecurityGroupEgressRule(this, "egress-all", {
        securityGroupId: group.id,
        ipProtocol: Port.allTraffic().protocol,
        cidrIpv4: "0.0.0.0/0",
        description: "all outbound",
      });
    }
  }
}
