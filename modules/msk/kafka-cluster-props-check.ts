import { Token } from "cdktf";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../logs/retention";
import { brokerCountProblem, clientSubnetsProblem, defaultBrokerCount } from "./broker-layout";
import {
  DEFAULT_STORAGE_TARGET_UTILIZATION,
  DEFAULT_BROKER_VOLUME_GIB,
  defaultMaxVolumeGiB,
  maxVolumeSizeProblem,
  storageTargetProblem,
  volumeSizeProblem,
} from "./broker-storage";
import { DEFAULT_BROKER_INSTANCE_TYPE, brokerInstanceTypeProblem } from "./broker-types";
import {
  DEFAULT_LOG_RETENTION_HOURS,
  Replication,
  logRetentionHoursProblem,
  resolveReplication,
  serverPropertiesProblems,
} from "./kafka-configuration";
import type {
  KafkaAuth,
  KafkaClusterMode,
  KafkaClusterProps,
  KafkaEnhancedMonitoring,
} from "./kafka-cluster";
import { DEFAULT_KAFKA_VERSION, kafkaVersionProblem } from "./kafka-versions";

export const KAFKA_CLUSTER_MODES = ["provisioned", "serverless"] as const;
export const KAFKA_AUTH_MODES = ["iam", "scram", "tls"] as const;
/**
 * MSK's monitoring levels, cheapest first. DEFAULT metrics are free; the others add CloudWatch
 * metrics per broker, per topic and broker, or per partition, each billed as a custom metric.
 */
export const ENHANCED_MONITORING_LEVELS = [
  "DEFAULT",
  "PER_BROKER",
  "PER_TOPIC_PER_BROKER",
  "PER_TOPIC_PER_PARTITION",
] as const;
export const DEFAULT_BROKER_LOG_RETENTION_DAYS = 30;

/** The port clients reach the brokers on, per authentication (private connectivity). */
export const AUTH_PORTS: Readonly<Record<KafkaAuth, number>> = { iam: 9098, scram: 9096, tls: 9094 };

/**
 * 1-64 lowercase letters, digits and hyphens, starting with a letter, no trailing hyphen. MSK allows
 * capitals too; lowercase keeps the configuration, log group and security group names derived from
 * it predictable.
 */
const CLUSTER_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const ACM_PCA_ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/;

/** Props only a provisioned cluster has; serverless refuses them rather than ignoring them. */
const PROVISIONED_ONLY = [
  "brokerCount",
  "brokerInstanceType",
  "volumeSizeGiB",
  "maxVolumeSizeGiB",
  "storageTargetUtilization",
  "kafkaVersion",
  "replicationFactor",
  "minInsyncReplicas",
  "logRetentionHours",
  "serverProperties",
  "kmsKeyArn",
  "enhancedMonitoring",
  "brokerLogRetentionDays",
  "tlsCertificateAuthorityArns",
  "scramSecretArns",
] as const satisfies readonly (keyof KafkaClusterProps)[];

interface ResolvedCommon {
  readonly clusterName: string;
  readonly auth: KafkaAuth;
  readonly port: number;
}

export interface ResolvedProvisioned extends ResolvedCommon {
  readonly mode: "provisioned";
  readonly brokerCount: number;
  readonly brokerInstanceType: string;
  readonly volumeSizeGiB: number;
  /** Equal to volumeSizeGiB when storage autoscaling is off. */
  readonly maxVolumeSizeGiB: number;
  readonly storageTargetUtilization: number;
  readonly kafkaVersion: string;
  readonly replication: Replication;
  readonly logRetentionHours: number;
  readonly serverProperties: Readonly<Record<string, string>>;
  readonly enhancedMonitoring: KafkaEnhancedMonitoring;
  readonly brokerLogRetentionDays: number;
}

export interface ResolvedServerless extends ResolvedCommon {
  readonly mode: "serverless";
}

export type ResolvedKafkaClusterProps = ResolvedProvisioned | ResolvedServerless;

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Checks the props at the construct boundary and returns what to build, every default applied. All
 * problems are reported at once, each naming the prop and the rule, so a bad call fails at synth
 * rather than half an hour into a cluster create.
 */
export function checkKafkaClusterProps(path: string, props: KafkaClusterProps): ResolvedKafkaClusterProps {
  const problems: string[] = [];

  if (
    Token.isUnresolved(props.clusterName) ||
    !CLUSTER_NAME.test(props.clusterName) ||
    props.clusterName.endsWith("-")
  ) {
    problems.push(
      `clusterName must be 1-64 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (it names the configuration, log group and security group), got "${props.clusterName}"`,
    );
  }

  const mode: KafkaClusterMode = props.mode ?? "provisioned";
  if (!(KAFKA_CLUSTER_MODES as readonly string[]).includes(mode)) {
    problems.push(`mode must be one of ${quoted(KAFKA_CLUSTER_MODES)}, got "${String(mode)}"`);
  }

  // The broker count is checked against the number of subnets, so the list itself must be known;
  // its elements may be references (subnet ids read from the network stack's state).
  let subnets: number | undefined;
  if (Token.isUnresolved(props.clientSubnetIds)) {
    problems.push(
      `clientSubnetIds must be a list of 2 or 3 subnet ids whose length is known at synth (the broker count must divide by it), got a token list; pass the ids one by one, e.g. [Fn.element(list, 0), Fn.element(list, 1)]`,
    );
  } else {
    subnets = props.clientSubnetIds.length;
    const subnetProblem = clientSubnetsProblem(subnets);
    if (subnetProblem) {
      problems.push(subnetProblem);
      subnets = undefined;
    }
    const literals = props.clientSubnetIds.filter((id) => !Token.isUnresolved(id));
    const twice = literals.find((id, i) => literals.indexOf(id) !== i);
    if (twice) {
      problems.push(
        `clientSubnetIds must name each subnet once (one per availability zone), got "${twice}" twice`,
      );
    }
  }

  const auth: KafkaAuth = props.auth ?? "iam";
  if (!(KAFKA_AUTH_MODES as readonly string[]).includes(auth)) {
    problems.push(`auth must be one of ${quoted(KAFKA_AUTH_MODES)}, got "${String(auth)}"`);
  }

  if (mode === "serverless") {
    if (auth !== "iam") {
      problems.push(
        `auth must be "iam" with mode "serverless" (MSK Serverless authenticates with IAM only), got "${auth}"`,
      );
    }
    for (const name of PROVISIONED_ONLY) {
      if (props[name] !== undefined) {
        problems.push(
          `${name} applies to mode "provisioned" only (MSK Serverless has no brokers, volumes, configuration or broker logs of its own to set); remove it or use mode "provisioned"`,
        );
      }
    }
    fail(path, problems);
    return { mode: "serverless", clusterName: props.clusterName, auth: "iam", port: AUTH_PORTS.iam };
  }

  const brokerCount = props.brokerCount ?? (subnets !== undefined ? defaultBrokerCount(subnets) : 0);
  let brokersUsable = false;
  if (subnets !== undefined) {
    const brokerProblem = brokerCountProblem(brokerCount, subnets);
    if (brokerProblem) problems.push(brokerProblem);
    else brokersUsable = true;
  }

  const brokerInstanceType = props.brokerInstanceType ?? DEFAULT_BROKER_INSTANCE_TYPE;
  const typeProblem = brokerInstanceTypeProblem(brokerInstanceType);
  if (typeProblem) problems.push(typeProblem);

  const volumeSizeGiB = props.volumeSizeGiB ?? DEFAULT_BROKER_VOLUME_GIB;
  const volumeProblem = volumeSizeProblem(volumeSizeGiB);
  if (volumeProblem) problems.push(volumeProblem);
  const maxVolumeSizeGiB = props.maxVolumeSizeGiB ?? defaultMaxVolumeGiB(volumeSizeGiB);
  if (!volumeProblem) {
    const maxProblem = maxVolumeSizeProblem(volumeSizeGiB, maxVolumeSizeGiB);
    if (maxProblem) problems.push(maxProblem);
  }
  const storageTargetUtilization = props.storageTargetUtilization ?? DEFAULT_STORAGE_TARGET_UTILIZATION;
  const targetProblem = storageTargetProblem(storageTargetUtilization);
  if (targetProblem) problems.push(targetProblem);
  if (props.storageTargetUtilization !== undefined && maxVolumeSizeGiB === volumeSizeGiB) {
    problems.push(
      `storageTargetUtilization applies only when storage can autoscale, but maxVolumeSizeGiB equals volumeSizeGiB (${volumeSizeGiB}); raise maxVolumeSizeGiB or remove storageTargetUtilization`,
    );
  }

  const kafkaVersion = props.kafkaVersion ?? DEFAULT_KAFKA_VERSION;
  const versionProblem = kafkaVersionProblem(kafkaVersion);
  if (versionProblem) problems.push(versionProblem);

  // Without a usable broker count the overrides cannot be judged; the count's problem says why.
  const replication = brokersUsable
    ? resolveReplication(
        brokerCount,
        { replicationFactor: props.replicationFactor, minInsyncReplicas: props.minInsyncReplicas },
        problems,
      )
    : { replicationFactor: 0, minInsyncReplicas: 0 };

  const logRetentionHours = props.logRetentionHours ?? DEFAULT_LOG_RETENTION_HOURS;
  const retentionProblem = logRetentionHoursProblem(logRetentionHours);
  if (retentionProblem) problems.push(retentionProblem);

  const serverProperties = props.serverProperties ?? {};
  problems.push(...serverPropertiesProblems(serverProperties));

  const enhancedMonitoring = props.enhancedMonitoring ?? "DEFAULT";
  if (!(ENHANCED_MONITORING_LEVELS as readonly string[]).includes(enhancedMonitoring)) {
    problems.push(
      `enhancedMonitoring must be one of ${quoted(ENHANCED_MONITORING_LEVELS)}, got "${String(enhancedMonitoring)}"`,
    );
  }

  const brokerLogRetentionDays = props.brokerLogRetentionDays ?? DEFAULT_BROKER_LOG_RETENTION_DAYS;
  if (!isLogRetentionDays(brokerLogRetentionDays)) {
    problems.push(
      `brokerLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${brokerLogRetentionDays}`,
    );
  }

  const authorities = props.tlsCertificateAuthorityArns;
  if (auth === "tls") {
    if (!authorities || authorities.length === 0) {
      problems.push(
        `tlsCertificateAuthorityArns must name at least one ACM Private CA (arn:aws:acm-pca:...:certificate-authority/...) with auth "tls": client certificates are checked against it, got none`,
      );
    }
    for (const arn of authorities ?? []) {
      if (!Token.isUnresolved(arn) && !ACM_PCA_ARN.test(arn)) {
        problems.push(
          `tlsCertificateAuthorityArns must hold ACM Private CA ARNs (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>), got "${arn}"`,
        );
      }
    }
  } else if (authorities !== undefined) {
    problems.push(
      `tlsCertificateAuthorityArns applies only to auth "tls" (with auth "${auth}" no client certificate is checked); remove it or set auth "tls"`,
    );
  }

  if (props.scramSecretArns !== undefined && auth !== "scram") {
    problems.push(
      `scramSecretArns applies only to auth "scram" (with auth "${auth}" there is no SASL/SCRAM user); remove it or set auth "scram"`,
    );
  }
  for (const arn of props.scramSecretArns ?? []) {
    if (Token.isUnresolved(arn)) continue;
    const name = SECRET_ARN.exec(arn)?.[1];
    if (!name || !name.startsWith("AmazonMSK_")) {
      problems.push(
        `scramSecretArns must hold Secrets Manager secret ARNs whose names start with "AmazonMSK_" (MSK associates no other secret), got "${arn}"`,
      );
    }
  }

  fail(path, problems);
  return {
    mode: "provisioned",
    clusterName: props.clusterName,
    auth,
    port: AUTH_PORTS[auth],
    brokerCount,
    brokerInstanceType,
    volumeSizeGiB,
    maxVolumeSizeGiB,
    storageTargetUtilization,
    kafkaVersion,
    replication,
    logRetentionHours,
    serverProperties,
    enhancedMonitoring: enhancedMonitoring as KafkaEnhancedMonitoring,
    brokerLogRetentionDays,
  };
}

function fail(path: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new Error(`${path}: invalid KafkaCluster props:\n  - ${problems.join("\n  - ")}`);
  }
}
