import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { DeadLetterQueue, DeadLetterQueueProps } from "../../../modules/scheduler/dead-letter-queue";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

/** The dead-letter queue on its own: encryption, retention, the alarm, the send grant, validation. */

const BASE: DeadLetterQueueProps = { queueName: "jobs-dlq", purpose: "jobs" };

function build(overrides: Partial<DeadLetterQueueProps> = {}, grant = false): SynthesizedJson {
  return synthScope((scope) => {
    const queue = new DeadLetterQueue(scope, "dlq", { ...BASE, ...overrides });
    if (grant)
      queue.grantSend(
        new Role(scope, "sender", { roleName: "sender", assumedBy: ServicePrincipals.scheduler }),
      );
  });
}

test("SSE-SQS, 14 days by default or the retention asked for", () => {
  expect(build().only("aws_sqs_queue")).toEqual({
    name: "jobs-dlq",
    sqs_managed_sse_enabled: true,
    message_retention_seconds: 14 * 86_400,
  });
  expect(build({ retentionDays: 4 }).only("aws_sqs_queue").message_retention_seconds).toBe(4 * 86_400);
});

test("the alarm says what failed and what to do", () => {
  const alarm = build({ purpose: "nightly exports" }).only("aws_cloudwatch_metric_alarm");
  expect(alarm.alarm_description).toMatch(
    /^Messages in dead-letter queue jobs-dlq: nightly exports failed after every retry\. .*replay/,
  );
});

test("grantSend allows sqs:SendMessage on this queue only", () => {
  const synth = build({}, true);
  const queue = Object.keys(synth.resources("aws_sqs_queue"))[0]!;
  expect(JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement).toEqual([
    {
      Sid: "SendToDeadLetterQueue",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: ref("aws_sqs_queue", queue, "arn"),
    },
  ]);
});

test.each([
  [
    { queueName: "jobs.dlq" },
    /queueName must be 1-80 letters, digits, hyphens and underscores .*got "jobs\.dlq"/,
  ],
  [{ queueName: "q".repeat(81) }, /queueName must be 1-80/],
  [{ retentionDays: 15 }, /retentionDays must be a whole number from 1 to 14 \(SQS's limit\), got 15/],
  [{ retentionDays: 0 }, /retentionDays must be a whole number from 1 to 14/],
] as [Partial<DeadLetterQueueProps>, RegExp][])("refuses %j", (overrides, message) => {
  expect(() => build(overrides)).toThrow(new RegExp(`^stack/dlq: ${message.source}`));
});
