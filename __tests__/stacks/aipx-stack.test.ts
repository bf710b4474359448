import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { SynthesizedJson } from "../harness/synth-scope";
import { containersOf } from "../modules/ecs/ecs-fixtures";
import { ref } from "../modules/refs";

/**
 * AIPX as the committed config builds it: hot path on Fargate (OMS over Service Connect), cold path
 * of Lambdas on Kafka topics, the data layer sized per environment from config alone.
 */
type Env = "dev" | "prod";
const stacks: Partial<Record<Env, SynthesizedStack>> = {};
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), "aipx-stack-"));
  const synthesized = await synthApp({
    stacks: new Set(["aipx-dev", "aipx-prod"]),
    environments: ["dev", "prod"],
    outdir,
  });
  for (const env of ["dev", "prod"] as const)
    stacks[env] = synthesized.find((s) => s.name === `aipx-${env}`)!;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const synthOf = (env: Env): SynthesizedJson => stacks[env]!.synth;
type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[] };
const statementsOfRole = (synth: SynthesizedJson, roleName: string): Statement[] => {
  const role = Object.entries(synth.resources("aws_iam_role")).find(([, r]) => r.name === roleName)![0];
  return Object.values(synth.resources("aws_iam_role_policy"))
    .filter((p) => p.role === ref("aws_iam_role", role, "id"))
    .flatMap((p) => (JSON.parse(p.policy as string) as { Statement: Statement[] }).Statement);
};
const kafkaResources = (statements: Statement[]) =>
  statements
    .filter((s) => [s.Action].flat().some((a) => a.startsWith("kafka-cluster:")))
    .flatMap((s) => [s.Resource].flat());

describe.each(["dev", "prod"] as const)("aipx-%s", (env) => {
  const synth = () => synthOf(env);

  test("outputs exactly as its source lists them, the endpoints sensitive", () => {
    expect(Object.keys(synth().json.output!).sort()).toEqual(
      [
        "cognitive_api_url",
        "data_lake_bucket",
        "database_endpoint",
        "kafka_bootstrap_brokers",
        "oms_grpc_endpoint",
        "private_subnets",
        "public_subnets",
        "redis_endpoint",
        "vpc_id",
      ].sort(),
    );
    for (const name of ["kafka_bootstrap_brokers", "redis_endpoint", "database_endpoint"]) {
      expect(synth().output(name)!.sensitive).toBe(true);
    }
    expect(synth().output("oms_grpc_endpoint")!.value).toBe("oms:50051");
  });

  test("the OMS publishes oms:50051 (gRPC) over Service Connect and admits only its consumer", () => {
    const oms = Object.values(synth().resources("aws_ecs_service")).find((s) =>
      String(s.name).endsWith("-oms"),
    )!;
    expect(oms.service_connect_configuration).toMatchObject({
      enabled: true,
      service: [{ port_name: "oms", discovery_name: "oms", client_alias: { dns_name: "oms", port: 50051 } }],
    });
    const omsTask = Object.values(synth().resources("aws_ecs_task_definition")).find(
      (t) => t.family === `aipx-${env}-oms`,
    )!;
    expect(containersOf(omsTask)[0]!.portMappings).toEqual([
      expect.objectContaining({ containerPort: 50051, name: "oms", appProtocol: "grpc" }),
    ]);
    expect(synth().only("aws_service_discovery_http_namespace").name).toBe(`aipx.${env}.internal`);
    const omsGroup = Object.entries(synth().resources("aws_security_group")).find(([, g]) =>
      String(g.name).endsWith("-oms"),
    )![0];
    const ingress = Object.values(synth().resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === ref("aws_security_group", omsGroup),
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 50051, to_port: 50051 });
    expect(String(ingress[0]!.referenced_security_group_id)).toMatch(/aws_security_group\.ingestion_/);
  });

  test("each role reaches exactly its own Kafka topics", () => {
    const producer = kafkaResources(statementsOfRole(synth(), `aipx-${env}-data-ingestion-task`));
    expect(producer.filter((r) => r.includes(":topic/"))).toEqual([expect.stringMatching(/\/market-ticks$/)]);
    const oms = kafkaResources(statementsOfRole(synth(), `aipx-${env}-oms-task`));
    expect(oms.filter((r) => r.includes(":topic/"))).toEqual([expect.stringMatching(/\/orders$/)]);
    for (const fn of ["recorder", "strategy-worker"]) {
      const consumer = kafkaResources(statementsOfRole(synth(), `aipx-${env}-${fn}-role`));
      expect(consumer.filter((r) => r.includes(":topic/"))).toEqual([
        expect.stringMatching(/\/market-ticks$/),
      ]);
      expect(consumer.filter((r) => r.includes(":group/"))).toHaveLength(1);
    }
    const mappings = Object.values(synth().resources("aws_lambda_event_source_mapping"));
    expect(mappings.map((m) => m.topics).sort()).toEqual([["market-ticks"], ["market-ticks"]]);
  });

  test("the cognitive API is IAM-authorized and throttled, the budget notifies at 80 % forecast and 100 % actual", () => {
    for (const route of Object.values(synth().resources("aws_apigatewayv2_route"))) {
      expect(route.authorization_type).toBe("AWS_IAM");
    }
    expect(synth().only("aws_apigatewayv2_stage").default_route_settings).toMatchObject({
      throttling_rate_limit: 50,
      throttling_burst_limit: 100,
    });
    const notifications = synth().only("aws_budgets_budget").notification as Record<string, unknown>[];
    expect(notifications.map((n) => [n.notification_type, n.threshold]).sort()).toEqual([
      ["ACTUAL", 100],
      ["FORECASTED", 80],
    ]);
  });
});

test("dev vs prod sizing comes from config alone", () => {
  const dev = synthOf("dev");
  const prod = synthOf("prod");
  expect(dev.only("aws_msk_cluster")).toMatchObject({ number_of_broker_nodes: 2 });
  expect(prod.only("aws_msk_cluster")).toMatchObject({ number_of_broker_nodes: 3 });
  const brokerType = (s: SynthesizedJson) =>
    (s.only("aws_msk_cluster").broker_node_group_info as Record<string, unknown>).instance_type;
  expect([brokerType(dev), brokerType(prod)]).toEqual(["kafka.t3.small", "kafka.m5.large"]);
  expect(dev.only("aws_elasticache_replication_group")).toMatchObject({ node_type: "cache.t3.micro" });
  expect(prod.only("aws_elasticache_replication_group")).toMatchObject({
    node_type: "cache.r6g.large",
    num_node_groups: 3,
    replicas_per_node_group: 1,
  });
  expect(dev.only("aws_db_instance")).toMatchObject({ instance_class: "db.t3.micro", multi_az: false });
  expect(prod.only("aws_db_instance")).toMatchObject({ instance_class: "db.r6g.xlarge", multi_az: true });
  // Dev's hot path stops out of hours (the on-demand mode and its scaler); prod's is autoscaled.
  expect(dev.count("aws_cloudwatch_event_rule")).toBe(4);
  expect(prod.count("aws_cloudwatch_event_rule")).toBe(0);
  const ecsTargets = (s: SynthesizedJson) =>
    Object.values(s.resources("aws_appautoscaling_target")).filter((t) => t.service_namespace === "ecs");
  expect(ecsTargets(prod)).toHaveLength(2);
  expect(ecsTargets(dev)).toHaveLength(0);
});
