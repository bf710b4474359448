import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { createNotifier } from "../../../lambdas/aipx/notification";

const sns = mockClient(SNSClient);
const ENV = { NOTIFICATION_TOPIC_ARN: "arn:aws:sns:ap-northeast-2:123456789012:aipx-dev-notifications" };
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m" });
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const queued = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `id-${i}`, body })) }) as unknown as SQSEvent;
const signal = { symbol: "AAPL", side: "BUY", price: 102, change: 0.02 };

test("each signal, raw or in an SNS envelope, is sent to the notification topic", async () => {
  const envelope = JSON.stringify({
    Type: "Notification",
    Message: JSON.stringify({ ...signal, side: "SELL" }),
  });
  const result = await createNotifier(new SNSClient({}), ENV)(queued(JSON.stringify(signal), envelope));
  expect(result.batchItemFailures).toEqual([]);
  const sent = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
  expect(sent.map((s) => [s.TopicArn, s.Subject])).toEqual([
    [ENV.NOTIFICATION_TOPIC_ARN, "AIPX BUY AAPL"],
    [ENV.NOTIFICATION_TOPIC_ARN, "AIPX SELL AAPL"],
  ]);
  expect(sent[0]!.Message).toBe("BUY AAPL at 102 (2.00 % in the last batch)");
});

test("only the unreadable or unsendable messages are reported for retry", async () => {
  sns.on(PublishCommand).rejectsOnce(new Error("throttled")).resolves({ MessageId: "m" });
  const result = await createNotifier(
    new SNSClient({}),
    ENV,
  )(queued(JSON.stringify(signal), "{oops", JSON.stringify({ symbol: "A" }), JSON.stringify(signal)));
  expect(result.batchItemFailures).toEqual([
    { itemIdentifier: "id-0" },
    { itemIdentifier: "id-1" },
    { itemIdentifier: "id-2" },
  ]);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
});
