import { Fn, Token } from "cdktf";
import { KafkaCluster, KafkaClusterProps } from "../../../modules/msk/kafka-cluster";
import { synthScope } from "../../harness/synth-scope";

const BASE: KafkaClusterProps = {
  clusterName: "aipx-dev",
  vpcId: "vpc-0123",
  clientSubnetIds: ["subnet-a", "subnet-c"],
};
const THREE = ["subnet-a", "subnet-b", "subnet-c"];
const CA =
  "arn:aws:acm-pca:ap-northeast-2:123456789012:certificate-authority/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

function buildError(overrides: Partial<KafkaClusterProps>): string {
  try {
    synthScope((scope) => new KafkaCluster(scope, "kafka", { ...BASE, ...overrides }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

/** The problems of one refusal, without the "path: invalid KafkaCluster props:" header. */
function problemsOf(overrides: Partial<KafkaClusterProps>): string[] {
  const [header, ...lines] = buildError(overrides).split("\n");
  expect(header).toBe("stack/kafka: invalid KafkaCluster props:");
  return lines.map((line) => line.replace(/^ {2}- /, ""));
}

function accepts(overrides: Partial<KafkaClusterProps>): void {
  expect(() =>
    synthScope((scope) => new KafkaCluster(scope, "kafka", { ...BASE, ...overrides })),
  ).not.toThrow();
}

describe("brokers and subnets: MSK puts the same number of brokers in each of 2 or 3 zones", () => {
  test.each<[string, Partial<KafkaClusterProps>, string]>([
    [
      "1 broker over 2 subnets (the source's dev cluster)",
      { brokerCount: 1 },
      `brokerCount must be a multiple of the 2 client subnets (MSK puts the same number of brokers in each AZ): use 2, or mode "serverless", got 1`,
    ],
    [
      "3 brokers over 2 subnets",
      { brokerCount: 3 },
      `brokerCount must be a multiple of the 2 client subnets (MSK puts the same number of brokers in each AZ): use 2 or 4, or mode "serverless", got 3`,
    ],
    [
      "4 brokers over 3 subnets",
      { brokerCount: 4, clientSubnetIds: THREE },
      `brokerCount must be a multiple of the 3 client subnets (MSK puts the same number of brokers in each AZ): use 3 or 6, or mode "serverless", got 4`,
    ],
    [
      "2 brokers over 3 subnets",
      { brokerCount: 2, clientSubnetIds: THREE },
      `brokerCount must be a multiple of the 3 client subnets (MSK puts the same number of brokers in each AZ): use 3, or mode "serverless", got 2`,
    ],
    [
      "0 brokers",
      { brokerCount: 0 },
      "brokerCount must be a whole number of brokers, at least one per client subnet (2), got 0",
    ],
    [
      "2.5 brokers",
      { brokerCount: 2.5 },
      "brokerCount must be a whole number of brokers, at least one per client subnet (2), got 2.5",
    ],
    [
      "4 subnets",
      { clientSubnetIds: ["subnet-a", "subnet-b", "subnet-c", "subnet-d"] },
      "clientSubnetIds must be 2 or 3 subnets, each in a different availability zone (MSK spreads brokers over at most three availability zones), got 4",
    ],
    [
      "1 subnet",
      { clientSubnetIds: ["subnet-a"] },
      "clientSubnetIds must be 2 or 3 subnets, each in a different availability zone (MSK needs at least two availability zones), got 1",
    ],
    [
      "no subnet",
      { clientSubnetIds: [] },
      "clientSubnetIds must be 2 or 3 subnets, each in a different availability zone (MSK needs at least two availability zones), got 0",
    ],
    [
      "1 subnet in serverless mode",
      { mode: "serverless", clientSubnetIds: ["subnet-a"] },
      "clientSubnetIds must be 2 or 3 subnets, each in a different availability zone (MSK needs at least two availability zones), got 1",
    ],
    [
      "one subnet twice",
      { clientSubnetIds: ["subnet-a", "subnet-a"] },
      `clientSubnetIds must name each subnet once (one per availability zone), got "subnet-a" twice`,
    ],
  ])("%s", (_what, props, message) => {
    expect(problemsOf(props)).toEqual([message]);
  });

  test.each<[string, Partial<KafkaClusterProps>]>([
    ["2 over 2", { brokerCount: 2 }],
    ["4 over 2", { brokerCount: 4 }],
    ["3 over 3", { brokerCount: 3, clientSubnetIds: THREE }],
    ["9 over 3", { brokerCount: 9, clientSubnetIds: THREE }],
  ])("accepts %s", (_what, props) => accepts(props));

  it("subnet ids may be references when the list's length is known", () => {
    accepts({
      clientSubnetIds: [Token.asString("${aws_subnet.a.id}"), Token.asString("${aws_subnet.c.id}")],
    });
  });

  it("a list that is a token cannot be counted, so it is refused with how to pass the ids", () => {
    expect(
      problemsOf({ clientSubnetIds: Token.asList(Fn.split(",", "${var.subnets}")), brokerCount: 2 }),
    ).toEqual([
      expect.stringMatching(
        /^clientSubnetIds must be a list of 2 or 3 subnet ids whose length is known at synth/,
      ),
    ]);
  });
});

describe("replication overrides must fit the brokers", () => {
  test.each<[string, Partial<KafkaClusterProps>, RegExp]>([
    [
      "RF above the broker count",
      { brokerCount: 2, replicationFactor: 3 },
      /^replicationFactor must be a whole number from 2 to the 2 brokers \(a partition cannot have more replicas than there are brokers\), got 3$/,
    ],
    [
      "RF 1 (no second copy)",
      { brokerCount: 4, replicationFactor: 1 },
      /^replicationFactor must be a whole number from 2 to the 4 brokers \(one copy is lost with its broker\), got 1$/,
    ],
    [
      "min ISR equal to the derived RF",
      { brokerCount: 3, clientSubnetIds: THREE, minInsyncReplicas: 3 },
      /^minInsyncReplicas must be a whole number from 1 to 2, below the derived replication factor 3 .*; at 3 it also reaches the 3 brokers, so no write could ever be acknowledged\), got 3$/,
    ],
    [
      "min ISR equal to an explicit RF",
      { brokerCount: 4, replicationFactor: 3, minInsyncReplicas: 3 },
      /^minInsyncReplicas must be a whole number from 1 to 2, below the replication factor 3 \(with min.insync.replicas equal to it, one broker down or being patched stops every acks=all write\), got 3$/,
    ],
    [
      "min ISR at the broker count",
      { brokerCount: 2, minInsyncReplicas: 2 },
      /^minInsyncReplicas must be a whole number from 1 to 1, .*reaches the 2 brokers.*, got 2$/,
    ],
    [
      "min ISR 0",
      { brokerCount: 2, minInsyncReplicas: 0 },
      /^minInsyncReplicas must be a whole number from 1 to 1/,
    ],
  ])("%s", (_what, props, message) => {
    expect(problemsOf(props)).toEqual([expect.stringMatching(message)]);
  });

  it("a bad broker count is reported alone: the overrides cannot be judged without it", () => {
    expect(problemsOf({ brokerCount: 3, replicationFactor: 3, minInsyncReplicas: 3 })).toEqual([
      expect.stringMatching(/^brokerCount must be a multiple of the 2 client subnets/),
    ]);
  });
});

describe("every other prop is checked at the boundary, all problems at once", () => {
  test.each<[string, Partial<KafkaClusterProps>, RegExp]>([
    [
      "an upper-case name",
      { clusterName: "AIPX" },
      /^clusterName must be 1-64 lowercase letters, digits and hyphens/,
    ],
    ["a name ending in a hyphen", { clusterName: "aipx-" }, /^clusterName must be .*, got "aipx-"$/],
    ["a name of 65 characters", { clusterName: `a${"b".repeat(64)}` }, /^clusterName must be 1-64/],
    [
      "an unknown mode",
      { mode: "dedicated" as never },
      /^mode must be one of "provisioned", "serverless", got "dedicated"$/,
    ],
    [
      "an unknown auth",
      { auth: "plaintext" as never },
      /^auth must be one of "iam", "scram", "tls", got "plaintext"$/,
    ],
    [
      "an instance type without kafka.",
      { brokerInstanceType: "m5.large" },
      /^brokerInstanceType must be an MSK Standard broker type "kafka.<family>.<size>" .*got "m5.large"$/,
    ],
    [
      "an Express broker",
      { brokerInstanceType: "express.m7g.large" },
      /^brokerInstanceType must be .*Express brokers have no EBS storage to size/,
    ],
    [
      "a size a family lacks",
      { brokerInstanceType: "kafka.t3.medium" },
      /^brokerInstanceType kafka.t3.medium: family t3 comes in small, got size "medium"$/,
    ],
    [
      "a retired Kafka version",
      { kafkaVersion: "3.6.0" },
      /^kafkaVersion must be a version MSK supports for new clusters, one of "3.7.x", .* \(3.6.0 reached MSK's end of support on 2026-06-01; MSK upgrades such clusters itself\), got "3.6.0"$/,
    ],
    [
      "a version shape MSK has not",
      { kafkaVersion: "3.8" },
      /^kafkaVersion must be a version MSK supports .*AWS recommends "3.8.x"\), got "3.8"$/,
    ],
    [
      "a volume of 0 GiB",
      { volumeSizeGiB: 0 },
      /^volumeSizeGiB must be a whole number of GiB per broker from 1 to 16384, got 0$/,
    ],
    ["a volume above 16384 GiB", { volumeSizeGiB: 20000 }, /^volumeSizeGiB must be .*, got 20000$/],
    [
      "a ceiling below the volume",
      { volumeSizeGiB: 100, maxVolumeSizeGiB: 50 },
      /^maxVolumeSizeGiB must be a whole number of GiB from the volume size \(100, which turns storage autoscaling off\) to 16384, got 50$/,
    ],
    ["a ceiling above 16384", { maxVolumeSizeGiB: 16385 }, /^maxVolumeSizeGiB must be .*, got 16385$/],
    [
      "a target of 90 %",
      { storageTargetUtilization: 90 },
      /^storageTargetUtilization must be a whole percentage from 10 to 80 .*, got 90$/,
    ],
    [
      "a target with autoscaling off",
      { volumeSizeGiB: 100, maxVolumeSizeGiB: 100, storageTargetUtilization: 60 },
      /^storageTargetUtilization applies only when storage can autoscale, but maxVolumeSizeGiB equals volumeSizeGiB \(100\)/,
    ],
    [
      "retention for ever",
      { logRetentionHours: -1 },
      /^logRetentionHours must be a whole number of hours from 1 to 8760 .*, got -1$/,
    ],
    [
      "a property the module sets",
      { serverProperties: { "min.insync.replicas": "1" } },
      /^serverProperties must not set min.insync.replicas: the module sets it .*got min.insync.replicas=1$/,
    ],
    [
      "retention in ms (it would override the hours)",
      { serverProperties: { "log.retention.ms": "1000" } },
      /^serverProperties must not set log.retention.ms/,
    ],
    [
      "a bad property name",
      { serverProperties: { "Num Partitions": "6" } },
      /^serverProperties must have Kafka property names/,
    ],
    [
      "a multi-line value",
      { serverProperties: { "num.partitions": "6\nx=1" } },
      /^serverProperties must have one-line, non-empty values/,
    ],
    [
      "an unknown monitoring level",
      { enhancedMonitoring: "FULL" as never },
      /^enhancedMonitoring must be one of "DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION", got "FULL"$/,
    ],
    [
      "log retention CloudWatch lacks",
      { brokerLogRetentionDays: 10 },
      /^brokerLogRetentionDays must be one of 1, 3, 5, 7, 14, 30/,
    ],
    [
      "TLS auth without a CA",
      { auth: "tls" },
      /^tlsCertificateAuthorityArns must name at least one ACM Private CA/,
    ],
    [
      "a CA that is not ACM PCA",
      { auth: "tls", tlsCertificateAuthorityArns: ["arn:aws:acm:ap-northeast-2:123456789012:certificate/x"] },
      /^tlsCertificateAuthorityArns must hold ACM Private CA ARNs/,
    ],
    [
      "a CA with IAM auth",
      { tlsCertificateAuthorityArns: [CA] },
      /^tlsCertificateAuthorityArns applies only to auth "tls"/,
    ],
    ["SCRAM secrets with IAM auth", { scramSecretArns: [] }, /^scramSecretArns applies only to auth "scram"/],
    [
      "a SCRAM secret not named AmazonMSK_",
      {
        auth: "scram",
        scramSecretArns: ["arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:ingest-AbC123"],
      },
      /^scramSecretArns must hold Secrets Manager secret ARNs whose names start with "AmazonMSK_"/,
    ],
  ])("%s", (_what, props, message) => {
    expect(problemsOf(props)).toEqual([expect.stringMatching(message)]);
  });

  it("reports several problems in one error", () => {
    expect(problemsOf({ clusterName: "X", brokerCount: 3, kafkaVersion: "2.8.1", volumeSizeGiB: 0 })).toEqual(
      [
        expect.stringMatching(/^clusterName must be/),
        expect.stringMatching(/^brokerCount must be a multiple of the 2 client subnets/),
        expect.stringMatching(/^volumeSizeGiB must be/),
        expect.stringMatching(/^kafkaVersion must be .*2.8.1 reached MSK's end of support on 2024-09-11/),
      ],
    );
  });
});

describe("serverless refuses what only a provisioned cluster has", () => {
  test.each<[keyof KafkaClusterProps, unknown]>([
    ["brokerCount", 2],
    ["brokerInstanceType", "kafka.t3.small"],
    ["volumeSizeGiB", 20],
    ["maxVolumeSizeGiB", 40],
    ["storageTargetUtilization", 50],
    ["kafkaVersion", "3.8.x"],
    ["replicationFactor", 2],
    ["minInsyncReplicas", 1],
    ["logRetentionHours", 24],
    ["serverProperties", {}],
    ["kmsKeyArn", "arn:aws:kms:ap-northeast-2:123456789012:key/abc"],
    ["enhancedMonitoring", "PER_BROKER"],
    ["brokerLogRetentionDays", 7],
    ["tlsCertificateAuthorityArns", [CA]],
    ["scramSecretArns", []],
  ])("%s", (prop, value) => {
    expect(problemsOf({ mode: "serverless", [prop]: value })).toEqual([
      `${prop} applies to mode "provisioned" only (MSK Serverless has no brokers, volumes, configuration or broker logs of its own to set); remove it or use mode "provisioned"`,
    ]);
  });

  it("authenticates with IAM only", () => {
    expect(problemsOf({ mode: "serverless", auth: "scram" })).toEqual([
      `auth must be "iam" with mode "serverless" (MSK Serverless authenticates with IAM only), got "scram"`,
    ]);
  });

  it("takes 3 subnets", () => accepts({ mode: "serverless", clientSubnetIds: THREE }));
});
