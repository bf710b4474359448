import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { HttpApi, HttpApiProps } from "../../../modules/apigateway/http-api";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

/** HttpApi on its own: the API, integration, routes, permission, stage, logs, authorization, validation. */

const FUNCTION = {
  functionName: "aipx-dev-cognitive",
  functionArn: "arn:aws:lambda:ap-northeast-2:111111111111:function:aipx-dev-cognitive",
};
const BASE: HttpApiProps = { apiName: "aipx-dev-cognitive", function: FUNCTION };
const JWT = {
  issuer: "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_abc123",
  audiences: ["client-1", "client-2"],
};

function build(
  overrides: Partial<HttpApiProps> = {},
  extra?: (scope: Construct, api: HttpApi) => void,
): SynthesizedJson {
  return synthScope((scope) => {
    const api = new HttpApi(scope, "api", { ...BASE, ...overrides });
    extra?.(scope, api);
  });
}

function buildError(overrides: Partial<HttpApiProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

const nameOf = (synth: SynthesizedJson, type: string) => Object.keys(synth.resources(type))[0]!;
const apiRef = (synth: SynthesizedJson, attribute = "id") =>
  ref("aws_apigatewayv2_api", nameOf(synth, "aws_apigatewayv2_api"), attribute);
const routes = (synth: SynthesizedJson) =>
  Object.values(synth.resources("aws_apigatewayv2_route")).sort((a, b) =>
    String(a.route_key).localeCompare(String(b.route_key)),
  );
const accessLogFormat = (synth: SynthesizedJson) =>
  JSON.parse(
    (synth.only("aws_apigatewayv2_stage").access_log_settings as { format: string }).format,
  ) as Record<string, string>;

describe("HttpApi defaults", () => {
  const synth = build();
  const integration = nameOf(synth, "aws_apigatewayv2_integration");

  it("is an HTTP API with no CORS and no PublicAccess tag", () => {
    expect(synth.only("aws_apigatewayv2_api")).toEqual({ name: "aipx-dev-cognitive", protocol_type: "HTTP" });
  });

  it("proxies to the function with payload format 2.0 and API Gateway's 30 s", () => {
    expect(synth.only("aws_apigatewayv2_integration")).toEqual({
      api_id: apiRef(synth),
      integration_type: "AWS_PROXY",
      integration_method: "POST",
      integration_uri: FUNCTION.functionArn,
      payload_format_version: "2.0",
      timeout_milliseconds: 30000,
    });
  });

  it("routes everything ($default) to it, signed with SigV4 (AWS_IAM), no authorizer", () => {
    expect(routes(synth)).toEqual([
      {
        api_id: apiRef(synth),
        route_key: "$default",
        target: `integrations/${ref("aws_apigatewayv2_integration", integration)}`,
        authorization_type: "AWS_IAM",
      },
    ]);
    expect(synth.count("aws_apigatewayv2_authorizer")).toBe(0);
  });

  it("lets this API, and nothing else, invoke the function", () => {
    expect(synth.only("aws_lambda_permission")).toEqual({
      statement_id: "allow-api-aipx-dev-cognitive",
      action: "lambda:InvokeFunction",
      function_name: FUNCTION.functionName,
      principal: "apigateway.amazonaws.com",
      source_arn: `${apiRef(synth, "execution_arn")}/*`,
    });
  });

  it("auto-deploys a $default stage throttled to 50 requests per second, burst 100", () => {
    const group = nameOf(synth, "aws_cloudwatch_log_group");
    expect(synth.only("aws_apigatewayv2_stage")).toMatchObject({
      api_id: apiRef(synth),
      name: "$default",
      auto_deploy: true,
      default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
      access_log_settings: { destination_arn: ref("aws_cloudwatch_log_group", group, "arn") },
    });
  });

  it("logs every request as one JSON line to /aws/apigateway/<apiName>, kept 30 days", () => {
    expect(synth.only("aws_cloudwatch_log_group")).toEqual({
      name: "/aws/apigateway/aipx-dev-cognitive",
      retention_in_days: 30,
    });
    expect(accessLogFormat(synth)).toEqual({
      requestId: "$context.requestId",
      ip: "$context.identity.sourceIp",
      requestTime: "$context.requestTime",
      httpMethod: "$context.httpMethod",
      routeKey: "$context.routeKey",
      path: "$context.path",
      protocol: "$context.protocol",
      status: "$context.status",
      responseLength: "$context.responseLength",
      latencyMs: "$context.responseLatency",
      integrationLatencyMs: "$context.integrationLatency",
      integrationStatus: "$context.integrationStatus",
      integrationError: "$context.integrationErrorMessage",
      error: "$context.error.message",
      authorizerError: "$context.authorizer.error",
      userAgent: "$context.identity.userAgent",
      caller: "$context.identity.userArn",
    });
  });

  it("exposes the API's id, endpoint, stage URL, execution ARN and log group", () => {
    let api: HttpApi | undefined;
    const outputs = build({}, (scope, a) => {
      api = a;
      const attributes = {
        apiId: a.apiId,
        apiEndpoint: a.apiEndpoint,
        url: a.url,
        executionArn: a.executionArn,
        stageName: a.stageName,
        logGroupName: a.logGroupName,
      };
      for (const [name, value] of Object.entries(attributes)) new TerraformOutput(scope, name, { value });
    });
    const stage = nameOf(outputs, "aws_apigatewayv2_stage");
    const group = nameOf(outputs, "aws_cloudwatch_log_group");
    expect(
      Object.fromEntries(
        ["apiId", "apiEndpoint", "url", "executionArn", "stageName", "logGroupName"].map((n) => [
          n,
          outputs.output(n)?.value,
        ]),
      ),
    ).toEqual({
      apiId: apiRef(outputs),
      apiEndpoint: apiRef(outputs, "api_endpoint"),
      url: ref("aws_apigatewayv2_stage", stage, "invoke_url"),
      executionArn: apiRef(outputs, "execution_arn"),
      stageName: ref("aws_apigatewayv2_stage", stage, "name"),
      logGroupName: ref("aws_cloudwatch_log_group", group, "name"),
    });
    expect(api!.routeKeys).toEqual(["$default"]);
    expect(api!.authorization).toBe("iam");
    expect(api!.authorizerId).toBeUndefined();
  });
});

describe("HttpApi authorization", () => {
  it("with a JWT authorizer checks the issuer's tokens for the audiences on every route", () => {
    const synth = build({
      authorization: { jwt: { ...JWT, scopes: ["aipx/read"] } },
      routes: ["GET /health", "ANY /v1/{proxy+}"],
    });
    const authorizer = nameOf(synth, "aws_apigatewayv2_authorizer");
    expect(synth.only("aws_apigatewayv2_authorizer")).toEqual({
      api_id: apiRef(synth),
      name: "aipx-dev-cognitive-jwt",
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer: JWT.issuer, audience: ["client-1", "client-2"] },
    });
    expect(
      routes(synth).map((r) => [r.route_key, r.authorization_type, r.authorizer_id, r.authorization_scopes]),
    ).toEqual([
      ["ANY /v1/{proxy+}", "JWT", ref("aws_apigatewayv2_authorizer", authorizer), ["aipx/read"]],
      ["GET /health", "JWT", ref("aws_apigatewayv2_authorizer", authorizer), ["aipx/read"]],
    ]);
    expect(accessLogFormat(synth).caller).toBe("$context.authorizer.claims.sub");
  });

  it("with { public } leaves routes open and says why in the PublicAccess tag", () => {
    const synth = build({ authorization: { public: "status page read by customers" } });
    expect(synth.only("aws_apigatewayv2_api").tags).toEqual({
      PublicAccess: "status page read by customers",
    });
    expect(routes(synth).map((r) => r.authorization_type)).toEqual(["NONE"]);
    expect(accessLogFormat(synth).caller).toBeUndefined();
  });

  it("grants execute-api:Invoke on this API only, and only for IAM authorization", () => {
    const synth = build({}, (scope, api) =>
      api.grantInvoke(new Role(scope, "caller", { roleName: "caller", assumedBy: ServicePrincipals.lambda })),
    );
    expect(JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement).toEqual([
      {
        Sid: "InvokeHttpApi",
        Effect: "Allow",
        Action: "execute-api:Invoke",
        Resource: `${apiRef(synth, "execution_arn")}/*`,
      },
    ]);
    expect(() =>
      build({ authorization: { jwt: JWT } }, (scope, api) =>
        api.grantInvoke(
          new Role(scope, "caller", { roleName: "caller", assumedBy: ServicePrincipals.lambda }),
        ),
      ),
    ).toThrow(/^stack\/api: grantInvoke needs authorization "iam"/);
  });
});

describe("HttpApi options", () => {
  it("serves a named stage with its own throttling, timeout and log retention", () => {
    const synth = build({
      stageName: "v1",
      throttle: { rateLimit: 12.5, burstLimit: 25 },
      integrationTimeoutMs: 10_000,
      logRetentionDays: 90,
      description: "Cognitive service",
    });
    expect(synth.only("aws_apigatewayv2_stage")).toMatchObject({
      name: "v1",
      default_route_settings: { throttling_rate_limit: 12.5, throttling_burst_limit: 25 },
    });
    expect(synth.only("aws_apigatewayv2_integration").timeout_milliseconds).toBe(10_000);
    expect(synth.only("aws_cloudwatch_log_group").retention_in_days).toBe(90);
    expect(synth.only("aws_apigatewayv2_api").description).toBe("Cognitive service");
  });

  it("answers CORS preflights for the origins given, with the headers SigV4 needs", () => {
    const synth = build({ cors: { allowedOrigins: ["https://app.example.com", "http://localhost:5173"] } });
    expect(synth.only("aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://app.example.com", "http://localhost:5173"],
      allow_methods: ["*"],
      allow_headers: [
        "authorization",
        "content-type",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
      ],
      max_age: 300,
      allow_credentials: false,
    });
    const jwt = build({
      authorization: { jwt: JWT },
      cors: {
        allowedOrigins: ["https://app.example.com"],
        allowedMethods: ["GET"],
        exposeHeaders: ["x-request-id"],
        maxAgeSeconds: 600,
        allowCredentials: true,
      },
    });
    expect(jwt.only("aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://app.example.com"],
      allow_methods: ["GET"],
      allow_headers: ["authorization", "content-type"],
      expose_headers: ["x-request-id"],
      max_age: 600,
      allow_credentials: true,
    });
  });

  it("names each route's resource after its key, so reordering routes replaces nothing", () => {
    const first = build({ routes: ["GET /a", "POST /b"] });
    const second = build({ routes: ["POST /b", "GET /a"] });
    expect(Object.keys(first.resources("aws_apigatewayv2_route")).sort()).toEqual(
      Object.keys(second.resources("aws_apigatewayv2_route")).sort(),
    );
  });

  it.each([
    [{ apiName: "aipx dev" }, /apiName must be 1-128 letters, digits, "-" or "_", got "aipx dev"/],
    [{ routes: [] }, /routes must hold at least one route key/],
    [{ routes: ["GET orders"] }, /routes\[0\] must be "\$default" or "<ANY\|GET\|.*> \/<path>"/],
    [{ routes: ["FETCH /orders"] }, /routes\[0\] must be "\$default" or/],
    [
      { routes: ["GET /{proxy+}/x"] },
      /routes\[0\] must be a route whose greedy "\{param\+\}" is its last segment/,
    ],
    [{ routes: ["GET /a//b"] }, /routes\[0\] must be a path of "\/"-separated segments/],
    [{ routes: ["GET /a", "GET /a"] }, /routes\[1\] must be unique \(routes\[0\]\), got "GET \/a"/],
    [{ stageName: "prod stage" }, /stageName must be "\$default" or 1-128 letters/],
    [
      { throttle: { rateLimit: 0 } },
      /throttle.rateLimit must be a number of requests per second above 0 and at most 10000/,
    ],
    [{ throttle: { rateLimit: 20_000 } }, /throttle.rateLimit must be .* at most 10000 .*got 20000/],
    [
      { throttle: { burstLimit: 1.5 } },
      /throttle.burstLimit must be a whole number of requests from 1 to 5000 .*got 1.5/,
    ],
    [
      { throttle: { burstLimit: 5001 } },
      /throttle.burstLimit must be a whole number of requests from 1 to 5000/,
    ],
    [{ integrationTimeoutMs: 30_001 }, /integrationTimeoutMs must be a whole number from 50 to 30000/],
    [{ logRetentionDays: 45 }, /retentionDays must be one of/],
    [
      { authorization: { jwt: { ...JWT, issuer: "http://issuer.example.com" } } },
      /authorization.jwt.issuer must be an https URL/,
    ],
    [
      { authorization: { jwt: { ...JWT, issuer: "https://issuer.example.com/" } } },
      /authorization.jwt.issuer must be an https URL without a trailing "\/"/,
    ],
    [
      { authorization: { jwt: { ...JWT, audiences: [] } } },
      /authorization.jwt.audiences must name at least one audience/,
    ],
    [
      { authorization: { jwt: { ...JWT, audiences: [" "] } } },
      /authorization.jwt.audiences\[0\] must be a non-empty string/,
    ],
    [
      { authorization: { jwt: { ...JWT, scopes: ["read all"] } } },
      /authorization.jwt.scopes\[0\] must be a scope without spaces/,
    ],
    [
      { authorization: { public: "yes" } },
      /authorization.public must be the reason the API is public, 10-256 .*got "yes"/,
    ],
    [{ authorization: { public: "open, for now!" } }, /authorization.public must be the reason/],
    [
      { authorization: "none" as unknown as "iam" },
      /authorization must be "iam", \{ jwt: \{ issuer, audiences \} \} or \{ public: "<reason>" \}, got "none"/,
    ],
    [{ cors: { allowedOrigins: [] } }, /cors.allowedOrigins must be at least one origin, got none/],
    [
      { cors: { allowedOrigins: ["https://app.example.com/"] } },
      /cors.allowedOrigins\[0\] must be an origin without a path or trailing "\/"/,
    ],
    [
      { cors: { allowedOrigins: ["*"], allowCredentials: true } },
      /cors.allowCredentials must be false with allowedOrigins "\*"/,
    ],
    [
      { cors: { allowedOrigins: ["*"], allowedMethods: ["FETCH"] } },
      /cors.allowedMethods\[0\] must be "\*" or an HTTP method/,
    ],
    [
      { cors: { allowedOrigins: ["*"], maxAgeSeconds: 86_401 } },
      /cors.maxAgeSeconds must be a whole number of seconds from 0 to 86400/,
    ],
  ] as [Partial<HttpApiProps>, RegExp][])("refuses %j", (overrides, message) => {
    expect(buildError(overrides)).toMatch(new RegExp(`^stack/api(/[\\w-]+)?: .*${message.source}`));
  });
});
