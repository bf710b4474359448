import { Fn, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { Vpc } from "../modules/vpc/vpc";
import { VpcNetwork } from "../modules/vpc/vpc-network";
import { BaseStack } from "./base-stack";
import { vpcPropsFrom } from "./props/network";

/** The outputs a consumer reads, by attribute. Their names are the contract with every system stack. */
const SUBNET_OUTPUTS = {
  publicSubnetIds: "public_subnet_ids",
  privateSubnetIds: "private_subnet_ids",
  isolatedSubnetIds: "isolated_subnet_ids",
} as const;
const VPC_ID_OUTPUT = "vpc_id";

/** The environment's network stack, built on first use (a stack with a dedicated VPC never asks). */
export type SharedNetwork = () => NetworkStack;

/**
 * `network-<env>`: the environment's one VPC (subnets per tier, NAT, flow logs, free S3 and DynamoDB
 * gateway endpoints) that every system stack of the environment runs in, unless its config asks for a
 * dedicated VPC.
 *
 * Consumers read it through `networkFor(consumer)`: typed attributes backed by this stack's remote
 * state in S3, plus a stack dependency so `cdktf deploy` runs this stack first. The outputs are
 * declared here by name rather than left to cdktf's automatic cross-stack outputs, because those exist
 * only for the consumers synthesized in the same run: `INFRA_STACKS=network-dev cdktf deploy
 * network-dev` would then delete the outputs that the other stacks of dev read.
 */
export class NetworkStack extends BaseStack {
  public readonly vpc: Vpc;
  private readonly readers = new Map<BaseStack, VpcNetwork>();

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, { config, system: "network" });
    this.vpc = new Vpc(this, "vpc", vpcPropsFrom(config.network, `${config.project}-${config.environment}`));

    new TerraformOutput(this, VPC_ID_OUTPUT, { value: this.vpc.vpcId });
    new TerraformOutput(this, "vpc_cidr", { value: this.vpc.cidr });
    for (const [attribute, name] of Object.entries(SUBNET_OUTPUTS)) {
      new TerraformOutput(this, name, { value: this.vpc[attribute as keyof typeof SUBNET_OUTPUTS] });
    }
  }

  /**
   * The network as `consumer` sees it: ids from this stack's state (one `terraform_remote_state` per
   * consumer), the CIDR and the number of subnets from config, so they stay literals at synth.
   */
  networkFor(consumer: BaseStack): VpcNetwork {
    const known = this.readers.get(consumer);
    if (known) return known;
    if (consumer.config.environment !== this.config.environment) {
      throw new Error(
        `${consumer.node.id} cannot use ${this.node.id}: a system runs in its own environment's network`,
      );
    }
    consumer.addDependency(this);
    const state = this.remoteStateIn(consumer, "network");
    const subnets = (name: string, count: number): string[] =>
      Array.from({ length: count }, (_, i) => Token.asString(Fn.element(state.getList(name), i)));
    const network: VpcNetwork = {
      vpcId: state.getString(VPC_ID_OUTPUT),
      cidr: this.vpc.cidr,
      publicSubnetIds: subnets(SUBNET_OUTPUTS.publicSubnetIds, this.vpc.publicSubnetIds.length),
      privateSubnetIds: subnets(SUBNET_OUTPUTS.privateSubnetIds, this.vpc.privateSubnetIds.length),
      isolatedSubnetIds: subnets(SUBNET_OUTPUTS.isolatedSubnetIds, this.vpc.isolatedSubnetIds.length),
    };
    this.readers.set(consumer, network);
    return network;
  }
}
