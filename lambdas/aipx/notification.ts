import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { requiredEnv } from "./kafka-records";
import type { Signal } from "./strategy-worker";

/**
 * Notification (cold path): reads trading signals from its SQS queue (the strategy worker's SNS topic
 * delivers to it, raw or wrapped in an SNS envelope) and sends each to the people subscribed to
 * NOTIFICATION_TOPIC_ARN (e-mail). A message that cannot be read or sent is reported as a batch item
 * failure, so only it is retried and, after the queue's receive limit, lands in the dead-letter queue.
 * Needs sns:Publish on NOTIFICATION_TOPIC_ARN only.
 */
export function createNotifier(sns: SNSClient, env: NodeJS.ProcessEnv = process.env) {
  const topicArn = requiredEnv("NOTIFICATION_TOPIC_ARN", env);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse["batchItemFailures"] = [];
    for (const message of event.Records) {
      try {
        const signal = signalOf(message.body);
        await sns.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: `AIPX ${signal.side} ${signal.symbol}`.slice(0, 100),
            Message: `${signal.side} ${signal.symbol} at ${signal.price} (${(signal.change * 100).toFixed(2)} % in the last batch)`,
          }),
        );
      } catch (error) {
        console.error(`message ${message.messageId}: ${(error as Error).message}`);
        failures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

/** The signal in a queue message body: raw JSON, or an SNS notification envelope around it. */
export function signalOf(body: string): Signal {
  let value = JSON.parse(body) as Record<string, unknown>;
  if (value.Type === "Notification" && typeof value.Message === "string") {
    value = JSON.parse(value.Message) as Record<string, unknown>;
  }
  const { symbol, side, price, change } = value;
  if (
    typeof symbol !== "string" ||
    (side !== "BUY" && side !== "SELL") ||
    typeof price !== "number" ||
    typeof change !== "number"
  ) {
    throw new Error(`not a signal: ${body.slice(0, 120)}`);
  }
  return { symbol, side, price, change };
}

let notifier: ReturnType<typeof createNotifier> | undefined;
export const handler = (event: SQSEvent) => (notifier ??= createNotifier(new SNSClient({})))(event);
