import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { AddressInfo } from "node:net";
import {
  SECRET_HEADER,
  TriggerInputError,
  parseTriggerEvent,
  readTriggerConfig,
} from "../../lambdas/scheduler-trigger/event";
import { SECRET_TTL_MS, createHandler } from "../../lambdas/scheduler-trigger/index";
import { readSecretString, signRequest } from "../../lambdas/scheduler-trigger/secrets-manager";

/**
 * The scheduler trigger against real HTTP servers on 127.0.0.1 (the backend, and a stand-in for
 * Secrets Manager): what it sends, when it fails (so the event is retried and dead-lettered), and
 * the SigV4 signature of its one AWS call, checked against AWS's published test vectors.
 */

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Reply = (request: Received) => { status: number; body?: string; headers?: Record<string, string> };

/** An HTTP server on a free loopback port that records requests and answers with `reply`. */
async function serve(
  reply: Reply,
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(request);
      const answer = reply(request);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const SECRET_ARN = "arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:alert-system/scheduler-AbCdEf";
const saved = { ...process.env };
let logs: string[];
const closers: (() => Promise<void>)[] = [];

async function backend(reply: Reply) {
  const server = await serve(reply);
  closers.push(server.close);
  process.env.BACKEND_URL = `${server.url}/`;
  return server;
}

beforeEach(() => {
  process.env = { ...saved, SHARED_SECRET_ARN: SECRET_ARN };
  delete process.env.REQUEST_TIMEOUT_MS;
  logs = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
});

afterEach(async () => {
  jest.restoreAllMocks();
  process.env = saved;
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("scheduler-trigger handler", () => {
  it("POSTs the event as JSON to <BACKEND_URL>/scheduler/trigger with the secret header, and logs one line", async () => {
    const server = await backend(() => ({ status: 202, body: "{}" }));
    const readSecret = jest.fn(async () => "s3cret");
    const handler = createHandler({ readSecret });
    const event = { alertId: "a-42", scheduledTime: "2026-05-01T09:00:00Z", executionId: "d32c5kddcf5bb8c3" };

    await expect(handler(event, { awsRequestId: "req-1" })).resolves.toEqual({
      alertId: "a-42",
      status: 202,
      secretRefreshed: false,
    });
    expect(readSecret).toHaveBeenCalledWith(SECRET_ARN);
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request).toMatchObject({ method: "POST", url: "/scheduler/trigger" });
    expect(request!.headers[SECRET_HEADER]).toBe("s3cret");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual(event);
    expect(logs.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        level: "info",
        message: "backend triggered",
        requestId: "req-1",
        alertId: "a-42",
        status: 202,
        secretRefreshed: false,
      },
    ]);
  });

  it("keeps a base path of BACKEND_URL", async () => {
    const server = await backend(() => ({ status: 200 }));
    process.env.BACKEND_URL = `${process.env.BACKEND_URL}api/v1`;
    await createHandler({ readSecret: async () => "s" })({ alertId: "a" });
    expect(server.received[0]!.url).toBe("/api/v1/scheduler/trigger");
  });

  it.each([500, 404, 422])(
    "fails on %i, quoting the backend, so the event is retried and dead-lettered",
    async (status) => {
      await backend(() => ({ status, body: '{"error":"alert a-1 is archived"}' }));
      const handler = createHandler({ readSecret: async () => "s" });
      await expect(handler({ alertId: "a-1" })).rejects.toThrow(
        new RegExp(
          `^POST http://127\\.0\\.0\\.1:\\d+/scheduler/trigger for alert a-1 answered ${status}: \\{"error":"alert a-1 is archived"\\}$`,
        ),
      );
      expect(JSON.parse(logs[0]!)).toMatchObject({ level: "error", status, alertId: "a-1" });
    },
  );

  it("does not follow a redirect (the secret would travel to another host): a 3xx fails", async () => {
    const elsewhere = await serve(() => ({ status: 200 }));
    closers.push(elsewhere.close);
    await backend(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    await expect(createHandler({ readSecret: async () => "s" })({ alertId: "a" })).rejects.toThrow(
      /answered 307; redirects are not followed/,
    );
    expect(elsewhere.received).toEqual([]);
  });

  it("on 401 reads the secret again and retries once (a rotated secret needs no redeploy)", async () => {
    const server = await backend((r) => ({ status: r.headers[SECRET_HEADER] === "new" ? 204 : 401 }));
    const values = ["old", "new"];
    const readSecret = jest.fn(async () => values.shift()!);
    const result = await createHandler({ readSecret })({ alertId: "a" });
    expect(result).toEqual({ alertId: "a", status: 204, secretRefreshed: true });
    expect(readSecret).toHaveBeenCalledTimes(2);
    expect(server.received.map((r) => r.headers[SECRET_HEADER])).toEqual(["old", "new"]);
  });

  it("fails when the backend refuses the re-read secret too, saying both must hold the same value", async () => {
    const server = await backend(() => ({ status: 403 }));
    await expect(createHandler({ readSecret: async () => "s" })({ alertId: "a" })).rejects.toThrow(
      /answered 403; the backend refused the shared secret: it and SHARED_SECRET_ARN must hold the same value$/,
    );
    expect(server.received).toHaveLength(2);
  });

  it("reuses the secret within SECRET_TTL_MS and reads it again after", async () => {
    await backend(() => ({ status: 200 }));
    let clock = 1_000_000;
    const readSecret = jest.fn(async () => "s");
    const handler = createHandler({ readSecret, now: () => clock });
    await handler({ alertId: "a" });
    clock += SECRET_TTL_MS - 1;
    await handler({ alertId: "b" });
    expect(readSecret).toHaveBeenCalledTimes(1);
    clock += 1;
    await handler({ alertId: "c" });
    expect(readSecret).toHaveBeenCalledTimes(2);
  });

  it("fails with the reason when the backend cannot be reached", async () => {
    const server = await serve(() => ({ status: 200 }));
    await server.close();
    process.env.BACKEND_URL = server.url;
    await expect(createHandler({ readSecret: async () => "s" })({ alertId: "a" })).rejects.toThrow(
      /^POST http:\/\/127\.0\.0\.1:\d+\/scheduler\/trigger for alert a failed: .*ECONNREFUSED.*; check BACKEND_URL/,
    );
  });

  it("fails when the backend does not answer within REQUEST_TIMEOUT_MS", async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise((resolve) => {
          hanging.closeAllConnections();
          hanging.close(() => resolve());
        }),
    );
    process.env.BACKEND_URL = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    process.env.REQUEST_TIMEOUT_MS = "100";
    await expect(createHandler({ readSecret: async () => "s" })({ alertId: "a" })).rejects.toThrow(
      /failed: no answer within 100 ms/,
    );
  });

  it("refuses an invalid event before reading the secret or calling the backend", async () => {
    const server = await backend(() => ({ status: 200 }));
    const readSecret = jest.fn(async () => "s");
    await expect(createHandler({ readSecret })({ alertID: "a" })).rejects.toThrow(TriggerInputError);
    expect(readSecret).not.toHaveBeenCalled();
    expect(server.received).toEqual([]);
  });

  it("fails when the secret cannot be read, before calling the backend", async () => {
    const server = await backend(() => ({ status: 200 }));
    const readSecret = async () => {
      throw new Error("GetSecretValue of x failed (AccessDeniedException: ...)");
    };
    await expect(createHandler({ readSecret })({ alertId: "a" })).rejects.toThrow(/AccessDeniedException/);
    expect(server.received).toEqual([]);
  });
});

describe("parseTriggerEvent", () => {
  test.each([
    [{ alertId: "a-1" }, { alertId: "a-1" }],
    [
      { alertId: "550e8400-e29b-41d4-a716-446655440000", scheduledTime: "2026-05-01T09:00:00.000+09:00" },
      null,
    ],
    [{ alertId: "tenant:42.alert_7", executionId: "d32c5kddcf5bb8c3" }, null],
  ])("accepts %j", (event, expected) => {
    expect(parseTriggerEvent(event)).toEqual(expected ?? event);
  });

  test.each([
    [null, /must be a JSON object such as \{"alertId":"a-123"\}/],
    ["a-1", /must be a JSON object/],
    [[{ alertId: "a" }], /must be a JSON object/],
    [{}, /event\.alertId must be a string of 1-128 .*got nothing/],
    [{ alertId: 42 }, /event\.alertId must be a string .*got 42/],
    [{ alertId: "" }, /event\.alertId must be a string/],
    [{ alertId: "a b" }, /event\.alertId must be a string/],
    [{ alertId: "x".repeat(129) }, /event\.alertId must be a string/],
    [
      { alertId: "a", alertID: "a" },
      /unknown key\(s\) "alertID"; allowed: alertId, scheduledTime, executionId/,
    ],
    [
      { alertId: "a", scheduledTime: "<aws.scheduler.scheduled-time>" },
      /event\.scheduledTime must be an ISO 8601 time/,
    ],
    [
      { alertId: "a", scheduledTime: "2026-13-45T99:00:00Z" },
      /event\.scheduledTime must be an ISO 8601 time/,
    ],
    [
      { alertId: "a", executionId: 7 },
      /event\.executionId must be Scheduler's <aws\.scheduler\.execution-id>/,
    ],
  ])("refuses %j", (event, message) => {
    expect(() => parseTriggerEvent(event)).toThrow(message);
  });
});

describe("readTriggerConfig", () => {
  const ENV = { BACKEND_URL: "http://alb.internal:80/", SHARED_SECRET_ARN: SECRET_ARN };

  test("strips the trailing slash and defaults the timeout to 10 s", () => {
    expect(readTriggerConfig(ENV)).toEqual({
      backendUrl: "http://alb.internal:80",
      sharedSecretArn: SECRET_ARN,
      requestTimeoutMs: 10_000,
    });
  });

  test.each([
    [{ BACKEND_URL: undefined }, /BACKEND_URL must name the backend/],
    [{ BACKEND_URL: "alb.internal" }, /BACKEND_URL must be an http\(s\) URL/],
    [{ BACKEND_URL: "ftp://alb.internal" }, /BACKEND_URL must be an http:\/\/ or https:\/\/ URL/],
    [{ BACKEND_URL: "http://alb.internal/?x=1" }, /without query, fragment or credentials/],
    [{ BACKEND_URL: "http://user:pw@alb.internal" }, /without query, fragment or credentials/],
    [
      { SHARED_SECRET_ARN: "alert-system/scheduler" },
      /SHARED_SECRET_ARN must be a Secrets Manager secret ARN/,
    ],
    [
      { REQUEST_TIMEOUT_MS: "0" },
      /REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 1 to 300000, got "0"/,
    ],
    [{ REQUEST_TIMEOUT_MS: "1.5" }, /REQUEST_TIMEOUT_MS must be a whole number/],
  ])("refuses %j", (overrides, message) => {
    expect(() => readTriggerConfig({ ...ENV, ...overrides })).toThrow(message);
  });
});

describe("Secrets Manager GetSecretValue", () => {
  const CREDENTIALS = {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  };
  const VECTOR_TIME = new Date("2015-08-30T12:36:00Z");
  const vector = (method: string, url: string) =>
    signRequest({
      method,
      url: new URL(url),
      headers: {},
      body: "",
      service: "service",
      region: "us-east-1",
      credentials: CREDENTIALS,
      now: VECTOR_TIME,
    }).authorization;

  // AWS's Signature Version 4 test suite (aws-sig-v4-test-suite): get-vanilla, post-vanilla and
  // get-vanilla-query-order-key-case, with the suite's example credentials.
  test.each([
    [
      "GET",
      "https://example.amazonaws.com/",
      "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    ],
    [
      "POST",
      "https://example.amazonaws.com/",
      "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    ],
    [
      "GET",
      "https://example.amazonaws.com/?Param2=value2&Param1=value1",
      "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    ],
  ])("signs %s %s as AWS's test suite does", (method, url, signature) => {
    expect(vector(method, url)).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    );
  });

  test("calls GetSecretValue of the ARN, signed for the secret's region with the session token", async () => {
    const sm = await serve(() => ({
      status: 200,
      body: JSON.stringify({ SecretString: "s3cret", VersionStages: ["AWSCURRENT"] }),
    }));
    closers.push(sm.close);
    const value = await readSecretString(SECRET_ARN, {
      fetch,
      env: {
        AWS_ACCESS_KEY_ID: "ASIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "k",
        AWS_SESSION_TOKEN: "tok",
        AWS_ENDPOINT_URL: sm.url,
      },
      now: () => new Date("2026-05-01T01:02:03Z"),
      timeoutMs: 1000,
    });
    expect(value).toBe("s3cret");
    const [request] = sm.received;
    expect(request).toMatchObject({ method: "POST", url: "/" });
    expect(JSON.parse(request!.body)).toEqual({ SecretId: SECRET_ARN });
    expect(request!.headers).toMatchObject({
      "x-amz-target": "secretsmanager.GetSecretValue",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-date": "20260501T010203Z",
      "x-amz-security-token": "tok",
    });
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/20260501\/ap-northeast-2\/secretsmanager\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });

  test("an error names the secret and Secrets Manager's error type", async () => {
    const sm = await serve(() => ({
      status: 400,
      body: JSON.stringify({
        __type: "com.amazonaws#ResourceNotFoundException",
        message: "Secrets Manager can't find the specified secret.",
      }),
    }));
    closers.push(sm.close);
    await expect(
      readSecretString(SECRET_ARN, {
        fetch,
        env: { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "k", AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
        now: () => new Date(),
        timeoutMs: 1000,
      }),
    ).rejects.toThrow(
      `GetSecretValue of ${SECRET_ARN} failed (ResourceNotFoundException: Secrets Manager can't find the specified secret.); check SHARED_SECRET_ARN and the role's access`,
    );
  });

  test("a secret without a SecretString (binary, or no value yet) is refused", async () => {
    const sm = await serve(() => ({ status: 200, body: JSON.stringify({ SecretBinary: "AAAA" }) }));
    closers.push(sm.close);
    await expect(
      readSecretString(SECRET_ARN, {
        fetch,
        env: { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "k", AWS_ENDPOINT_URL: sm.url },
        now: () => new Date(),
        timeoutMs: 1000,
      }),
    ).rejects.toThrow(/holds no SecretString/);
  });
});
