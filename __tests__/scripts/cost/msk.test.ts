import { Construct } from "constructs";
import { KafkaCluster, KafkaClusterProps } from "../../../modules/msk/kafka-cluster";
import { renderText } from "../../../scripts/cost/report-text";
import { StackJson } from "../../../scripts/cost/terraform-json";
import { synthScope } from "../../harness/synth-scope";
import { Resources, estimateMany, estimateOne, item, stackJson } from "./fixtures";

/** Test prices (./ap-northeast-2.json): t3.small 0.05/h, m5.large 0.2/h, storage 0.1/GB-month, serverless 0.75/h. */

function provisioned(attrs: Record<string, unknown> = {}): Resources {
  return {
    aws_msk_cluster: {
      kafka: {
        cluster_name: "aipx-dev",
        kafka_version: "3.8.x",
        number_of_broker_nodes: 2,
        broker_node_group_info: {
          instance_type: "kafka.t3.small",
          client_subnets: ["subnet-a", "subnet-c"],
          storage_info: { ebs_storage_info: { volume_size: 20 } },
        },
        ...attrs,
      },
    },
  };
}

/** What KafkaCluster synthesizes, as the estimator reads it. */
function synthesized(props: Partial<KafkaClusterProps>): StackJson {
  const json = synthScope(
    (scope: Construct) =>
      new KafkaCluster(scope, "kafka", {
        clusterName: "aipx-dev",
        vpcId: "vpc-1",
        clientSubnetIds: ["subnet-a", "subnet-c"],
        ...props,
      }),
  ).json;
  return { ...json, provider: { aws: [{ region: "ap-northeast-2" }] } } as StackJson;
}

describe("MSK provisioned", () => {
  it("prices broker-hours × brokers and each broker's volume", () => {
    const stack = estimateOne("aipx-dev", provisioned());
    const brokers = item(stack, "MSK kafka.t3.small");
    expect(brokers.monthly).toBeCloseTo(2 * 730 * 0.05, 10);
    expect(brokers.detail).toBe("2 brokers × 730 h × $0.05/h");
    const storage = item(stack, "MSK storage");
    expect(storage.monthly).toBeCloseTo(2 * 20 * 0.1, 10);
    expect(storage.detail).toBe("2 brokers × 20 GB × $0.1/GB-month");
    expect(stack.total).toBeCloseTo(2 * 730 * 0.05 + 2 * 20 * 0.1, 10);
    expect(stack.usage).toContain("data-transfer");
  });

  it("prod: kafka.m5.large × 3 with 500 GB each", () => {
    const stack = estimateOne(
      "aipx-prod",
      provisioned({
        number_of_broker_nodes: 3,
        broker_node_group_info: {
          instance_type: "kafka.m5.large",
          storage_info: [{ ebs_storage_info: [{ volume_size: "500" }] }],
        },
      }),
    );
    expect(item(stack, "MSK kafka.m5.large").monthly).toBeCloseTo(3 * 730 * 0.2, 10);
    expect(item(stack, "MSK storage").monthly).toBeCloseTo(3 * 500 * 0.1, 10);
  });

  it("count multiplies the brokers", () => {
    const stack = estimateOne("aipx-dev", provisioned({ count: 2 }));
    expect(item(stack, "MSK kafka.t3.small").monthly).toBeCloseTo(4 * 730 * 0.05, 10);
  });

  it("an instance type without a price is unpriced, named with the key; one without a count too", () => {
    const unknown = estimateOne(
      "aipx-dev",
      provisioned({ broker_node_group_info: { instance_type: "kafka.m7g.16xlarge" } }),
    );
    expect(item(unknown, "MSK kafka.m7g.16xlarge").unpriced).toBe(
      "no price for msk.broker:kafka.m7g.16xlarge in __tests__/scripts/cost/ap-northeast-2.json",
    );
    const noCount = estimateOne("aipx-dev", provisioned({ number_of_broker_nodes: undefined }));
    expect(item(noCount, "MSK brokers").unpriced).toBe("no number_of_broker_nodes");
  });

  it("storage autoscaling is noted as usage above the configured volume; the configuration is free", () => {
    const stack = estimateOne("aipx-dev", {
      ...provisioned(),
      aws_appautoscaling_target: {
        storage: {
          service_namespace: "kafka",
          scalable_dimension: "kafka:broker-storage:VolumeSize",
          resource_id: "${aws_msk_cluster.kafka.arn}",
          min_capacity: 1,
          max_capacity: 100,
        },
      },
      aws_msk_configuration: { cfg: { name: "aipx-dev-3-8-x", server_properties: "x=1\n" } },
    });
    expect(stack.usage).toContain("msk-usage");
    expect(stack.notes).toContain(
      "aipx-dev: broker storage may autoscale from 20 to 100 GB per broker; growth above 20 GB is usage",
    );
    expect(stack.notEstimated).toEqual([]);
    expect(item(stack, "MSK storage").monthly).toBeCloseTo(2 * 20 * 0.1, 10);
  });

  it("enhanced monitoring above DEFAULT is noted (CloudWatch metrics are not estimated)", () => {
    const stack = estimateOne("aipx-dev", provisioned({ enhanced_monitoring: "PER_BROKER" }));
    expect(stack.notes).toContain(
      "aipx-dev: enhanced monitoring PER_BROKER adds CloudWatch metrics per broker, topic or partition, not estimated",
    );
  });
});

describe("MSK Serverless", () => {
  const serverless: Resources = {
    aws_msk_serverless_cluster: {
      sl: { cluster_name: "aipx-dev", client_authentication: { sasl: { iam: { enabled: true } } } },
    },
  };

  it("prices the cluster-hour all month; partitions, storage and traffic are usage", () => {
    const stack = estimateOne("aipx-dev", serverless);
    const cluster = item(stack, "MSK Serverless cluster");
    expect(cluster.monthly).toBeCloseTo(730 * 0.75, 10);
    expect(cluster.detail).toBe("730 h × $0.75/cluster-h");
    expect(stack.usage).toEqual(expect.arrayContaining(["msk-usage", "data-transfer"]));
    expect(stack.notes).toContain(
      "aipx-dev: MSK Serverless partition-hours ($0.0015/partition-h), storage and data in/out depend on the topics and traffic and are usage",
    );
    expect(stack.notEstimated).toEqual([]);
  });

  it("the report lists the usage left out", () => {
    const text = renderText(estimateMany([{ name: "aipx-dev", json: stackJson(serverless) }]));
    expect(text).toContain(
      "MSK broker storage grown by autoscaling, MSK Serverless partition-hours, storage and data in/out",
    );
  });
});

describe("what KafkaCluster synthesizes is fully classified", () => {
  it("provisioned (dev: t3.small × 2, 20 GB, autoscaling to 100 GB): brokers, storage and the key", () => {
    const json = synthesized({
      brokerCount: 2,
      brokerInstanceType: "kafka.t3.small",
      volumeSizeGiB: 20,
      maxVolumeSizeGiB: 100,
    });
    const stack = estimateMany([{ name: "aipx-dev", json }]).environments[0]!.stacks[0]!;
    expect(stack.notEstimated).toEqual([]);
    expect(stack.unpriced).toBe(0);
    expect(stack.items.map((i) => i.label).sort()).toEqual([
      "KMS customer managed key",
      "MSK kafka.t3.small",
      "MSK storage",
    ]);
    expect(stack.usage).toEqual(expect.arrayContaining(["msk-usage", "logs"]));
  });

  it("serverless: the cluster-hour only", () => {
    const stack = estimateMany([{ name: "aipx-dev", json: synthesized({ mode: "serverless" }) }])
      .environments[0]!.stacks[0]!;
    expect(stack.notEstimated).toEqual([]);
    expect(stack.items.map((i) => i.label)).toEqual(["MSK Serverless cluster"]);
  });
});
