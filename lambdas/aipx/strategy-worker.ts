import { PublishBatchCommand, SNSClient } from "@aws-sdk/client-sns";
import type { MSKEvent } from "aws-lambda";
import { kafkaRecordsOf, requiredEnv } from "./kafka-records";

/** A market-data tick as data-ingestion writes it to Kafka. */
export interface Tick {
  readonly symbol: string;
  readonly price: number;
}

/** What the strategy decides for one symbol of a batch. */
export interface Signal {
  readonly symbol: string;
  readonly side: "BUY" | "SELL";
  readonly price: number;
  /** Relative move from the batch's first to last price of the symbol. */
  readonly change: number;
}

/**
 * Strategy worker (cold path): reads ticks from Kafka and, per symbol, signals BUY when the last
 * price of the batch is at least THRESHOLD (default 0.01 = 1 %) above its first, SELL when as far
 * below; signals go to SIGNAL_TOPIC_ARN (SNS), whose queue feeds the notification function. A
 * placeholder for the real strategy: the plumbing (records in, signals out, permissions) is the
 * product. Needs sns:Publish on SIGNAL_TOPIC_ARN only.
 */
export function createStrategyWorker(sns: SNSClient, env: NodeJS.ProcessEnv = process.env) {
  const topicArn = requiredEnv("SIGNAL_TOPIC_ARN", env);
  const threshold = Number(env.THRESHOLD ?? "0.01");
  if (!(threshold > 0)) throw new Error(`THRESHOLD must be a positive number, got ${env.THRESHOLD}`);
  return async (event: MSKEvent): Promise<{ signals: Signal[] }> => {
    const ticks = kafkaRecordsOf(event).map((r) => tickOf(r.value));
    const signals = signalsOf(ticks, threshold);
    // SNS takes at most 10 entries per batch.
    for (let i = 0; i < signals.length; i += 10) {
      const chunk = signals.slice(i, i + 10);
      const result = await sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: chunk.map((signal, j) => ({
            Id: String(i + j),
            Message: JSON.stringify(signal),
          })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(
          `SNS refused ${result.Failed.length} signal(s): ${result.Failed[0]!.Message ?? "no message"}`,
        );
      }
    }
    return { signals };
  };
}

export function tickOf(value: unknown): Tick {
  const tick = value as Partial<Tick> | null;
  if (!tick || typeof tick.symbol !== "string" || typeof tick.price !== "number" || !(tick.price > 0)) {
    throw new Error(`a tick needs a symbol and a positive price, got ${JSON.stringify(value)}`);
  }
  return { symbol: tick.symbol, price: tick.price };
}

/** Per symbol, in the order symbols first appear: first vs last price of the batch. */
export function signalsOf(ticks: readonly Tick[], threshold: number): Signal[] {
  const bySymbol = new Map<string, { first: number; last: number }>();
  for (const tick of ticks) {
    const seen = bySymbol.get(tick.symbol);
    bySymbol.set(tick.symbol, { first: seen?.first ?? tick.price, last: tick.price });
  }
  const signals: Signal[] = [];
  for (const [symbol, { first, last }] of bySymbol) {
    const change = (last - first) / first;
    if (Math.abs(change) >= threshold) {
      signals.push({ symbol, side: change > 0 ? "BUY" : "SELL", price: last, change });
    }
  }
  return signals;
}

let worker: ReturnType<typeof createStrategyWorker> | undefined;
export const handler = (event: MSKEvent) => (worker ??= createStrategyWorker(new SNSClient({})))(event);
