import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { LAMBDA_ENTRIES } from "../../lambdas/entries";
import { HttpApi } from "../../modules/apigateway/http-api";
import { MonthlyBudget } from "../../modules/budgets/monthly-budget";
import { MskEventSource, SnsEventSource, SqsEventSource } from "../../modules/lambda/event-sources";
import { NodejsFunction } from "../../modules/lambda/nodejs-function";
import { AlarmTopic } from "../../modules/monitoring/alarm-topic";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The API Gateway, Budgets and event source rules on what cdktf really emits: bare provider resources
 * written the careless way break them; HttpApi, MonthlyBudget and the event sources break no rule at
 * all. The hand-written fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const CLUSTER_ARN =
  "arn:aws:kafka:ap-northeast-2:111111111111:cluster/aipx-dev/0b3f1c2e-aaaa-bbbb-cccc-444455556666-1";

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

const fn = (scope: Construct, id: string, vpc = false) =>
  new NodejsFunction(scope, id, {
    functionName: `aipx-dev-${id}`,
    entry: LAMBDA_ENTRIES.ecsScaler,
    ...(vpc ? { vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } } : {}),
  });

test("the API Gateway, Budgets and event source rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "apigateway-stage-access-logging",
      "apigateway-stage-throttled",
      "apigateway-route-authorized",
      "budgets-notification-with-subscriber",
      "lambda-event-source-batch-bounded",
    ]),
  );
});

describe("bare resources", () => {
  test("an HTTP API with an open route and a bare stage breaks every API Gateway rule", () => {
    const build = (scope: Construct) => {
      const api = new Apigatewayv2Api(scope, "api", { name: "bare", protocolType: "HTTP" });
      const integration = new Apigatewayv2Integration(scope, "integration", {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationUri: "arn:aws:lambda:ap-northeast-2:111111111111:function:f",
        payloadFormatVersion: "2.0",
      });
      new Apigatewayv2Route(scope, "route", {
        apiId: api.id,
        routeKey: "$default",
        target: `integrations/${integration.id}`,
      });
      new Apigatewayv2Stage(scope, "stage", { apiId: api.id, name: "$default", autoDeploy: true });
    };
    expect(rulesBroken(build)).toEqual([
      "apigateway-route-authorized",
      "apigateway-stage-access-logging",
      "apigateway-stage-throttled",
    ]);
    const lines = findings(build);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /aws_apigatewayv2_route\.route .* anyone on the internet .*use AWS_IAM or JWT \(HttpApi's default is IAM\)/,
        ),
        expect.stringMatching(
          /aws_apigatewayv2_stage\.stage \/ apigateway-stage-access-logging \/ no access_log_settings/,
        ),
      ]),
    );
  });

  test("a budget that tells no one, and a queue mapping with Lambda's default batch, are flagged", () => {
    expect(
      rulesBroken((scope) => {
        new BudgetsBudget(scope, "budget", {
          name: "silent",
          budgetType: "COST",
          timeUnit: "MONTHLY",
          limitAmount: "100",
          limitUnit: "USD",
        });
        const queue = new SqsQueue(scope, "queue", { name: "work", sqsManagedSseEnabled: true });
        new LambdaEventSourceMapping(scope, "mapping", { functionName: "f", eventSourceArn: queue.arn });
      }),
    ).toEqual(["budgets-notification-with-subscriber", "lambda-event-source-batch-bounded"]);
  });
});

describe("the modules", () => {
  test("HttpApi with IAM, JWT or a stated public reason breaks no rule", () => {
    expect(
      findings((scope) => {
        const handler = fn(scope, "cognitive");
        new HttpApi(scope, "iam", { apiName: "iam", function: handler });
        new HttpApi(scope, "jwt", {
          apiName: "jwt",
          function: handler,
          routes: ["GET /health", "ANY /v1/{proxy+}"],
          authorization: { jwt: { issuer: "https://issuer.example.com", audiences: ["aipx"] } },
          cors: { allowedOrigins: ["https://app.example.com"] },
        });
        new HttpApi(scope, "open", {
          apiName: "open",
          function: handler,
          authorization: { public: "status page read by customers" },
        });
      }),
    ).toEqual([]);
  });

  test("MonthlyBudget breaks no rule", () => {
    expect(
      findings((scope) => {
        const topic = new AlarmTopic(scope, "alerts", {
          topicName: "budget",
          emailAddresses: ["oncall@example.com"],
        });
        new MonthlyBudget(scope, "budget", {
          budgetName: "aipx-dev-monthly",
          amountUsd: 100,
          costFilterTag: { key: "System", value: "aipx" },
          emailAddresses: ["finance@example.com"],
          snsTopicArn: topic.topicArn,
        });
      }),
    ).toEqual([]);
  });

  test("MSK (written and referenced cluster), SQS and SNS event sources break no rule", () => {
    expect(
      findings((scope) => {
        const recorder = fn(scope, "recorder", true);
        new MskEventSource(scope, "trades", {
          function: recorder,
          cluster: { clusterArn: CLUSTER_ARN, clusterName: "aipx-dev" },
          topic: "market.trades",
          startingPosition: "LATEST",
        });
        new MskEventSource(scope, "orders", {
          function: recorder,
          cluster: {
            clusterArn: new TerraformLocal(scope, "cluster_arn", CLUSTER_ARN).asString,
            clusterName: "aipx-dev",
            clusterUuid: new TerraformLocal(scope, "cluster_uuid", "0b3f1c2e-aaaa-bbbb-cccc-444455556666-1")
              .asString,
          },
          topic: "orders",
          startingPosition: "TRIM_HORIZON",
        });
        const notification = fn(scope, "notification");
        const queue = new SqsQueue(scope, "queue", { name: "work", sqsManagedSseEnabled: true });
        new SqsEventSource(scope, "work", {
          function: notification,
          queueArn: queue.arn,
          batchSize: 100,
          maxBatchingWindowSeconds: 2,
        });
        const topic = new AlarmTopic(scope, "events", {
          topicName: "events",
          emailAddresses: ["oncall@example.com"],
        });
        new SnsEventSource(scope, "events-source", { function: notification, topicArn: topic.topicArn });
      }),
    ).toEqual([]);
  });
});
