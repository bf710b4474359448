import { MskCluster, MskClusterConfig } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { Construct } from "constructs";
import { Role } from "../../modules/iam/role";
import { ServicePrincipals } from "../../modules/iam/service-principal";
import { KafkaCluster, KafkaClusterProps } from "../../modules/msk/kafka-cluster";
import { SecurityGroup } from "../../modules/network/security-group";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The MSK rules on what cdktf really emits: bare provider resources written the careless way break
 * them, KafkaCluster in every mode and authentication breaks no rule of the whole suite. The
 * hand-written fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const MSK_RULES = [
  "msk-broker-logs-enabled",
  "msk-encrypted-at-rest-with-key",
  "msk-encryption-in-transit-tls-only",
  "msk-no-public-access",
  "msk-unauthenticated-access-off",
];
const KAFKA: KafkaClusterProps = {
  clusterName: "aipx-dev",
  vpcId: "vpc-1",
  clientSubnetIds: ["subnet-a", "subnet-c"],
};
const CA =
  "arn:aws:acm-pca:ap-northeast-2:123456789012:certificate-authority/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

const bareCluster = (scope: Construct, extra: Partial<MskClusterConfig> = {}) =>
  new MskCluster(scope, "msk", {
    clusterName: "bare",
    kafkaVersion: "3.8.x",
    numberOfBrokerNodes: 2,
    brokerNodeGroupInfo: {
      instanceType: "kafka.t3.small",
      clientSubnets: ["subnet-a", "subnet-c"],
      securityGroups: ["sg-1"],
    },
    ...extra,
  });

test("the MSK rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(MSK_RULES));
});

describe("bare provider resources", () => {
  test("a bare aws_msk_cluster with public brokers and plain text breaks every MSK rule", () => {
    expect(
      rulesBroken((s) =>
        bareCluster(s, {
          brokerNodeGroupInfo: {
            instanceType: "kafka.t3.small",
            clientSubnets: ["subnet-a", "subnet-c"],
            securityGroups: ["sg-1"],
            connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } },
          },
          encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false } },
        }),
      ),
    ).toEqual(MSK_RULES);
  });

  test("the defaults alone (no blocks) are unauthenticated, without a key and without logs", () => {
    expect(rulesBroken((s) => bareCluster(s))).toEqual([
      "msk-broker-logs-enabled",
      "msk-encrypted-at-rest-with-key",
      "msk-unauthenticated-access-off",
    ]);
  });

  test("each problem names the attribute and the fix", () => {
    const lines = findings((s) =>
      bareCluster(s, {
        clientAuthentication: { unauthenticated: true, sasl: { iam: true } },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: "arn:aws:kms:ap-northeast-2:111111111111:key/k",
          encryptionInTransit: { clientBroker: "PLAINTEXT" },
        },
        loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "/aws/msk/bare" } } },
      }),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_msk_cluster\.msk \/ msk-encryption-in-transit-tls-only \/ encryption_in_transit client_broker is "PLAINTEXT".*set "TLS"$/,
      ),
      expect.stringMatching(
        /^scope \/ aws_msk_cluster\.msk \/ msk-unauthenticated-access-off \/ client_authentication\.unauthenticated is true/,
      ),
    ]);
  });

  test("a serverless cluster without IAM is flagged; with IAM it passes", () => {
    const serverless = (enabled: boolean) => (s: Construct) =>
      new MskServerlessCluster(s, "sl", {
        clusterName: "sl",
        vpcConfig: [{ subnetIds: ["subnet-a", "subnet-c"] }],
        clientAuthentication: { sasl: { iam: { enabled } } },
      });
    expect(rulesBroken(serverless(false))).toEqual(["msk-unauthenticated-access-off"]);
    expect(rulesBroken(serverless(true))).toEqual([]);
  });
});

describe("KafkaCluster breaks no rule", () => {
  test.each<[string, Partial<KafkaClusterProps>]>([
    ["defaults (4 brokers, IAM, its own key)", {}],
    [
      "dev: kafka.t3.small x 2, no autoscaling, given key",
      {
        brokerCount: 2,
        brokerInstanceType: "kafka.t3.small",
        volumeSizeGiB: 20,
        maxVolumeSizeGiB: 20,
        kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      },
    ],
    [
      "prod: kafka.m5.large x 3 over 3 AZs, per-broker monitoring",
      {
        brokerCount: 3,
        brokerInstanceType: "kafka.m5.large",
        clientSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        enhancedMonitoring: "PER_BROKER",
      },
    ],
    ["SASL/SCRAM", { auth: "scram" }],
    ["mutual TLS", { auth: "tls", tlsCertificateAuthorityArns: [CA] }],
    ["serverless", { mode: "serverless" }],
  ])("%s", (_what, props) => {
    expect(
      findings((s) => {
        const kafka = new KafkaCluster(s, "kafka", { ...KAFKA, ...props });
        const ingest = new SecurityGroup(s, "ingest", {
          vpcId: "vpc-1",
          name: "ingest",
          description: "ingest",
        });
        kafka.connections.allowFrom(ingest);
        if (kafka.auth === "iam") {
          kafka.grantTopics(
            new Role(s, "task", { roleName: "task", assumedBy: ServicePrincipals.ecsTasks }),
            {
              produce: ["market-ticks"],
              consume: ["orders"],
              consumerGroups: ["oms"],
            },
          );
        }
      }),
    ).toEqual([]);
  });
});
