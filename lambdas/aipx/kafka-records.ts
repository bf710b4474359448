import type { MSKEvent } from "aws-lambda";

/** One Kafka record of an MSK event, its value decoded from base64 and parsed as JSON. */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: unknown;
}

/**
 * The records of an MSK event in topic-partition order. A value that is not JSON is an error with its
 * coordinates: the producers (data-ingestion, OMS) only write JSON, so anything else is a bug to
 * surface, and failing the batch makes Lambda retry it rather than drop it.
 */
export function kafkaRecordsOf(event: MSKEvent): KafkaRecord[] {
  return Object.values(event.records ?? {})
    .flat()
    .map((record) => {
      const text = Buffer.from(record.value ?? "", "base64").toString("utf8");
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(
          `record ${record.topic}/${record.partition}@${record.offset} is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
        );
      }
      return {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        value,
      };
    });
}

/** A required environment variable, or an error naming it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
