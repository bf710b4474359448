import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * Amazon MSK. Provisioned clusters (`aws_msk_cluster`, what modules/msk/kafka-cluster.ts makes) carry
 * their own encryption, authentication, connectivity and logging settings; MSK Serverless clusters
 * (`aws_msk_serverless_cluster`) are always TLS-only, encrypted with an AWS managed key, private and
 * without broker logs, so only their authentication is theirs to get wrong.
 *
 * Stated from MSK's behaviour: with no encryption_in_transit block a cluster is TLS-only between
 * clients and brokers and between brokers (the API's and the provider's default); with no
 * client_authentication block it accepts unauthenticated clients; with no logging_info it keeps no
 * broker logs at all.
 */

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

function clusters(stack: PolicyStack): StackResource[] {
  return stack.resources("aws_msk_cluster");
}

const encryptedInTransit: PolicyRule = {
  name: "msk-encryption-in-transit-tls-only",
  check: (stack) =>
    clusters(stack).flatMap((cluster): Violation[] => {
      const transit = singleBlock(singleBlock(cluster.config.encryption_info)?.encryption_in_transit);
      const problems: string[] = [];
      const clientBroker = transit?.client_broker;
      if (clientBroker !== undefined && clientBroker !== "TLS") {
        problems.push(
          `client_broker is ${JSON.stringify(clientBroker)}: brokers then also take plain-text clients (SASL/SCRAM passwords and data readable on the wire); set "TLS"`,
        );
      }
      if (transit && isFalse(transit.in_cluster)) {
        problems.push("in_cluster is false: brokers replicate to each other in plain text; set it true");
      }
      return problems.map((why) => ({ address: cluster.address, why: `encryption_in_transit ${why}` }));
    }),
  examples: {
    violating: [
      {
        description: "TLS_PLAINTEXT, PLAINTEXT, and plain-text replication between brokers",
        json: stackJson({
          aws_msk_cluster: {
            mixed: {
              cluster_name: "mixed",
              encryption_info: { encryption_in_transit: { client_broker: "TLS_PLAINTEXT" } },
            },
            plain: {
              cluster_name: "plain",
              encryption_info: [
                { encryption_in_transit: [{ client_broker: "PLAINTEXT", in_cluster: true }] },
              ],
            },
            replication: {
              cluster_name: "replication",
              encryption_info: { encryption_in_transit: { client_broker: "TLS", in_cluster: false } },
            },
          },
        }),
        flags: ["aws_msk_cluster.mixed", "aws_msk_cluster.plain", "aws_msk_cluster.replication"],
      },
    ],
    passing: [
      {
        description:
          "TLS both ways said explicitly, and no encryption_in_transit block (MSK's default is TLS only)",
        json: stackJson({
          aws_msk_cluster: {
            explicit: {
              cluster_name: "explicit",
              encryption_info: { encryption_in_transit: { client_broker: "TLS", in_cluster: true } },
            },
            implicit: {
              cluster_name: "implicit",
              encryption_info: { encryption_at_rest_kms_key_arn: "${aws_kms_key.k.arn}" },
            },
          },
        }),
      },
    ],
  },
};

const encryptedAtRestWithKey: PolicyRule = {
  name: "msk-encrypted-at-rest-with-key",
  check: (stack) =>
    clusters(stack)
      .filter((cluster) => {
        const key = singleBlock(cluster.config.encryption_info)?.encryption_at_rest_kms_key_arn;
        return typeof key !== "string" || key === "";
      })
      .map((cluster) => ({
        address: cluster.address,
        why: "no encryption_at_rest_kms_key_arn: the brokers' volumes are encrypted with the AWS managed aws/kafka key, whose use nobody can restrict or audit per cluster, and the key cannot be changed after creation; give a customer managed key (KafkaCluster creates one)",
      })),
  examples: {
    violating: [
      {
        description: "no encryption_info, and encryption_info without a key",
        json: stackJson({
          aws_msk_cluster: {
            none: { cluster_name: "none" },
            transit: {
              cluster_name: "transit",
              encryption_info: { encryption_in_transit: { client_broker: "TLS" } },
            },
          },
        }),
        flags: ["aws_msk_cluster.none", "aws_msk_cluster.transit"],
      },
    ],
    passing: [
      {
        description: "a key of the stack, and a key ARN",
        json: stackJson({
          aws_msk_cluster: {
            own: {
              cluster_name: "own",
              encryption_info: { encryption_at_rest_kms_key_arn: "${aws_kms_key.k.arn}" },
            },
            given: {
              cluster_name: "given",
              encryption_info: [
                { encryption_at_rest_kms_key_arn: "arn:aws:kms:ap-northeast-2:111111111111:key/abc" },
              ],
            },
          },
        }),
      },
    ],
  },
};

/** Why a provisioned cluster lets clients in without authenticating, or undefined. */
function openToAnyone(cluster: StackResource): string | undefined {
  const auth = singleBlock(cluster.config.client_authentication);
  if (!auth) {
    return "no client_authentication block: MSK then accepts unauthenticated clients; enable IAM (sasl { iam = true }), SASL/SCRAM or mutual TLS and set unauthenticated = false";
  }
  if (isTrue(auth.unauthenticated)) {
    return "client_authentication.unauthenticated is true: anyone who reaches the brokers can read and write every topic; set it false";
  }
  if (!isFalse(auth.unauthenticated)) {
    return "client_authentication.unauthenticated is not set; say false, so the plan shows that unauthenticated clients are refused";
  }
  const sasl = singleBlock(auth.sasl);
  const tls = singleBlock(auth.tls);
  const tlsAuthorities = tls?.certificate_authority_arns;
  const hasTls = Array.isArray(tlsAuthorities)
    ? tlsAuthorities.length > 0
    : typeof tlsAuthorities === "string";
  if (!isTrue(sasl?.iam) && !isTrue(sasl?.scram) && !hasTls) {
    return "client_authentication enables no method (no sasl iam or scram, no tls certificate authority) with unauthenticated off: no client can connect; enable IAM";
  }
  return undefined;
}

const unauthenticatedOff: PolicyRule = {
  name: "msk-unauthenticated-access-off",
  check: (stack) => [
    ...clusters(stack)
      .map((cluster) => [cluster, openToAnyone(cluster)] as const)
      .filter((entry): entry is readonly [StackResource, string] => entry[1] !== undefined)
      .map(([cluster, why]) => ({ address: cluster.address, why })),
    ...stack
      .resources("aws_msk_serverless_cluster")
      .filter((cluster) => {
        const iam = singleBlock(singleBlock(singleBlock(cluster.config.client_authentication)?.sasl)?.iam);
        return !isTrue(iam?.enabled);
      })
      .map((cluster) => ({
        address: cluster.address,
        why: "client_authentication.sasl.iam.enabled is not true: MSK Serverless authenticates with IAM only; enable it",
      })),
  ],
  examples: {
    violating: [
      {
        description:
          "no client_authentication, unauthenticated on, unauthenticated unset, and no method at all",
        json: stackJson({
          aws_msk_cluster: {
            none: { cluster_name: "none" },
            open: {
              cluster_name: "open",
              client_authentication: { unauthenticated: true, sasl: { iam: true } },
            },
            unset: { cluster_name: "unset", client_authentication: { sasl: { iam: true } } },
            nothing: { cluster_name: "nothing", client_authentication: [{ unauthenticated: "false" }] },
          },
          aws_msk_serverless_cluster: {
            off: { cluster_name: "off", client_authentication: { sasl: { iam: { enabled: false } } } },
          },
        }),
        flags: [
          "aws_msk_cluster.none",
          "aws_msk_cluster.open",
          "aws_msk_cluster.unset",
          "aws_msk_cluster.nothing",
          "aws_msk_serverless_cluster.off",
        ],
      },
    ],
    passing: [
      {
        description: "IAM, SASL/SCRAM and mutual TLS with unauthenticated off; a serverless cluster with IAM",
        json: stackJson({
          aws_msk_cluster: {
            iam: {
              cluster_name: "iam",
              client_authentication: { unauthenticated: false, sasl: { iam: true } },
            },
            scram: {
              cluster_name: "scram",
              client_authentication: [{ unauthenticated: false, sasl: [{ scram: "true" }] }],
            },
            tls: {
              cluster_name: "tls",
              client_authentication: {
                unauthenticated: false,
                tls: { certificate_authority_arns: ["${aws_acmpca_certificate_authority.ca.arn}"] },
              },
            },
          },
          aws_msk_serverless_cluster: {
            sl: { cluster_name: "sl", client_authentication: { sasl: { iam: { enabled: true } } } },
          },
        }),
      },
    ],
  },
};

const noPublicAccess: PolicyRule = {
  name: "msk-no-public-access",
  check: (stack) =>
    clusters(stack)
      .filter((cluster) => {
        const connectivity = singleBlock(
          singleBlock(cluster.config.broker_node_group_info)?.connectivity_info,
        );
        const type = singleBlock(connectivity?.public_access)?.type;
        return type !== undefined && type !== "DISABLED";
      })
      .map((cluster) => ({
        address: cluster.address,
        why: "broker_node_group_info.connectivity_info.public_access.type is not DISABLED: the brokers get public IP addresses and answer from the internet; keep them private and reach them from the VPC",
      })),
  examples: {
    violating: [
      {
        description: "public access through service-provided EIPs",
        json: stackJson({
          aws_msk_cluster: {
            p: {
              cluster_name: "p",
              broker_node_group_info: {
                instance_type: "kafka.m7g.large",
                connectivity_info: { public_access: { type: "SERVICE_PROVIDED_EIPS" } },
              },
            },
          },
        }),
        flags: ["aws_msk_cluster.p"],
      },
    ],
    passing: [
      {
        description: "DISABLED said explicitly, and no connectivity_info (private, MSK's default)",
        json: stackJson({
          aws_msk_cluster: {
            explicit: {
              cluster_name: "explicit",
              broker_node_group_info: [{ connectivity_info: [{ public_access: [{ type: "DISABLED" }] }] }],
            },
            implicit: {
              cluster_name: "implicit",
              broker_node_group_info: { instance_type: "kafka.t3.small" },
            },
          },
        }),
      },
    ],
  },
};

const brokerLogsOn: PolicyRule = {
  name: "msk-broker-logs-enabled",
  check: (stack) =>
    clusters(stack)
      .filter((cluster) => {
        const logs = singleBlock(singleBlock(cluster.config.logging_info)?.broker_logs);
        return !["cloudwatch_logs", "firehose", "s3"].some((target) =>
          isTrue(singleBlock(logs?.[target])?.enabled),
        );
      })
      .map((cluster) => ({
        address: cluster.address,
        why: "logging_info.broker_logs delivers nowhere (no cloudwatch_logs, firehose or s3 enabled): broker errors, authentication failures and controller changes are lost; send them to a log group with retention (KafkaCluster does)",
      })),
  examples: {
    violating: [
      {
        description: "no logging_info, and every destination off",
        json: stackJson({
          aws_msk_cluster: {
            none: { cluster_name: "none" },
            off: {
              cluster_name: "off",
              logging_info: {
                broker_logs: { cloudwatch_logs: { enabled: false, log_group: "/aws/msk/off" } },
              },
            },
          },
        }),
        flags: ["aws_msk_cluster.none", "aws_msk_cluster.off"],
      },
    ],
    passing: [
      {
        description: "CloudWatch Logs, and S3 (as a list block)",
        json: stackJson({
          aws_msk_cluster: {
            cw: {
              cluster_name: "cw",
              logging_info: {
                broker_logs: {
                  cloudwatch_logs: { enabled: true, log_group: "${aws_cloudwatch_log_group.g.name}" },
                },
              },
            },
            s3: {
              cluster_name: "s3",
              logging_info: [{ broker_logs: [{ s3: [{ enabled: "true", bucket: "logs" }] }] }],
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [
  encryptedInTransit,
  encryptedAtRestWithKey,
  unauthenticatedOff,
  noPublicAccess,
  brokerLogsOn,
];
