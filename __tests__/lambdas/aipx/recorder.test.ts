import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { createRecorder } from "../../../lambdas/aipx/recorder";
import { mskEventOf } from "./fixtures";

const s3 = mockClient(S3Client);
beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

test("one JSON-lines object per topic-partition, keyed by date, hour and offsets", async () => {
  const record = createRecorder(new S3Client({}), { DATA_LAKE_BUCKET: "aipx-dev-data-lake" });
  const event = mskEventOf("market-data", {
    0: [
      { symbol: "AAPL", price: 1 },
      { symbol: "AAPL", price: 2 },
    ],
    1: [{ symbol: "MSFT", price: 3 }],
  });
  const result = await record(event);
  expect(result.objects.sort()).toEqual([
    "raw/market-data/dt=2026-12-01/hour=09/0-100-101.jsonl",
    "raw/market-data/dt=2026-12-01/hour=09/1-100-100.jsonl",
  ]);
  const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  expect(puts.every((p) => p.Bucket === "aipx-dev-data-lake")).toBe(true);
  const first = puts.find((p) => p.Key!.includes("/0-"))!;
  expect(
    (first.Body as string)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).value),
  ).toEqual([
    { symbol: "AAPL", price: 1 },
    { symbol: "AAPL", price: 2 },
  ]);
});

test("a record that isn't JSON fails the batch with its coordinates, before anything is written", async () => {
  const record = createRecorder(new S3Client({}), { DATA_LAKE_BUCKET: "b" });
  await expect(record(mskEventOf("market-data", { 2: ["not json"] }))).rejects.toThrow(
    /record market-data\/2@100 is not JSON/,
  );
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
});

test("refuses to start without its bucket", () => {
  expect(() => createRecorder(new S3Client({}), {})).toThrow(
    "environment variable DATA_LAKE_BUCKET is not set",
  );
});
