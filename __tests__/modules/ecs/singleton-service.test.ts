import { Construct } from "constructs";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import {
  BASE_SERVICE,
  ServiceProps,
  ingressOf,
  oneWhere,
  resourceTypes,
  serviceGroupRef,
} from "./ecs-fixtures";

/**
 * The singleton mode: exactly one task, ever. A deployment stops the old task before it starts the new
 * one, AZ rebalancing (which starts a second task) is off, and nothing scales or load-balances it. Its
 * port is closed until the caller opens it.
 */

interface Built {
  synth: SynthesizedJson;
  service: Record<string, unknown>;
  groupRef: string;
}

function build(
  overrides: Partial<ServiceProps> = {},
  wire?: (service: SingletonService, scope: Construct) => void,
): Built {
  const synth = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const service = new SingletonService(scope, "scheduler", { ...BASE_SERVICE, ...overrides, cluster });
    wire?.(service, scope);
  });
  const service = oneWhere(synth, "aws_ecs_service", { name: BASE_SERVICE.serviceName }).resource;
  return { synth, service, groupRef: serviceGroupRef(service) };
}

describe("SingletonService", () => {
  const { synth, service, groupRef } = build();

  test("runs exactly one task", () => {
    expect(service.desired_count).toBe(1);
  });

  test("a deployment stops the old task before starting the new one, so two never overlap", () => {
    expect(service.deployment_maximum_percent).toBe(100);
    expect(service.deployment_minimum_healthy_percent).toBe(0);
  });

  test("availability-zone rebalancing is off (it would start a second task)", () => {
    expect(service.availability_zone_rebalancing).toBe("DISABLED");
  });

  test("Terraform keeps managing desired_count: drift back to 2 would be corrected", () => {
    const ignored = (service.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes ?? [];
    expect(ignored).not.toContain("desired_count");
  });

  test("has no load balancer, no health check grace period, no target group", () => {
    expect(service).not.toHaveProperty("load_balancer");
    expect(service).not.toHaveProperty("health_check_grace_period_seconds");
    expect(resourceTypes(synth).filter((t) => t.startsWith("aws_lb"))).toEqual([]);
  });

  test("has no Application Auto Scaling anywhere", () => {
    expect(resourceTypes(synth).filter((t) => t.startsWith("aws_appautoscaling"))).toEqual([]);
    expect(synth.count("aws_appautoscaling_target")).toBe(0);
    expect(synth.count("aws_appautoscaling_policy")).toBe(0);
  });

  test("runs on FARGATE unless asked for spot", () => {
    expect(service.capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE", weight: 1, base: 0 },
    ]);
  });

  test("fargateSpot runs it on FARGATE_SPOT only", () => {
    const spot = build({ fargateSpot: true }).service;
    expect(spot.capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
    // Everything that keeps it single is unchanged on spot.
    expect(spot).toMatchObject({
      desired_count: 1,
      deployment_maximum_percent: 100,
      deployment_minimum_healthy_percent: 0,
      availability_zone_rebalancing: "DISABLED",
    });
  });

  test("never gets a public IP", () => {
    expect((service.network_configuration as { assign_public_ip: unknown }).assign_public_ip).toBe(false);
  });

  test("a failed deployment is stopped and rolled back", () => {
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
  });

  test("its security group has no ingress at all until the caller opens it", () => {
    expect(ingressOf(synth, groupRef)).toEqual([]);
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
  });
});

describe("SingletonService connections", () => {
  test("allowFromCidr opens its own port to that CIDR only", () => {
    const { synth, groupRef } = build({}, (service) => service.connections.allowFromCidr("10.10.0.0/16"));
    expect(ingressOf(synth, groupRef)).toEqual([
      {
        security_group_id: groupRef,
        ip_protocol: "tcp",
        from_port: 9091,
        to_port: 9091,
        cidr_ipv4: "10.10.0.0/16",
        description: "from 10.10.0.0/16",
      },
    ]);
  });

  test("allowFrom opens its own port to that security group only", () => {
    const { synth, groupRef } = build({}, (service, scope) => {
      const scraper = new SecurityGroup(scope, "prometheus", {
        vpcId: "vpc-0123",
        name: "prometheus",
        description: "p",
      });
      service.connections.allowFrom(scraper);
    });
    const scraperName = oneWhere(synth, "aws_security_group", { name: "prometheus" }).name;
    const rules = ingressOf(synth, groupRef);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ip_protocol: "tcp",
      from_port: 9091,
      to_port: 9091,
      referenced_security_group_id: ref("aws_security_group", scraperName, "id"),
    });
    expect(rules[0]).not.toHaveProperty("cidr_ipv4");
  });

  test("a different port can be named; a bad CIDR is refused", () => {
    const { synth, groupRef } = build({}, (service) =>
      service.connections.allowFromCidr("10.20.0.0/16", Port.tcp(8081)),
    );
    expect(ingressOf(synth, groupRef).map((r) => [r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      [8081, 8081, "10.20.0.0/16"],
    ]);
    expect(() => build({}, (service) => service.connections.allowFromCidr("10.20.0.1/16"))).toThrow(
      /allowFromCidr needs an IPv4 CIDR, got "10.20.0.1\/16"/,
    );
  });
});
