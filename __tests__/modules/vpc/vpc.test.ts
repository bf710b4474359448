import { Token } from "cdktf";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { Vpc, VpcProps } from "../../../modules/vpc/vpc";
import { namesByTier, ref, target } from "../refs";

const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];

function build(overrides: Partial<VpcProps> = {}): { synth: SynthesizedJson; vpc: Vpc } {
  let vpc: Vpc | undefined;
  const synth = synthScope((scope) => {
    vpc = new Vpc(scope, "network", {
      name: "acme-net-test",
      cidr: "10.0.0.0/16",
      availabilityZones: AZS,
      ...overrides,
    });
  });
  return { synth, vpc: vpc! };
}

const resource = (synth: SynthesizedJson, type: string, name: string) => synth.resources(type)[name]!;

/** Routes (separate aws_route resources) whose table is `routeTable`, keyed by destination. */
function routesOf(synth: SynthesizedJson, routeTable: string): Record<string, Record<string, unknown>> {
  const routes = Object.values(synth.resources("aws_route")).filter(
    (r) => r.route_table_id === ref("aws_route_table", routeTable),
  );
  return Object.fromEntries(routes.map((r) => [r.destination_cidr_block as string, r]));
}

/** The route table a subnet is associated with. */
function routeTableOfSubnet(synth: SynthesizedJson, subnet: string): string {
  const associations = Object.values(synth.resources("aws_route_table_association")).filter(
    (a) => a.subnet_id === ref("aws_subnet", subnet),
  );
  expect(associations).toHaveLength(1);
  return target(synth, "aws_route_table", associations[0]!.route_table_id);
}

function azOfSubnet(synth: SynthesizedJson, subnet: string): string {
  return resource(synth, "aws_subnet", subnet).availability_zone as string;
}

describe("Vpc", () => {
  describe("the VPC itself", () => {
    const { synth } = build();

    it("has DNS support and hostnames on and the requested CIDR", () => {
      expect(synth.only("aws_vpc")).toMatchObject({
        cidr_block: "10.0.0.0/16",
        enable_dns_support: true,
        enable_dns_hostnames: true,
        tags: { Name: "acme-net-test" },
      });
    });

    it("adopts the default security group with no ingress or egress rules", () => {
      const group = synth.only("aws_default_security_group");
      const vpcName = Object.keys(synth.resources("aws_vpc"))[0]!;
      expect(group.vpc_id).toBe(ref("aws_vpc", vpcName));
      expect(group).not.toHaveProperty("ingress");
      expect(group).not.toHaveProperty("egress");
    });

    it("builds one subnet per AZ per tier from the default layout, tagged with Name and Tier", () => {
      const byTier = (tier: string) =>
        namesByTier(synth, "aws_subnet", tier).map((n) => {
          const s = resource(synth, "aws_subnet", n);
          return [s.availability_zone, s.cidr_block, (s.tags as Record<string, string>).Name];
        });
      expect(byTier("public")).toEqual([
        ["ap-northeast-2a", "10.0.0.0/20", "acme-net-test-public-ap-northeast-2a"],
        ["ap-northeast-2b", "10.0.16.0/20", "acme-net-test-public-ap-northeast-2b"],
        ["ap-northeast-2c", "10.0.32.0/20", "acme-net-test-public-ap-northeast-2c"],
      ]);
      expect(byTier("private").map(([az, cidr]) => [az, cidr])).toEqual([
        ["ap-northeast-2a", "10.0.64.0/20"],
        ["ap-northeast-2b", "10.0.80.0/20"],
        ["ap-northeast-2c", "10.0.96.0/20"],
      ]);
      expect(byTier("isolated").map(([az, cidr]) => [az, cidr])).toEqual([
        ["ap-northeast-2a", "10.0.128.0/20"],
        ["ap-northeast-2b", "10.0.144.0/20"],
        ["ap-northeast-2c", "10.0.160.0/20"],
      ]);
      expect(synth.count("aws_subnet")).toBe(9);
    });

    it("never auto-assigns public IPs, not even in public subnets", () => {
      const subnets = Object.values(synth.resources("aws_subnet"));
      expect(subnets).toHaveLength(9);
      for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    });

    it("routes the public subnets through one route table to the internet gateway", () => {
      const publicTables = namesByTier(synth, "aws_route_table", "public");
      expect(publicTables).toHaveLength(1);
      const igw = Object.keys(synth.resources("aws_internet_gateway"));
      expect(igw).toHaveLength(1);
      expect(routesOf(synth, publicTables[0]!)["0.0.0.0/0"]).toMatchObject({
        gateway_id: ref("aws_internet_gateway", igw[0]!),
      });
      for (const subnet of namesByTier(synth, "aws_subnet", "public")) {
        expect(routeTableOfSubnet(synth, subnet)).toBe(publicTables[0]);
      }
    });

    it("gives the isolated subnets one route table with no route at all", () => {
      const isolated = namesByTier(synth, "aws_route_table", "isolated");
      expect(isolated).toHaveLength(1);
      expect(routesOf(synth, isolated[0]!)).toEqual({});
      expect(resource(synth, "aws_route_table", isolated[0]!)).not.toHaveProperty("route");
      for (const subnet of namesByTier(synth, "aws_subnet", "isolated")) {
        expect(routeTableOfSubnet(synth, subnet)).toBe(isolated[0]);
      }
    });

    it("declares routes only as aws_route, never inline, so no table carries a hidden route", () => {
      for (const table of Object.values(synth.resources("aws_route_table")))
        expect(table).not.toHaveProperty("route");
    });
  });

  describe("NAT modes", () => {
    it('"none": no NAT gateway, no EIP, and no default route from private subnets', () => {
      const { synth, vpc } = build({ natMode: "none" });
      expect(synth.count("aws_nat_gateway")).toBe(0);
      expect(synth.count("aws_eip")).toBe(0);
      const privateTables = namesByTier(synth, "aws_route_table", "private");
      expect(privateTables).toHaveLength(3);
      for (const table of privateTables) expect(routesOf(synth, table)).toEqual({});
      expect(vpc.natGatewayIds).toEqual([]);
    });

    it('"single": one NAT gateway in the first public subnet, used by every private route table', () => {
      const { synth, vpc } = build({ natMode: "single" });
      expect(synth.count("aws_eip")).toBe(1);
      const natName = Object.keys(synth.resources("aws_nat_gateway"));
      expect(natName).toHaveLength(1);
      const nat = resource(synth, "aws_nat_gateway", natName[0]!);
      const natSubnet = target(synth, "aws_subnet", nat.subnet_id);
      expect(resource(synth, "aws_subnet", natSubnet)).toMatchObject({
        availability_zone: AZS[0],
        tags: { Tier: "public" },
      });
      expect(nat.allocation_id).toBe(
        ref("aws_eip", Object.keys(synth.resources("aws_eip"))[0]!, "allocation_id"),
      );

      const privateTables = namesByTier(synth, "aws_route_table", "private");
      expect(privateTables).toHaveLength(3);
      for (const table of privateTables) {
        expect(routesOf(synth, table)["0.0.0.0/0"]?.nat_gateway_id).toBe(ref("aws_nat_gateway", natName[0]!));
      }
      expect(vpc.natGatewayIds).toHaveLength(1);
    });

    it('"per-az" is the default: each private subnet egresses through the NAT gateway of its own AZ', () => {
      const { synth, vpc } = build();
      expect(synth.count("aws_nat_gateway")).toBe(3);
      expect(synth.count("aws_eip")).toBe(3);
      const privateSubnets = namesByTier(synth, "aws_subnet", "private");
      const natsUsed = new Set<string>();
      const tablesUsed = new Set<string>();
      for (const subnet of privateSubnets) {
        const table = routeTableOfSubnet(synth, subnet);
        tablesUsed.add(table);
        const route = routesOf(synth, table)["0.0.0.0/0"];
        const nat = target(synth, "aws_nat_gateway", route?.nat_gateway_id);
        const natSubnet = target(synth, "aws_subnet", resource(synth, "aws_nat_gateway", nat).subnet_id);
        expect(azOfSubnet(synth, natSubnet)).toBe(azOfSubnet(synth, subnet));
        expect(resource(synth, "aws_subnet", natSubnet).tags).toMatchObject({ Tier: "public" });
        natsUsed.add(nat);
      }
      expect(natsUsed.size).toBe(3);
      expect(tablesUsed.size).toBe(3);
      expect(vpc.natGatewayIds).toHaveLength(3);
    });

    it('"instance": no NAT gateway or EIP; every private default route targets the NAT instance\'s fixed interface', () => {
      const { synth, vpc } = build({ natMode: "instance" });
      expect(synth.count("aws_nat_gateway")).toBe(0);
      expect(synth.count("aws_eip")).toBe(0);
      expect(synth.count("aws_autoscaling_group")).toBe(1);
      const eni = Object.keys(synth.resources("aws_network_interface"))[0]!;
      expect(synth.count("aws_network_interface")).toBe(1);
      const privateTables = namesByTier(synth, "aws_route_table", "private");
      expect(privateTables).toHaveLength(3);
      for (const table of privateTables) {
        expect(routesOf(synth, table)["0.0.0.0/0"]).toMatchObject({
          network_interface_id: ref("aws_network_interface", eni),
        });
      }
      const eniSubnet = target(synth, "aws_subnet", resource(synth, "aws_network_interface", eni).subnet_id);
      expect(resource(synth, "aws_subnet", eniSubnet)).toMatchObject({
        availability_zone: AZS[0],
        tags: { Tier: "public" },
      });
      expect(vpc.natGatewayIds).toEqual([]);
      expect(vpc.natInstance?.instanceType).toBe("t4g.nano");
    });

    it.each(["none", "single", "per-az"] as const)('"%s" builds no NAT instance', (natMode) => {
      const { synth, vpc } = build({ natMode });
      expect(vpc.natInstance).toBeUndefined();
      expect(synth.count("aws_network_interface")).toBe(0);
      expect(synth.count("aws_launch_template")).toBe(0);
      expect(synth.count("aws_autoscaling_group")).toBe(0);
    });

    it("waits for the internet gateway before creating EIPs and NAT gateways", () => {
      const { synth } = build({ natMode: "single" });
      const igw = `aws_internet_gateway.${Object.keys(synth.resources("aws_internet_gateway"))[0]}`;
      expect(synth.only("aws_nat_gateway").depends_on).toContain(igw);
      expect(synth.only("aws_eip")).toMatchObject({ domain: "vpc", depends_on: [igw] });
    });
  });

  describe("flow logs", () => {
    const { synth, vpc } = build();
    const logGroupName = Object.keys(synth.resources("aws_cloudwatch_log_group"))[0]!;
    const logGroupArn = ref("aws_cloudwatch_log_group", logGroupName, "arn");

    it("logs ALL traffic of the VPC to a log group kept 90 days", () => {
      expect(synth.only("aws_cloudwatch_log_group")).toMatchObject({
        name: "/aws/vpc-flow-logs/acme-net-test",
        retention_in_days: 90,
      });
      const flowLog = synth.only("aws_flow_log");
      expect(flowLog).toMatchObject({
        vpc_id: ref("aws_vpc", Object.keys(synth.resources("aws_vpc"))[0]!),
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        log_destination: logGroupArn,
      });
      expect(flowLog.iam_role_arn).toBe(
        ref("aws_iam_role", Object.keys(synth.resources("aws_iam_role"))[0]!, "arn"),
      );
      expect(vpc.flowLogGroupName).toEqual(expect.any(String));
    });

    it("honours a custom retention and traffic type", () => {
      const custom = build({ flowLogRetentionDays: 365, flowLogTrafficType: "REJECT" }).synth;
      expect(custom.only("aws_cloudwatch_log_group").retention_in_days).toBe(365);
      expect(custom.only("aws_flow_log").traffic_type).toBe("REJECT");
    });

    it("lets only vpc-flow-logs of this account assume the role", () => {
      const trust = JSON.parse(synth.only("aws_iam_role").assume_role_policy as string);
      expect(trust.Statement).toHaveLength(1);
      const [statement] = trust.Statement;
      expect(statement).toMatchObject({
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
      });
      expect(statement.Condition.StringEquals["aws:SourceAccount"]).toMatch(
        /^\$\{data\.aws_caller_identity\./,
      );
      expect(statement.Condition.ArnLike["aws:SourceArn"]).toMatch(/:vpc-flow-log\/\*$/);
    });

    it("grants the role log-writing actions on that log group only", () => {
      expect(synth.count("aws_iam_role_policy")).toBe(1);
      expect(synth.count("aws_iam_role_policy_attachment")).toBe(0);
      const policy = JSON.parse(synth.only("aws_iam_role_policy").policy as string);
      const allowed = new Set([
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogStreams",
        "logs:DescribeLogGroups",
      ]);
      for (const statement of policy.Statement) {
        expect(statement.Effect).toBe("Allow");
        for (const action of [statement.Action].flat()) expect(allowed).toContain(action);
        expect([statement.Resource].flat().sort()).toEqual([logGroupArn, `${logGroupArn}:*`].sort());
      }
      const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(["logs:CreateLogStream", "logs:PutLogEvents"]));
    });

    it("creates the flow log only after its policy exists", () => {
      const policyName = Object.keys(synth.resources("aws_iam_role_policy"))[0];
      expect(synth.only("aws_flow_log").depends_on).toEqual([`aws_iam_role_policy.${policyName}`]);
    });
  });

  describe.each([
    { service: "s3", disable: { enableS3GatewayEndpoint: false }, attribute: "s3GatewayEndpointId" },
    {
      service: "dynamodb",
      disable: { enableDynamoDbGatewayEndpoint: false },
      attribute: "dynamoDbGatewayEndpointId",
    },
  ] as const)("$service gateway endpoint (free)", ({ service, disable, attribute }) => {
    const endpointOf = (synth: SynthesizedJson) =>
      Object.values(synth.resources("aws_vpc_endpoint")).filter((e) =>
        String(e.service_name).endsWith(`.${service}`),
      );

    it("is attached to every private and the isolated route table, not the public one", () => {
      const { synth, vpc } = build();
      const endpoints = endpointOf(synth);
      expect(endpoints).toHaveLength(1);
      const endpoint = endpoints[0]!;
      expect(endpoint.vpc_endpoint_type).toBe("Gateway");
      expect(endpoint.service_name).toMatch(
        new RegExp(`^com\\.amazonaws\\.\\$\\{data\\.aws_region\\.[^}]+\\.name\\}\\.${service}$`),
      );
      const expected = [
        ...namesByTier(synth, "aws_route_table", "private"),
        ...namesByTier(synth, "aws_route_table", "isolated"),
      ].map((n) => ref("aws_route_table", n));
      expect(expected).toHaveLength(4);
      expect([...(endpoint.route_table_ids as string[])].sort()).toEqual(expected.sort());
      // A reference to the endpoint's id (resolved by Terraform), not a literal.
      expect(Token.isUnresolved(vpc[attribute])).toBe(true);
    });

    it("is left out when disabled, and the other one stays", () => {
      const { synth, vpc } = build(disable);
      expect(endpointOf(synth)).toHaveLength(0);
      expect(synth.count("aws_vpc_endpoint")).toBe(1);
      expect(vpc[attribute]).toBeUndefined();
    });
  });

  describe("attributes", () => {
    it("exposes ids per tier in AZ order and the subnet plan it built", () => {
      const { vpc } = build({ availabilityZones: AZS.slice(0, 2), natMode: "single" });
      expect(vpc.availabilityZones).toEqual(AZS.slice(0, 2));
      expect(vpc.cidr).toBe("10.0.0.0/16");
      for (const ids of [
        vpc.publicSubnetIds,
        vpc.privateSubnetIds,
        vpc.isolatedSubnetIds,
        vpc.privateRouteTableIds,
      ]) {
        expect(ids).toHaveLength(2);
      }
      expect(vpc.subnetCidrs.private).toEqual(["10.0.64.0/20", "10.0.80.0/20"]);
      expect(new Set([...vpc.publicSubnetIds, ...vpc.privateSubnetIds, ...vpc.isolatedSubnetIds]).size).toBe(
        6,
      );
    });

    it("builds an explicit subnet layout as given", () => {
      const subnets = {
        public: ["10.1.0.0/24", "10.1.1.0/24"],
        private: ["10.1.10.0/24", "10.1.11.0/24"],
        isolated: ["10.1.20.0/24", "10.1.21.0/24"],
      };
      const { synth } = build({ cidr: "10.1.0.0/16", availabilityZones: AZS.slice(0, 2), subnets });
      const cidrsOf = (tier: string) =>
        namesByTier(synth, "aws_subnet", tier).map((n) => resource(synth, "aws_subnet", n).cidr_block);
      expect(cidrsOf("public")).toEqual(subnets.public);
      expect(cidrsOf("private")).toEqual(subnets.private);
      expect(cidrsOf("isolated")).toEqual(subnets.isolated);
    });
  });

  describe("prop validation", () => {
    const fails = (overrides: Partial<VpcProps>) => () => build(overrides);

    it("rejects one AZ and four AZs, naming availabilityZones", () => {
      expect(fails({ availabilityZones: ["ap-northeast-2a"] })).toThrow(
        /availabilityZones must list 2 to 3 availability zones \(one AZ is a single point of failure\), got 1/,
      );
      expect(fails({ availabilityZones: [...AZS, "ap-northeast-2d"] })).toThrow(
        /availabilityZones must list 2 to 3 availability zones \(one AZ is a single point of failure\), got 4/,
      );
    });

    it("rejects an AZ listed twice", () => {
      expect(fails({ availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] })).toThrow(
        /ap-northeast-2a more than once/,
      );
    });

    it("rejects a subnet count that differs from the AZ count, naming the tier", () => {
      const subnets = {
        public: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
        private: ["10.0.64.0/20", "10.0.80.0/20"],
        isolated: ["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"],
      };
      expect(fails({ subnets })).toThrow(
        /subnets\.private must be one subnet per availability zone \(3\), got 2 subnets/,
      );
    });

    it("rejects subnets outside the VPC, overlapping each other, or smaller than /28", () => {
      const subnets = {
        public: ["10.0.0.0/20", "10.0.16.0/20"],
        private: ["10.9.0.0/20", "10.0.8.0/24"],
        isolated: ["10.0.128.0/29", "10.0.144.0/20"],
      };
      const run = fails({ availabilityZones: AZS.slice(0, 2), subnets });
      expect(run).toThrow(
        /subnets\.private\[0\] must be a subnet inside the VPC CIDR 10\.0\.0\.0\/16, got "10\.9\.0\.0\/20"/,
      );
      expect(run).toThrow(
        /subnets\.private\[1\] must be a subnet that does not overlap subnets\.public\[0\] \(10\.0\.0\.0\/20\), got "10\.0\.8\.0\/24"/,
      );
      expect(run).toThrow(
        /subnets\.isolated\[0\] must be a subnet of \/28 or larger, the smallest AWS allows, got "10\.0\.128\.0\/29"/,
      );
    });

    it("rejects a malformed or out-of-range VPC CIDR", () => {
      expect(fails({ cidr: "10.0.0.1/16" })).toThrow(
        /cidr must be an IPv4 CIDR from \/16 to \/24 with no host bits set, e\.g\. "10\.0\.0\.0\/16", got "10\.0\.0\.1\/16"/,
      );
      expect(fails({ cidr: "10.0.0.0/8" })).toThrow(
        /cidr must be an IPv4 CIDR from \/16 to \/24 with no host bits set, e\.g\. "10\.0\.0\.0\/16", got "10\.0\.0\.0\/8"/,
      );
    });

    it("rejects a name that cannot prefix the role and log group", () => {
      expect(fails({ name: "" })).toThrow(/name must be 1-50 letters/);
      expect(fails({ name: "x".repeat(51) })).toThrow(/name must be 1-50 letters/);
    });

    it("rejects values the types forbid but JSON can carry", () => {
      expect(fails({ natMode: "dual" as never })).toThrow(
        /natMode must be one of "none", "single", "per-az", "instance", got "dual"/,
      );
      expect(fails({ flowLogTrafficType: "all" as never })).toThrow(/flowLogTrafficType must be one of/);
    });

    test.each([
      [
        "an x86 NAT instance type",
        { natMode: "instance", natInstanceType: "t3.nano" },
        /natInstanceType must be a Graviton \(arm64\) instance type such as "t4g\.nano".* got "t3\.nano"/,
      ],
      [
        "an Intel NAT instance type",
        { natMode: "instance", natInstanceType: "m7i.large" },
        /natInstanceType must be a Graviton .* got "m7i\.large"/,
      ],
      [
        "a NAT instance type for a NAT gateway mode",
        { natMode: "single", natInstanceType: "t4g.small" },
        /natInstanceType applies only to natMode "instance" \(natMode is "single"\); remove it or set natMode "instance"/,
      ],
      [
        "a NAT instance type with the default mode",
        { natInstanceType: "t4g.small" },
        /natInstanceType applies only to natMode "instance" \(natMode is "per-az"\)/,
      ],
    ] as [string, Partial<VpcProps>, RegExp][])("rejects %s", (_why, overrides, message) => {
      expect(fails(overrides)).toThrow(message);
      expect(fails(overrides)).toThrow(/network: invalid Vpc props:/);
    });

    it('accepts a Graviton NAT instance type with natMode "instance"', () => {
      const { vpc } = build({ natMode: "instance", natInstanceType: "c7g.medium" });
      expect(vpc.natInstance?.instanceType).toBe("c7g.medium");
    });

    it("rejects a flow-log retention CloudWatch does not offer", () => {
      expect(fails({ flowLogRetentionDays: 45 })).toThrow(/retentionDays must be one of .* got 45/);
    });

    it("reports every problem at once, prefixed with the construct path", () => {
      const run = fails({ availabilityZones: ["ap-northeast-2a"], cidr: "10.0.0.0/33", name: "-bad" });
      expect(run).toThrow(/^(.*\/)?network: invalid Vpc props:/);
      expect(run).toThrow(/name must be/);
      expect(run).toThrow(/availabilityZones must list/);
      expect(run).toThrow(/cidr must be an IPv4 CIDR/);
    });
  });
});
