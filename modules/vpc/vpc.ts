import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { FlowLogTrafficType, VpcFlowLog } from "./flow-log";
import { NatInstance } from "./nat-instance";
import { NatMode } from "./nat-mode";
import { SubnetLayout, SubnetTier } from "./subnet-layout";
import { checkVpcProps } from "./vpc-props-check";

export interface VpcProps {
  /** Prefix of every Name tag, the flow-log group and its role, e.g. "platform-network-prod". */
  readonly name: string;
  /** The VPC's IPv4 block, /16 to /24, e.g. "10.0.0.0/16". */
  readonly cidr: string;
  /** Two or three AZs; subnets of every tier are listed in this order. */
  readonly availabilityZones: readonly string[];
  /**
   * One CIDR per AZ per tier, each inside `cidr`.
   * @default defaultSubnetLayout(cidr, availabilityZones.length)
   */
  readonly subnets?: SubnetLayout;
  /**
   * Internet egress of the private subnets, roughly per month (ap-northeast-2, before data):
   * - `none`: no default route, nothing to pay; private subnets reach only the VPC (and S3).
   * - `single`: one NAT gateway in the first AZ (~USD 47 with its public IPv4, plus USD 0.059/GB
   *   processed); an outage there cuts egress everywhere.
   * - `per-az`: a NAT gateway per AZ (~USD 47 each plus per-GB); one AZ's outage cuts only its own.
   * - `instance`: one NAT instance in the first public subnet (t4g.nano ~USD 4, 8 GB gp3 ~USD 0.7,
   *   one public IPv4 ~USD 3.6: ~USD 8, no per-GB processing charge); a single point of
   *   failure: an instance or AZ failure cuts every private subnet off until its Auto Scaling group
   *   replaces it. For dev and staging.
   * @default "per-az"
   */
  readonly natMode?: NatMode;
  /**
   * The NAT instance's type, Graviton only (it boots the arm64 Amazon Linux 2023 AMI), e.g.
   * "t4g.small" or "c7g.medium" for more sustained bandwidth. Only with natMode "instance".
   * @default "t4g.nano"
   */
  readonly natInstanceType?: string;
  /** @default 90 */
  readonly flowLogRetentionDays?: number;
  /** @default "ALL" (rejected traffic alone hides what an intruder did with accepted connections) */
  readonly flowLogTrafficType?: FlowLogTrafficType;
  /**
   * A free S3 gateway endpoint on the private and isolated route tables, so S3 traffic (ECR layers,
   * artifacts) skips the NAT gateway and works without one.
   * @default true
   */
  readonly enableS3GatewayEndpoint?: boolean;
  /**
   * A free DynamoDB gateway endpoint on the same route tables: DynamoDB calls (Terraform's lock
   * table among them) stay inside the VPC and cost no NAT processing.
   * @default true
   */
  readonly enableDynamoDbGatewayEndpoint?: boolean;
}

/**
 * A VPC with public, private and isolated subnets in each AZ. Public subnets route to an internet
 * gateway but never hand out public IPs unasked; private subnets reach the internet only through NAT;
 * isolated subnets have no route out at all. The default security group is emptied, and all traffic
 * is flow-logged.
 */
export class Vpc extends Construct {
  public readonly vpcId: string;
  public readonly cidr: string;
  public readonly availabilityZones: string[];
  /** The subnet CIDRs actually built (the default plan when none was given). */
  public readonly subnetCidrs: SubnetLayout;
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly isolatedSubnetIds: string[];
  public readonly publicRouteTableId: string;
  /** One per AZ, in AZ order. */
  public readonly privateRouteTableIds: string[];
  public readonly isolatedRouteTableId: string;
  /**
   * NAT gateways only: none for "none" and "instance", one for "single", one per AZ (in AZ order)
   * for "per-az".
   */
  public readonly natGatewayIds: string[];
  /**
   * The NAT instance and its fixed interface (the private routes' target); undefined unless natMode
   * is "instance".
   */
  public readonly natInstance: NatInstance | undefined;
  public readonly flowLogGroupName: string;
  public readonly flowLogGroupArn: string;
  public readonly s3GatewayEndpointId: string | undefined;
  public readonly dynamoDbGatewayEndpointId: string | undefined;

  private readonly name: string;
  /** Each subnet's route table association, for what must wait until a subnet is routed. */
  private readonly associations = new Map<Subnet, RouteTableAssociation>();

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const layout = checkVpcProps(this.node.path, props);
    const azs = [...props.availabilityZones];
    this.name = props.name;

    const vpc = new AwsVpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    // Adopting the default group strips its rules; anything that lands in it by accident is cut off.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-default-unused` },
    });
    const igw = new InternetGateway(this, "internet-gateway", { vpcId: vpc.id, tags: { Name: props.name } });

    const publicRt = this.routeTable(vpc.id, "public", "public");
    const publicDefaultRoute = new Route(this, "public-default-route", {
      routeTableId: publicRt.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    const publicSubnets = this.subnets(vpc.id, "public", layout.public, azs, () => publicRt);

    const natMode = props.natMode ?? "per-az";
    const natIds = this.natGateways(natMode, publicSubnets, azs, igw);
    this.natInstance =
      natMode === "instance"
        ? new NatInstance(this, "nat-instance", {
            name: props.name,
            vpcId: vpc.id,
            vpcCidr: props.cidr,
            subnetId: publicSubnets[0]!.id,
            instanceType: props.natInstanceType,
            // The boot script reaches the EC2 API and the OS repositories through the internet gateway.
            bootDependencies: [igw, publicDefaultRoute, this.associations.get(publicSubnets[0]!)!],
          })
        : undefined;
    const privateRts = azs.map((az, i) => {
      const rt = this.routeTable(vpc.id, "private", `private-${az}`, i);
      // "single" leaves one NAT for every AZ; "none" leaves the list empty and the tables without a default route.
      const natId = natIds[i] ?? natIds[0];
      if (natId) {
        new Route(this, `private-default-route-${i}`, {
          routeTableId: rt.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: natId,
        });
      } else if (this.natInstance) {
        // The fixed interface, not the instance: a replaced instance re-attaches it and no route changes.
        new Route(this, `private-default-route-${i}`, {
          routeTableId: rt.id,
          destinationCidrBlock: "0.0.0.0/0",
          networkInterfaceId: this.natInstance.networkInterfaceId,
        });
      }
      return rt;
    });
    const privateSubnets = this.subnets(vpc.id, "private", layout.private, azs, (i) => privateRts[i]!);

    const isolatedRt = this.routeTable(vpc.id, "isolated", "isolated");
    const isolatedSubnets = this.subnets(vpc.id, "isolated", layout.isolated, azs, () => isolatedRt);

    // Gateway endpoints are free and need no security group: traffic to S3 and DynamoDB skips the NAT.
    const region = new DataAwsRegion(this, "region").name;
    const gatewayEndpoint = (service: "s3" | "dynamodb", enabled: boolean | undefined) =>
      (enabled ?? true)
        ? new VpcEndpoint(this, `${service}-gateway-endpoint`, {
            vpcId: vpc.id,
            serviceName: `com.amazonaws.${region}.${service}`,
            vpcEndpointType: "Gateway",
            routeTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
            tags: { Name: `${props.name}-${service}` },
          }).id
        : undefined;
    this.s3GatewayEndpointId = gatewayEndpoint("s3", props.enableS3GatewayEndpoint);
    this.dynamoDbGatewayEndpointId = gatewayEndpoint("dynamodb", props.enableDynamoDbGatewayEndpoint);

    const flowLog = new VpcFlowLog(this, "flow-log", {
      vpcId: vpc.id,
      name: props.name,
      retentionDays: props.flowLogRetentionDays ?? 90,
      trafficType: props.flowLogTrafficType ?? "ALL",
    });

    this.vpcId = vpc.id;
    this.cidr = props.cidr;
    this.availabilityZones = azs;
    this.subnetCidrs = layout;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.publicRouteTableId = publicRt.id;
    this.privateRouteTableIds = privateRts.map((rt) => rt.id);
    this.isolatedRouteTableId = isolatedRt.id;
    this.natGatewayIds = natIds;
    this.flowLogGroupName = flowLog.logGroupName;
    this.flowLogGroupArn = flowLog.logGroupArn;
  }

  private routeTable(vpcId: string, tier: SubnetTier, suffix: string, index?: number): RouteTable {
    const id = index === undefined ? `${tier}-route-table` : `${tier}-route-table-${index}`;
    return new RouteTable(this, id, { vpcId, tags: { Name: `${this.name}-${suffix}`, Tier: tier } });
  }

  private subnets(
    vpcId: string,
    tier: SubnetTier,
    cidrs: readonly string[],
    azs: readonly string[],
    routeTableOf: (index: number) => RouteTable,
  ): Subnet[] {
    return azs.map((az, i) => {
      const subnet = new Subnet(this, `${tier}-subnet-${i}`, {
        vpcId,
        availabilityZone: az,
        cidrBlock: cidrs[i]!,
        // Public subnets route to the internet, but an address is only given to what asks for one.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${this.name}-${tier}-${az}`, Tier: tier },
      });
      const association = new RouteTableAssociation(this, `${tier}-subnet-${i}-route-table`, {
        subnetId: subnet.id,
        routeTableId: routeTableOf(i).id,
      });
      this.associations.set(subnet, association);
      return subnet;
    });
  }

  private natGateways(
    mode: NatMode,
    publicSubnets: Subnet[],
    azs: readonly string[],
    igw: InternetGateway,
  ): string[] {
    const count = { none: 0, single: 1, "per-az": azs.length, instance: 0 }[mode];
    return azs.slice(0, count).map((az, i) => {
      // A NAT gateway cannot reach the internet before the gateway is attached.
      const eip = new Eip(this, `nat-eip-${i}`, {
        domain: "vpc",
        tags: { Name: `${this.name}-nat-${az}` },
        dependsOn: [igw],
      });
      return new NatGateway(this, `nat-gateway-${i}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i]!.id,
        connectivityType: "public",
        tags: { Name: `${this.name}-${az}` },
        dependsOn: [igw],
      }).id;
    });
  }
}
