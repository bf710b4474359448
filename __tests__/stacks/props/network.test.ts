import { configFileOf, loadEnvironmentConfig } from "../../../config/load";
import { EnvironmentName } from "../../../config/schema/environment";
import { NetworkConfig, networkSchema } from "../../../config/schema/network";
import { Vpc } from "../../../modules/vpc/vpc";
import { vpcPropsFrom } from "../../../stacks/props/network";
import { synthScope } from "../../harness/synth-scope";

const network = (env: EnvironmentName) => loadEnvironmentConfig(configFileOf(env)).then((c) => c.network);

describe("vpcPropsFrom", () => {
  it("maps every network key onto the Vpc props", () => {
    const config: NetworkConfig = networkSchema.parse({
      vpc_cidr: "10.50.0.0/16",
      availability_zones: ["ap-northeast-2a", "ap-northeast-2c"],
      nat_mode: "none",
      flow_log_retention_days: 365,
    });
    expect(vpcPropsFrom(config, "platform-network-dev")).toEqual({
      name: "platform-network-dev",
      cidr: "10.50.0.0/16",
      availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
      subnets: {
        public: ["10.50.0.0/20", "10.50.16.0/20"],
        private: ["10.50.64.0/20", "10.50.80.0/20"],
        isolated: ["10.50.128.0/20", "10.50.144.0/20"],
      },
      natMode: "none",
      flowLogRetentionDays: 365,
    });
  });

  it("passes explicit subnets through unchanged", () => {
    const subnets = { public: ["10.50.0.0/24"], private: ["10.50.1.0/24"], isolated: ["10.50.2.0/24"] };
    const config = networkSchema.parse({ vpc_cidr: "10.50.0.0/16", availability_zones: ["a", "b"], subnets });
    expect(vpcPropsFrom(config, "x").subnets).toEqual(subnets);
  });

  it.each([
    ["dev", 0, 1, 30],
    ["staging", 0, 1, 90],
    ["prod", 3, 0, 365],
  ] as const)(
    "builds the committed %s network: %i NAT gateway(s), %i NAT instance group(s), flow logs kept %i days",
    async (env, gateways, instances, days) => {
      const props = vpcPropsFrom(await network(env), `platform-network-${env}`);
      const synth = synthScope((scope) => new Vpc(scope, "vpc", props));
      expect(synth.count("aws_nat_gateway")).toBe(gateways);
      expect(synth.count("aws_autoscaling_group")).toBe(instances);
      if (instances > 0) expect(synth.only("aws_launch_template").instance_type).toBe("t4g.nano");
      const flowLogGroup = Object.values(synth.resources("aws_cloudwatch_log_group")).filter((g) =>
        String(g.name).includes("flow-log"),
      );
      expect(flowLogGroup.map((g) => g.retention_in_days)).toEqual([days]);
      expect(synth.count("aws_subnet")).toBe(3 * props.availabilityZones.length);
    },
  );
});
