import { estimateOne, item, merge, service, taskDefinition } from "./fixtures";

/** 0.5 vCPU / 1 GB at the test table's rates. */
const ON_DEMAND_X86 = 0.5 * 0.04 + 1 * 0.004;
const ON_DEMAND_ARM = 0.5 * 0.032 + 1 * 0.0032;
const SPOT_X86 = 0.5 * 0.012 + 1 * 0.0012;
const SPOT_ARM = 0.5 * 0.0096 + 1 * 0.00096;

describe("Fargate services", () => {
  it("x86 on-demand: desired_count × 730 h × (vCPU × rate + GB × rate)", () => {
    const stack = estimateOne("app-dev", merge(taskDefinition(512, 1024), service({ desired_count: 2 })));
    expect(item(stack, "Fargate svc").monthly).toBeCloseTo(2 * 730 * ON_DEMAND_X86, 10);
  });

  it("ARM64 task definitions take the Graviton rate", () => {
    const stack = estimateOne("app-dev", merge(taskDefinition(512, 1024, "ARM64"), service()));
    const fargate = item(stack, "Fargate svc");
    expect(fargate.monthly).toBeCloseTo(730 * ON_DEMAND_ARM, 10);
    expect(fargate.charges.map((c) => c.priceKey)).toEqual(["fargate.arm.vcpu_hour", "fargate.arm.gb_hour"]);
    expect(fargate.detail).toContain("Graviton");
  });

  it("FARGATE_SPOT takes the Spot rate, x86 and ARM64", () => {
    const spot = { capacity_provider_strategy: [{ base: 0, capacity_provider: "FARGATE_SPOT", weight: 1 }] };
    const x86 = estimateOne("app-dev", merge(taskDefinition(512, 1024), service(spot)));
    expect(item(x86, "Fargate svc (Spot)").monthly).toBeCloseTo(730 * SPOT_X86, 10);
    const arm = estimateOne("app-dev", merge(taskDefinition(512, 1024, "ARM64"), service(spot)));
    expect(item(arm, "Fargate svc (Spot)").monthly).toBeCloseTo(730 * SPOT_ARM, 10);
  });

  it("a mixed strategy puts base tasks first, then splits the rest by weight", () => {
    const stack = estimateOne(
      "app-dev",
      merge(
        taskDefinition(512, 1024),
        service({
          desired_count: 5,
          capacity_provider_strategy: [
            { base: 1, capacity_provider: "FARGATE", weight: 1 },
            { base: 0, capacity_provider: "FARGATE_SPOT", weight: 3 },
          ],
        }),
      ),
    );
    // 1 base + 4 × 1/4 on demand = 2 tasks; 4 × 3/4 on Spot = 3 tasks.
    expect(stack.items.map((i) => i.label)).toEqual(["Fargate svc", "Fargate svc (Spot)"]);
    expect(stack.items[0]!.monthly).toBeCloseTo(2 * 730 * ON_DEMAND_X86, 10);
    expect(item(stack, "Fargate svc (Spot)").monthly).toBeCloseTo(3 * 730 * SPOT_X86, 10);
  });

  it("no strategy on the service: the cluster's default capacity provider strategy applies", () => {
    const resources = merge(taskDefinition(512, 1024), service({ capacity_provider_strategy: undefined }), {
      aws_ecs_cluster_capacity_providers: {
        providers: {
          cluster_name: "${aws_ecs_cluster.cluster.name}",
          capacity_providers: ["FARGATE", "FARGATE_SPOT"],
          default_capacity_provider_strategy: [{ base: 0, capacity_provider: "FARGATE_SPOT", weight: 1 }],
        },
      },
    });
    expect(item(estimateOne("app-dev", resources), "Fargate svc (Spot)").monthly).toBeCloseTo(
      730 * SPOT_X86,
      10,
    );
  });

  it("an autoscaled service counts its min_capacity, not desired_count, and lists scaling as usage", () => {
    const stack = estimateOne(
      "app-dev",
      merge(taskDefinition(512, 1024), service({ desired_count: 5 }), {
        aws_appautoscaling_target: {
          target: {
            service_namespace: "ecs",
            scalable_dimension: "ecs:service:DesiredCount",
            resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.svc.name}",
            min_capacity: 2,
            max_capacity: 8,
          },
        },
      }),
    );
    const fargate = item(stack, "Fargate svc");
    expect(fargate.monthly).toBeCloseTo(2 * 730 * ON_DEMAND_X86, 10);
    expect(fargate.detail).toContain("autoscaled, min_capacity 2 of max 8");
    expect(stack.usage).toContain("fargate-scaling");
  });
});
