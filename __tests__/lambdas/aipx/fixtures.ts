import type { MSKEvent } from "aws-lambda";

/** An MSK event carrying `values` (JSON-encoded, base64) on `topic`, partition by partition. */
export function mskEventOf(
  topic: string,
  partitions: Record<number, unknown[]>,
  start = Date.UTC(2026, 11, 1, 9, 30),
): MSKEvent {
  const records: MSKEvent["records"] = {};
  for (const [partition, values] of Object.entries(partitions)) {
    records[`${topic}-${partition}`] = values.map((value, i) => ({
      topic,
      partition: Number(partition),
      offset: 100 + i,
      timestamp: start + i * 1000,
      timestampType: "CREATE_TIME",
      key: "",
      value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64"),
      headers: [],
    }));
  }
  return {
    eventSource: "aws:kafka",
    eventSourceArn: "arn:aws:kafka:ap-northeast-2:123456789012:cluster/aipx-dev/uuid",
    bootstrapServers: "b-1:9098",
    records,
  };
}
