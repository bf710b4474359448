import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { Alb } from "../../modules/alb/alb";
import { AutoscaledService } from "../../modules/ecs/autoscaled-service";
import { EcsCluster } from "../../modules/ecs/ecs-cluster";
import { SingletonService } from "../../modules/ecs/singleton-service";
import { assumeRolePolicy, policyDocument } from "../../modules/iam/policy-document";
import { synthApp } from "../harness/synth-app";
import { synthScope } from "../harness/synth-scope";
import { BASE_SERVICE } from "../modules/ecs/ecs-fixtures";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The ECS rules on what cdktf really emits: bare provider resources written the careless way break
 * them; the ECS modules and the FileFlow stacks break no rule at all. The hand-written fixtures live
 * in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const ECS_RULES = [
  "ecs-task-no-privileged-container",
  "ecs-task-container-logging",
  "ecs-service-no-public-ip",
  "iam-no-full-wildcard-action",
];
/** The rules that together forbid Allow of `*` and `ecs:*` (see rules/ecs.ts). */
const WILDCARD_RULES = [
  "iam-no-admin-statement",
  "iam-no-wildcard-action-on-all-resources",
  "iam-no-full-wildcard-action",
];

function findings(build: (scope: Construct) => void): string[] {
  return evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  return [
    ...new Set(evaluate([new PolicyStack("scope", synthScope(build).json)], rules).map((f) => f.rule)),
  ].sort();
}

const awslogs = {
  logDriver: "awslogs",
  options: {
    "awslogs-group": "/aws/ecs/app",
    "awslogs-region": "ap-northeast-2",
    "awslogs-stream-prefix": "app",
  },
};

function taskDefinition(scope: Construct, containers: unknown[] | string): EcsTaskDefinition {
  return new EcsTaskDefinition(scope, "task", {
    family: "bare",
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: typeof containers === "string" ? containers : JSON.stringify(containers),
  });
}

test("the ECS rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(ECS_RULES));
});

describe("task definition rules", () => {
  test("a privileged container is flagged, naming the container", () => {
    const lines = findings((s) =>
      taskDefinition(s, [
        { name: "app", image: "app:1", logConfiguration: awslogs },
        { name: "dind", image: "docker:dind", privileged: true, logConfiguration: awslogs },
      ]),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_ecs_task_definition\.task \/ ecs-task-no-privileged-container \/ container "dind" is privileged/,
      ),
    ]);
  });

  test("a container without logConfiguration is flagged, naming the container", () => {
    const lines = findings((s) =>
      taskDefinition(s, [
        { name: "app", image: "app:1", logConfiguration: awslogs },
        { name: "sidecar", image: "envoy" },
      ]),
    );
    expect(lines).toEqual([
      expect.stringMatching(/ \/ ecs-task-container-logging \/ container "sidecar" has no logConfiguration/),
    ]);
  });

  test("one careless container breaks both rules", () => {
    expect(
      rulesBroken((s) => taskDefinition(s, [{ name: "app", image: "app:1", privileged: true }])),
    ).toEqual(["ecs-task-container-logging", "ecs-task-no-privileged-container"]);
  });

  test("container definitions the rules cannot read (jsonencode) are flagged by both, not passed", () => {
    expect(
      rulesBroken((s) =>
        taskDefinition(s, Fn.jsonencode([{ name: "app", image: "app:1", privileged: true }])),
      ),
    ).toEqual(["ecs-task-container-logging", "ecs-task-no-privileged-container"]);
  });

  test("a careful bare task definition passes", () => {
    expect(
      rulesBroken((s) =>
        taskDefinition(s, [{ name: "app", image: "app:1", privileged: false, logConfiguration: awslogs }]),
      ),
    ).toEqual([]);
  });
});

describe("service rule", () => {
  function service(scope: Construct, assignPublicIp: boolean): void {
    new EcsService(scope, "service", {
      name: "bare",
      cluster: "c",
      taskDefinition: "t",
      desiredCount: 1,
      launchType: "FARGATE",
      networkConfiguration: { subnets: ["subnet-a"], assignPublicIp },
    });
  }

  test("a service assigning public IPs is flagged", () => {
    expect(findings((s) => service(s, true))).toEqual([
      expect.stringMatching(
        /aws_ecs_service\.service \/ ecs-service-no-public-ip \/ network_configuration\.assign_public_ip is true/,
      ),
    ]);
  });

  test("assign_public_ip false passes", () => {
    expect(rulesBroken((s) => service(s, false))).toEqual([]);
  });
});

describe("IAM: no Allow of * or ecs:*", () => {
  function policy(scope: Construct, action: string, resource: string): void {
    new IamPolicy(scope, "policy", {
      name: "p",
      policy: policyDocument([{ Effect: "Allow", Action: [action], Resource: resource }]),
    });
  }
  const wildcardRulesBroken = (build: (scope: Construct) => void) =>
    rulesBroken(build).filter((r) => WILDCARD_RULES.includes(r));

  test.each([
    [
      "ecs:*",
      "arn:aws:ecs:ap-northeast-2:123456789012:service/acme/worker",
      "iam-no-wildcard-action-on-all-resources",
    ],
    ["ECS:*", "*", "iam-no-wildcard-action-on-all-resources"],
    ["*", "arn:aws:s3:::acme-inbox", "iam-no-full-wildcard-action"],
    ["*", "*", "iam-no-admin-statement"],
  ])("Allow %s on %s is flagged, once, by %s", (action, resource, rule) => {
    expect(wildcardRulesBroken((s) => policy(s, action, resource))).toEqual([rule]);
  });

  test("* on a scoped resource in a role's inline policy is flagged on the role", () => {
    const lines = findings(
      (s) =>
        new IamRole(s, "role", {
          name: "r",
          // Lambda's trust needs no source condition, so only the inline policy is under test here.
          assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
          inlinePolicy: [
            {
              name: "i",
              policy: policyDocument([
                { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::acme-inbox/*" },
              ]),
            },
          ],
        }),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_iam_role\.role \/ iam-no-full-wildcard-action \/ allows Action "\*" on "arn:aws:s3:::acme-inbox\/\*"/,
      ),
    ]);
  });

  test.each([
    ["ecs:UpdateService", "arn:aws:ecs:ap-northeast-2:123456789012:service/acme/worker"],
    ["ecs:Describe*", "arn:aws:ecs:ap-northeast-2:123456789012:service/acme/worker"],
    ["ecr:GetAuthorizationToken", "*"],
  ])("Allow %s on %s passes", (action, resource) => {
    expect(rulesBroken((s) => policy(s, action, resource))).toEqual([]);
  });
});

describe("the ECS modules break no rule", () => {
  test("a cluster with a singleton (ECS Exec on, secrets) and an autoscaled service behind an ALB", () => {
    expect(
      findings((s) => {
        const cluster = new EcsCluster(s, "cluster", { clusterName: "acme" });
        new SingletonService(s, "scheduler", {
          ...BASE_SERVICE,
          cluster,
          fargateSpot: true,
          enableExecuteCommand: true,
          container: {
            ...BASE_SERVICE.container,
            secrets: { API_KEY: "arn:aws:ssm:ap-northeast-2:123456789012:parameter/acme/api-key" },
          },
        });
        const alb = new Alb(s, "alb", {
          name: "acme",
          vpcId: "vpc-1",
          subnetIds: ["a", "b"],
          allowPlainHttp: true,
        });
        new AutoscaledService(s, "api", {
          ...BASE_SERVICE,
          serviceName: "api",
          logGroupName: "/aws/ecs/api",
          container: { ...BASE_SERVICE.container, name: "api", port: 8083 },
          cluster,
          alb,
          requestsPerTarget: 200,
        });
      }),
    ).toEqual([]);
  });
});

describe("the FileFlow stacks", () => {
  let stacks: PolicyStack[];
  beforeAll(async () => {
    // The selection also brings the network stacks FileFlow runs in; the ECS rules are about FileFlow.
    stacks = (await synthApp({ stacks: new Set(["fileflow-dev", "fileflow-staging", "fileflow-prod"]) }))
      .filter((s) => s.name.startsWith("fileflow-"))
      .map((s) => new PolicyStack(s.name, s.synth.json));
  });

  test("break no rule in any environment", () => {
    expect(stacks.map((s) => s.name)).toEqual(["fileflow-dev", "fileflow-prod", "fileflow-staging"]);
    expect(evaluate(stacks, rules).map(formatFinding)).toEqual([]);
  });

  test("hold what the ECS rules inspect, so passing is not for want of resources", () => {
    for (const stack of stacks) {
      expect(stack.resources("aws_ecs_task_definition")).toHaveLength(3);
      expect(stack.resources("aws_ecs_service")).toHaveLength(3);
      expect(stack.resources("aws_iam_role_policy").length).toBeGreaterThan(0);
    }
  });
});
