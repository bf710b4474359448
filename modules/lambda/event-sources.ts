import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { PolicyStatement } from "../iam/policy-document";
import { SNS_TOPIC_ARN, SNS_TOPIC_ARN_EXPECTED } from "../monitoring/sns-topic-arn";
import {
  DEFAULT_MSK_BATCH_SIZE,
  DEFAULT_SQS_BATCH_SIZE,
  MAX_BATCH_SIZE,
  MAX_FIFO_BATCH_SIZE,
  MAX_SQS_MAX_CONCURRENCY,
  MIN_SQS_MAX_CONCURRENCY,
  StartingPosition,
  batchSizeProblem,
  batchingWindowProblem,
  consumerGroupIdProblem,
  kafkaTopicProblem,
  startingPositionProblem,
} from "./event-source-rules";
import type { NodejsFunction } from "./nodejs-function";

/** What an event source needs of its function: a NodejsFunction passes as it is. */
export type EventSourceFunction = Pick<
  NodejsFunction,
  "functionName" | "functionArn" | "role" | "securityGroupId" | "function"
>;

/**
 * An MSK cluster as the MSK module (or a remote state) describes it. Structural, so this module does
 * not depend on that one.
 */
export interface MskClusterRef {
  /** `arn:<partition>:kafka:<region>:<account>:cluster/<clusterName>/<clusterUuid>` */
  readonly clusterArn: string;
  readonly clusterName: string;
  /**
   * The last part of the ARN. Needed when `clusterArn` is a reference: the topic and group ARNs are
   * then put together from this stack's partition, region and account (the cluster's: Lambda maps
   * clusters of its own region), `clusterName` and this. Cutting them out of the ARN with Terraform
   * functions would put string literals inside the role's policy, which the policy suite could no
   * longer read as JSON.
   * @default taken from `clusterArn` when it is written out
   */
  readonly clusterUuid?: string;
}

/** Where Lambda sends the record of a batch it gave up on: an SQS queue or a standard SNS topic. */
export type FailureDestination = { readonly queueArn: string } | { readonly topicArn: string };

export interface MskEventSourceProps {
  /**
   * The function the records go to. It must be in a VPC (NodejsFunction `vpc`): Lambda's poller
   * reaches the brokers through network interfaces it creates with the function's role in the
   * cluster's subnets, and the role has the ENI permissions only when the function is in a VPC.
   */
  readonly function: EventSourceFunction;
  /**
   * The cluster, with IAM access control on (port 9098). Its security group must admit itself on
   * that port (the poller's interfaces carry the cluster's groups), and its subnets need a NAT or
   * VPC endpoints for Lambda and STS.
   */
  readonly cluster: MskClusterRef;
  /** The one topic this mapping reads: Lambda takes exactly one per MSK mapping, so more topics are more mappings. */
  readonly topic: string;
  /**
   * Where a new consumer group starts reading. No default on purpose: "LATEST" skips what the topic
   * already holds, "TRIM_HORIZON" replays everything it still retains; only the caller knows which
   * is the loss and which the flood.
   */
  readonly startingPosition: StartingPosition;
  /** Records per invocation, 1-10000. @default 100 (Lambda's own default, written out) */
  readonly batchSize?: number;
  /** Seconds Lambda may wait to fill a batch, 0-300. @default Lambda's 0.5 s for Kafka (not rendered) */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * The Kafka consumer group, unique among the cluster's Lambda mappings. Named so the role can be
   * granted exactly that group (Lambda's fallback, the mapping's UUID, is only known after creation).
   * Changing it replaces the mapping and starts a new group at `startingPosition`.
   * @default "<function name>-<topic>"
   */
  readonly consumerGroupId?: string;
  /**
   * Where Lambda sends the metadata of a batch it gives up on; the role may send there and nowhere
   * else. @default none: a failing batch is retried until its records expire from the topic
   */
  readonly onFailure?: FailureDestination;
  /** @default true */
  readonly enabled?: boolean;
}

const MSK_CLUSTER_ARN =
  /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z][A-Za-z0-9-]{0,63})\/([A-Za-z0-9-]+)$/;
const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * An MSK topic feeding a Lambda function through an event source mapping, authenticated with the
 * function's role (IAM access control). The role gets what Lambda's poller needs and nothing wider:
 * describe the cluster and get its brokers, connect, read this topic, and use this consumer group,
 * each on its exact ARN (`...:topic/<clusterName>/<clusterUuid>/<topic>`, `...:group/.../<group>`),
 * plus the VPC lookups the poller makes before creating its interfaces.
 */
export class MskEventSource extends Construct {
  public readonly mappingUuid: string;
  public readonly mappingArn: string;
  public readonly consumerGroupId: string;
  /** The topic's ARN, as granted to the role. */
  public readonly topicArn: string;
  /** The consumer group's ARN, as granted to the role. */
  public readonly consumerGroupArn: string;

  constructor(scope: Construct, id: string, props: MskEventSourceProps) {
    super(scope, id);
    const fail = failer(this);
    const fn = props.function;
    const { clusterArn, clusterName, clusterUuid } = props.cluster;
    if (!Token.isUnresolved(clusterArn)) {
      const match = MSK_CLUSTER_ARN.exec(clusterArn);
      if (!match)
        fail(
          `cluster.clusterArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>), got "${clusterArn}"`,
        );
      if (!Token.isUnresolved(clusterName) && match![1] !== clusterName) {
        fail(
          `cluster.clusterName must be the name in cluster.clusterArn ("${match![1]}"), got "${clusterName}"`,
        );
      }
      if (clusterUuid !== undefined && !Token.isUnresolved(clusterUuid) && match![2] !== clusterUuid) {
        fail(
          `cluster.clusterUuid must be the UUID in cluster.clusterArn ("${match![2]}"), got "${clusterUuid}"`,
        );
      }
    } else if (clusterUuid === undefined) {
      fail(
        "cluster.clusterUuid must be given when cluster.clusterArn is a reference (the topic and group ARNs are built from it), got none",
      );
    }
    if (fn.securityGroupId === undefined) {
      fail(
        "function must be in a VPC (NodejsFunction vpc): Lambda's poller reaches the brokers through interfaces it creates with the function's role, which has the ENI permissions only in a VPC",
      );
    }
    const topicProblem = Token.isUnresolved(props.topic)
      ? undefined
      : kafkaTopicProblem("topic", props.topic);
    if (topicProblem) fail(topicProblem);
    const positionProblem = startingPositionProblem("startingPosition", props.startingPosition);
    if (positionProblem) fail(positionProblem);
    const batchSize = props.batchSize ?? DEFAULT_MSK_BATCH_SIZE;
    const sizeProblem = batchSizeProblem("batchSize", batchSize);
    if (sizeProblem) fail(sizeProblem);
    const windowProblem =
      props.maxBatchingWindowSeconds === undefined
        ? undefined
        : batchingWindowProblem("maxBatchingWindowSeconds", props.maxBatchingWindowSeconds);
    if (windowProblem) fail(windowProblem);
    let groupId: string;
    if (props.consumerGroupId !== undefined) {
      const groupProblem = Token.isUnresolved(props.consumerGroupId)
        ? undefined
        : consumerGroupIdProblem("consumerGroupId", props.consumerGroupId);
      if (groupProblem) fail(groupProblem);
      groupId = props.consumerGroupId;
    } else {
      // The name as written, not the function's attribute: the group's ARN goes into the role's
      // policy, which the function waits for, so a reference to the function would be a cycle.
      const functionName = fn.function.functionNameInput;
      if (functionName === undefined || Token.isUnresolved(functionName)) {
        fail(
          'consumerGroupId must be given when the function\'s name is not written out (the default is "<function name>-<topic>"), got none',
        );
      }
      const defaultId = `${functionName}-${props.topic}`;
      const defaultProblem = Token.isUnresolved(defaultId)
        ? undefined
        : consumerGroupIdProblem(`consumerGroupId (default "<function name>-<topic>")`, defaultId);
      if (defaultProblem) fail(`${defaultProblem}; pass a shorter consumerGroupId`);
      groupId = defaultId;
    }
    const destination = failureDestination(fail, props.onFailure, "onFailure");
    const suffix = claimStatementSuffix(this, fn);

    this.topicArn = mskResourceArn(this, props.cluster, "topic", props.topic);
    this.consumerGroupArn = mskResourceArn(this, props.cluster, "group", groupId);
    this.consumerGroupId = groupId;
    const statements: PolicyStatement[] = [
      {
        // DescribeClusterV2 serves provisioned and serverless clusters; Lambda needs only one of it
        // and the older DescribeCluster, which AWS is retiring from its managed policy.
        Sid: `DescribeMskCluster${suffix}`,
        Effect: "Allow",
        Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"],
        Resource: clusterArn,
      },
      {
        Sid: `ConnectMskCluster${suffix}`,
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration"],
        Resource: clusterArn,
      },
      {
        Sid: `ReadMskTopic${suffix}`,
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: this.topicArn,
      },
      {
        Sid: `UseMskConsumerGroup${suffix}`,
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: this.consumerGroupArn,
      },
      {
        // The poller looks up the cluster's VPC and security groups before it creates interfaces
        // (those ENI actions come with the function's VPC); EC2's Describe* take only "*".
        Sid: `DescribeMskNetwork${suffix}`,
        Effect: "Allow",
        Action: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"],
        Resource: "*",
      },
    ];
    if (destination) statements.push(sendToDestination(destination, `SendMskFailures${suffix}`));
    for (const statement of statements) fn.role.addToPolicy(statement);

    const mapping = new LambdaEventSourceMapping(this, "mapping", {
      functionName: fn.functionArn,
      eventSourceArn: clusterArn,
      topics: [props.topic],
      startingPosition: props.startingPosition,
      batchSize,
      maximumBatchingWindowInSeconds: props.maxBatchingWindowSeconds,
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: groupId },
      ...(destination ? { destinationConfig: { onFailure: { destinationArn: destination.arn } } } : {}),
      enabled: props.enabled ?? true,
      // Lambda checks the role's permissions when the mapping is created.
      dependsOn: fn.role.grants,
    });
    this.mappingUuid = mapping.uuid;
    this.mappingArn = mapping.arn;
  }
}

export interface SqsEventSourceProps {
  /** The function the messages go to. */
  readonly function: EventSourceFunction;
  /**
   * The queue. Its visibility timeout must be at least the function's timeout (Lambda refuses the
   * mapping otherwise; AWS advises six times), and its redrive policy is what catches poison messages.
   */
  readonly queueArn: string;
  /**
   * Messages per invocation: 1-10000 for a standard queue, 1-10 for FIFO; above 10 needs
   * `maxBatchingWindowSeconds` of at least 1 (Lambda's rule). @default 10 (Lambda's own, written out)
   */
  readonly batchSize?: number;
  /** Seconds Lambda may wait to fill a batch, 0-300; not for FIFO queues. @default 0 (not rendered) */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * The function returns `batchItemFailures` and only those messages return to the queue. Without
   * it one failed message makes the whole batch visible again, and the rest are processed twice.
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;
  /** Concurrent invocations this mapping may drive, 2-1000. @default no cap beyond the function's */
  readonly maxConcurrency?: number;
  /**
   * The queue's customer managed KMS key; the role gets kms:Decrypt on it.
   * @default none: SSE-SQS queues need no key permission
   */
  readonly kmsKeyArn?: string;
  /** @default true */
  readonly enabled?: boolean;
}

/**
 * An SQS queue feeding a Lambda function through an event source mapping, with partial batch
 * responses by default. The role may receive, delete, re-time and read the attributes of messages
 * in that queue only.
 */
export class SqsEventSource extends Construct {
  public readonly mappingUuid: string;
  public readonly mappingArn: string;

  constructor(scope: Construct, id: string, props: SqsEventSourceProps) {
    super(scope, id);
    const fail = failer(this);
    const { queueArn } = props;
    const literal = !Token.isUnresolved(queueArn);
    if (literal && !SQS_QUEUE_ARN.test(queueArn))
      fail(`queueArn must be an SQS queue ARN, got "${queueArn}"`);
    const fifo = literal && queueArn.endsWith(".fifo");
    const batchSize = props.batchSize ?? DEFAULT_SQS_BATCH_SIZE;
    const sizeProblem = batchSizeProblem(
      fifo ? "batchSize (FIFO queue)" : "batchSize",
      batchSize,
      fifo ? MAX_FIFO_BATCH_SIZE : MAX_BATCH_SIZE,
    );
    if (sizeProblem) fail(sizeProblem);
    const window = props.maxBatchingWindowSeconds;
    if (window !== undefined) {
      const windowProblem = batchingWindowProblem("maxBatchingWindowSeconds", window);
      if (windowProblem) fail(windowProblem);
      if (fifo)
        fail(
          `maxBatchingWindowSeconds must be unset for a FIFO queue (Lambda does not batch them by time), got ${window}`,
        );
    }
    if (batchSize > 10 && (window ?? 0) < 1) {
      fail(
        `maxBatchingWindowSeconds must be at least 1 when batchSize is above 10 (Lambda's rule), got ${window ?? "unset"} with batchSize ${batchSize}`,
      );
    }
    const concurrency = props.maxConcurrency;
    if (
      concurrency !== undefined &&
      (!Number.isInteger(concurrency) ||
        concurrency < MIN_SQS_MAX_CONCURRENCY ||
        concurrency > MAX_SQS_MAX_CONCURRENCY)
    ) {
      fail(
        `maxConcurrency must be a whole number from ${MIN_SQS_MAX_CONCURRENCY} to ${MAX_SQS_MAX_CONCURRENCY}, got ${concurrency}`,
      );
    }
    if (
      props.kmsKeyArn !== undefined &&
      !Token.isUnresolved(props.kmsKeyArn) &&
      !KMS_KEY_ARN.test(props.kmsKeyArn)
    ) {
      fail(
        `kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${props.kmsKeyArn}"`,
      );
    }
    const fn = props.function;
    const suffix = claimStatementSuffix(this, fn);
    fn.role.addToPolicy({
      Sid: `ConsumeQueue${suffix}`,
      Effect: "Allow",
      Action: [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
      ],
      Resource: queueArn,
    });
    if (props.kmsKeyArn !== undefined) {
      fn.role.addToPolicy({
        Sid: `DecryptQueue${suffix}`,
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: props.kmsKeyArn,
      });
    }

    const mapping = new LambdaEventSourceMapping(this, "mapping", {
      functionName: fn.functionArn,
      eventSourceArn: queueArn,
      batchSize,
      maximumBatchingWindowInSeconds: window,
      ...((props.reportBatchItemFailures ?? true)
        ? { functionResponseTypes: ["ReportBatchItemFailures"] }
        : {}),
      ...(concurrency !== undefined ? { scalingConfig: { maximumConcurrency: concurrency } } : {}),
      enabled: props.enabled ?? true,
      // Lambda checks the role's permissions on the queue when the mapping is created.
      dependsOn: fn.role.grants,
    });
    this.mappingUuid = mapping.uuid;
    this.mappingArn = mapping.arn;
  }
}

export interface SnsEventSourceProps {
  /** The function SNS invokes. */
  readonly function: Pick<EventSourceFunction, "functionName" | "functionArn">;
  /** A standard topic (FIFO topics deliver to SQS only), in the function's region. */
  readonly topicArn: string;
  /** Only messages matching it are delivered (on message attributes). @default none: every message */
  readonly filterPolicy?: Readonly<Record<string, unknown>>;
}

/**
 * A Lambda subscription to an SNS topic, and the permission that lets that topic, and no other,
 * invoke the function.
 */
export class SnsEventSource extends Construct {
  public readonly subscriptionArn: string;

  constructor(scope: Construct, id: string, props: SnsEventSourceProps) {
    super(scope, id);
    const fail = failer(this);
    if (!Token.isUnresolved(props.topicArn) && !SNS_TOPIC_ARN.test(props.topicArn)) {
      fail(`topicArn must be ${SNS_TOPIC_ARN_EXPECTED}, got "${props.topicArn}"`);
    }
    if (props.filterPolicy !== undefined && Object.keys(props.filterPolicy).length === 0) {
      fail("filterPolicy must name at least one attribute (leave it unset to receive every message), got {}");
    }
    const fn = props.function;
    const suffix = claimStatementSuffix(this, fn);
    const permission = new LambdaPermission(this, "permission", {
      statementId: `AllowSns${suffix}`,
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "sns.amazonaws.com",
      sourceArn: props.topicArn,
    });
    const subscription = new SnsTopicSubscription(this, "subscription", {
      topicArn: props.topicArn,
      protocol: "lambda",
      endpoint: fn.functionArn,
      ...(props.filterPolicy ? { filterPolicy: JSON.stringify(props.filterPolicy) } : {}),
      // Messages published between subscribing and the permission would be refused by Lambda.
      dependsOn: [permission],
    });
    this.subscriptionArn = subscription.arn;
  }
}

function failer(scope: Construct): (message: string) => never {
  return (message) => {
    throw new Error(`${scope.node.path}: ${message}`);
  };
}

/** `arn:...:<kind>/<clusterName>/<clusterUuid>/<resource>`, the ARN MSK gives a topic or group of the cluster. */
function mskResourceArn(
  scope: Construct,
  cluster: MskClusterRef,
  kind: "topic" | "group",
  resource: string,
): string {
  if (!Token.isUnresolved(cluster.clusterArn)) {
    return `${cluster.clusterArn.replace(":cluster/", `:${kind}/`)}/${resource}`;
  }
  const { partition, region, accountId } = awsContextOf(scope);
  return `arn:${partition}:kafka:${region}:${accountId}:${kind}/${cluster.clusterName}/${cluster.clusterUuid}/${resource}`;
}

interface ResolvedDestination {
  readonly kind: "sqs" | "sns";
  readonly arn: string;
}

function failureDestination(
  fail: (message: string) => never,
  destination: FailureDestination | undefined,
  prop: string,
): ResolvedDestination | undefined {
  if (!destination) return undefined;
  if ("queueArn" in destination) {
    const arn = destination.queueArn;
    if (!Token.isUnresolved(arn) && !SQS_QUEUE_ARN.test(arn))
      fail(`${prop}.queueArn must be an SQS queue ARN, got "${arn}"`);
    return { kind: "sqs", arn };
  }
  const arn = destination.topicArn;
  if (!Token.isUnresolved(arn) && !SNS_TOPIC_ARN.test(arn))
    fail(`${prop}.topicArn must be ${SNS_TOPIC_ARN_EXPECTED}, got "${arn}"`);
  return { kind: "sns", arn };
}

function sendToDestination(destination: ResolvedDestination, sid: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: destination.kind === "sqs" ? "sqs:SendMessage" : "sns:Publish",
    Resource: destination.arn,
  };
}

/**
 * IAM refuses a policy with two statements of one Sid, and Lambda a second permission of one
 * statement id: each event source of a function names its statements after its own construct id,
 * which must therefore differ between the function's event sources.
 */
const suffixesByFunction = new WeakMap<object, Map<string, string>>();

function claimStatementSuffix(source: Construct, fn: object): string {
  const suffix = source.node.id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
  if (suffix === "") {
    throw new Error(
      `${source.node.path}: the construct id must hold a letter or digit, to name the role's statements`,
    );
  }
  const claimed = suffixesByFunction.get(fn) ?? new Map<string, string>();
  suffixesByFunction.set(fn, claimed);
  const holder = claimed.get(suffix);
  if (holder !== undefined && holder !== source.node.path) {
    throw new Error(
      `${source.node.path}: ${holder} already feeds this function under the statement name "${suffix}"; give each event source of a function an id of its own`,
    );
  }
  claimed.set(suffix, source.node.path);
  return suffix;
}
