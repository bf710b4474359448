import { createHash, createHmac } from "node:crypto";

/**
 * Secrets Manager's GetSecretValue, as one SigV4-signed HTTPS call. This repository's dependencies
 * carry only the ECS and RDS clients of the AWS SDK; the call is small enough to sign here rather
 * than bundle another client. With `@aws-sdk/client-secrets-manager` installed, `readSecretString`
 * can become a GetSecretValueCommand without touching its callers.
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  /** Header names in any case; `host` and `x-amz-date` are added. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly now: Date;
}

const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The headers to send, Authorization included: AWS Signature Version 4 (single-chunk, signed body).
 * Paths are taken as given (services other than S3 sign the path as sent).
 */
export function signRequest(request: SignableRequest): Record<string, string> {
  const amzDate = request.now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host = request.url.host;
  headers["x-amz-date"] = amzDate;
  if (request.credentials.sessionToken) headers["x-amz-security-token"] = request.credentials.sessionToken;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const query = [...request.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.url.pathname || "/",
    query,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join("\n");
  const scope = `${date}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${request.credentials.secretAccessKey}`, date), request.region), request.service),
    "aws4_request",
  );
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** The execution role's credentials, which the Lambda runtime puts in the environment. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; the Lambda runtime sets them");
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/**
 * Where Secrets Manager answers for the secret's region: AWS_ENDPOINT_URL_SECRETS_MANAGER or
 * AWS_ENDPOINT_URL when set (the SDKs' convention, used against emulators), else the regional endpoint.
 */
export function secretsManagerEndpoint(region: string, partition: string, env: NodeJS.ProcessEnv): URL {
  const override = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  if (override) return new URL(override);
  return new URL(`https://secretsmanager.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}/`);
}

export interface ReadSecretOptions {
  readonly fetch: typeof fetch;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly timeoutMs: number;
}

/**
 * The SecretString of the secret `secretArn` (GetSecretValue, AWSCURRENT), from the secret's own
 * region. Needs secretsmanager:GetSecretValue on it.
 * @throws naming the secret and Secrets Manager's error type when the call fails or the secret
 *   holds no string
 */
export async function readSecretString(secretArn: string, options: ReadSecretOptions): Promise<string> {
  const [, partition = "aws", , region = ""] = secretArn.split(":");
  const url = secretsManagerEndpoint(region, partition, options.env);
  const body = JSON.stringify({ SecretId: secretArn });
  const headers = signRequest({
    method: "POST",
    url,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "secretsmanager.GetSecretValue",
    },
    body,
    service: "secretsmanager",
    region,
    credentials: credentialsFromEnv(options.env),
    now: options.now(),
  });
  delete headers.host; // fetch sets it from the URL (and refuses to be told)
  const response = await options.fetch(url, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) {
    let type = `HTTP ${response.status}`;
    try {
      const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
      type = `${parsed.__type?.split("#").pop() ?? type}: ${parsed.message ?? parsed.Message ?? ""}`.trim();
    } catch {
      // not JSON: keep the status
    }
    throw new Error(
      `GetSecretValue of ${secretArn} failed (${type}); check SHARED_SECRET_ARN and the role's access`,
    );
  }
  const secret = (JSON.parse(text) as { SecretString?: unknown }).SecretString;
  if (typeof secret !== "string" || secret === "") {
    throw new Error(
      `secret ${secretArn} holds no SecretString; put the shared secret in it (put-secret-value --secret-string)`,
    );
  }
  return secret;
}
