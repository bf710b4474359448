import { TerraformOutput } from "cdktf";
import { LAMBDA_ENTRIES } from "../../../lambdas/entries";
import { ContainerImage } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import {
  OnDemandService,
  OnDemandServiceProps,
  SCALER_TIMEOUT_WITH_DATABASE_SECONDS,
} from "../../../modules/ecs/on-demand-service";
import { PostgresDatabase } from "../../../modules/rds/postgres-database";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

/**
 * The on-demand mode: the service is created with no tasks and Terraform never touches its desired
 * count again; two EventBridge schedules invoke a scaler Lambda that may describe and update this one
 * service and nothing else.
 */

type Props = Omit<OnDemandServiceProps, "cluster">;

const BASE: Props = {
  scalerEntry: LAMBDA_ENTRIES.ecsScaler,
  serviceName: "erp-api",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-private-a", "subnet-private-b"],
  container: {
    name: "api",
    image: ContainerImage.fromRegistry("public.ecr.aws/acme/erp-api:1.0.0"),
    port: 8000,
  },
  cpu: 256,
  memoryMib: 512,
  logGroupName: "/ecs/erp-api",
};

function build(overrides: Partial<Props> = {}): SynthesizedJson {
  let service: OnDemandService | undefined;
  const synth = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    service = new OnDemandService(scope, "simulator", { ...BASE, ...overrides, cluster });
    new TerraformOutput(scope, "scaler_function_name", { value: service.scalerFunctionName });
    new TerraformOutput(scope, "scaler_function_arn", { value: service.scalerFunctionArn });
    new TerraformOutput(scope, "start_rule_name", { value: service.startRuleName });
    new TerraformOutput(scope, "stop_rule_name", { value: service.stopRuleName });
  });
  return synth;
}

function buildError(overrides: Partial<Props>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected OnDemandService to refuse these props");
}

interface JsonStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

const list = (value: string | string[]) => ([] as string[]).concat(value);
const nameOf = (synth: SynthesizedJson, type: string) => {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};

/** The statements of the inline policy on the role the scaler Lambda runs as. */
function scalerStatements(synth: SynthesizedJson): JsonStatement[] {
  const roleName = target(synth, "aws_iam_role", synth.only("aws_lambda_function").role, "arn");
  const policies = Object.values(synth.resources("aws_iam_role_policy")).filter(
    (p) => p.role === ref("aws_iam_role", roleName, "id"),
  );
  expect(policies).toHaveLength(1);
  return JSON.parse(policies[0]!.policy as string).Statement as JsonStatement[];
}

/** The rule, target and permission of one action, found through the target's input. */
function scheduleOf(synth: SynthesizedJson, action: "start" | "stop") {
  const targets = Object.values(synth.resources("aws_cloudwatch_event_target")).filter(
    (t) => t.input === JSON.stringify({ action }),
  );
  expect(targets).toHaveLength(1);
  const eventTarget = targets[0]!;
  const ruleName = target(synth, "aws_cloudwatch_event_rule", eventTarget.rule, "name");
  const permissions = Object.values(synth.resources("aws_lambda_permission")).filter(
    (p) => p.source_arn === ref("aws_cloudwatch_event_rule", ruleName, "arn"),
  );
  expect(permissions).toHaveLength(1);
  return {
    rule: synth.resources("aws_cloudwatch_event_rule")[ruleName]!,
    target: eventTarget,
    permission: permissions[0]!,
  };
}

describe("OnDemandService", () => {
  const synth = build();
  const serviceName = nameOf(synth, "aws_ecs_service");
  const lambdaName = nameOf(synth, "aws_lambda_function");

  test("starts with no tasks and leaves desired_count to the schedule afterwards", () => {
    const ecsService = synth.only("aws_ecs_service");
    expect(ecsService.desired_count).toBe(0);
    expect((ecsService.lifecycle as { ignore_changes?: string[] }).ignore_changes).toContain("desired_count");
    expect(ecsService.name).toBe("erp-api");
    expect(ecsService.load_balancer).toBeUndefined();
  });

  test("exposes the scaler function and the rules for the stack's outputs", () => {
    const value = (name: string) => synth.output(name)?.value;
    expect(value("scaler_function_name")).toBe(ref("aws_lambda_function", lambdaName, "function_name"));
    expect(value("scaler_function_arn")).toBe(ref("aws_lambda_function", lambdaName, "arn"));
    expect(
      synth.resources("aws_cloudwatch_event_rule")[
        target(synth, "aws_cloudwatch_event_rule", value("start_rule_name"), "name")
      ]!.name,
    ).toBe("start-erp-api");
    expect(
      synth.resources("aws_cloudwatch_event_rule")[
        target(synth, "aws_cloudwatch_event_rule", value("stop_rule_name"), "name")
      ]!.name,
    ).toBe("stop-erp-api");
  });

  test("has no Application Auto Scaling: the schedule is the only thing changing the count", () => {
    const types = Object.keys(synth.json.resource ?? {});
    expect(types.filter((t) => t.startsWith("aws_appautoscaling"))).toEqual([]);
    expect(types).toContain("aws_ecs_service");
  });

  test("two schedules with the default weekday crons (09:00 and 18:00 KST), both enabled", () => {
    expect(synth.count("aws_cloudwatch_event_rule")).toBe(2);
    expect(synth.count("aws_cloudwatch_event_target")).toBe(2);
    expect(synth.count("aws_lambda_permission")).toBe(2);
    const start = scheduleOf(synth, "start");
    const stop = scheduleOf(synth, "stop");
    expect(start.rule).toMatchObject({
      name: "start-erp-api",
      schedule_expression: "cron(0 0 ? * MON-FRI *)",
      state: "ENABLED",
    });
    expect(stop.rule).toMatchObject({
      name: "stop-erp-api",
      schedule_expression: "cron(0 9 ? * MON-FRI *)",
      state: "ENABLED",
    });
    expect(start.rule).not.toBe(stop.rule);
  });

  test.each(["start", "stop"] as const)(
    "the %s rule invokes the scaler Lambda, which only that rule may invoke through its permission",
    (action) => {
      const { target: eventTarget, permission } = scheduleOf(synth, action);
      expect(eventTarget.arn).toBe(ref("aws_lambda_function", lambdaName, "arn"));
      expect(JSON.parse(eventTarget.input as string)).toEqual({ action });
      expect(permission).toMatchObject({
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        function_name: ref("aws_lambda_function", lambdaName, "function_name"),
      });
    },
  );

  test("the Lambda is told which service to scale and how many tasks a start runs", () => {
    const lambda = synth.only("aws_lambda_function");
    expect(lambda.function_name).toBe("erp-api-scaler");
    const variables = (lambda.environment as { variables: Record<string, string> }).variables;
    expect(variables).toEqual({
      CLUSTER_NAME: ref("aws_ecs_cluster", nameOf(synth, "aws_ecs_cluster"), "name"),
      SERVICE_NAME: ref("aws_ecs_service", serviceName, "name"),
      START_DESIRED_COUNT: "1",
    });
  });

  test("the Lambda may describe and update exactly this service, and write its own log group", () => {
    const statements = scalerStatements(synth);
    const ecs = statements.filter((s) => list(s.Action).some((a) => a.toLowerCase().startsWith("ecs:")));
    expect(ecs).toHaveLength(1);
    expect(ecs[0]!.Effect).toBe("Allow");
    expect(list(ecs[0]!.Action).sort()).toEqual(["ecs:DescribeServices", "ecs:UpdateService"]);
    expect(list(ecs[0]!.Resource)).toEqual([ref("aws_ecs_service", serviceName, "id")]);

    const logGroup = Object.entries(synth.resources("aws_cloudwatch_log_group")).find(
      ([, g]) => g.name === "/aws/lambda/erp-api-scaler",
    )![0];
    const others = statements.filter((s) => !ecs.includes(s));
    expect(others).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${ref("aws_cloudwatch_log_group", logGroup, "arn")}:*`,
      },
    ]);

    for (const statement of statements) {
      expect(list(statement.Action)).not.toContain("*");
      expect(list(statement.Action).filter((a) => a.endsWith(":*"))).toEqual([]);
      expect(list(statement.Resource)).not.toContain("*");
    }
  });

  test("no other policy in the construct grants ECS actions", () => {
    const lambdaRole = target(synth, "aws_iam_role", synth.only("aws_lambda_function").role, "arn");
    for (const policy of Object.values(synth.resources("aws_iam_role_policy"))) {
      if (policy.role === ref("aws_iam_role", lambdaRole, "id")) continue;
      const statements = JSON.parse(policy.policy as string).Statement as JsonStatement[];
      expect(statements.flatMap((s) => list(s.Action)).filter((a) => a.startsWith("ecs:"))).toEqual([]);
    }
  });
});

describe("OnDemandService options", () => {
  test("schedules, running count and schedule name are configurable", () => {
    const synth = build({
      startSchedule: "cron(30 23 ? * SUN-THU *)",
      stopSchedule: "cron(0 12 ? * MON-FRI *)",
      runningCount: 3,
      scheduleName: "erp-api-dev",
    });
    expect(scheduleOf(synth, "start").rule).toMatchObject({
      name: "start-erp-api-dev",
      schedule_expression: "cron(30 23 ? * SUN-THU *)",
      state: "ENABLED",
    });
    expect(scheduleOf(synth, "stop").rule).toMatchObject({
      name: "stop-erp-api-dev",
      schedule_expression: "cron(0 12 ? * MON-FRI *)",
      state: "ENABLED",
    });
    const lambda = synth.only("aws_lambda_function");
    expect(lambda.function_name).toBe("erp-api-dev-scaler");
    expect((lambda.environment as { variables: Record<string, string> }).variables.START_DESIRED_COUNT).toBe(
      "3",
    );
    // The service itself still starts empty whatever a start runs.
    expect(synth.only("aws_ecs_service").desired_count).toBe(0);
  });

  test("schedulesEnabled false keeps both rules but disables them", () => {
    const synth = build({ schedulesEnabled: false });
    expect(synth.count("aws_cloudwatch_event_rule")).toBe(2);
    expect(scheduleOf(synth, "start").rule.state).toBe("DISABLED");
    expect(scheduleOf(synth, "stop").rule.state).toBe("DISABLED");
    // Manual start/stop still works: the function and its permissions stay.
    expect(synth.count("aws_lambda_function")).toBe(1);
    expect(synth.count("aws_lambda_permission")).toBe(2);
  });

  test.each([0, -1, 1.5])("runningCount %p is refused", (runningCount) => {
    expect(buildError({ runningCount })).toMatch(
      new RegExp(
        `simulator: runningCount must be a whole number of tasks >= 1, got ${String(runningCount).replace(".", "\\.")}$`,
      ),
    );
  });
});

describe("OnDemandService with a database", () => {
  const ARN = "arn:aws:rds:ap-northeast-2:123456789012:db:erp-db";
  const variablesOf = (synth: SynthesizedJson) =>
    (synth.only("aws_lambda_function").environment as { variables: Record<string, string> }).variables;
  const rdsStatements = (synth: SynthesizedJson) =>
    scalerStatements(synth).filter((s) => list(s.Action).some((a) => a.toLowerCase().startsWith("rds:")));

  /** The service next to a real PostgresDatabase, passed as `database`, as the ERP/MES stack does. */
  const withPostgres = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const database = new PostgresDatabase(scope, "database", {
      identifier: "erp-db",
      databaseName: "erp",
      vpcId: "vpc-0123",
      subnetIds: ["subnet-isolated-a", "subnet-isolated-b"],
    });
    new OnDemandService(scope, "simulator", { ...BASE, cluster, database });
  });
  const instance = nameOf(withPostgres, "aws_db_instance");

  test("the scaler is told the instance to start and stop through DB_INSTANCE_ID", () => {
    expect(variablesOf(withPostgres)).toEqual({
      CLUSTER_NAME: ref("aws_ecs_cluster", nameOf(withPostgres, "aws_ecs_cluster"), "name"),
      SERVICE_NAME: ref("aws_ecs_service", nameOf(withPostgres, "aws_ecs_service"), "name"),
      START_DESIRED_COUNT: "1",
      DB_INSTANCE_ID: ref("aws_db_instance", instance, "identifier"),
    });
  });

  test("the scaler may describe, start and stop exactly that one instance, and nothing else in RDS", () => {
    expect(rdsStatements(withPostgres)).toEqual([
      {
        Sid: "StartStopThisDatabaseOnly",
        Effect: "Allow",
        Action: ["rds:DescribeDBInstances", "rds:StartDBInstance", "rds:StopDBInstance"],
        Resource: ref("aws_db_instance", instance, "arn"),
      },
    ]);
    // The ECS and log statements are unchanged by it.
    expect(scalerStatements(withPostgres).map((s) => s.Sid)).toEqual([
      "WriteOwnLogs",
      "ScaleThisServiceOnly",
      "StartStopThisDatabaseOnly",
    ]);
    for (const statement of scalerStatements(withPostgres)) {
      expect(list(statement.Resource).filter((r) => r.includes("*") && !r.endsWith(":*"))).toEqual([]);
      expect(list(statement.Action).filter((a) => a.includes("*"))).toEqual([]);
    }
  });

  test(`the scaler's timeout is ${SCALER_TIMEOUT_WITH_DATABASE_SECONDS} s (Lambda's maximum) to wait out an RDS start`, () => {
    expect(SCALER_TIMEOUT_WITH_DATABASE_SECONDS).toBe(900);
    expect(withPostgres.only("aws_lambda_function").timeout).toBe(900);
  });

  test("literal identifier and ARN are passed through as they are", () => {
    const synth = build({ database: { instanceIdentifier: "erp-db", instanceArn: ARN } });
    expect(variablesOf(synth).DB_INSTANCE_ID).toBe("erp-db");
    expect(rdsStatements(synth).map((s) => s.Resource)).toEqual([ARN]);
    expect(synth.only("aws_lambda_function").timeout).toBe(900);
  });

  test("without it nothing RDS appears: no variable, no rds: action, the default 30 s timeout", () => {
    const synth = build();
    const lambda = synth.only("aws_lambda_function");
    expect(variablesOf(synth)).not.toHaveProperty("DB_INSTANCE_ID");
    expect(lambda.timeout).toBe(30);
    for (const policy of Object.values(synth.resources("aws_iam_role_policy"))) {
      expect(policy.policy as string).not.toMatch(/rds:/i);
    }
    expect(Object.keys(synth.json.resource ?? {}).filter((t) => t.startsWith("aws_db_"))).toEqual([]);
  });

  test.each([
    [
      "a wildcard ARN",
      { instanceIdentifier: "erp-db", instanceArn: "arn:aws:rds:ap-northeast-2:123456789012:db:*" },
      'database.instanceArn must be the ARN of one DB instance, "arn:aws:rds:<region>:<account>:db:<identifier>", got "arn:aws:rds:ap-northeast-2:123456789012:db:*"',
    ],
    [
      "a cluster ARN",
      { instanceIdentifier: "erp-db", instanceArn: "arn:aws:rds:ap-northeast-2:123456789012:cluster:erp-db" },
      "database.instanceArn must be the ARN of one DB instance",
    ],
    [
      "an ARN of another instance",
      { instanceIdentifier: "erp-db", instanceArn: ARN.replace("erp-db", "other-db") },
      'database.instanceArn names DB instance "other-db" but database.instanceIdentifier is "erp-db"; pass both from the same instance',
    ],
    [
      "an identifier that is not one",
      { instanceIdentifier: "Erp_DB", instanceArn: ARN },
      'database.instanceIdentifier must be an RDS DB instance identifier (1-63 lowercase letters, digits and hyphens, starting with a letter), got "Erp_DB"',
    ],
  ])("refuses %s", (_label, database, message) => {
    expect(buildError({ database })).toContain(`simulator: ${message}`);
  });
});
