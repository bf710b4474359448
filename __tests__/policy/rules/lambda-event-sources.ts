import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * Event source mappings from SQS and Kafka (MSK or self-managed) state their batch size: it is how
 * much work one invocation takes on, so it is sized against the function's timeout and memory, not
 * left to Lambda's per-source default. Lambda's limits: 1-10000 (10 for a FIFO queue), and an SQS
 * batch above 10 needs a batching window of at least 1 s. Kinesis and DynamoDB streams are not
 * looked at here.
 */

const MAX_BATCH = 10_000;
const MAX_FIFO_BATCH = 10;

type Source = "sqs" | "sqs-fifo" | "kafka";

function numberOf(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** What feeds the mapping: by the resource its event_source_arn refers to, or by a literal ARN. */
function sourceOf(stack: PolicyStack, mapping: StackResource): Source | undefined {
  const config = mapping.config;
  // Only Kafka mappings take topics or a Kafka consumer group, whatever the ARN refers to.
  if (
    singleBlock(config.self_managed_event_source) ||
    singleBlock(config.amazon_managed_kafka_event_source_config) ||
    (Array.isArray(config.topics) && config.topics.length > 0)
  ) {
    return "kafka";
  }
  const arn = config.event_source_arn;
  if (typeof arn !== "string") return undefined;
  const target = stack.referencedBy(arn)[0];
  if (target?.type === "aws_sqs_queue") {
    const fifo = target.config.fifo_queue === true || target.config.fifo_queue === "true";
    return fifo ? "sqs-fifo" : "sqs";
  }
  if (target?.type === "aws_msk_cluster" || target?.type === "aws_msk_serverless_cluster") return "kafka";
  if (arn.includes("${")) return undefined;
  const service = arn.split(":")[2];
  if (service === "sqs") return arn.endsWith(".fifo") ? "sqs-fifo" : "sqs";
  if (service === "kafka") return "kafka";
  return undefined;
}

const batchBounded: PolicyRule = {
  name: "lambda-event-source-batch-bounded",
  check: (stack) =>
    stack.resources("aws_lambda_event_source_mapping").flatMap((mapping): Violation[] => {
      const source = sourceOf(stack, mapping);
      if (!source) return [];
      const max = source === "sqs-fifo" ? MAX_FIFO_BATCH : MAX_BATCH;
      const size = numberOf(mapping.config.batch_size);
      const label = source === "kafka" ? "a Kafka" : source === "sqs-fifo" ? "a FIFO SQS" : "an SQS";
      if (size === undefined) {
        return [
          {
            address: mapping.address,
            why: `no batch_size on ${label} mapping: the batch one invocation takes is Lambda's default rather than sized to the function; set it (1-${max}, SqsEventSource and MskEventSource do)`,
          },
        ];
      }
      if (!Number.isInteger(size) || size < 1 || size > max) {
        return [
          {
            address: mapping.address,
            why: `batch_size ${size} is outside 1-${max}, Lambda's limit for ${label} source`,
          },
        ];
      }
      const window = numberOf(mapping.config.maximum_batching_window_in_seconds) ?? 0;
      if (source === "sqs" && size > 10 && window < 1) {
        return [
          {
            address: mapping.address,
            why: `batch_size ${size} above 10 with maximum_batching_window_in_seconds ${window}: Lambda refuses an SQS batch above 10 without a window of at least 1 s`,
          },
        ];
      }
      return [];
    }),
  examples: {
    violating: [
      {
        description:
          "no batch size (queue, cluster, remote cluster, self-managed Kafka), too big, a big SQS batch without a window",
        json: stackJson({
          aws_sqs_queue: { q: { name: "q" }, f: { name: "f.fifo", fifo_queue: true } },
          aws_msk_cluster: { k: { cluster_name: "k" } },
          aws_lambda_event_source_mapping: {
            queue: { function_name: "fn", event_source_arn: "${aws_sqs_queue.q.arn}" },
            cluster: { function_name: "fn", event_source_arn: "${aws_msk_cluster.k.arn}", topics: ["t"] },
            literal: {
              function_name: "fn",
              event_source_arn: "arn:aws:kafka:ap-northeast-2:111111111111:cluster/k/abc-1",
              topics: ["t"],
              batch_size: 20000,
            },
            fifo: { function_name: "fn", event_source_arn: "${aws_sqs_queue.f.arn}", batch_size: 50 },
            windowless: { function_name: "fn", event_source_arn: "${aws_sqs_queue.q.arn}", batch_size: 100 },
            remote: {
              function_name: "fn",
              event_source_arn: "${data.terraform_remote_state.msk.outputs.cluster_arn}",
              amazon_managed_kafka_event_source_config: { consumer_group_id: "g" },
            },
            selfManaged: {
              function_name: "fn",
              self_managed_event_source: { endpoints: { KAFKA_BOOTSTRAP_SERVERS: "b:9092" } },
              topics: ["t"],
            },
          },
        }),
        flags: [
          "aws_lambda_event_source_mapping.queue",
          "aws_lambda_event_source_mapping.cluster",
          "aws_lambda_event_source_mapping.literal",
          "aws_lambda_event_source_mapping.fifo",
          "aws_lambda_event_source_mapping.windowless",
          "aws_lambda_event_source_mapping.remote",
          "aws_lambda_event_source_mapping.selfManaged",
        ],
      },
    ],
    passing: [
      {
        description:
          "sized SQS and MSK batches, a big batch with a window, and a Kinesis stream left to its owner",
        json: stackJson({
          aws_sqs_queue: { q: { name: "q" } },
          aws_lambda_event_source_mapping: {
            queue: { function_name: "fn", event_source_arn: "${aws_sqs_queue.q.arn}", batch_size: 10 },
            big: {
              function_name: "fn",
              event_source_arn: "arn:aws:sqs:ap-northeast-2:111111111111:q",
              batch_size: "500",
              maximum_batching_window_in_seconds: 5,
            },
            kafka: {
              function_name: "fn",
              event_source_arn: "${data.terraform_remote_state.msk.outputs.cluster_arn}",
              topics: ["t"],
              batch_size: 100,
            },
            msk: {
              function_name: "fn",
              event_source_arn: "arn:aws:kafka:ap-northeast-2:111111111111:cluster/k/abc-1",
              topics: ["t"],
              batch_size: 10000,
            },
            stream: {
              function_name: "fn",
              event_source_arn: "arn:aws:kinesis:ap-northeast-2:111111111111:stream/s",
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [batchBounded];
