import { PublishBatchCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createStrategyWorker, signalsOf } from "../../../lambdas/aipx/strategy-worker";
import { mskEventOf } from "./fixtures";

const sns = mockClient(SNSClient);
const ENV = { SIGNAL_TOPIC_ARN: "arn:aws:sns:ap-northeast-2:123456789012:aipx-dev-signals" };
beforeEach(() => {
  sns.reset();
  sns.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
});

test("a move of at least the threshold signals BUY or SELL; smaller moves signal nothing", () => {
  const ticks = [
    { symbol: "UP", price: 100 },
    { symbol: "DOWN", price: 100 },
    { symbol: "FLAT", price: 100 },
    { symbol: "UP", price: 102 },
    { symbol: "DOWN", price: 97 },
    { symbol: "FLAT", price: 100.5 },
  ];
  expect(signalsOf(ticks, 0.01)).toEqual([
    { symbol: "UP", side: "BUY", price: 102, change: expect.closeTo(0.02) },
    { symbol: "DOWN", side: "SELL", price: 97, change: expect.closeTo(-0.03) },
  ]);
});

test("signals go to the topic in batches of at most 10", async () => {
  const ticks = Array.from({ length: 12 }, (_, i) => [
    { symbol: `S${i}`, price: 100 },
    { symbol: `S${i}`, price: 110 },
  ]).flat();
  const result = await createStrategyWorker(new SNSClient({}), ENV)(mskEventOf("market-data", { 0: ticks }));
  expect(result.signals).toHaveLength(12);
  const batches = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input);
  expect(batches.map((b) => b.PublishBatchRequestEntries!.length)).toEqual([10, 2]);
  expect(batches.every((b) => b.TopicArn === ENV.SIGNAL_TOPIC_ARN)).toBe(true);
  expect(JSON.parse(batches[0]!.PublishBatchRequestEntries![0]!.Message!)).toMatchObject({
    symbol: "S0",
    side: "BUY",
  });
});

test("a refused publish fails the invocation so Lambda retries the batch", async () => {
  sns
    .on(PublishBatchCommand)
    .resolves({ Failed: [{ Id: "0", Code: "x", SenderFault: false, Message: "throttled" }] });
  const run = createStrategyWorker(
    new SNSClient({}),
    ENV,
  )(
    mskEventOf("market-data", {
      0: [
        { symbol: "A", price: 1 },
        { symbol: "A", price: 2 },
      ],
    }),
  );
  await expect(run).rejects.toThrow("SNS refused 1 signal(s): throttled");
});

test.each([
  [{ symbol: "A" }, /a tick needs a symbol and a positive price/],
  [{ symbol: "A", price: -1 }, /a tick needs a symbol and a positive price/],
  [{ price: 1 }, /a tick needs a symbol and a positive price/],
])("rejects the tick %j", async (tick, message) => {
  await expect(
    createStrategyWorker(new SNSClient({}), ENV)(mskEventOf("market-data", { 0: [tick] })),
  ).rejects.toThrow(message);
  expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
});

test("refuses a threshold that isn't a positive number", () => {
  expect(() => createStrategyWorker(new SNSClient({}), { ...ENV, THRESHOLD: "0" })).toThrow(
    "THRESHOLD must be a positive number, got 0",
  );
});
