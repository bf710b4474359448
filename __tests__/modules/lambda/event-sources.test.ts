import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { LAMBDA_ENTRIES } from "../../../lambdas/entries";
import {
  MskEventSource,
  MskEventSourceProps,
  SnsEventSource,
  SnsEventSourceProps,
  SqsEventSource,
  SqsEventSourceProps,
} from "../../../modules/lambda/event-sources";
import { NodejsFunction, NodejsFunctionProps } from "../../../modules/lambda/nodejs-function";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

/** MSK, SQS and SNS event sources on a NodejsFunction: what they render, what they grant, what they refuse. */

const CLUSTER_ARN =
  "arn:aws:kafka:ap-northeast-2:111111111111:cluster/aipx-dev/0b3f1c2e-aaaa-bbbb-cccc-444455556666-1";
const CLUSTER = { clusterArn: CLUSTER_ARN, clusterName: "aipx-dev" };
const TOPIC_ARN =
  "arn:aws:kafka:ap-northeast-2:111111111111:topic/aipx-dev/0b3f1c2e-aaaa-bbbb-cccc-444455556666-1";
const GROUP_ARN =
  "arn:aws:kafka:ap-northeast-2:111111111111:group/aipx-dev/0b3f1c2e-aaaa-bbbb-cccc-444455556666-1";
const QUEUE_ARN = "arn:aws:sqs:ap-northeast-2:111111111111:aipx-dev-work";
const SNS_ARN = "arn:aws:sns:ap-northeast-2:111111111111:aipx-dev-events";
const IN_VPC: Partial<NodejsFunctionProps> = { vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } };

type Sources = (scope: Construct, fn: NodejsFunction) => void;

function build(sources: Sources, fnProps: Partial<NodejsFunctionProps> = IN_VPC): SynthesizedJson {
  return synthScope((scope) => {
    const fn = new NodejsFunction(scope, "recorder", {
      functionName: "aipx-dev-recorder",
      entry: LAMBDA_ENTRIES.ecsScaler,
      ...fnProps,
    });
    sources(scope, fn);
  });
}

function buildError(sources: Sources, fnProps?: Partial<NodejsFunctionProps>): string {
  try {
    build(sources, fnProps);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

interface JsonStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

function statementsOf(synth: SynthesizedJson): JsonStatement[] {
  return JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement as JsonStatement[];
}

/** The statements event sources added: all but the function's own (logs, ENIs). */
const added = (synth: SynthesizedJson) =>
  statementsOf(synth).filter((s) => !["WriteOwnLogs", "ManageVpcNetworkInterfaces"].includes(s.Sid ?? ""));

const nameOf = (synth: SynthesizedJson, type: string) => Object.keys(synth.resources(type))[0]!;
const functionArn = (synth: SynthesizedJson) =>
  ref("aws_lambda_function", nameOf(synth, "aws_lambda_function"), "arn");
const policyAddress = (synth: SynthesizedJson) =>
  `aws_iam_role_policy.${nameOf(synth, "aws_iam_role_policy")}`;

const msk =
  (overrides: Partial<MskEventSourceProps> = {}): Sources =>
  (scope, fn) =>
    new MskEventSource(scope, "trades", {
      function: fn,
      cluster: CLUSTER,
      topic: "market.trades",
      startingPosition: "LATEST",
      ...overrides,
    });

const sqs =
  (overrides: Partial<SqsEventSourceProps> = {}): Sources =>
  (scope, fn) =>
    new SqsEventSource(scope, "work", { function: fn, queueArn: QUEUE_ARN, ...overrides });

const sns =
  (overrides: Partial<SnsEventSourceProps> = {}): Sources =>
  (scope, fn) =>
    new SnsEventSource(scope, "events", { function: fn, topicArn: SNS_ARN, ...overrides });

describe("MskEventSource", () => {
  const synth = build(msk());

  it("maps one topic of the cluster, from the latest record, 100 records a batch, in its own consumer group", () => {
    expect(synth.only("aws_lambda_event_source_mapping")).toEqual({
      function_name: functionArn(synth),
      event_source_arn: CLUSTER_ARN,
      topics: ["market.trades"],
      starting_position: "LATEST",
      batch_size: 100,
      amazon_managed_kafka_event_source_config: { consumer_group_id: "aipx-dev-recorder-market.trades" },
      enabled: true,
      // Lambda checks the role when the mapping is created.
      depends_on: [policyAddress(synth)],
    });
  });

  it("grants exactly what the poller needs, on the cluster, the topic and the group", () => {
    expect(added(synth)).toEqual([
      {
        Sid: "DescribeMskClusterTrades",
        Effect: "Allow",
        Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"],
        Resource: CLUSTER_ARN,
      },
      {
        Sid: "ConnectMskClusterTrades",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration"],
        Resource: CLUSTER_ARN,
      },
      {
        Sid: "ReadMskTopicTrades",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: `${TOPIC_ARN}/market.trades`,
      },
      {
        Sid: "UseMskConsumerGroupTrades",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: `${GROUP_ARN}/aipx-dev-recorder-market.trades`,
      },
      {
        Sid: "DescribeMskNetworkTrades",
        Effect: "Allow",
        Action: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"],
        Resource: "*",
      },
    ]);
    // The function's VPC grants the ENI actions the poller uses to reach the brokers.
    expect(statementsOf(synth).map((s) => s.Sid)).toContain("ManageVpcNetworkInterfaces");
    expect(synth.count("aws_iam_role_policy")).toBe(1);
  });

  it("exposes the group and the ARNs it granted", () => {
    let source: MskEventSource | undefined;
    build((scope, fn) => {
      source = msk()(scope, fn) as unknown as MskEventSource;
    });
    expect(source!.consumerGroupId).toBe("aipx-dev-recorder-market.trades");
    expect(source!.topicArn).toBe(`${TOPIC_ARN}/market.trades`);
    expect(source!.consumerGroupArn).toBe(`${GROUP_ARN}/aipx-dev-recorder-market.trades`);
  });

  it("builds topic and group ARNs from the stack's partition, region and account for a referenced cluster", () => {
    const referenced = build((scope, fn) => {
      const arn = new TerraformLocal(scope, "cluster_arn", CLUSTER_ARN).asString;
      const uuid = new TerraformLocal(scope, "cluster_uuid", "0b3f1c2e-aaaa-bbbb-cccc-444455556666-1")
        .asString;
      new MskEventSource(scope, "orders", {
        function: fn,
        cluster: { clusterArn: arn, clusterName: "aipx-dev", clusterUuid: uuid },
        topic: "orders",
        startingPosition: "TRIM_HORIZON",
        consumerGroupId: "recorder-orders",
      });
    });
    const data = (type: string, attribute: string) =>
      `\${data.${type}.${Object.keys(referenced.json.data![type] as object)[0]}.${attribute}}`;
    const prefix = `arn:${data("aws_partition", "partition")}:kafka:${data("aws_region", "name")}:${data("aws_caller_identity", "account_id")}`;
    const resources = Object.fromEntries(added(referenced).map((s) => [s.Sid, s.Resource]));
    expect(resources).toMatchObject({
      DescribeMskClusterOrders: "${local.cluster_arn}",
      ReadMskTopicOrders: `${prefix}:topic/aipx-dev/\${local.cluster_uuid}/orders`,
      UseMskConsumerGroupOrders: `${prefix}:group/aipx-dev/\${local.cluster_uuid}/recorder-orders`,
    });
    expect(referenced.only("aws_lambda_event_source_mapping")).toMatchObject({
      event_source_arn: "${local.cluster_arn}",
      starting_position: "TRIM_HORIZON",
      amazon_managed_kafka_event_source_config: { consumer_group_id: "recorder-orders" },
    });
  });

  it("needs the cluster's UUID with a referenced ARN, and refuses one that contradicts a written ARN", () => {
    const noUuid = buildError((scope, fn) =>
      msk({
        cluster: {
          clusterArn: new TerraformLocal(scope, "arn", CLUSTER_ARN).asString,
          clusterName: "aipx-dev",
        },
      })(scope, fn),
    );
    expect(noUuid).toMatch(
      /^stack\/trades: cluster.clusterUuid must be given when cluster.clusterArn is a reference/,
    );
    expect(buildError(msk({ cluster: { ...CLUSTER, clusterUuid: "other-1" } }))).toMatch(
      /^stack\/trades: cluster.clusterUuid must be the UUID in cluster.clusterArn \("0b3f1c2e-aaaa-bbbb-cccc-444455556666-1"\), got "other-1"/,
    );
  });

  it("sends failed batches to a queue or a topic, and may send there only", () => {
    const toQueue = build(msk({ onFailure: { queueArn: QUEUE_ARN } }));
    expect(toQueue.only("aws_lambda_event_source_mapping").destination_config).toEqual({
      on_failure: { destination_arn: QUEUE_ARN },
    });
    expect(added(toQueue).at(-1)).toEqual({
      Sid: "SendMskFailuresTrades",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: QUEUE_ARN,
    });
    const toTopic = build(msk({ onFailure: { topicArn: SNS_ARN } }));
    expect(added(toTopic).at(-1)).toEqual({
      Sid: "SendMskFailuresTrades",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: SNS_ARN,
    });
  });

  it("takes batch size, batching window, consumer group and a disabled state", () => {
    const options = build(
      msk({ batchSize: 500, maxBatchingWindowSeconds: 2, consumerGroupId: "recorder", enabled: false }),
    );
    expect(options.only("aws_lambda_event_source_mapping")).toMatchObject({
      batch_size: 500,
      maximum_batching_window_in_seconds: 2,
      amazon_managed_kafka_event_source_config: { consumer_group_id: "recorder" },
      enabled: false,
    });
    expect(added(options).find((s) => s.Sid === "UseMskConsumerGroupTrades")!.Resource).toBe(
      `${GROUP_ARN}/recorder`,
    );
  });

  it.each([
    [{ batchSize: 0 }, /batchSize must be a whole number from 1 to 10000, got 0/],
    [{ batchSize: 10_001 }, /batchSize must be a whole number from 1 to 10000, got 10001/],
    [{ batchSize: 1.5 }, /batchSize must be a whole number from 1 to 10000, got 1.5/],
    [
      { maxBatchingWindowSeconds: 301 },
      /maxBatchingWindowSeconds must be a whole number of seconds from 0 to 300, got 301/,
    ],
    [
      { maxBatchingWindowSeconds: -1 },
      /maxBatchingWindowSeconds must be a whole number of seconds from 0 to 300/,
    ],
    [
      { startingPosition: "EARLIEST" },
      /startingPosition must be one of "LATEST", "TRIM_HORIZON", got "EARLIEST"/,
    ],
    [
      { startingPosition: "AT_TIMESTAMP" },
      /startingPosition must be one of "LATEST", "TRIM_HORIZON", got "AT_TIMESTAMP"/,
    ],
    [{ topic: ".internal" }, /topic must be a Kafka topic name .*got "\.internal"/],
    [{ topic: "a b" }, /topic must be a Kafka topic name/],
    [{ consumerGroupId: "group*" }, /consumerGroupId must be 1-200 .*no "\*".*got "group\*"/],
    [
      { topic: "t".repeat(190) },
      /consumerGroupId \(default "<function name>-<topic>"\) must be 1-200 .*pass a shorter consumerGroupId/,
    ],
    [
      {
        cluster: {
          clusterArn: "arn:aws:kafka:ap-northeast-2:111111111111:cluster/aipx-dev",
          clusterName: "aipx-dev",
        },
      },
      /cluster.clusterArn must be an MSK cluster ARN \(arn:aws:kafka:<region>:<account>:cluster\/<name>\/<uuid>\)/,
    ],
    [
      { cluster: { clusterArn: CLUSTER_ARN, clusterName: "aipx-prod" } },
      /cluster.clusterName must be the name in cluster.clusterArn \("aipx-dev"\), got "aipx-prod"/,
    ],
    [
      { onFailure: { queueArn: "aipx-dev-failures" } },
      /onFailure.queueArn must be an SQS queue ARN, got "aipx-dev-failures"/,
    ],
    [
      { onFailure: { topicArn: `${SNS_ARN}.fifo` } },
      /onFailure.topicArn must be a standard \(not FIFO\) SNS topic ARN/,
    ],
  ] as [Partial<MskEventSourceProps>, RegExp][])("refuses %j", (overrides, message) => {
    expect(buildError(msk(overrides))).toMatch(new RegExp(`^stack/trades: ${message.source}`));
  });

  it("refuses a function outside a VPC: the poller's interfaces need the function's ENI permissions", () => {
    expect(buildError(msk(), {})).toMatch(/^stack\/trades: function must be in a VPC \(NodejsFunction vpc\)/);
  });
});

describe("SqsEventSource", () => {
  const synth = build(sqs(), {});

  it("maps the queue 10 messages at a time, reporting failed items only", () => {
    expect(synth.only("aws_lambda_event_source_mapping")).toEqual({
      function_name: functionArn(synth),
      event_source_arn: QUEUE_ARN,
      batch_size: 10,
      function_response_types: ["ReportBatchItemFailures"],
      enabled: true,
      depends_on: [policyAddress(synth)],
    });
  });

  it("may receive, delete, re-time and read the attributes of that queue's messages only", () => {
    expect(added(synth)).toEqual([
      {
        Sid: "ConsumeQueueWork",
        Effect: "Allow",
        Action: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ChangeMessageVisibility",
        ],
        Resource: QUEUE_ARN,
      },
    ]);
  });

  it("takes a bigger batch with a window, a concurrency cap, whole-batch retries and the queue's key", () => {
    const key = "arn:aws:kms:ap-northeast-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const options = build(
      sqs({
        batchSize: 100,
        maxBatchingWindowSeconds: 5,
        maxConcurrency: 10,
        reportBatchItemFailures: false,
        kmsKeyArn: key,
      }),
      {},
    );
    const mapping = options.only("aws_lambda_event_source_mapping");
    expect(mapping).toMatchObject({
      batch_size: 100,
      maximum_batching_window_in_seconds: 5,
      scaling_config: { maximum_concurrency: 10 },
    });
    expect(mapping.function_response_types).toBeUndefined();
    expect(added(options)[1]).toEqual({
      Sid: "DecryptQueueWork",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: key,
    });
  });

  it("reads a queue of the same stack by reference", () => {
    const referenced = build((scope, fn) => {
      const queue = new SqsQueue(scope, "queue", { name: "work", sqsManagedSseEnabled: true });
      new SqsEventSource(scope, "work", { function: fn, queueArn: queue.arn });
    }, {});
    const queueArn = ref("aws_sqs_queue", nameOf(referenced, "aws_sqs_queue"), "arn");
    expect(referenced.only("aws_lambda_event_source_mapping").event_source_arn).toBe(queueArn);
    expect(added(referenced)[0]!.Resource).toBe(queueArn);
  });

  it.each([
    [{ batchSize: 0 }, /batchSize must be a whole number from 1 to 10000, got 0/],
    [
      { batchSize: 10_001, maxBatchingWindowSeconds: 1 },
      /batchSize must be a whole number from 1 to 10000, got 10001/,
    ],
    [
      { queueArn: `${QUEUE_ARN}.fifo`, batchSize: 11 },
      /batchSize \(FIFO queue\) must be a whole number from 1 to 10, got 11/,
    ],
    [
      { queueArn: `${QUEUE_ARN}.fifo`, maxBatchingWindowSeconds: 1 },
      /maxBatchingWindowSeconds must be unset for a FIFO queue/,
    ],
    [
      { batchSize: 11 },
      /maxBatchingWindowSeconds must be at least 1 when batchSize is above 10 .*got unset with batchSize 11/,
    ],
    [
      { batchSize: 50, maxBatchingWindowSeconds: 0 },
      /maxBatchingWindowSeconds must be at least 1 .*got 0 with batchSize 50/,
    ],
    [
      { maxBatchingWindowSeconds: 301 },
      /maxBatchingWindowSeconds must be a whole number of seconds from 0 to 300, got 301/,
    ],
    [{ maxConcurrency: 1 }, /maxConcurrency must be a whole number from 2 to 1000, got 1/],
    [{ maxConcurrency: 1001 }, /maxConcurrency must be a whole number from 2 to 1000, got 1001/],
    [{ queueArn: "work" }, /queueArn must be an SQS queue ARN, got "work"/],
    [{ kmsKeyArn: "alias/aws/sqs" }, /kmsKeyArn must be a KMS key ARN .*got "alias\/aws\/sqs"/],
  ] as [Partial<SqsEventSourceProps>, RegExp][])("refuses %j", (overrides, message) => {
    expect(buildError(sqs(overrides), {})).toMatch(new RegExp(`^stack/work: ${message.source}`));
  });
});

describe("SnsEventSource", () => {
  const synth = build(sns({ filterPolicy: { kind: ["order"] } }), {});
  const permissionName = nameOf(synth, "aws_lambda_permission");

  it("subscribes the function to the topic once that topic, and no other, may invoke it", () => {
    expect(synth.only("aws_lambda_permission")).toEqual({
      statement_id: "AllowSnsEvents",
      action: "lambda:InvokeFunction",
      function_name: ref("aws_lambda_function", nameOf(synth, "aws_lambda_function"), "function_name"),
      principal: "sns.amazonaws.com",
      source_arn: SNS_ARN,
    });
    expect(synth.only("aws_sns_topic_subscription")).toEqual({
      topic_arn: SNS_ARN,
      protocol: "lambda",
      endpoint: functionArn(synth),
      filter_policy: JSON.stringify({ kind: ["order"] }),
      depends_on: [`aws_lambda_permission.${permissionName}`],
    });
    // SNS invokes through the permission; the role is not involved.
    expect(added(synth)).toEqual([]);
  });

  it("delivers every message without a filter policy", () => {
    expect(build(sns(), {}).only("aws_sns_topic_subscription").filter_policy).toBeUndefined();
  });

  it.each([
    [
      { topicArn: `${SNS_ARN}.fifo` },
      /topicArn must be a standard \(not FIFO\) SNS topic ARN, got ".*\.fifo"/,
    ],
    [{ topicArn: "aipx-dev-events" }, /topicArn must be a standard \(not FIFO\) SNS topic ARN/],
    [{ filterPolicy: {} }, /filterPolicy must name at least one attribute .*got \{\}/],
  ] as [Partial<SnsEventSourceProps>, RegExp][])("refuses %j", (overrides, message) => {
    expect(buildError(sns(overrides), {})).toMatch(new RegExp(`^stack/events: ${message.source}`));
  });
});

describe("several event sources on one function", () => {
  it("share the function's one inline policy with statements named after each source", () => {
    const synth = build((scope, fn) => {
      msk()(scope, fn);
      sqs()(scope, fn);
      sns()(scope, fn);
      new SqsEventSource(scope, "retries", { function: fn, queueArn: `${QUEUE_ARN}-retries` });
    });
    const sids = statementsOf(synth).map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toEqual(
      expect.arrayContaining(["ReadMskTopicTrades", "ConsumeQueueWork", "ConsumeQueueRetries"]),
    );
    expect(synth.count("aws_lambda_event_source_mapping")).toBe(3);
  });

  it("refuses two sources whose ids would name the statements alike", () => {
    const message = buildError((scope, fn) => {
      sqs()(new Construct(scope, "a"), fn);
      sqs({ queueArn: `${QUEUE_ARN}-2` })(new Construct(scope, "b"), fn);
    }, {});
    expect(message).toMatch(
      /^stack\/b\/work: stack\/a\/work already feeds this function under the statement name "Work"/,
    );
  });
});
