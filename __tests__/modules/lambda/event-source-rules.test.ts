import {
  batchSizeProblem,
  batchingWindowProblem,
  consumerGroupIdProblem,
  kafkaTopicProblem,
  startingPositionProblem,
} from "../../../modules/lambda/event-source-rules";

/** The light rules config shares with the event sources: Lambda's limits, worded "<prop> must be ..., got ...". */

test.each([
  [1, 10_000, undefined],
  [10_000, 10_000, undefined],
  [10, 10, undefined],
  [0, 10_000, "batch_size must be a whole number from 1 to 10000, got 0"],
  [11, 10, "batch_size must be a whole number from 1 to 10, got 11"],
  [2.5, 10_000, "batch_size must be a whole number from 1 to 10000, got 2.5"],
  ["100", 10_000, "batch_size must be a whole number from 1 to 10000, got 100"],
])("batch size %p (max %p)", (size, max, problem) => {
  expect(batchSizeProblem("batch_size", size, max)).toBe(problem);
});

test.each([
  [0, undefined],
  [300, undefined],
  [301, "window must be a whole number of seconds from 0 to 300, got 301"],
  [0.5, "window must be a whole number of seconds from 0 to 300, got 0.5"],
])("batching window %p", (seconds, problem) => {
  expect(batchingWindowProblem("window", seconds)).toBe(problem);
});

test.each([
  ["LATEST", undefined],
  ["TRIM_HORIZON", undefined],
  ["latest", 'starting_position must be one of "LATEST", "TRIM_HORIZON", got "latest"'],
  ["AT_TIMESTAMP", 'starting_position must be one of "LATEST", "TRIM_HORIZON", got "AT_TIMESTAMP"'],
])("starting position %p", (position, problem) => {
  expect(startingPositionProblem("starting_position", position)).toBe(problem);
});

test("topics and consumer groups", () => {
  expect(kafkaTopicProblem("topic", "market.trades_v2-1")).toBeUndefined();
  expect(kafkaTopicProblem("topic", "t".repeat(249))).toBeUndefined();
  expect(kafkaTopicProblem("topic", "t".repeat(250))).toMatch(/^topic must be a Kafka topic name/);
  expect(kafkaTopicProblem("topic", ".hidden")).toMatch(/not starting with "\."\), got "\.hidden"/);
  expect(consumerGroupIdProblem("group", "aipx-dev/recorder:v1@team+a=b")).toBeUndefined();
  expect(consumerGroupIdProblem("group", "recorder*")).toMatch(/^group must be 1-200 .*no "\*"/);
  expect(consumerGroupIdProblem("group", "g".repeat(201))).toMatch(/^group must be 1-200/);
  expect(consumerGroupIdProblem("group", "")).toMatch(/got ""$/);
});
