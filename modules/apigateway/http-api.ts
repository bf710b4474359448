import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { IGrantable } from "../iam/role";
import { LogGroup } from "../logs/log-group";
import {
  DEFAULT_CORS_MAX_AGE_SECONDS,
  DEFAULT_ROUTES,
  DEFAULT_THROTTLE_BURST_LIMIT,
  DEFAULT_THROTTLE_RATE_LIMIT,
  HttpApiCors,
  MAX_INTEGRATION_TIMEOUT_MS,
  MIN_INTEGRATION_TIMEOUT_MS,
  PUBLIC_ACCESS_TAG,
  apiNameProblem,
  httpApiCorsProblems,
  jwtIssuerProblem,
  publicReasonProblem,
  routeKeyProblem,
  throttleBurstProblem,
  throttleRateProblem,
} from "./http-api-rules";

export interface HttpApiJwt {
  /** The token's "iss": an https URL whose `/.well-known/openid-configuration` API Gateway reads. */
  readonly issuer: string;
  /** Accepted "aud" (or Cognito "client_id") values; at least one. */
  readonly audiences: readonly string[];
  /** OAuth scopes a token must carry one of, on every route. @default none: any valid token */
  readonly scopes?: readonly string[];
}

/**
 * Who may call the routes:
 * - `"iam"`: requests signed with SigV4 by a principal allowed execute-api:Invoke (`grantInvoke`);
 * - `{ jwt }`: a bearer token from the issuer (an OIDC provider, a Cognito user pool);
 * - `{ public: reason }`: anyone on the internet. The reason (10+ characters) becomes the API's
 *   `PublicAccess` tag, which the policy suite requires of every API with unauthorized routes.
 */
export type HttpApiAuthorization = "iam" | { readonly jwt: HttpApiJwt } | { readonly public: string };

/** What an HttpApi needs of its function: a NodejsFunction passes as it is. */
export interface HttpApiFunction {
  readonly functionName: string;
  readonly functionArn: string;
}

export interface HttpApiThrottle {
  /** Steady requests per second for the whole stage. @default 50 */
  readonly rateLimit?: number;
  /** Requests admitted at once above the rate. @default 100 */
  readonly burstLimit?: number;
}

export interface HttpApiProps {
  /** 1-128 letters, digits, "-" and "_"; also names the access log group `/aws/apigateway/<apiName>`. */
  readonly apiName: string;
  /** @default none */
  readonly description?: string;
  /** The function every route proxies to (payload format 2.0). */
  readonly function: HttpApiFunction;
  /**
   * Route keys, each "$default" or "<METHOD> /<path>" ("GET /orders/{id}", "ANY /{proxy+}").
   * @default ["$default"]: every request, "/" included
   */
  readonly routes?: readonly string[];
  /** @default "iam": only signed requests of principals granted execute-api:Invoke */
  readonly authorization?: HttpApiAuthorization;
  /** "$default" (served at the root of the endpoint) or 1-128 letters, digits, "-" and "_". @default "$default" */
  readonly stageName?: string;
  /** Stage-wide throttling (see http-api-rules.ts for why these defaults). @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttle?: HttpApiThrottle;
  /** Milliseconds API Gateway waits for the function, 50-30000. @default 30000 */
  readonly integrationTimeoutMs?: number;
  /** Retention of the access log group. @default 30 */
  readonly logRetentionDays?: number;
  /** CORS for browser callers. @default none: browsers on other origins cannot read responses */
  readonly cors?: HttpApiCors;
}

/** Fields of every access log line (JSON), as API Gateway's `$context` variables. */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
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
};

/** Who called, as each authorization knows it. */
const CALLER_FIELD = {
  iam: "$context.identity.userArn",
  jwt: "$context.authorizer.claims.sub",
} as const;

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const IAM_CORS_HEADERS = [
  "authorization",
  "content-type",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
];
const TOKEN_CORS_HEADERS = ["authorization", "content-type"];

/**
 * An HTTP API in front of one Lambda function: a proxy integration (payload format 2.0), the routes,
 * a permission letting this API (any of its stages and routes) and nothing else invoke the function,
 * one auto-deployed stage with JSON access logs and throttling, and IAM or JWT authorization on every
 * route unless the API is explicitly public.
 */
export class HttpApi extends Construct {
  public readonly apiId: string;
  /** `https://<apiId>.execute-api.<region>.amazonaws.com` */
  public readonly apiEndpoint: string;
  /** The stage's invoke URL: the endpoint itself for "$default", `<endpoint>/<stage>` otherwise. */
  public readonly url: string;
  /** `arn:...:execute-api:<region>:<account>:<apiId>`, for IAM policies and Lambda permissions. */
  public readonly executionArn: string;
  public readonly stageName: string;
  public readonly routeKeys: readonly string[];
  public readonly logGroupName: string;
  public readonly logGroupArn: string;
  /** The JWT authorizer, when authorization is `{ jwt }`. */
  public readonly authorizerId?: string;
  public readonly authorization: HttpApiAuthorization;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const nameProblem = apiNameProblem("apiName", props.apiName);
    if (nameProblem) fail(nameProblem);
    const routes = props.routes ?? DEFAULT_ROUTES;
    if (routes.length === 0)
      fail(`routes must hold at least one route key (leave it unset for ["$default"]), got []`);
    routes.forEach((key, i) => {
      const problem = routeKeyProblem(`routes[${i}]`, key);
      if (problem) fail(problem);
      if (routes.indexOf(key) !== i)
        fail(`routes[${i}] must be unique (routes[${routes.indexOf(key)}]), got "${key}"`);
    });
    const stageName = props.stageName ?? "$default";
    if (stageName !== "$default" && !STAGE_NAME.test(stageName)) {
      fail(
        `stageName must be "$default" or 1-128 letters, digits, "-" and "_", got ${JSON.stringify(stageName)}`,
      );
    }
    const rate = props.throttle?.rateLimit ?? DEFAULT_THROTTLE_RATE_LIMIT;
    const burst = props.throttle?.burstLimit ?? DEFAULT_THROTTLE_BURST_LIMIT;
    for (const problem of [
      throttleRateProblem("throttle.rateLimit", rate),
      throttleBurstProblem("throttle.burstLimit", burst),
    ]) {
      if (problem) fail(problem);
    }
    const timeout = props.integrationTimeoutMs ?? MAX_INTEGRATION_TIMEOUT_MS;
    if (
      !Number.isInteger(timeout) ||
      timeout < MIN_INTEGRATION_TIMEOUT_MS ||
      timeout > MAX_INTEGRATION_TIMEOUT_MS
    ) {
      fail(
        `integrationTimeoutMs must be a whole number from ${MIN_INTEGRATION_TIMEOUT_MS} to ${MAX_INTEGRATION_TIMEOUT_MS} (API Gateway's limit), got ${timeout}`,
      );
    }
    const authorization = props.authorization ?? "iam";
    this.authorization = authorization;
    const mode = authorizationMode(fail, authorization);
    if (props.cors) {
      const problems = httpApiCorsProblems(props.cors);
      if (problems.length > 0) fail(problems.join("; "));
    }

    const logGroup = new LogGroup(this, "access-logs", {
      name: `/aws/apigateway/${props.apiName}`,
      retentionDays: props.logRetentionDays ?? 30,
    });
    this.logGroupName = logGroup.logGroupName;
    this.logGroupArn = logGroup.logGroupArn;

    const cors = props.cors;
    const api = new Apigatewayv2Api(this, "api", {
      name: props.apiName,
      protocolType: "HTTP",
      description: props.description,
      ...(cors
        ? {
            corsConfiguration: {
              allowOrigins: [...cors.allowedOrigins],
              allowMethods: [...(cors.allowedMethods ?? ["*"])],
              allowHeaders: [
                ...(cors.allowedHeaders ?? (mode.kind === "iam" ? IAM_CORS_HEADERS : TOKEN_CORS_HEADERS)),
              ],
              ...(cors.exposeHeaders ? { exposeHeaders: [...cors.exposeHeaders] } : {}),
              maxAge: cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS,
              allowCredentials: cors.allowCredentials ?? false,
            },
          }
        : {}),
      ...(mode.kind === "public" ? { tags: { [PUBLIC_ACCESS_TAG]: mode.reason } } : {}),
    });
    this.apiId = api.id;
    this.apiEndpoint = api.apiEndpoint;
    this.executionArn = api.executionArn;

    let authorizerId: string | undefined;
    if (mode.kind === "jwt") {
      const authorizer = new Apigatewayv2Authorizer(this, "jwt-authorizer", {
        apiId: api.id,
        name: `${props.apiName}-jwt`,
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: mode.jwt.issuer, audience: [...mode.jwt.audiences] },
      });
      authorizerId = authorizer.id;
      this.authorizerId = authorizerId;
    }

    const integration = new Apigatewayv2Integration(this, "integration", {
      apiId: api.id,
      integrationType: "AWS_PROXY",
      integrationMethod: "POST",
      integrationUri: props.function.functionArn,
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: timeout,
    });

    const routeIds = new Set<string>();
    routes.forEach((routeKey, i) => {
      // Named after the key, so reordering routes renames no Terraform resource.
      let routeId = `route-${routeKey.replace(/[^A-Za-z0-9]+/g, "_")}`;
      if (routeIds.has(routeId)) routeId = `${routeId}-${i}`;
      routeIds.add(routeId);
      new Apigatewayv2Route(this, routeId, {
        apiId: api.id,
        routeKey,
        target: `integrations/${integration.id}`,
        authorizationType: mode.kind === "iam" ? "AWS_IAM" : mode.kind === "jwt" ? "JWT" : "NONE",
        ...(authorizerId ? { authorizerId } : {}),
        ...(mode.kind === "jwt" && mode.jwt.scopes?.length
          ? { authorizationScopes: [...mode.jwt.scopes] }
          : {}),
      });
    });
    this.routeKeys = [...routes];

    new LambdaPermission(this, "invoke-permission", {
      statementId: `allow-api-${props.apiName}`,
      action: "lambda:InvokeFunction",
      functionName: props.function.functionName,
      principal: "apigateway.amazonaws.com",
      // Any stage and route of this API; `<apiId>/<stage>/<method>/<path>` is what API Gateway sends.
      sourceArn: `${api.executionArn}/*`,
    });

    const fields = {
      ...ACCESS_LOG_FIELDS,
      ...(mode.kind === "public" ? {} : { caller: CALLER_FIELD[mode.kind] }),
    };
    const stage = new Apigatewayv2Stage(this, "stage", {
      apiId: api.id,
      name: stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: logGroup.logGroupArn, format: JSON.stringify(fields) },
      defaultRouteSettings: { throttlingRateLimit: rate, throttlingBurstLimit: burst },
    });
    this.stageName = stage.name;
    this.url = stage.invokeUrl;
  }

  /**
   * Lets `grantee` call every route of this API with SigV4-signed requests (execute-api:Invoke on
   * this API only).
   * @throws unless authorization is "iam": other callers are not IAM principals
   */
  grantInvoke(grantee: IGrantable, sid = "InvokeHttpApi"): void {
    if (this.authorization !== "iam") {
      throw new Error(
        `${this.node.path}: grantInvoke needs authorization "iam"; this API authorizes callers otherwise`,
      );
    }
    grantee.addToPolicy({
      Sid: sid,
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: `${this.executionArn}/*`,
    });
  }
}

type AuthorizationMode =
  | { readonly kind: "iam" }
  | { readonly kind: "jwt"; readonly jwt: HttpApiJwt }
  | { readonly kind: "public"; readonly reason: string };

function authorizationMode(
  fail: (message: string) => never,
  authorization: HttpApiAuthorization,
): AuthorizationMode {
  if (authorization === "iam") return { kind: "iam" };
  if (typeof authorization === "object" && authorization !== null && "jwt" in authorization) {
    const { jwt } = authorization;
    if (!Token.isUnresolved(jwt.issuer)) {
      const problem = jwtIssuerProblem("authorization.jwt.issuer", jwt.issuer);
      if (problem) fail(problem);
    }
    if (!Array.isArray(jwt.audiences) || jwt.audiences.length === 0) {
      fail(
        `authorization.jwt.audiences must name at least one audience (the token's "aud" or client id), got ${JSON.stringify(jwt.audiences)}`,
      );
    }
    jwt.audiences.forEach((audience, i) => {
      if (typeof audience !== "string" || audience.trim() === "") {
        fail(`authorization.jwt.audiences[${i}] must be a non-empty string, got ${JSON.stringify(audience)}`);
      }
    });
    (jwt.scopes ?? []).forEach((scope, i) => {
      if (typeof scope !== "string" || !/^\S+$/.test(scope)) {
        fail(`authorization.jwt.scopes[${i}] must be a scope without spaces, got ${JSON.stringify(scope)}`);
      }
    });
    return { kind: "jwt", jwt };
  }
  if (typeof authorization === "object" && authorization !== null && "public" in authorization) {
    const problem = publicReasonProblem("authorization.public", authorization.public);
    if (problem) fail(problem);
    return { kind: "public", reason: authorization.public };
  }
  return fail(
    `authorization must be "iam", { jwt: { issuer, audiences } } or { public: "<reason>" }, got ${JSON.stringify(authorization)}`,
  );
}
