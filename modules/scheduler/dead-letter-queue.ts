import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { IGrantable } from "../iam/role";
import { AlarmNotificationTarget, metricAlarm } from "../monitoring/metric-alarm";

export interface DeadLetterQueueProps {
  /** 1-80 letters, digits, hyphens and underscores, unique in the account and region. */
  readonly queueName: string;
  /** What ends up here, for the alarm's description, e.g. "schedules of group alert-system-dev-alerts". */
  readonly purpose: string;
  /** Days a message is kept, 1-14. @default 14 (SQS's maximum: time to notice, fix and replay) */
  readonly retentionDays?: number;
  /** Where the alarm notifies. @default none: the alarm only changes state */
  readonly alarmTopic?: AlarmNotificationTarget;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const DAY = 86_400;

/**
 * A standard SQS queue for what failed for good: encrypted at rest with SQS-managed keys (SSE-SQS,
 * so senders need no KMS permissions), kept 14 days, and an alarm that fires as soon as one message
 * is visible, since every message here is work that did not happen.
 */
export class DeadLetterQueue extends Construct {
  public readonly queueArn: string;
  public readonly queueUrl: string;
  public readonly queueName: string;
  /** Fires on ApproximateNumberOfMessagesVisible > 0 (5-minute maximum). */
  public readonly alarmArn: string;
  public readonly alarmName: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.queueName) && !QUEUE_NAME.test(props.queueName)) {
      throw new Error(
        `${this.node.path}: queueName must be 1-80 letters, digits, hyphens and underscores (SQS's rule for standard queues), got "${props.queueName}"`,
      );
    }
    const days = props.retentionDays ?? 14;
    if (!Number.isInteger(days) || days < 1 || days > 14) {
      throw new Error(
        `${this.node.path}: retentionDays must be a whole number from 1 to 14 (SQS's limit), got ${days}`,
      );
    }
    const queue = new SqsQueue(this, "queue", {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: days * DAY,
    });
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    this.queueName = queue.name;

    const alarm = metricAlarm(this, "messages-visible", {
      alarmName: `${props.queueName}-messages-visible`,
      description: `Messages in dead-letter queue ${props.queueName}: ${props.purpose} failed after every retry. Read them (aws sqs receive-message), fix the cause, replay, then delete them.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.name },
      statistic: "Maximum",
      comparison: "GreaterThanThreshold",
      threshold: 0,
      periodSeconds: 300,
      evaluationPeriods: 1,
      // SQS stops publishing metrics for a queue that has been empty and idle for six hours.
      treatMissingData: "notBreaching",
      ...(props.alarmTopic ? { topic: props.alarmTopic } : {}),
    });
    this.alarmArn = alarm.alarmArn;
    this.alarmName = alarm.alarmName;
  }

  /** Lets `grantee` send to this queue and nothing else (what a dead-letter source needs). */
  grantSend(grantee: IGrantable, sid = "SendToDeadLetterQueue"): void {
    grantee.addToPolicy({ Sid: sid, Effect: "Allow", Action: "sqs:SendMessage", Resource: this.queueArn });
  }
}
