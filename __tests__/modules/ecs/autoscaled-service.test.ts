import { Alb } from "../../../modules/alb/alb";
import { AutoscaledService, AutoscaledServiceProps } from "../../../modules/ecs/autoscaled-service";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import { BASE_SERVICE, errorOf, ingressOf, oneWhere, resourceTypes, serviceGroupRef } from "./ecs-fixtures";

/**
 * The autoscaled mode: scaled between min and max by target tracking on CPU and memory, with
 * desired_count left to autoscaling after creation. With an ALB (an ip target group and a listener
 * rule) it may also scale on requests per target, and only the ALB may reach its port; without one
 * nothing load-balances it and the ALB-only props are refused.
 */

type Props = Omit<AutoscaledServiceProps, "cluster" | "alb">;

const API: Props = {
  ...BASE_SERVICE,
  serviceName: "web-api",
  container: { ...BASE_SERVICE.container, name: "api", port: 8083 },
  logGroupName: "/aws/ecs/web-api",
};

interface Built {
  synth: SynthesizedJson;
  service: Record<string, unknown>;
  serviceName: string;
  groupRef: string;
  albGroupRef: string;
}

function build(overrides: Partial<Props> = {}): Built {
  const synth = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const alb = new Alb(scope, "alb", {
      name: "acme",
      vpcId: "vpc-0123",
      subnetIds: ["subnet-a", "subnet-b"],
      allowPlainHttp: true,
    });
    new AutoscaledService(scope, "web-api", { ...API, ...overrides, cluster, alb });
  });
  const { name, resource } = oneWhere(synth, "aws_ecs_service", { name: "web-api" });
  const albGroups = synth.only("aws_lb").security_groups as string[];
  expect(albGroups).toHaveLength(1);
  return {
    synth,
    service: resource,
    serviceName: name,
    groupRef: serviceGroupRef(resource),
    albGroupRef: albGroups[0]!,
  };
}

const onlyName = (synth: SynthesizedJson, type: string) => {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};

/** Names of the scaling policies, sorted. */
const policyNames = (synth: SynthesizedJson) =>
  Object.values(synth.resources("aws_appautoscaling_policy"))
    .map((p) => p.name)
    .sort();

function policyOf(synth: SynthesizedJson, metric: string) {
  return Object.values(synth.resources("aws_appautoscaling_policy")).filter(
    (p) =>
      (
        p.target_tracking_scaling_policy_configuration as {
          predefined_metric_specification: { predefined_metric_type: string };
        }
      ).predefined_metric_specification.predefined_metric_type === metric,
  );
}

describe("AutoscaledService load balancing", () => {
  const { synth, service } = build();
  const targetGroupName = onlyName(synth, "aws_lb_target_group");
  const ruleName = onlyName(synth, "aws_lb_listener_rule");

  test("creates an ip target group on the container port in the VPC", () => {
    expect(synth.only("aws_lb_target_group")).toMatchObject({
      target_type: "ip",
      port: 8083,
      protocol: "HTTP",
      vpc_id: "vpc-0123",
    });
  });

  test("adds a listener rule on the ALB's listener forwarding to that target group", () => {
    const rule = synth.only("aws_lb_listener_rule");
    expect(rule.listener_arn).toBe(ref("aws_lb_listener", onlyName(synth, "aws_lb_listener"), "arn"));
    expect(rule.action).toEqual([
      { type: "forward", target_group_arn: ref("aws_lb_target_group", targetGroupName, "arn") },
    ]);
    expect(rule.condition).toEqual([{ path_pattern: { values: ["/*"] } }]);
  });

  test("the service registers its container and port in the target group", () => {
    expect(service.load_balancer).toEqual([
      {
        target_group_arn: ref("aws_lb_target_group", targetGroupName, "arn"),
        container_name: "api",
        container_port: 8083,
      },
    ]);
  });

  test("the service waits for the capacity providers and the listener rule (ECS rejects a target group no listener forwards to)", () => {
    expect(service.depends_on).toEqual([
      `aws_ecs_cluster_capacity_providers.${onlyName(synth, "aws_ecs_cluster_capacity_providers")}`,
      `aws_lb_listener_rule.${ruleName}`,
    ]);
  });

  test("health checks and path patterns reach the target group and the rule", () => {
    const custom = build({
      healthCheck: { path: "/actuator/health", intervalSeconds: 15 },
      pathPatterns: ["/api/*", "/files/*"],
    });
    expect(custom.synth.only("aws_lb_target_group").health_check).toMatchObject({
      path: "/actuator/health",
      interval: 15,
      port: "traffic-port",
    });
    expect(custom.synth.only("aws_lb_listener_rule").condition).toEqual([
      { path_pattern: { values: ["/api/*", "/files/*"] } },
    ]);
  });

  test("ALB health checks are ignored for 60 s after a task starts by default, or as configured", () => {
    expect(service.health_check_grace_period_seconds).toBe(60);
    expect(build({ healthCheckGracePeriodSeconds: 180 }).service.health_check_grace_period_seconds).toBe(180);
  });
});

describe("AutoscaledService security group", () => {
  const { synth, groupRef, albGroupRef } = build();
  const rules = ingressOf(synth, groupRef);

  test("admits only the ALB's security group, on the container port", () => {
    expect(rules).toEqual([
      {
        security_group_id: groupRef,
        ip_protocol: "tcp",
        from_port: 8083,
        to_port: 8083,
        referenced_security_group_id: albGroupRef,
        description: "from the load balancer",
      },
    ]);
  });

  test("nothing from any CIDR reaches the service, least of all 0.0.0.0/0", () => {
    for (const rule of rules) {
      expect(rule).not.toHaveProperty("cidr_ipv4");
      expect(rule).not.toHaveProperty("cidr_ipv6");
    }
    // The only 0.0.0.0/0 ingress in the construct is the ALB's own listener port.
    const anywhere = Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.cidr_ipv4 === "0.0.0.0/0",
    );
    expect(anywhere.map((r) => [r.security_group_id, r.from_port])).toEqual([[albGroupRef, 80]]);
  });
});

describe("AutoscaledService scaling", () => {
  const { synth, service, serviceName } = build({ minCapacity: 2, maxCapacity: 6 });
  const scalingTargetName = onlyName(synth, "aws_appautoscaling_target");
  const scalingTarget = synth.only("aws_appautoscaling_target");

  test("scales this service's desired count between min and max", () => {
    expect(scalingTarget).toEqual({
      service_namespace: "ecs",
      resource_id: `service/${ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "name")}/${ref("aws_ecs_service", serviceName, "name")}`,
      scalable_dimension: "ecs:service:DesiredCount",
      min_capacity: 2,
      max_capacity: 6,
    });
  });

  test("starts at min and leaves desired_count to autoscaling afterwards", () => {
    expect(service.desired_count).toBe(2);
    expect((service.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("desired_count");
  });

  test("rolls deployments with 100 % healthy and up to 200 %, rebalancing across AZs", () => {
    expect(service).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      availability_zone_rebalancing: "ENABLED",
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
  });

  test.each([
    ["ECSServiceAverageCPUUtilization", 70],
    ["ECSServiceAverageMemoryUtilization", 75],
  ])("tracks %s at %i %% with 300 s scale-in and 60 s scale-out cooldowns", (metric, targetValue) => {
    const policies = policyOf(synth, metric);
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({
      policy_type: "TargetTrackingScaling",
      resource_id: ref("aws_appautoscaling_target", scalingTargetName, "resource_id"),
      scalable_dimension: ref("aws_appautoscaling_target", scalingTargetName, "scalable_dimension"),
      service_namespace: ref("aws_appautoscaling_target", scalingTargetName, "service_namespace"),
      target_tracking_scaling_policy_configuration: {
        target_value: targetValue,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
        predefined_metric_specification: { predefined_metric_type: metric },
      },
    });
  });

  test("no request-based policy unless requestsPerTarget is set", () => {
    expect(policyNames(synth)).toEqual(["web-api-cpu", "web-api-memory"]);
    expect(policyOf(synth, "ALBRequestCountPerTarget")).toEqual([]);
  });

  test("targets and cooldowns follow the props; requestsPerTarget adds ALBRequestCountPerTarget on this target group", () => {
    const custom = build({
      cpuTargetPercent: 55,
      memoryTargetPercent: 80,
      requestsPerTarget: 250,
      scaleInCooldownSeconds: 600,
      scaleOutCooldownSeconds: 30,
    }).synth;
    expect(policyNames(custom)).toEqual(["web-api-cpu", "web-api-memory", "web-api-requests"]);
    const config = (metric: string) =>
      policyOf(custom, metric)[0]!.target_tracking_scaling_policy_configuration as Record<string, unknown>;
    expect(config("ECSServiceAverageCPUUtilization")).toMatchObject({
      target_value: 55,
      scale_in_cooldown: 600,
      scale_out_cooldown: 30,
    });
    expect(config("ECSServiceAverageMemoryUtilization")).toMatchObject({
      target_value: 80,
      scale_in_cooldown: 600,
      scale_out_cooldown: 30,
    });
    expect(config("ALBRequestCountPerTarget")).toEqual({
      target_value: 250,
      scale_in_cooldown: 600,
      scale_out_cooldown: 30,
      predefined_metric_specification: {
        predefined_metric_type: "ALBRequestCountPerTarget",
        resource_label: `${ref("aws_lb", onlyName(custom, "aws_lb"), "arn_suffix")}/${ref("aws_lb_target_group", onlyName(custom, "aws_lb_target_group"), "arn_suffix")}`,
      },
    });
  });

  test("defaults: 1..4 tasks", () => {
    const defaults = build().synth.only("aws_appautoscaling_target");
    expect([defaults.min_capacity, defaults.max_capacity]).toEqual([1, 4]);
  });

  test.each([
    [3, 2],
    [0, 4],
    [1.5, 4],
  ])("min %p with max %p is refused", (minCapacity, maxCapacity) => {
    expect(errorOf(() => build({ minCapacity, maxCapacity }))).toBe(
      `stack/web-api: need 1 <= minCapacity <= maxCapacity, got ${minCapacity}..${maxCapacity}`,
    );
  });

  test("a refused capacity adds no target to the ALB", () => {
    let targetGroups = -1;
    expect(() =>
      synthScope((scope) => {
        const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
        const alb = new Alb(scope, "alb", {
          name: "acme",
          vpcId: "vpc-0123",
          subnetIds: ["a", "b"],
          allowPlainHttp: true,
        });
        try {
          new AutoscaledService(scope, "web-api", { ...API, cluster, alb, minCapacity: 5, maxCapacity: 2 });
        } finally {
          targetGroups = alb.node.children.filter((c) => c.node.id.startsWith("target-")).length;
        }
      }),
    ).toThrow(/need 1 <= minCapacity <= maxCapacity, got 5\.\.2/);
    expect(targetGroups).toBe(0);
  });
});

describe("AutoscaledService without an ALB", () => {
  let service: AutoscaledService | undefined;
  const synth = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    service = new AutoscaledService(scope, "web-api", { ...API, cluster, minCapacity: 2, maxCapacity: 6 });
  });
  const { name: serviceName, resource } = oneWhere(synth, "aws_ecs_service", { name: "web-api" });
  const scalingTargetName = onlyName(synth, "aws_appautoscaling_target");

  test("has no target group, no listener rule, no load balancer at all", () => {
    expect(resourceTypes(synth).filter((t) => t.startsWith("aws_lb"))).toEqual([]);
    expect(resource).not.toHaveProperty("load_balancer");
    expect(service!.targetGroupArn).toBeUndefined();
  });

  test("sets no health check grace period and waits only for the capacity providers", () => {
    expect(resource).not.toHaveProperty("health_check_grace_period_seconds");
    expect(resource.depends_on).toEqual([
      `aws_ecs_cluster_capacity_providers.${onlyName(synth, "aws_ecs_cluster_capacity_providers")}`,
    ]);
  });

  test("still scales this service's desired count between min and max", () => {
    expect(synth.only("aws_appautoscaling_target")).toEqual({
      service_namespace: "ecs",
      resource_id: `service/${ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "name")}/${ref("aws_ecs_service", serviceName, "name")}`,
      scalable_dimension: "ecs:service:DesiredCount",
      min_capacity: 2,
      max_capacity: 6,
    });
    expect(resource.desired_count).toBe(2);
    expect((resource.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(["desired_count"]);
    expect(resource).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      availability_zone_rebalancing: "ENABLED",
    });
  });

  test("tracks CPU and memory only, on its scaling target", () => {
    expect(policyNames(synth)).toEqual(["web-api-cpu", "web-api-memory"]);
    for (const [metric, targetValue] of [
      ["ECSServiceAverageCPUUtilization", 70],
      ["ECSServiceAverageMemoryUtilization", 75],
    ] as const) {
      expect(policyOf(synth, metric)).toEqual([
        {
          name: `web-api-${metric.includes("CPU") ? "cpu" : "memory"}`,
          policy_type: "TargetTrackingScaling",
          resource_id: ref("aws_appautoscaling_target", scalingTargetName, "resource_id"),
          scalable_dimension: ref("aws_appautoscaling_target", scalingTargetName, "scalable_dimension"),
          service_namespace: ref("aws_appautoscaling_target", scalingTargetName, "service_namespace"),
          target_tracking_scaling_policy_configuration: {
            target_value: targetValue,
            scale_in_cooldown: 300,
            scale_out_cooldown: 60,
            predefined_metric_specification: { predefined_metric_type: metric },
          },
        },
      ]);
    }
  });

  test("its security group has no ingress until the caller opens it", () => {
    expect(ingressOf(synth, serviceGroupRef(resource))).toEqual([]);
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
  });

  test.each<[keyof Props, Partial<Props>, string]>([
    [
      "requestsPerTarget",
      { requestsPerTarget: 250 },
      "stack/web-api: requestsPerTarget needs alb (request-count scaling tracks ALBRequestCountPerTarget of the ALB's target group); pass alb or remove requestsPerTarget",
    ],
    [
      "healthCheck",
      { healthCheck: { path: "/health" } },
      "stack/web-api: healthCheck needs alb (the health check is the ALB target group's); pass alb or remove healthCheck",
    ],
    [
      "pathPatterns",
      { pathPatterns: ["/api/*"] },
      "stack/web-api: pathPatterns needs alb (path patterns are the ALB listener rule's); pass alb or remove pathPatterns",
    ],
    [
      "healthCheckGracePeriodSeconds",
      { healthCheckGracePeriodSeconds: 120 },
      "stack/web-api: healthCheckGracePeriodSeconds needs alb (the grace period holds off ALB health checks; without an ALB the container health check's startPeriodSeconds covers a slow start); pass alb or remove healthCheckGracePeriodSeconds",
    ],
  ])("%s without alb is refused, and nothing is built", (_prop, overrides, message) => {
    let children = -1;
    const error = errorOf(() =>
      synthScope((scope) => {
        const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
        try {
          new AutoscaledService(scope, "web-api", { ...API, ...overrides, cluster });
        } finally {
          children = scope.node.tryFindChild("web-api")?.node.children.length ?? 0;
        }
      }),
    );
    expect(error).toBe(message);
    expect(children).toBe(0);
  });
});
