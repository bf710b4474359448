import { NetworkConfig, subnetLayoutOf } from "../../config/schema/network";
import { VpcProps } from "../../modules/vpc/vpc";

/**
 * The environment's `network` section as Vpc props. Modules never read config; this is the one
 * place the snake_case keys meet the module, so a new config key has exactly one place to land.
 */
export function vpcPropsFrom(network: NetworkConfig, name: string): VpcProps {
  return {
    name,
    cidr: network.vpc_cidr,
    availabilityZones: network.availability_zones,
    subnets: subnetLayoutOf(network),
    natMode: network.nat_mode,
    // Config accepts it only with nat_mode "instance"; absent, the Vpc's default (t4g.nano) applies.
    natInstanceType: network.nat_instance_type,
    flowLogRetentionDays: network.flow_log_retention_days,
  };
}
