import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { backendOf } from "./stack-facts";
import { SynthesizedStack } from "./synth-app";

/** What terraform records about the holder of a lock (its lock item, its .tflock file, its error). */
export interface LockInfo {
  readonly ID: string;
  readonly Operation: string;
  readonly Who: string;
  readonly Version: string;
  readonly Created: string;
  readonly Path: string;
}

/** One version of the state object, newest first as S3 lists them. */
export interface StateVersion {
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly lastModified?: Date;
}

export interface StateObject {
  readonly serial: number;
  readonly lineage: string;
  /** Managed resources (data sources left out). */
  readonly resources: number;
  readonly md5: string;
  readonly text: string;
}

/**
 * Reads a stack's S3 backend as terraform leaves it, straight from the emulator: the state object
 * and its versions, the S3-native lock file (`<key>.tflock`) and the DynamoDB lock item
 * (`LockID = <bucket>/<key>`) with its digest item (`<bucket>/<key>-md5`).
 */
export class StateBackend {
  readonly bucket: string;
  readonly key: string;
  readonly table?: string;
  private readonly s3: S3Client;
  private readonly dynamodb: DynamoDBClient;

  constructor(stack: SynthesizedStack, env: NodeJS.ProcessEnv) {
    const { type, config } = backendOf(stack);
    if (type !== "s3") throw new Error(`${stack.name}: backend ${type}, not s3`);
    this.bucket = String(config.bucket);
    this.key = String(config.key);
    this.table = typeof config.dynamodb_table === "string" ? config.dynamodb_table : undefined;
    const client = {
      endpoint: env.AWS_ENDPOINT_URL,
      region: String(config.region),
      credentials: {
        accessKeyId: String(env.AWS_ACCESS_KEY_ID),
        secretAccessKey: String(env.AWS_SECRET_ACCESS_KEY),
      },
    };
    this.s3 = new S3Client({ ...client, forcePathStyle: true });
    this.dynamodb = new DynamoDBClient(client);
  }

  get lockId(): string {
    return `${this.bucket}/${this.key}`;
  }

  /** The DynamoDB lock item's Info, undefined when no lock is held there (or no table is used). */
  async dynamodbLock(table = this.table): Promise<LockInfo | undefined> {
    if (!table) return undefined;
    const item = await this.dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { LockID: { S: this.lockId } } }),
    );
    const info = item.Item?.Info?.S;
    return info ? (JSON.parse(info) as LockInfo) : undefined;
  }

  /** The digest terraform keeps next to the lock (`<bucket>/<key>-md5`), when it keeps one. */
  async digest(table = this.table): Promise<string | undefined> {
    if (!table) return undefined;
    const item = await this.dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { LockID: { S: `${this.lockId}-md5` } } }),
    );
    return item.Item?.Digest?.S;
  }

  /** The S3-native lock file's content, undefined when there is none. */
  async lockFile(): Promise<LockInfo | undefined> {
    const text = await this.read(`${this.key}.tflock`);
    return text === undefined ? undefined : (JSON.parse(text) as LockInfo);
  }

  /** Whether `<key>.tflock` exists at all (HEAD), independent of its content. */
  async lockFileExists(): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: `${this.key}.tflock` }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async versions(): Promise<StateVersion[]> {
    const listed = await this.s3.send(
      new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: this.key }),
    );
    return (listed.Versions ?? [])
      .filter((v) => v.Key === this.key)
      .map((v) => ({
        versionId: String(v.VersionId),
        isLatest: v.IsLatest === true,
        lastModified: v.LastModified,
      }));
  }

  /** The state object (latest, or one version), undefined before the first write. */
  async state(versionId?: string): Promise<StateObject | undefined> {
    const text = await this.read(this.key, versionId);
    if (text === undefined) return undefined;
    const parsed = JSON.parse(text) as { serial: number; lineage: string; resources?: { mode: string }[] };
    return {
      serial: parsed.serial,
      lineage: parsed.lineage,
      resources: (parsed.resources ?? []).filter((r) => r.mode === "managed").length,
      md5: createHash("md5").update(text).digest("hex"),
      text,
    };
  }

  close(): void {
    this.s3.destroy();
    this.dynamodb.destroy();
  }

  private async read(key: string, versionId?: string): Promise<string | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      return await object.Body!.transformToString("utf8");
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }
}

function notFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404)
  );
}

/** The "Lock Info:" block of terraform's "Error acquiring the state lock" message. */
export function lockInfoFromOutput(output: string): LockInfo | undefined {
  // With colour (a terminal, or no -no-color) terraform draws diagnostics in a box: "│ " before each line.
  const text = output
    .split("\n")
    .map((l) => l.replace(/^[│╷╵]\s?/, ""))
    .join("\n");
  const block = /Lock Info:\n([\s\S]*?)(?:\n\s*\n|$)/.exec(text)?.[1];
  if (!block) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, "m").exec(block)?.[1]?.trim() ?? "";
  const id = field("ID");
  if (!id) return undefined;
  return {
    ID: id,
    Path: field("Path"),
    Operation: field("Operation"),
    Who: field("Who"),
    Version: field("Version"),
    Created: field("Created"),
  };
}
