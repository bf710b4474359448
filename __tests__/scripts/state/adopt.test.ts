import {
  AdoptPlanJson,
  AwsCli,
  checkAccount,
  ConfigJson,
  findOrphans,
  formatResult,
  importBlocks,
  StateJson,
} from "../../../scripts/state/adopt";

const STACK_TAGS = { Project: "p", System: "net" };
const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const ours = (name?: string) => tagList({ ...STACK_TAGS, ...(name ? { Name: name } : {}) });

/** What the fake account holds, per aws command; EC2 listings honour tag and group-id filters. */
const ACCOUNT: Record<string, Record<string, unknown>[]> = {
  "describe-vpcs": [{ VpcId: "vpc-1", Tags: ours("p-dev") }],
  "describe-subnets": [
    { SubnetId: "subnet-a", Tags: ours("p-dev-a") },
    // Same Name, another project: outside the stack's tags, never a candidate.
    { SubnetId: "subnet-x", Tags: tagList({ Project: "other", System: "net", Name: "p-dev-a" }) },
  ],
  "describe-security-groups": [
    { GroupId: "sg-1", GroupName: "p-sg", VpcId: "vpc-1", Tags: ours() },
    { GroupId: "sg-2", GroupName: "p-sg", VpcId: "vpc-old", Tags: ours() },
  ],
  // AWS's allow-all egress rule of a new group: untagged.
  "describe-security-group-rules": [
    {
      SecurityGroupRuleId: "sgr-1",
      GroupId: "sg-1",
      IsEgress: true,
      IpProtocol: "-1",
      FromPort: -1,
      ToPort: -1,
      CidrIpv4: "0.0.0.0/0",
      Tags: [],
    },
    {
      SecurityGroupRuleId: "sgr-9",
      GroupId: "sg-2",
      IsEgress: true,
      IpProtocol: "-1",
      FromPort: -1,
      ToPort: -1,
      CidrIpv4: "0.0.0.0/0",
      Tags: [],
    },
  ],
  "describe-route-tables": [
    {
      RouteTableId: "rtb-1",
      Tags: ours("p-rt"),
      Routes: [{ DestinationCidrBlock: "10.0.0.0/16" }, { DestinationCidrBlock: "0.0.0.0/0" }],
      Associations: [{ SubnetId: "subnet-a", RouteTableAssociationId: "rtbassoc-1" }],
    },
  ],
  "describe-internet-gateways": [
    { InternetGatewayId: "igw-1", Tags: ours("p-igw") },
    { InternetGatewayId: "igw-2", Tags: ours("p-igw") },
  ],
};

function fakeAws(account = ACCOUNT): AwsCli & { calls: string[][] } {
  const calls: string[][] = [];
  const aws = async (args: readonly string[]) => {
    calls.push([...args]);
    const [service, command] = args;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    if (service === "ec2") {
      const filters = args
        .filter((a) => a.startsWith("Name="))
        .map((f) => /^Name=([^,]+),Values=(.*)$/.exec(f)!)
        .map(([, name, values]) => ({ name: name!, values: values!.split(",") }));
      const listKey = {
        "describe-vpcs": "Vpcs",
        "describe-subnets": "Subnets",
        "describe-security-groups": "SecurityGroups",
        "describe-security-group-rules": "SecurityGroupRules",
        "describe-route-tables": "RouteTables",
        "describe-internet-gateways": "InternetGateways",
      }[command!]!;
      const objects = (account[command!] ?? []).filter((o) =>
        filters.every(({ name, values }) => {
          if (name === "group-id") return values.includes(String(o.GroupId));
          const tag = ((o.Tags ?? []) as { Key: string; Value: string }[]).find(
            (t) => `tag:${t.Key}` === name,
          );
          return tag !== undefined && values.includes(tag.Value);
        }),
      );
      return { ok: true, json: { [listKey]: objects }, stderr: "" };
    }
    if (service === "iam" && command === "get-role") {
      const roles: Record<string, Record<string, unknown>> = {
        mine: { RoleName: "mine", Tags: ours() },
        theirs: { RoleName: "theirs", Tags: [] },
      };
      const role = roles[flag("--role-name")!];
      return role
        ? { ok: true, json: { Role: role }, stderr: "" }
        : { ok: false, stderr: "An error occurred (NoSuchEntity) when calling the GetRole operation" };
    }
    if (service === "autoscaling")
      return {
        ok: true,
        json: { AutoScalingGroups: [{ AutoScalingGroupName: "g", Tags: tagList({ Name: "g" }) }] },
        stderr: "",
      };
    if (service === "logs") return { ok: true, json: { logGroups: [] }, stderr: "" };
    throw new Error(`unexpected aws ${args.join(" ")}`);
  };
  return Object.assign(aws, { calls });
}

const ref = (address: string, attribute = "id") => ({ references: [`${address}.${attribute}`, address] });

function create(address: string, after: Record<string, unknown>, unknown: string[] = []) {
  return {
    address,
    mode: "managed",
    type: address.split(".")[0]!,
    change: {
      actions: ["create"],
      after: { ...after, ...Object.fromEntries(unknown.map((u) => [u, null])) },
      after_unknown: { id: true, ...Object.fromEntries(unknown.map((u) => [u, true])) },
    },
  };
}

const PLAN: AdoptPlanJson = {
  resource_changes: [
    create("aws_vpc.vpc", { tags: { Name: "p-dev" } }),
    create("aws_subnet.a", { tags: { Name: "p-dev-a" } }, ["vpc_id"]),
    create("aws_subnet.b", { tags: { Name: "p-dev-b" } }, ["vpc_id"]),
    create("aws_security_group.sg", { name: "p-sg" }, ["vpc_id"]),
    create("aws_vpc_security_group_egress_rule.out", { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }, [
      "security_group_id",
    ]),
    create("aws_route_table.rt", { tags: { Name: "p-rt" } }, ["vpc_id"]),
    create("aws_route.default", { destination_cidr_block: "0.0.0.0/0" }, ["route_table_id"]),
    create("aws_route_table_association.a", {}, ["route_table_id", "subnet_id"]),
    create("aws_route_table_association.b", {}, ["route_table_id", "subnet_id"]),
    create("aws_internet_gateway.igw", { tags: { Name: "p-igw" } }, ["vpc_id"]),
    create("aws_iam_role.mine", { name: "mine" }),
    create("aws_iam_role.theirs", { name: "theirs" }),
    create("aws_autoscaling_group.g", { name: "g", tag: [{ key: "Name", value: "g" }] }),
    create("aws_cloudwatch_log_group.lg", { name: "/lg" }),
    create("aws_default_security_group.d", {}, ["vpc_id"]),
    create("aws_sqs_queue.q", { name: "q" }),
  ],
  configuration: {
    provider_config: {
      aws: {
        expressions: {
          region: { constant_value: "ap-northeast-2" },
          default_tags: [{ tags: { constant_value: STACK_TAGS } }],
        },
      },
    },
    root_module: {
      resources: [
        { address: "aws_subnet.a", expressions: { vpc_id: ref("aws_vpc.vpc") } },
        { address: "aws_subnet.b", expressions: { vpc_id: ref("aws_vpc.vpc") } },
        { address: "aws_security_group.sg", expressions: { vpc_id: ref("aws_vpc.vpc") } },
        {
          address: "aws_vpc_security_group_egress_rule.out",
          expressions: { security_group_id: ref("aws_security_group.sg") },
        },
        { address: "aws_route.default", expressions: { route_table_id: ref("aws_route_table.rt") } },
        {
          address: "aws_route_table_association.a",
          expressions: { route_table_id: ref("aws_route_table.rt"), subnet_id: ref("aws_subnet.a") },
        },
        {
          address: "aws_route_table_association.b",
          expressions: { route_table_id: ref("aws_route_table.rt"), subnet_id: ref("aws_subnet.b") },
        },
      ],
    },
  },
};

describe("findOrphans", () => {
  test("finds what exists by identity and parent, in rounds, and says what it cannot decide", async () => {
    const aws = fakeAws();
    const result = await findOrphans(PLAN, aws);
    expect(result.adopt.map((a) => [a.address, a.importId])).toEqual([
      ["aws_autoscaling_group.g", "g"],
      ["aws_iam_role.mine", "mine"],
      ["aws_route_table_association.a", "subnet-a/rtb-1"],
      ["aws_route_table.rt", "rtb-1"],
      ["aws_route.default", "rtb-1_0.0.0.0/0"],
      ["aws_security_group.sg", "sg-1"],
      ["aws_subnet.a", "subnet-a"],
      ["aws_vpc_security_group_egress_rule.out", "sgr-1"],
      ["aws_vpc.vpc", "vpc-1"],
    ]);
    expect(result.create).toEqual([
      "aws_cloudwatch_log_group.lg",
      "aws_route_table_association.b",
      "aws_subnet.b",
    ]);
    expect(result.skipped.map((s) => s.address)).toEqual(["aws_default_security_group.d"]);
    expect(result.unchecked).toEqual(["aws_sqs_queue.q"]);
    expect(result.ambiguous.sort()).toEqual([
      "aws_iam_role.theirs: theirs exists without the stack's tags (Project=p, System=net)",
      "aws_internet_gateway.igw: 2 objects match (igw-1, igw-2)",
    ]);
  });

  test("limits every EC2 listing to the stack's default tags and lists each once", async () => {
    const aws = fakeAws();
    await findOrphans(PLAN, aws);
    const listings = aws.calls.filter((c) => c[0] === "ec2" && c[1] !== "describe-security-group-rules");
    for (const call of listings)
      expect(call).toEqual(
        expect.arrayContaining(["Name=tag:Project,Values=p", "Name=tag:System,Values=net"]),
      );
    expect(new Set(listings.map((c) => c[1])).size).toBe(listings.length);
    expect(aws.calls.find((c) => c[1] === "describe-security-group-rules")).toContain(
      "Name=group-id,Values=sg-1",
    );
  });

  test("refuses a plan whose provider has no default tags (a lookup would match any stack's objects)", async () => {
    const untagged = {
      ...PLAN,
      configuration: {
        ...PLAN.configuration,
        provider_config: { aws: { expressions: { region: { constant_value: "r" } } } },
      },
    };
    await expect(findOrphans(untagged, fakeAws())).rejects.toThrow("no default tags");
  });

  test("writes import blocks terraform reads, and a summary line", async () => {
    const result = await findOrphans(PLAN, fakeAws());
    expect(JSON.parse(importBlocks(result.adopt)).import).toContainEqual({ to: "aws_vpc.vpc", id: "vpc-1" });
    expect(formatResult(result)).toMatch(/\n9 to import, 3 to create\n$/);
    expect(formatResult(result)).toContain("STOP    aws_sqs_queue.q: no lookup for this type");
  });
});

test("creates anew what hangs off a tainted parent (the apply replaces the parent)", async () => {
  const plan: AdoptPlanJson = {
    ...PLAN,
    resource_changes: [
      create("aws_vpc_security_group_egress_rule.out", { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }, [
        "security_group_id",
      ]),
    ],
    prior_state: {
      values: {
        root_module: {
          resources: [
            {
              address: "aws_security_group.sg",
              mode: "managed",
              tainted: true,
              values: { id: "sg-1", name: "p-sg" },
            },
          ],
        },
      },
    },
  };
  const result = await findOrphans(plan, fakeAws());
  // sg-1 still carries AWS's allow-all egress rule (sgr-1), which goes with the group.
  expect({ adopt: result.adopt, create: result.create, ambiguous: result.ambiguous }).toEqual({
    adopt: [],
    create: ["aws_vpc_security_group_egress_rule.out"],
    ambiguous: [],
  });
});

describe("checkAccount", () => {
  const config: ConfigJson = {
    resource: {
      aws_vpc: { vpc: {} },
      aws_security_group: { sg: {} },
      aws_vpc_security_group_egress_rule: { out: {} },
      aws_iam_role: { mine: {} },
    },
    provider: { aws: [{ region: "ap-northeast-2", default_tags: [{ tags: STACK_TAGS }] }] },
  };
  const state = (ids: Record<string, string>): StateJson => ({
    values: {
      root_module: {
        resources: Object.entries(ids).map(([address, id]) => ({ address, mode: "managed", values: { id } })),
      },
    },
  });

  test("passes when every tagged object and every rule of the stack's groups is one the state names", async () => {
    const check = await checkAccount(
      state({
        "aws_vpc.vpc": "vpc-1",
        "aws_security_group.sg": "sg-1",
        "aws_vpc_security_group_egress_rule.out": "sgr-1",
        "aws_iam_role.mine": "mine",
      }),
      config,
      fakeAws({ ...ACCOUNT, "describe-security-groups": [ACCOUNT["describe-security-groups"]![0]!] }),
    );
    expect(check.problems).toEqual([]);
    expect(check.rows).toContainEqual({ types: "aws_vpc", inConfig: 1, inState: 1, inAccount: 1 });
    expect(check.rows).toContainEqual({ types: "aws_iam_role", inConfig: 1, inState: 1 });
  });

  test("names an orphan (tagged, not in state), an object the state lost, and an untagged extra rule", async () => {
    const check = await checkAccount(
      state({
        "aws_vpc.vpc": "vpc-gone",
        "aws_security_group.sg": "sg-1",
        "aws_vpc_security_group_egress_rule.out": "sgr-7",
        "aws_iam_role.mine": "mine",
      }),
      config,
      fakeAws({
        ...ACCOUNT,
        "describe-vpcs": [{ VpcId: "vpc-1", Tags: ours("p-dev") }],
        "describe-security-groups": [ACCOUNT["describe-security-groups"]![0]!],
      }),
    );
    expect(check.problems).toEqual([
      "describe-vpcs: vpc-1 carry the stack's tags but are not in the state",
      "describe-vpcs: the state names vpc-gone, which the account does not list",
      "security group rules sgr-1 are on the stack's groups but not in the state",
      "the state names rules sgr-7, which its groups do not have",
    ]);
  });
});
