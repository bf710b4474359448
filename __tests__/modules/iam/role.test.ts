import { PolicyStatement } from "../../../modules/iam/policy-document";
import { Role, RoleProps, roleNameWithinLimit } from "../../../modules/iam/role";
import { ServicePrincipal, ServicePrincipals } from "../../../modules/iam/service-principal";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const BASE: RoleProps = { roleName: "acme-worker", assumedBy: ServicePrincipals.ecsTasks };

function build(props: Partial<RoleProps> = {}, after?: (role: Role) => void): SynthesizedJson {
  return synthScope((scope) => {
    const role = new Role(scope, "role", { ...BASE, ...props });
    after?.(role);
  });
}

function errorOf(props: Partial<RoleProps>, after?: (role: Role) => void): string {
  try {
    build(props, after);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the role to be refused");
}

const trustOf = (synth: SynthesizedJson) =>
  (
    JSON.parse(synth.only("aws_iam_role").assume_role_policy as string) as {
      Statement: Record<string, unknown>[];
    }
  ).Statement;
const statementsOf = (synth: SynthesizedJson) =>
  (JSON.parse(synth.only("aws_iam_role_policy").policy as string) as { Statement: PolicyStatement[] })
    .Statement;

const dataRef = (type: string, attribute: string) =>
  new RegExp(`^\\$\\{data\\.${type}\\.[^}]+\\.${attribute}\\}$`);

describe("trust policy", () => {
  test.each([
    ["ecsTasks", "ecs-tasks.amazonaws.com", "ecs", "*"],
    ["scheduler", "scheduler.amazonaws.com", "scheduler", "schedule-group/*"],
    ["events", "events.amazonaws.com", "events", "rule/*"],
    ["rdsMonitoring", "monitoring.rds.amazonaws.com", "rds", "db:*"],
    ["vpcFlowLogs", "vpc-flow-logs.amazonaws.com", "ec2", "vpc-flow-log/*"],
  ] as const)(
    "%s: %s may assume it only for its resources of this account and region",
    (key, service, arnService, resource) => {
      const [statement] = trustOf(build({ assumedBy: ServicePrincipals[key] }));
      expect(statement).toMatchObject({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
      });
      const condition = statement!.Condition as {
        StringEquals: Record<string, string>;
        ArnLike: Record<string, string>;
      };
      expect(Object.keys(condition).sort()).toEqual(["ArnLike", "StringEquals"]);
      expect(condition.StringEquals["aws:SourceAccount"]).toMatch(
        dataRef("aws_caller_identity", "account_id"),
      );
      const sourceArn = condition.ArnLike["aws:SourceArn"]!;
      const parts = sourceArn.split(":");
      expect(parts[0]).toBe("arn");
      expect(parts[1]).toMatch(dataRef("aws_partition", "partition"));
      expect(parts[2]).toBe(arnService);
      expect(parts[3]).toMatch(dataRef("aws_region", "name"));
      expect(parts[4]).toMatch(dataRef("aws_caller_identity", "account_id"));
      expect(parts.slice(5).join(":")).toBe(resource);
    },
  );

  test.each([
    ["lambda", "lambda.amazonaws.com"],
    ["ec2", "ec2.amazonaws.com"],
  ] as const)("%s: no condition, because the service documents no source keys for it", (key, service) => {
    const synth = build({ assumedBy: ServicePrincipals[key] });
    expect(trustOf(synth)).toEqual([
      { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" },
    ]);
    expect(Object.keys(synth.json.data ?? {})).toEqual([]);
  });

  test("one set of partition/region/account data sources per stack, however many roles", () => {
    const synth = synthScope((scope) => {
      new Role(scope, "a", BASE);
      new Role(scope, "b", { ...BASE, roleName: "acme-other", assumedBy: ServicePrincipals.scheduler });
    });
    for (const type of ["aws_partition", "aws_region", "aws_caller_identity"])
      expect(Object.keys((synth.json.data?.[type] ?? {}) as object)).toHaveLength(1);
  });
});

describe("permissions", () => {
  const read: PolicyStatement = {
    Sid: "Read",
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::b/*",
  };
  const send: PolicyStatement = {
    Sid: "Send",
    Effect: "Allow",
    Action: "sqs:SendMessage",
    Resource: "arn:aws:sqs:eu-west-1:1:q",
  };

  test("statements given at construction and granted later land in the one inline policy", () => {
    const synth = build({ statements: [read] }, (role) => role.addToPolicy(send));
    expect(synth.count("aws_iam_role_policy")).toBe(1);
    expect(synth.only("aws_iam_role_policy")).toMatchObject({
      name: "least-privilege",
      role: ref("aws_iam_role", Object.keys(synth.resources("aws_iam_role"))[0]!, "id"),
    });
    expect(statementsOf(synth)).toEqual([read, send]);
  });

  test("a role nobody granted anything has no inline policy at all", () => {
    expect(build().count("aws_iam_role_policy")).toBe(0);
  });

  test("managed policies are attached by ARN, and the grants list them for dependsOn", () => {
    let grants = 0;
    const synth = build(
      { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"] },
      (role) => {
        role.addToPolicy(read);
        grants = role.grants.length;
      },
    );
    expect(synth.only("aws_iam_role_policy_attachment").policy_arn).toBe(
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    );
    expect(grants).toBe(2);
  });

  test("the instance profile is made once, on first use, with the role's name", () => {
    const synth = build({ assumedBy: ServicePrincipals.ec2 }, (role) => {
      role.instanceProfile();
      role.instanceProfile();
    });
    const roleName = Object.keys(synth.resources("aws_iam_role"))[0]!;
    expect(synth.only("aws_iam_instance_profile")).toMatchObject({
      name: ref("aws_iam_role", roleName, "name"),
      role: ref("aws_iam_role", roleName, "name"),
    });
  });

  test.each([
    [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }, /grants "\*"/],
    [{ Effect: "Allow", Action: "iam:*", Resource: "arn:aws:iam::1:role/x" }, /grants "iam:\*"/],
    [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }, /wildcard action "s3:Get\*" on Resource "\*"/],
    [{ Effect: "Allow", Action: [], Resource: "*" }, /names no action/],
    [{ Effect: "Allow", Action: "s3:GetObject", Resource: [] }, /names no resource/],
    [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
      /has a Principal/,
    ],
  ] as [PolicyStatement, RegExp][])("refuses %j, whichever module grants it", (statement, message) => {
    expect(errorOf({}, (role) => role.addToPolicy(statement))).toMatch(
      new RegExp(`^stack/role: .*${message.source}`),
    );
    expect(errorOf({ statements: [statement] })).toMatch(message);
  });

  test("a named action on Resource * is allowed (EC2 Describe*, X-Ray accept nothing else)", () => {
    const synth = build({}, (role) =>
      role.addToPolicy({ Effect: "Allow", Action: "ec2:DescribeNetworkInterfaces", Resource: "*" }),
    );
    expect(statementsOf(synth)).toHaveLength(1);
  });
});

describe("names", () => {
  test("a name within 64 characters is kept as given", () => {
    expect(build({ roleName: "a".repeat(64) }).only("aws_iam_role").name).toBe("a".repeat(64));
  });

  test("a longer name is cut to fit with a hash of the whole, never silently truncated into a clash", () => {
    const long = `erp-mes-simulator-scaler-${"x".repeat(50)}`;
    const other = `${long.slice(0, -1)}y`;
    const name = roleNameWithinLimit(long);
    expect(name).toHaveLength(64);
    expect(name.startsWith(long.slice(0, 55))).toBe(true);
    expect(name).toMatch(/-[0-9a-f]{8}$/);
    expect(roleNameWithinLimit(other)).not.toBe(name);
    expect(build({ roleName: long }).only("aws_iam_role").name).toBe(name);
  });

  test.each(["has space", "slash/name", "ünïcode"])("refuses the name %p", (roleName) => {
    expect(errorOf({ roleName })).toBe(
      `stack/role: roleName may hold letters, digits and "+=,.@_-" only, got "${roleName}"`,
    );
  });
});

test("ServicePrincipals is the only list of principals: every entry names an amazonaws.com service", () => {
  for (const principal of Object.values(ServicePrincipals) as ServicePrincipal[])
    expect(principal.service).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
});
