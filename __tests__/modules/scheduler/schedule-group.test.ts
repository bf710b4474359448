import { TerraformOutput } from "cdktf";
import { LAMBDA_ENTRIES } from "../../../lambdas/entries";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { ScheduleGroup, ScheduleGroupProps } from "../../../modules/scheduler/schedule-group";
import { Secret } from "../../../modules/secrets/secret";
import { SecurityGroup } from "../../../modules/network/security-group";
import { Port } from "../../../modules/network/port";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";
import { oneWhere, stackArnPrefix } from "../ecs/ecs-fixtures";

/**
 * EventBridge Scheduler wiring: the group, the role the backend passes to Scheduler (trusted for
 * this account and this group only, allowed to invoke the trigger and dead-letter, nothing else),
 * the trigger Lambda, the encrypted dead-letter queue with its alarm, and the grant for the
 * backend's task role.
 */

type Props = Omit<ScheduleGroupProps, "sharedSecret">;

const BASE: Props = {
  groupName: "alert-system-dev-alerts",
  triggerEntry: LAMBDA_ENTRIES.schedulerTrigger,
  backendUrl: "http://internal-alert-api.example:80",
};

function build(overrides: Partial<Props> = {}, grant = false): { synth: SynthesizedJson } {
  const synth = synthScope((scope) => {
    const sharedSecret = new Secret(scope, "shared-secret", {
      name: "alert-system/scheduler-secret",
      description: "shared secret of the scheduler trigger",
    });
    const group = new ScheduleGroup(scope, "schedules", { ...BASE, ...overrides, sharedSecret });
    // The backend's task role.
    if (grant)
      group.grantManageSchedules(
        new Role(scope, "api-task", { roleName: "api-task", assumedBy: ServicePrincipals.ecsTasks }),
      );
    for (const [name, value] of Object.entries({
      scheduleGroupName: group.scheduleGroupName,
      scheduleGroupArn: group.scheduleGroupArn,
      schedulerRoleArn: group.schedulerRoleArn,
      targetArn: group.targetArn,
      deadLetterQueueArn: group.deadLetterQueueArn,
      deadLetterQueueUrl: group.deadLetterQueueUrl,
      deadLetterAlarmArn: group.deadLetterAlarmArn,
    }))
      new TerraformOutput(scope, name, { value });
  });
  return { synth };
}

function errorOf(overrides: Partial<Props>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected ScheduleGroup to refuse these props");
}

const nameOf = (synth: SynthesizedJson, type: string) => {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};
const roleNamed = (synth: SynthesizedJson, name: string) => oneWhere(synth, "aws_iam_role", { name });
function statementsOf(synth: SynthesizedJson, roleName: string): PolicyStatement[] {
  const role = roleNamed(synth, roleName);
  const policies = Object.values(synth.resources("aws_iam_role_policy")).filter(
    (p) => p.role === ref("aws_iam_role", role.name, "id"),
  );
  expect(policies).toHaveLength(1);
  return (JSON.parse(policies[0]!.policy as string) as { Statement: PolicyStatement[] }).Statement;
}

describe("ScheduleGroup", () => {
  const { synth } = build();
  const groupName = nameOf(synth, "aws_scheduler_schedule_group");
  const queueName = nameOf(synth, "aws_sqs_queue");
  const functionName = nameOf(synth, "aws_lambda_function");

  test("the group is named by the caller", () => {
    expect(synth.only("aws_scheduler_schedule_group")).toMatchObject({ name: "alert-system-dev-alerts" });
    expect(synth.output("scheduleGroupName")!.value).toBe(
      ref("aws_scheduler_schedule_group", groupName, "name"),
    );
    expect(synth.output("scheduleGroupArn")!.value).toBe(
      ref("aws_scheduler_schedule_group", groupName, "arn"),
    );
  });

  describe("the scheduler role", () => {
    const role = roleNamed(synth, "alert-system-dev-alerts-scheduler");
    const trust = (JSON.parse(role.resource.assume_role_policy as string) as { Statement: unknown[] })
      .Statement;

    test("is trusted by scheduler.amazonaws.com for this account and this group's ARN only", () => {
      expect(trust).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: {
              "aws:SourceAccount": expect.stringMatching(
                /^\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/,
              ),
            },
            // What Scheduler sends as aws:SourceArn: the schedule group's ARN (its confused-deputy guide).
            ArnLike: { "aws:SourceArn": ref("aws_scheduler_schedule_group", groupName, "arn") },
          },
        },
      ]);
    });

    test("may invoke the trigger and send to the dead-letter queue, and nothing else", () => {
      expect(statementsOf(synth, "alert-system-dev-alerts-scheduler")).toEqual([
        {
          Sid: "InvokeTrigger",
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: ref("aws_lambda_function", functionName, "arn"),
        },
        {
          Sid: "SendToDeadLetterQueue",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: ref("aws_sqs_queue", queueName, "arn"),
        },
      ]);
      expect(synth.output("schedulerRoleArn")!.value).toBe(ref("aws_iam_role", role.name, "arn"));
    });
  });

  describe("the trigger", () => {
    const fn = synth.only("aws_lambda_function");

    test("is the schedules' target, configured with the backend, the secret's ARN and the timeout", () => {
      expect(fn).toMatchObject({
        function_name: "alert-system-dev-alerts-trigger",
        timeout: 30,
        environment: {
          variables: {
            BACKEND_URL: "http://internal-alert-api.example:80",
            SHARED_SECRET_ARN: ref("aws_secretsmanager_secret", "shared-secret", "arn"),
            REQUEST_TIMEOUT_MS: "10000",
          },
        },
      });
      expect(synth.output("targetArn")!.value).toBe(ref("aws_lambda_function", functionName, "arn"));
    });

    test("dead-letters its own failures (Scheduler invokes it asynchronously) into the same queue", () => {
      expect(fn.dead_letter_config).toEqual({ target_arn: ref("aws_sqs_queue", queueName, "arn") });
    });

    test("may read the shared secret (only it), write its logs and send to the queue", () => {
      const roleName = target(synth, "aws_iam_role", fn.role, "arn");
      const statements = statementsOf(synth, synth.resources("aws_iam_role")[roleName]!.name as string);
      expect(statements.map((s) => s.Sid)).toEqual([
        "WriteOwnLogs",
        "SendToDeadLetterQueue",
        "ReadSharedSecret",
      ]);
      expect(statements.find((s) => s.Sid === "ReadSharedSecret")).toEqual({
        Sid: "ReadSharedSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: ref("aws_secretsmanager_secret", "shared-secret", "arn"),
      });
    });

    test("a longer request timeout gives the function time for a retry after a re-read secret", () => {
      const fn120 = build({ requestTimeoutSeconds: 120 }).synth.only("aws_lambda_function");
      expect(fn120.timeout).toBe(250);
      expect((fn120.environment as { variables: Record<string, string> }).variables.REQUEST_TIMEOUT_MS).toBe(
        "120000",
      );
    });

    test("runs outside a VPC unless given one; with one, the backend can open its port to it", () => {
      expect(fn.vpc_config).toBeUndefined();
      const withVpc = synthScope((scope) => {
        const sharedSecret = new Secret(scope, "s", { name: "s", description: "d" });
        const group = new ScheduleGroup(scope, "schedules", {
          ...BASE,
          sharedSecret,
          vpc: { vpcId: "vpc-0123", subnetIds: ["subnet-a", "subnet-b"] },
        });
        const api = new SecurityGroup(scope, "api", {
          vpcId: "vpc-0123",
          name: "api",
          description: "api",
          defaultPort: Port.tcp(3000),
        });
        api.connections.allowFrom(group);
      });
      expect(withVpc.only("aws_lambda_function").vpc_config).toMatchObject({
        subnet_ids: ["subnet-a", "subnet-b"],
      });
      const triggerGroup = oneWhere(withVpc, "aws_security_group", {
        name: "alert-system-dev-alerts-trigger-lambda",
      });
      expect(withVpc.only("aws_vpc_security_group_ingress_rule")).toMatchObject({
        from_port: 3000,
        referenced_security_group_id: ref("aws_security_group", triggerGroup.name, "id"),
      });
    });

    test("without a VPC it has no security group to connect", () => {
      expect(() =>
        synthScope((scope) => {
          const sharedSecret = new Secret(scope, "s", { name: "s", description: "d" });
          void new ScheduleGroup(scope, "schedules", { ...BASE, sharedSecret }).connections;
        }),
      ).toThrow(/the function is not in a VPC, so it has no security group; pass `vpc` to connect it/);
    });
  });

  describe("the dead-letter queue", () => {
    test("is encrypted with SQS-managed keys and keeps messages 14 days", () => {
      expect(synth.only("aws_sqs_queue")).toEqual({
        name: "alert-system-dev-alerts-dlq",
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 1_209_600,
      });
      expect(synth.output("deadLetterQueueArn")!.value).toBe(ref("aws_sqs_queue", queueName, "arn"));
      expect(synth.output("deadLetterQueueUrl")!.value).toBe(ref("aws_sqs_queue", queueName, "url"));
    });

    test("alarms as soon as one message is visible, treating SQS's silence on idle queues as fine", () => {
      const alarm = synth.only("aws_cloudwatch_metric_alarm");
      expect(alarm).toMatchObject({
        alarm_name: "alert-system-dev-alerts-dlq-messages-visible",
        namespace: "AWS/SQS",
        metric_name: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: ref("aws_sqs_queue", queueName, "name") },
        statistic: "Maximum",
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
        period: 300,
        evaluation_periods: 1,
        treat_missing_data: "notBreaching",
      });
      expect(alarm.alarm_actions).toBeUndefined();
    });

    test("the alarm notifies a topic on ALARM and OK when given one", () => {
      const topicArn = "arn:aws:sns:ap-northeast-2:111111111111:alert-system-dev-alarms";
      const alarm = build({ alarmTopic: { topicArn } }).synth.only("aws_cloudwatch_metric_alarm");
      expect(alarm).toMatchObject({ alarm_actions: [topicArn], ok_actions: [topicArn] });
    });
  });

  describe("grantManageSchedules", () => {
    const { synth: granting } = build({}, true);
    const prefix = stackArnPrefix(granting, "scheduler");
    const group = nameOf(granting, "aws_scheduler_schedule_group");
    const role = roleNamed(granting, "alert-system-dev-alerts-scheduler");

    test("schedules of this group only, and PassRole of the scheduler role only, to Scheduler only", () => {
      expect(statementsOf(granting, "api-task")).toEqual([
        {
          Sid: "ManageSchedules",
          Effect: "Allow",
          Action: [
            "scheduler:CreateSchedule",
            "scheduler:DeleteSchedule",
            "scheduler:GetSchedule",
            "scheduler:UpdateSchedule",
          ],
          Resource: `${prefix}:schedule/${ref("aws_scheduler_schedule_group", group, "name")}/*`,
        },
        {
          Sid: "ManageSchedulesPassRole",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: ref("aws_iam_role", role.name, "arn"),
          Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
        },
      ]);
    });
  });

  describe("names and validation", () => {
    test('a "." in the group name becomes "-" in the names SQS and Lambda allow', () => {
      const { synth: dotted } = build({ groupName: "alert-system-dev.alerts" });
      expect(dotted.only("aws_scheduler_schedule_group").name).toBe("alert-system-dev.alerts");
      expect(dotted.only("aws_sqs_queue").name).toBe("alert-system-dev-alerts-dlq");
      expect(dotted.only("aws_lambda_function").function_name).toBe("alert-system-dev-alerts-trigger");
    });

    test("namePrefix renames the role, function, queue and alarm", () => {
      const { synth: named } = build({ namePrefix: "alerts" });
      expect(named.only("aws_sqs_queue").name).toBe("alerts-dlq");
      expect(named.only("aws_lambda_function").function_name).toBe("alerts-trigger");
      expect(named.only("aws_cloudwatch_metric_alarm").alarm_name).toBe("alerts-dlq-messages-visible");
      expect(roleNamed(named, "alerts-scheduler").resource.name).toBe("alerts-scheduler");
    });

    test.each([
      [
        { groupName: "alerts/dev" },
        /groupName must be 1-64 letters, digits, "-", "_" or "\." .*got "alerts\/dev"/,
      ],
      [{ groupName: "x".repeat(65) }, /groupName must be 1-64/],
      [{ backendUrl: "internal-alert-api:80" }, /backendUrl must be an http:\/\/ or https:\/\/ URL/],
      [
        { backendUrl: "http://api.example/?token=1" },
        /backendUrl must be an http:\/\/ or https:\/\/ URL .*no query/,
      ],
      [{ requestTimeoutSeconds: 0 }, /requestTimeoutSeconds must be a whole number from 1 to 300, got 0/],
      [{ requestTimeoutSeconds: 301 }, /requestTimeoutSeconds must be a whole number from 1 to 300/],
      [{ namePrefix: "a".repeat(60) }, /functionName must be 1-59 /],
    ] as [Partial<Props>, RegExp][])("refuses %j", (overrides, message) => {
      expect(errorOf(overrides)).toMatch(new RegExp(`^stack/schedules.*${message.source}`));
    });
  });
});
