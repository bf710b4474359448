import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { Construct } from "constructs";
import { AutoscaledService } from "../../modules/ecs/autoscaled-service";
import { EcsCluster } from "../../modules/ecs/ecs-cluster";
import { SingletonService } from "../../modules/ecs/singleton-service";
import { ServiceConnectNamespace } from "../../modules/servicediscovery/service-connect-namespace";
import { synthScope } from "../harness/synth-scope";
import { BASE_SERVICE } from "../modules/ecs/ecs-fixtures";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The Service Connect rules on what cdktf really emits: a bare aws_ecs_service with Service Connect
 * on and no proxy logs or no namespace breaks them; the ECS modules, publishing and consuming, break
 * no rule at all. The hand-written fixtures live in the rules' `examples` (rules.test.ts runs them).
 */
const rules = loadRules();
const RULES = ["ecs-service-connect-proxy-logging", "ecs-service-connect-names-namespace"];
const NAMESPACE = "arn:aws:servicediscovery:ap-northeast-2:123456789012:namespace/ns-abc123";

function findings(build: (scope: Construct) => void): string[] {
  return evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map(formatFinding);
}

function bareService(
  scope: Construct,
  serviceConnect: ConstructorParameters<typeof EcsService>[2]["serviceConnectConfiguration"],
): void {
  new EcsService(scope, "service", {
    name: "bare",
    cluster: "c",
    taskDefinition: "t",
    desiredCount: 1,
    launchType: "FARGATE",
    networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: false },
    serviceConnectConfiguration: serviceConnect,
  });
}

const awslogs = {
  logDriver: "awslogs",
  options: {
    "awslogs-group": "/aws/ecs/bare",
    "awslogs-region": "ap-northeast-2",
    "awslogs-stream-prefix": "service-connect",
  },
};

test("the Service Connect rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(RULES));
});

test("Service Connect on without proxy logs is flagged, and only by the logging rule", () => {
  expect(findings((s) => bareService(s, { enabled: true, namespace: NAMESPACE }))).toEqual([
    expect.stringMatching(
      /^scope \/ aws_ecs_service\.service \/ ecs-service-connect-proxy-logging \/ service_connect_configuration has no log_configuration/,
    ),
  ]);
});

test("Service Connect on without a namespace is flagged, naming the cluster default it falls back to", () => {
  expect(findings((s) => bareService(s, { enabled: true, logConfiguration: awslogs }))).toEqual([
    expect.stringMatching(
      /^scope \/ aws_ecs_service\.service \/ ecs-service-connect-names-namespace \/ .*cluster's default \(service_connect_defaults\)/,
    ),
  ]);
});

test("a careless bare service breaks both; a careful one and a disabled one break neither", () => {
  const broken = (build: (scope: Construct) => void) =>
    [
      ...new Set(evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map((f) => f.rule)),
    ].sort();
  expect(broken((s) => bareService(s, { enabled: true }))).toEqual([...RULES].sort());
  expect(
    broken((s) => bareService(s, { enabled: true, namespace: NAMESPACE, logConfiguration: awslogs })),
  ).toEqual([]);
  expect(broken((s) => bareService(s, { enabled: false }))).toEqual([]);
});

test("the ECS modules break no rule: a cluster with a default namespace, a gRPC publisher and its callers", () => {
  expect(
    findings((s) => {
      const namespace = new ServiceConnectNamespace(s, "namespace", { name: "aipx.dev.internal" });
      const cluster = new EcsCluster(s, "cluster", {
        clusterName: "aipx-dev",
        defaultServiceConnectNamespace: namespace,
      });
      const oms = new AutoscaledService(s, "oms", {
        ...BASE_SERVICE,
        serviceName: "oms",
        logGroupName: "/aws/ecs/oms",
        container: { ...BASE_SERVICE.container, name: "oms", port: 50051 },
        cluster,
        serviceConnect: { namespace, publish: { portName: "oms", appProtocol: "grpc" } },
      });
      new SingletonService(s, "ingestion", {
        ...BASE_SERVICE,
        serviceName: "data-ingestion",
        logGroupName: "/aws/ecs/data-ingestion",
        cluster,
        serviceConnect: { namespace, connectsTo: [oms] },
      });
    }),
  ).toEqual([]);
});
