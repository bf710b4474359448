import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { MSKEvent } from "aws-lambda";
import { KafkaRecord, kafkaRecordsOf, requiredEnv } from "./kafka-records";

/**
 * Recorder (cold path): writes every record of a Kafka batch to the data lake as JSON lines, one
 * object per topic-partition, at
 * `raw/<topic>/dt=<yyyy-mm-dd>/hour=<hh>/<partition>-<first offset>-<last offset>.jsonl` (UTC, from the
 * first record's timestamp). The key is derived from the offsets, so a retried batch overwrites its
 * own object instead of duplicating data. Needs s3:PutObject on `raw/*` of DATA_LAKE_BUCKET only.
 */
export function createRecorder(s3: S3Client, env: NodeJS.ProcessEnv = process.env) {
  const bucket = requiredEnv("DATA_LAKE_BUCKET", env);
  return async (event: MSKEvent): Promise<{ objects: string[] }> => {
    const byPartition = new Map<string, KafkaRecord[]>();
    for (const record of kafkaRecordsOf(event)) {
      const key = `${record.topic}\u0000${record.partition}`;
      byPartition.set(key, [...(byPartition.get(key) ?? []), record]);
    }
    const objects: string[] = [];
    for (const records of byPartition.values()) {
      records.sort((a, b) => a.offset - b.offset);
      const key = objectKeyOf(records);
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: records.map((r) => JSON.stringify(r)).join("\n") + "\n",
          ContentType: "application/x-ndjson",
        }),
      );
      objects.push(key);
    }
    return { objects };
  };
}

/** Where one topic-partition's records of a batch go (records sorted by offset). */
export function objectKeyOf(records: readonly KafkaRecord[]): string {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const at = new Date(first.timestamp).toISOString();
  const topic = first.topic.replace(/[^A-Za-z0-9._-]/g, "_");
  return `raw/${topic}/dt=${at.slice(0, 10)}/hour=${at.slice(11, 13)}/${first.partition}-${first.offset}-${last.offset}.jsonl`;
}

let recorder: ReturnType<typeof createRecorder> | undefined;
export const handler = (event: MSKEvent) => (recorder ??= createRecorder(new S3Client({})))(event);
