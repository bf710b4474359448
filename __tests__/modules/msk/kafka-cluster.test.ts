import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { KafkaCluster, KafkaClusterProps } from "../../../modules/msk/kafka-cluster";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

const BASE: KafkaClusterProps = {
  clusterName: "aipx-dev",
  vpcId: "vpc-0123",
  clientSubnetIds: ["subnet-priv-a", "subnet-priv-c"],
};
const KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/abc";
const CA =
  "arn:aws:acm-pca:ap-northeast-2:123456789012:certificate-authority/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

function build(
  overrides: Partial<KafkaClusterProps> = {},
  extra?: (scope: Construct, kafka: KafkaCluster) => void,
): { synth: SynthesizedJson; kafka: KafkaCluster } {
  let kafka: KafkaCluster | undefined;
  const synth = synthScope((scope) => {
    kafka = new KafkaCluster(scope, "kafka", { ...BASE, ...overrides });
    extra?.(scope, kafka);
  });
  return { synth, kafka: kafka! };
}

const clusterOf = (synth: SynthesizedJson) => synth.only("aws_msk_cluster");
const clusterName = (synth: SynthesizedJson) => Object.keys(synth.resources("aws_msk_cluster"))[0]!;
const configurationOf = (synth: SynthesizedJson) => synth.only("aws_msk_configuration");
const configurationName = (synth: SynthesizedJson) =>
  Object.keys(synth.resources("aws_msk_configuration"))[0]!;
const kafkaGroupName = (synth: SynthesizedJson) =>
  Object.entries(synth.resources("aws_security_group")).find(([, g]) => g.name === "aipx-dev-msk")![0];

/** server.properties as a map. */
function propertiesOf(synth: SynthesizedJson): Record<string, string> {
  const text = configurationOf(synth).server_properties as string;
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => line.split("=") as [string, string]),
  );
}

/**
 * arn:<partition>:kafka:<region>:<account>:<type>/aipx-dev/<cluster uuid>/<name>, as references to the
 * stack's aws-context data sources and the cluster's UUID.
 */
function kafkaArn(synth: SynthesizedJson, clusterType: string, type: string, name: string): string {
  const data = synth.json.data as Record<string, Record<string, unknown>>;
  const only = (dataType: string) => Object.keys(data[dataType]!)[0]!;
  const partition = `\${data.aws_partition.${only("aws_partition")}.partition}`;
  const region = `\${data.aws_region.${only("aws_region")}.name}`;
  const account = `\${data.aws_caller_identity.${only("aws_caller_identity")}.account_id}`;
  const uuid = ref(clusterType, Object.keys(synth.resources(clusterType))[0]!, "cluster_uuid");
  return `arn:${partition}:kafka:${region}:${account}:${type}/aipx-dev/${uuid}/${name}`;
}

/** The statements of the one role policy in the stack. */
function statementsOf(synth: SynthesizedJson): PolicyStatement[] {
  const policy = synth.only("aws_iam_role_policy").policy as string;
  return (JSON.parse(policy) as { Statement: PolicyStatement[] }).Statement;
}

describe("KafkaCluster defaults: provisioned, IAM authentication, encrypted, private", () => {
  const { synth, kafka } = build({}, (scope, k) => {
    new TerraformOutput(scope, "bootstrap", { value: k.bootstrapBrokers, sensitive: true });
    new TerraformOutput(scope, "arn", { value: k.clusterArn });
    new TerraformOutput(scope, "name", { value: k.clusterName });
    new TerraformOutput(scope, "sg", { value: k.securityGroupId });
    new TerraformOutput(scope, "key", { value: k.kmsKeyArn! });
    new TerraformOutput(scope, "logs", { value: k.brokerLogGroupName! });
    new TerraformOutput(scope, "configuration", { value: k.configurationName! });
    new TerraformOutput(scope, "uuid", { value: k.clusterUuid });
  });
  const cluster = clusterOf(synth);
  const name = clusterName(synth);

  it("is one cluster of 4 kafka.m7g.large brokers over the 2 subnets (the fewest that hold three replicas), Kafka 3.8.x", () => {
    expect(cluster).toMatchObject({
      cluster_name: "aipx-dev",
      kafka_version: "3.8.x",
      number_of_broker_nodes: 4,
      broker_node_group_info: {
        instance_type: "kafka.m7g.large",
        client_subnets: ["subnet-priv-a", "subnet-priv-c"],
        storage_info: { ebs_storage_info: { volume_size: 100 } },
      },
    });
    expect(kafka.brokerCount).toBe(4);
    expect(kafka.mode).toBe("provisioned");
  });

  it("encrypts in transit with TLS only, between brokers too, and at rest with a key of its own, rotated", () => {
    const key = synth.only("aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true });
    expect(key).not.toHaveProperty("policy");
    const keyName = Object.keys(synth.resources("aws_kms_key"))[0]!;
    expect(cluster.encryption_info).toEqual({
      encryption_at_rest_kms_key_arn: ref("aws_kms_key", keyName, "arn"),
      encryption_in_transit: { client_broker: "TLS", in_cluster: true },
    });
    expect(synth.only("aws_kms_alias")).toMatchObject({
      name: "alias/msk/aipx-dev",
      target_key_id: ref("aws_kms_key", keyName, "key_id"),
    });
    expect(synth.output("key")?.value).toBe(ref("aws_kms_key", keyName, "arn"));
  });

  it("authenticates with IAM only: unauthenticated access off, no SCRAM, no TLS client certificates", () => {
    expect(cluster.client_authentication).toEqual({ unauthenticated: false, sasl: { iam: true } });
    expect(kafka.auth).toBe("iam");
    expect(kafka.port).toBe(9098);
  });

  it("is never public: public access is DISABLED explicitly", () => {
    expect(cluster.broker_node_group_info).toMatchObject({
      connectivity_info: { public_access: { type: "DISABLED" } },
    });
  });

  it("ships broker logs to its own log group with 30 days retention, created before the cluster", () => {
    const group = synth.only("aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/aws/msk/aipx-dev/broker", retention_in_days: 30 });
    const groupName = Object.keys(synth.resources("aws_cloudwatch_log_group"))[0]!;
    expect(cluster.logging_info).toEqual({
      broker_logs: {
        cloudwatch_logs: { enabled: true, log_group: ref("aws_cloudwatch_log_group", groupName, "name") },
      },
    });
    expect(cluster.depends_on).toEqual([`aws_cloudwatch_log_group.${groupName}`]);
    expect(synth.output("logs")?.value).toBe(ref("aws_cloudwatch_log_group", groupName, "name"));
  });

  it("monitors at the free DEFAULT level", () => {
    expect(cluster.enhanced_monitoring).toBe("DEFAULT");
  });

  it("uses a configuration named after its Kafka version, created before the old one goes", () => {
    const configuration = configurationOf(synth);
    expect(configuration).toMatchObject({
      name: "aipx-dev-3-8-x",
      kafka_versions: ["3.8.x"],
      lifecycle: { create_before_destroy: true },
    });
    const cfg = configurationName(synth);
    expect(cluster.configuration_info).toEqual({
      arn: ref("aws_msk_configuration", cfg, "arn"),
      revision: ref("aws_msk_configuration", cfg, "latest_revision"),
    });
    expect(synth.output("configuration")?.value).toBe(ref("aws_msk_configuration", cfg, "name"));
  });

  it("creates no topic by accident, keeps 7 days, and replicates 3 ways with 2 in sync (4 brokers)", () => {
    expect(propertiesOf(synth)).toEqual({
      "auto.create.topics.enable": "false",
      "default.replication.factor": "3",
      "min.insync.replicas": "2",
      "offsets.topic.replication.factor": "3",
      "transaction.state.log.replication.factor": "3",
      "transaction.state.log.min.isr": "2",
      "log.retention.hours": "168",
    });
    expect([kafka.replicationFactor, kafka.minInsyncReplicas]).toEqual([3, 2]);
  });

  it("autoscales broker storage up to four times the volume, never scaling in, and lets MSK own the size", () => {
    const scalingTarget = synth.only("aws_appautoscaling_target");
    expect(scalingTarget).toEqual(
      expect.objectContaining({
        service_namespace: "kafka",
        scalable_dimension: "kafka:broker-storage:VolumeSize",
        resource_id: ref("aws_msk_cluster", name, "arn"),
        min_capacity: 1,
        max_capacity: 400,
      }),
    );
    const targetName = Object.keys(synth.resources("aws_appautoscaling_target"))[0]!;
    expect(synth.only("aws_appautoscaling_policy")).toMatchObject({
      name: "aipx-dev-broker-storage",
      policy_type: "TargetTrackingScaling",
      resource_id: ref("aws_appautoscaling_target", targetName, "resource_id"),
      scalable_dimension: ref("aws_appautoscaling_target", targetName, "scalable_dimension"),
      service_namespace: ref("aws_appautoscaling_target", targetName, "service_namespace"),
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: "KafkaBrokerStorageUtilization" },
        target_value: 50,
        disable_scale_in: true,
      },
    });
    expect(cluster.lifecycle).toEqual({
      ignore_changes: ["broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size"],
    });
  });

  it("lives in its own security group that opens nothing and never sends", () => {
    expect(synth.resources("aws_security_group")[kafkaGroupName(synth)]).toMatchObject({
      name: "aipx-dev-msk",
      vpc_id: "vpc-0123",
    });
    expect((cluster.broker_node_group_info as Record<string, unknown>).security_groups).toEqual([
      ref("aws_security_group", kafkaGroupName(synth)),
    ]);
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(synth.count("aws_vpc_security_group_egress_rule")).toBe(0);
    expect(synth.output("sg")?.value).toBe(ref("aws_security_group", kafkaGroupName(synth)));
  });

  it("exposes the IAM bootstrap brokers (output sensitive), the cluster's ARN and name", () => {
    expect(synth.output("bootstrap")).toEqual({
      value: ref("aws_msk_cluster", name, "bootstrap_brokers_sasl_iam"),
      sensitive: true,
    });
    expect(synth.output("arn")?.value).toBe(ref("aws_msk_cluster", name, "arn"));
    expect(synth.output("name")?.value).toBe(ref("aws_msk_cluster", name, "cluster_name"));
    expect(synth.output("uuid")?.value).toBe(ref("aws_msk_cluster", name, "cluster_uuid"));
  });

  it("has no serverless cluster and no SCRAM association", () => {
    expect(synth.count("aws_msk_serverless_cluster")).toBe(0);
    expect(synth.count("aws_msk_scram_secret_association")).toBe(0);
  });
});

describe("KafkaCluster replication follows the broker count", () => {
  test.each<[string, Partial<KafkaClusterProps>, number, number]>([
    ["2 brokers over 2 subnets", { brokerCount: 2 }, 2, 1],
    [
      "3 brokers over 3 subnets",
      { brokerCount: 3, clientSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
      3,
      2,
    ],
    ["4 brokers over 2 subnets", { brokerCount: 4 }, 3, 2],
    [
      "6 brokers over 3 subnets",
      { brokerCount: 6, clientSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
      3,
      2,
    ],
    ["4 brokers with replication factor 2", { brokerCount: 4, replicationFactor: 2 }, 2, 1],
    ["4 brokers with min ISR 1", { brokerCount: 4, minInsyncReplicas: 1 }, 3, 1],
    [
      "4 brokers with RF 4 and min ISR 3",
      { brokerCount: 4, replicationFactor: 4, minInsyncReplicas: 3 },
      4,
      3,
    ],
  ])("%s: RF %i, min ISR %i", (_what, props, rf, isr) => {
    const { synth, kafka } = build(props);
    const properties = propertiesOf(synth);
    expect(properties).toMatchObject({
      "default.replication.factor": String(rf),
      "offsets.topic.replication.factor": String(rf),
      "transaction.state.log.replication.factor": String(rf),
      "min.insync.replicas": String(isr),
      "transaction.state.log.min.isr": String(isr),
    });
    expect(clusterOf(synth).number_of_broker_nodes).toBe(props.brokerCount);
    expect([kafka.replicationFactor, kafka.minInsyncReplicas]).toEqual([rf, isr]);
  });

  it("3 subnets and no count: 3 brokers", () => {
    const { synth } = build({ clientSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] });
    expect(clusterOf(synth).number_of_broker_nodes).toBe(3);
    expect(propertiesOf(synth)["default.replication.factor"]).toBe("3");
  });

  it("takes further broker properties and the retention, sorted into the text", () => {
    const { synth } = build({ logRetentionHours: 72, serverProperties: { "num.partitions": "6" } });
    const text = configurationOf(synth).server_properties as string;
    expect(text.split("\n").filter(Boolean)).toEqual([
      "auto.create.topics.enable=false",
      "default.replication.factor=3",
      "log.retention.hours=72",
      "min.insync.replicas=2",
      "num.partitions=6",
      "offsets.topic.replication.factor=3",
      "transaction.state.log.min.isr=2",
      "transaction.state.log.replication.factor=3",
    ]);
    expect(text.endsWith("\n")).toBe(true);
  });
});

describe("KafkaCluster version changes", () => {
  test.each([
    ["3.7.x", "aipx-dev-3-7-x"],
    ["3.8.x", "aipx-dev-3-8-x"],
    ["3.8.x.kraft", "aipx-dev-3-8-x-kraft"],
    ["3.9.x", "aipx-dev-3-9-x"],
    ["4.0.x.kraft", "aipx-dev-4-0-x-kraft"],
  ])("Kafka %s uses configuration %s for that version only", (kafkaVersion, name) => {
    const { synth } = build({ kafkaVersion });
    expect(configurationOf(synth)).toMatchObject({ name, kafka_versions: [kafkaVersion] });
    expect(clusterOf(synth).kafka_version).toBe(kafkaVersion);
  });

  it("a version change renames the configuration (a new one, made first), same construct", () => {
    const before = build({ kafkaVersion: "3.8.x" }).synth;
    const after = build({ kafkaVersion: "3.9.x" }).synth;
    expect(configurationName(before)).toBe(configurationName(after));
    expect(configurationOf(before).name).not.toBe(configurationOf(after).name);
    expect(configurationOf(after).lifecycle).toEqual({ create_before_destroy: true });
  });
});

describe("KafkaCluster broker and storage choices", () => {
  it("dev: kafka.t3.small x 2 with 20 GiB that may grow to 100 GiB at 60 %", () => {
    const { synth } = build({
      brokerCount: 2,
      brokerInstanceType: "kafka.t3.small",
      volumeSizeGiB: 20,
      maxVolumeSizeGiB: 100,
      storageTargetUtilization: 60,
    });
    expect(clusterOf(synth)).toMatchObject({
      number_of_broker_nodes: 2,
      broker_node_group_info: {
        instance_type: "kafka.t3.small",
        storage_info: { ebs_storage_info: { volume_size: 20 } },
      },
    });
    expect(synth.only("aws_appautoscaling_target").max_capacity).toBe(100);
    expect(
      (
        synth.only("aws_appautoscaling_policy").target_tracking_scaling_policy_configuration as Record<
          string,
          unknown
        >
      ).target_value,
    ).toBe(60);
  });

  it("the default ceiling stays within MSK's 16384 GiB", () => {
    expect(build({ volumeSizeGiB: 10000 }).synth.only("aws_appautoscaling_target").max_capacity).toBe(16384);
  });

  it("a ceiling equal to the volume turns autoscaling off and Terraform keeps managing the size", () => {
    const { synth } = build({ volumeSizeGiB: 500, maxVolumeSizeGiB: 500 });
    expect(synth.count("aws_appautoscaling_target")).toBe(0);
    expect(synth.count("aws_appautoscaling_policy")).toBe(0);
    expect(clusterOf(synth)).not.toHaveProperty("lifecycle");
  });

  it("takes a customer managed key instead of creating one", () => {
    const { synth, kafka } = build({ kmsKeyArn: KEY });
    expect(synth.count("aws_kms_key")).toBe(0);
    expect(synth.count("aws_kms_alias")).toBe(0);
    expect((clusterOf(synth).encryption_info as Record<string, unknown>).encryption_at_rest_kms_key_arn).toBe(
      KEY,
    );
    expect(kafka.kmsKeyArn).toBe(KEY);
  });

  test.each(["PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"] as const)(
    "enhanced monitoring %s",
    (enhancedMonitoring) => {
      expect(clusterOf(build({ enhancedMonitoring }).synth).enhanced_monitoring).toBe(enhancedMonitoring);
    },
  );

  it("keeps broker logs as long as brokerLogRetentionDays says", () => {
    const group = build({ brokerLogRetentionDays: 90 }).synth.only("aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(90);
  });
});

describe("KafkaCluster authentication and the one port callers may open", () => {
  test.each<[string, Partial<KafkaClusterProps>, number, Record<string, unknown>, string]>([
    ["iam", {}, 9098, { unauthenticated: false, sasl: { iam: true } }, "bootstrap_brokers_sasl_iam"],
    [
      "scram",
      { auth: "scram" },
      9096,
      { unauthenticated: false, sasl: { scram: true } },
      "bootstrap_brokers_sasl_scram",
    ],
    [
      "tls",
      { auth: "tls", tlsCertificateAuthorityArns: [CA] },
      9094,
      { unauthenticated: false, tls: { certificate_authority_arns: [CA] } },
      "bootstrap_brokers_tls",
    ],
  ])(
    "auth %s: port %i only, from the peer that is allowed",
    (_auth, props, port, authentication, attribute) => {
      const { synth, kafka } = build(props, (scope, k) => {
        const api = new SecurityGroup(scope, "ingest", {
          vpcId: "vpc-0123",
          name: "ingest",
          description: "ingest",
        });
        k.connections.allowFrom(api);
        new TerraformOutput(scope, "bootstrap", { value: k.bootstrapBrokers, sensitive: true });
      });
      expect(clusterOf(synth).client_authentication).toEqual(authentication);
      const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
      const ingestName = Object.entries(synth.resources("aws_security_group")).find(
        ([, g]) => g.name === "ingest",
      )![0];
      expect(ingress).toEqual([
        expect.objectContaining({
          security_group_id: ref("aws_security_group", kafkaGroupName(synth)),
          referenced_security_group_id: ref("aws_security_group", ingestName),
          ip_protocol: "tcp",
          from_port: port,
          to_port: port,
        }),
      ]);
      expect(Object.values(synth.resources("aws_vpc_security_group_egress_rule"))).toEqual([
        expect.objectContaining({
          security_group_id: ref("aws_security_group", ingestName),
          from_port: port,
          to_port: port,
        }),
      ]);
      expect(kafka.port).toBe(port);
      expect(synth.output("bootstrap")?.value).toBe(ref("aws_msk_cluster", clusterName(synth), attribute));
    },
  );

  it("the brokers' group refuses to send anywhere", () => {
    expect(() =>
      build({}, (scope, k) => {
        const api = new SecurityGroup(scope, "ingest", {
          vpcId: "vpc-0123",
          name: "ingest",
          description: "x",
        });
        k.connections.allowTo(api, Port.tcp(443));
      }),
    ).toThrow(/aipx-dev-msk only answers/);
  });

  it("SCRAM users' secrets are associated when given", () => {
    const secret = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:AmazonMSK_ingest-AbC123";
    const { synth } = build({ auth: "scram", scramSecretArns: [secret] });
    expect(synth.only("aws_msk_scram_secret_association")).toMatchObject({
      cluster_arn: ref("aws_msk_cluster", clusterName(synth), "arn"),
      secret_arn_list: [secret],
    });
  });
});

describe("KafkaCluster.grantTopics", () => {
  const role = (scope: Construct) =>
    new Role(scope, "ingest-role", { roleName: "aipx-dev-ingest", assumedBy: ServicePrincipals.ecsTasks });
  const topic = (synth: SynthesizedJson, name: string) => kafkaArn(synth, "aws_msk_cluster", "topic", name);
  const group = (synth: SynthesizedJson, name: string) => kafkaArn(synth, "aws_msk_cluster", "group", name);

  it("a consumer that produces nothing gets no idempotent-write permission", () => {
    const { synth } = build({}, (scope, k) =>
      k.grantTopics(role(scope), { consume: ["fills"], consumerGroups: ["oms"] }),
    );
    expect(statementsOf(synth)[0]!.Action).toEqual([
      "kafka-cluster:Connect",
      "kafka-cluster:DescribeCluster",
    ]);
  });

  it("grants exactly connect, the named topics and the named groups, each on its exact ARN", () => {
    const { synth } = build({}, (scope, k) =>
      k.grantTopics(role(scope), {
        produce: ["market-ticks", "orders"],
        consume: ["fills"],
        consumerGroups: ["oms"],
      }),
    );
    const arn = ref("aws_msk_cluster", clusterName(synth), "arn");
    expect(statementsOf(synth)).toEqual([
      {
        Sid: "KafkaConnect",
        Effect: "Allow",
        Action: [
          "kafka-cluster:Connect",
          "kafka-cluster:DescribeCluster",
          "kafka-cluster:WriteDataIdempotently",
        ],
        Resource: arn,
      },
      {
        Sid: "KafkaProduce",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: [topic(synth, "market-ticks"), topic(synth, "orders")],
      },
      {
        Sid: "KafkaConsume",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: [topic(synth, "fills")],
      },
      {
        Sid: "KafkaGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
        Resource: [group(synth, "oms")],
      },
    ]);
  });

  it("a producer alone gets no read, no group and no wildcard", () => {
    const { synth } = build({}, (scope, k) => k.grantTopics(role(scope), { produce: ["market-ticks"] }));
    const statements = statementsOf(synth);
    expect(statements.map((s) => s.Sid)).toEqual(["KafkaConnect", "KafkaProduce"]);
    const everything = JSON.stringify(statements);
    expect(everything).not.toContain("ReadData");
    expect(everything).not.toContain("*");
  });

  it("names topics and groups by the cluster's partition, region, account, name and UUID, no pattern", () => {
    const { synth } = build({}, (scope, k) =>
      k.grantTopics(role(scope), { consume: ["orders"], consumerGroups: ["oms"] }),
    );
    const [, consume, groups] = statementsOf(synth);
    const uuid = ref("aws_msk_cluster", clusterName(synth), "cluster_uuid");
    const pattern = (type: string, name: string) =>
      new RegExp(
        `^arn:\\$\\{data\\.aws_partition\\.[^}]+\\.partition\\}:kafka:\\$\\{data\\.aws_region\\.[^}]+\\.name\\}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\.account_id\\}:${type}/aipx-dev/${uuid.replace(/[${}.]/g, "\\$&")}/${name}$`,
      );
    expect(consume!.Resource).toEqual([expect.stringMatching(pattern("topic", "orders"))]);
    expect(groups!.Resource).toEqual([expect.stringMatching(pattern("group", "oms"))]);
  });

  it("two grants with their own Sids share the role's one policy", () => {
    const { synth } = build({}, (scope, k) => {
      const r = role(scope);
      k.grantTopics(r, { produce: ["market-ticks"] }, "Ticks");
      k.grantTopics(r, { consume: ["orders"], consumerGroups: ["oms"] }, "Orders");
    });
    expect(statementsOf(synth).map((s) => s.Sid)).toEqual([
      "TicksConnect",
      "TicksProduce",
      "OrdersConnect",
      "OrdersConsume",
      "OrdersGroups",
    ]);
  });

  test.each<[string, Partial<KafkaClusterProps>, Parameters<KafkaCluster["grantTopics"]>[1], RegExp]>([
    [
      "nothing named",
      {},
      {},
      /grantTopics needs at least one topic in produce or consume, or a consumer group/,
    ],
    [
      "a wildcard topic",
      {},
      { produce: ["orders-*"] },
      /produce must hold literal Kafka topic names .*got "orders-\*"/,
    ],
    [
      "an empty topic name",
      {},
      { consume: [""], consumerGroups: ["g"] },
      /consume must hold literal Kafka topic names/,
    ],
    [
      "a wildcard group",
      {},
      { consume: ["orders"], consumerGroups: ["*"] },
      /consumerGroups must hold literal consumer group names .*got "\*"/,
    ],
    [
      "a topic twice",
      {},
      { produce: ["orders", "orders"] },
      /produce must name each entry once, got "orders" twice/,
    ],
    [
      "consume without a group",
      {},
      { consume: ["orders"] },
      /consume needs consumerGroups: kafka-cluster:ReadData also requires AlterGroup/,
    ],
    [
      "auth scram",
      { auth: "scram" },
      { produce: ["orders"] },
      /grantTopics applies to auth "iam" .*Kafka ACLs/,
    ],
  ])("refuses %s", (_what, props, grants, message) => {
    expect(() => build(props, (scope, k) => k.grantTopics(role(scope), grants))).toThrow(message);
  });
});

describe("KafkaCluster serverless", () => {
  const { synth, kafka } = build({ mode: "serverless" }, (scope, k) => {
    new TerraformOutput(scope, "bootstrap", { value: k.bootstrapBrokers, sensitive: true });
    new TerraformOutput(scope, "arn", { value: k.clusterArn });
    new TerraformOutput(scope, "name", { value: k.clusterName });
    const api = new SecurityGroup(scope, "ingest", {
      vpcId: "vpc-0123",
      name: "ingest",
      description: "ingest",
    });
    k.connections.allowFrom(api);
    k.grantTopics(
      new Role(scope, "worker", { roleName: "aipx-dev-worker", assumedBy: ServicePrincipals.lambda }),
      { consume: ["orders"], consumerGroups: ["strategy-worker"] },
    );
  });
  const name = Object.keys(synth.resources("aws_msk_serverless_cluster"))[0]!;

  it("is an MSK Serverless cluster with IAM authentication in the same subnets and security group", () => {
    expect(synth.only("aws_msk_serverless_cluster")).toMatchObject({
      cluster_name: "aipx-dev",
      vpc_config: [
        {
          subnet_ids: ["subnet-priv-a", "subnet-priv-c"],
          security_group_ids: [ref("aws_security_group", kafkaGroupName(synth))],
        },
      ],
      client_authentication: { sasl: { iam: { enabled: true } } },
    });
    expect(kafka.mode).toBe("serverless");
  });

  it("has no brokers, configuration, key, broker logs or storage scaling of its own", () => {
    for (const type of [
      "aws_msk_cluster",
      "aws_msk_configuration",
      "aws_kms_key",
      "aws_cloudwatch_log_group",
      "aws_appautoscaling_target",
    ]) {
      expect(synth.count(type)).toBe(0);
    }
    expect([kafka.brokerCount, kafka.kmsKeyArn, kafka.brokerLogGroupName, kafka.configurationArn]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("answers on 9098 and exposes bootstrap_brokers_sasl_iam", () => {
    expect(synth.only("aws_vpc_security_group_ingress_rule")).toMatchObject({
      from_port: 9098,
      to_port: 9098,
    });
    expect(synth.output("bootstrap")).toEqual({
      value: ref("aws_msk_serverless_cluster", name, "bootstrap_brokers_sasl_iam"),
      sensitive: true,
    });
    expect(synth.output("arn")?.value).toBe(ref("aws_msk_serverless_cluster", name, "arn"));
    expect(synth.output("name")?.value).toBe(ref("aws_msk_serverless_cluster", name, "cluster_name"));
  });

  it("grants on the serverless cluster's own ARN", () => {
    const statements = statementsOf(synth);
    expect(statements[0]).toMatchObject({ Resource: ref("aws_msk_serverless_cluster", name, "arn") });
    expect(statements[1]).toMatchObject({
      Sid: "KafkaConsume",
      Resource: [kafkaArn(synth, "aws_msk_serverless_cluster", "topic", "orders")],
    });
    expect(target(synth, "aws_msk_serverless_cluster", statements[0]!.Resource, "arn")).toBe(name);
  });
});

describe("KafkaCluster with Lambda event sources", () => {
  it("admits itself on the Kafka port and may send only there and to HTTPS (the pollers' needs)", () => {
    const { synth } = build({ lambdaEventSources: true });
    const group = ref("aws_security_group", kafkaGroupName(synth));
    expect(Object.values(synth.resources("aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({
        security_group_id: group,
        referenced_security_group_id: group,
        from_port: 9098,
        to_port: 9098,
      }),
    ]);
    const egress = Object.values(synth.resources("aws_vpc_security_group_egress_rule")).map((r) => [
      r.referenced_security_group_id ?? r.cidr_ipv4,
      r.from_port,
    ]);
    expect(egress).toHaveLength(2);
    expect(egress).toEqual(
      expect.arrayContaining([
        ["0.0.0.0/0", 443],
        [group, 9098],
      ]),
    );
  });
});
