/**
 * What a workload needs to know about the network it runs in. The Vpc construct is one (a VPC built
 * in the same stack); a network read from another stack's state is another. Modules and stack props
 * take this shape, so a system stack reads the same whether its VPC is shared or its own.
 */
export interface VpcNetwork {
  readonly vpcId: string;
  /** The VPC's IPv4 block, a literal (security-group rules and CIDR checks need it at synth). */
  readonly cidr: string;
  /** In AZ order, one per AZ. */
  readonly publicSubnetIds: string[];
  /** In AZ order, one per AZ; egress through the VPC's NAT (if any). */
  readonly privateSubnetIds: string[];
  /** In AZ order, one per AZ; no route out of the VPC. */
  readonly isolatedSubnetIds: string[];
}
