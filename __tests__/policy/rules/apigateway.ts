import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * API Gateway stages and routes, stated from API Gateway's behaviour: a stage without access logs
 * leaves no record of who called what; a stage without throttling has only the account's regional
 * quota (10000 requests per second, shared by every API of the account) between a runaway client and
 * the function's bill; a route with authorization NONE answers anyone on the internet. An API that
 * is public on purpose says why in its `PublicAccess` tag (HttpApi's `authorization: { public }`).
 */

const PUBLIC_ACCESS_TAG = "PublicAccess";

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function positive(value: unknown): boolean {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0;
}

const STAGE_TYPES = ["aws_apigatewayv2_stage", "aws_api_gateway_stage"];

const stageAccessLogs: PolicyRule = {
  name: "apigateway-stage-access-logging",
  check: (stack) =>
    STAGE_TYPES.flatMap((type) => stack.resources(type)).flatMap((stage): Violation[] => {
      const settings = singleBlock(stage.config.access_log_settings);
      if (!settings) {
        return [
          {
            address: stage.address,
            why: "no access_log_settings: requests leave no record of caller, route, status or latency; log to a CloudWatch log group (HttpApi does)",
          },
        ];
      }
      const missing = ["destination_arn", "format"].filter((key) => isBlank(settings[key]));
      return missing.length === 0
        ? []
        : [
            {
              address: stage.address,
              why: `access_log_settings has no ${missing.join(" and ")}: nothing is logged`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "an HTTP API stage and a REST stage without access logs, one with an empty format",
        json: stackJson({
          aws_apigatewayv2_stage: {
            bare: { api_id: "a", name: "$default", auto_deploy: true },
            empty: {
              api_id: "a",
              name: "v1",
              access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.l.arn}", format: "" },
            },
          },
          aws_api_gateway_stage: { rest: { rest_api_id: "r", stage_name: "prod", deployment_id: "d" } },
        }),
        flags: ["aws_apigatewayv2_stage.bare", "aws_apigatewayv2_stage.empty", "aws_api_gateway_stage.rest"],
      },
    ],
    passing: [
      {
        description: "both kinds of stage logging JSON to a log group",
        json: stackJson({
          aws_apigatewayv2_stage: {
            s: {
              api_id: "a",
              name: "$default",
              access_log_settings: [
                {
                  destination_arn: "${aws_cloudwatch_log_group.l.arn}",
                  format: '{"requestId":"$context.requestId"}',
                },
              ],
            },
          },
          aws_api_gateway_stage: {
            rest: {
              rest_api_id: "r",
              stage_name: "prod",
              access_log_settings: {
                destination_arn: "arn:aws:logs:ap-northeast-2:1:log-group:g",
                format: "$context.requestId",
              },
            },
          },
        }),
      },
    ],
  },
};

const stageThrottled: PolicyRule = {
  name: "apigateway-stage-throttled",
  check: (stack) =>
    stack.resources("aws_apigatewayv2_stage").flatMap((stage): Violation[] => {
      const settings = singleBlock(stage.config.default_route_settings);
      const missing = ["throttling_rate_limit", "throttling_burst_limit"].filter(
        (key) => !positive(settings?.[key]),
      );
      return missing.length === 0
        ? []
        : [
            {
              address: stage.address,
              why: `default_route_settings has no positive ${missing.join(" and ")}: only the account-wide quota limits the stage; set both (HttpApi's throttle)`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "no route settings, a rate without a burst, and a zero burst",
        json: stackJson({
          aws_apigatewayv2_stage: {
            none: { api_id: "a", name: "$default" },
            rate: { api_id: "a", name: "v1", default_route_settings: { throttling_rate_limit: 50 } },
            zero: {
              api_id: "a",
              name: "v2",
              default_route_settings: [{ throttling_rate_limit: 50, throttling_burst_limit: 0 }],
            },
          },
        }),
        flags: ["aws_apigatewayv2_stage.none", "aws_apigatewayv2_stage.rate", "aws_apigatewayv2_stage.zero"],
      },
    ],
    passing: [
      {
        description: "rate and burst set, as numbers and as strings",
        json: stackJson({
          aws_apigatewayv2_stage: {
            n: {
              api_id: "a",
              name: "$default",
              default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
            },
            s: {
              api_id: "a",
              name: "v1",
              default_route_settings: [{ throttling_rate_limit: "10.5", throttling_burst_limit: "20" }],
            },
          },
        }),
      },
    ],
  },
};

/** The aws_apigatewayv2_api a route's api_id refers to, when it is in the stack. */
function apiOf(stack: PolicyStack, route: StackResource): StackResource | undefined {
  return stack.referencedBy(route.config.api_id).find((r) => r.type === "aws_apigatewayv2_api");
}

const routeAuthorized: PolicyRule = {
  name: "apigateway-route-authorized",
  check: (stack) =>
    stack.resources("aws_apigatewayv2_route").flatMap((route): Violation[] => {
      const type = route.config.authorization_type;
      if (typeof type === "string" && type !== "" && type !== "NONE") return [];
      const api = apiOf(stack, route);
      // WebSocket APIs authorize on $connect only; their other routes run on the connection.
      if (api?.config.protocol_type === "WEBSOCKET" && route.config.route_key !== "$connect") return [];
      const reason = (api?.config.tags as Record<string, unknown> | undefined)?.[PUBLIC_ACCESS_TAG];
      if (typeof reason === "string" && reason.trim().length >= 10) return [];
      const where = api
        ? `and ${api.address} has no ${PUBLIC_ACCESS_TAG} tag saying why it is public`
        : "and its api_id names no aws_apigatewayv2_api of this stack, which could say why it is public";
      return [
        {
          address: route.address,
          why: `authorization_type is ${type === undefined ? "unset (NONE)" : JSON.stringify(type)}: anyone on the internet may call route ${JSON.stringify(route.config.route_key)}, ${where}; use AWS_IAM or JWT (HttpApi's default is IAM)`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description:
          "routes without authorization, NONE, and a short PublicAccess reason; a WebSocket $connect",
        json: stackJson({
          aws_apigatewayv2_api: {
            http: { name: "h", protocol_type: "HTTP" },
            short: { name: "s", protocol_type: "HTTP", tags: { PublicAccess: "because" } },
            ws: { name: "w", protocol_type: "WEBSOCKET" },
          },
          aws_apigatewayv2_route: {
            unset: { api_id: "${aws_apigatewayv2_api.http.id}", route_key: "$default" },
            none: {
              api_id: "${aws_apigatewayv2_api.http.id}",
              route_key: "GET /x",
              authorization_type: "NONE",
            },
            short: {
              api_id: "${aws_apigatewayv2_api.short.id}",
              route_key: "$default",
              authorization_type: "NONE",
            },
            elsewhere: { api_id: "abc123", route_key: "$default" },
            connect: { api_id: "${aws_apigatewayv2_api.ws.id}", route_key: "$connect" },
          },
        }),
        flags: [
          "aws_apigatewayv2_route.unset",
          "aws_apigatewayv2_route.none",
          "aws_apigatewayv2_route.short",
          "aws_apigatewayv2_route.elsewhere",
          "aws_apigatewayv2_route.connect",
        ],
      },
    ],
    passing: [
      {
        description: "IAM and JWT routes, a public API that says why, and a WebSocket message route",
        json: stackJson({
          aws_apigatewayv2_api: {
            http: { name: "h", protocol_type: "HTTP" },
            open: {
              name: "o",
              protocol_type: "HTTP",
              tags: { PublicAccess: "public status page for customers" },
            },
            ws: { name: "w", protocol_type: "WEBSOCKET" },
          },
          aws_apigatewayv2_route: {
            iam: {
              api_id: "${aws_apigatewayv2_api.http.id}",
              route_key: "$default",
              authorization_type: "AWS_IAM",
            },
            jwt: {
              api_id: "${aws_apigatewayv2_api.http.id}",
              route_key: "GET /me",
              authorization_type: "JWT",
              authorizer_id: "${aws_apigatewayv2_authorizer.a.id}",
            },
            open: {
              api_id: "${aws_apigatewayv2_api.open.id}",
              route_key: "GET /status",
              authorization_type: "NONE",
            },
            message: { api_id: "${aws_apigatewayv2_api.ws.id}", route_key: "sendMessage" },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [stageAccessLogs, stageThrottled, routeAuthorized];
