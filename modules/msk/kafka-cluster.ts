import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { MskScramSecretAssociation } from "@cdktf/provider-aws/lib/msk-scram-secret-association";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { IGrantable } from "../iam/role";
import { LogGroup } from "../logs/log-group";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import { renderServerProperties } from "./kafka-configuration";
import { ResolvedProvisioned, checkKafkaClusterProps } from "./kafka-cluster-props-check";
import { kafkaVersionSlug } from "./kafka-versions";

/**
 * - `"provisioned"`: brokers of a chosen instance type on EBS volumes, a broker configuration, broker
 *   logs, a KMS key of the cluster's own: for steady traffic, and for any tuning.
 * - `"serverless"`: MSK Serverless, billed per cluster-hour, partition-hour and GB; IAM authentication
 *   only, no brokers, volumes, configuration or broker logs to manage, encrypted with an AWS managed
 *   key. For small or bursty workloads, and where a provisioned cluster's minimum of two brokers is
 *   more than the traffic needs (a dev environment).
 */
export type KafkaClusterMode = "provisioned" | "serverless";

/**
 * How clients authenticate; unauthenticated access is always off and only the chosen method's port
 * (private connectivity) is opened to callers:
 * - `"iam"` (port 9098): SASL/IAM. Clients sign with their role's credentials (the AWS MSK IAM auth
 *   library for Java, or the signer libraries for other languages); what a role may do is granted
 *   with `grantTopics`, per topic and consumer group. No password anywhere.
 * - `"scram"` (port 9096): SASL/SCRAM users, each a Secrets Manager secret named "AmazonMSK_..."
 *   encrypted with a customer managed key, associated with `scramSecretArns` (or by ops later).
 *   Authorization is then Kafka ACLs, which Terraform does not manage here.
 * - `"tls"` (port 9094): mutual TLS with client certificates from the ACM Private CAs in
 *   `tlsCertificateAuthorityArns`; authorization by Kafka ACLs.
 */
export type KafkaAuth = "iam" | "scram" | "tls";

/**
 * MSK's CloudWatch metric levels: DEFAULT (cluster and broker basics, free); PER_BROKER (more per
 * broker metrics); PER_TOPIC_PER_BROKER (those per topic too); PER_TOPIC_PER_PARTITION (and consumer
 * lag per partition). Every level above DEFAULT is billed as CloudWatch custom metrics, per broker,
 * topic or partition, so the bill grows with the cluster.
 */
export type KafkaEnhancedMonitoring =
  "DEFAULT" | "PER_BROKER" | "PER_TOPIC_PER_BROKER" | "PER_TOPIC_PER_PARTITION";

export interface KafkaClusterProps {
  /**
   * 1-64 lowercase letters, digits and hyphens, starting with a letter. Also names the configuration
   * ("<clusterName>-<version>"), the broker log group, the KMS key alias and the security group.
   */
  readonly clusterName: string;
  readonly vpcId: string;
  /**
   * 2 or 3 private subnets, each in a different availability zone; brokers are spread evenly over
   * them. The list's length must be known at synth (its elements may be references).
   */
  readonly clientSubnetIds: readonly string[];
  /** @default "provisioned" */
  readonly mode?: KafkaClusterMode;
  /**
   * How clients authenticate (see KafkaAuth); "iam" only with mode "serverless".
   * @default "iam"
   */
  readonly auth?: KafkaAuth;
  /** auth "tls": the ACM Private CAs client certificates must chain to. @default none (required with "tls") */
  readonly tlsCertificateAuthorityArns?: readonly string[];
  /**
   * auth "scram": the SASL/SCRAM users' secrets ("AmazonMSK_" names, customer managed key) to
   * associate; the association then owns the whole list.
   * @default none (no association resource; ops associate users)
   */
  readonly scramSecretArns?: readonly string[];
  /**
   * Provisioned: brokers in all, a multiple of the number of client subnets (MSK puts the same number
   * in each zone). Two is the least MSK builds; for a single small development broker use mode
   * "serverless".
   * @default the fewest that hold three replicas: 3 over 3 subnets, 4 over 2
   */
  readonly brokerCount?: number;
  /**
   * Provisioned: a Standard broker type, "kafka.t3.small" (development only: burstable CPU, few IAM
   * connections per second), "kafka.m5.*" or "kafka.m7g.*".
   * @default "kafka.m7g.large"
   */
  readonly brokerInstanceType?: string;
  /** Provisioned: EBS storage per broker, 1-16384 GiB. @default 100 */
  readonly volumeSizeGiB?: number;
  /**
   * Provisioned: how far storage autoscaling may grow each broker's volume, up to 16384 GiB. Equal to
   * volumeSizeGiB turns autoscaling off. With autoscaling on, Terraform stops managing the volume size
   * after creation (MSK grows it); MSK never shrinks a volume.
   * @default 4 × volumeSizeGiB, at most 16384
   */
  readonly maxVolumeSizeGiB?: number;
  /** Provisioned: storage utilization (%) at which MSK grows the volumes, 10-80. @default 50 */
  readonly storageTargetUtilization?: number;
  /**
   * Provisioned: an MSK Kafka version ("3.7.x" ... "3.9.x", "<version>.kraft", "4.0.x.kraft"; see
   * kafka-versions.ts). A change makes a new configuration for the new version before the cluster
   * moves to it.
   * @default "3.8.x" (MSK's recommended version)
   */
  readonly kafkaVersion?: string;
  /**
   * Provisioned: default.replication.factor (and the offsets and transaction topics'), 2 to the broker
   * count.
   * @default min(3, brokerCount)
   */
  readonly replicationFactor?: number;
  /**
   * Provisioned: min.insync.replicas (and transaction.state.log.min.isr), below the replication factor
   * so one broker down or being patched does not stop acks=all writes.
   * @default replication factor - 1
   */
  readonly minInsyncReplicas?: number;
  /** Provisioned: log.retention.hours, 1-8760. @default 168 (7 days) */
  readonly logRetentionHours?: number;
  /**
   * Provisioned: further broker properties (e.g. { "num.partitions": "6" }). The ones the module sets
   * (replication, auto.create.topics.enable, retention) are refused here.
   * @default none
   */
  readonly serverProperties?: Readonly<Record<string, string>>;
  /**
   * Provisioned: customer managed KMS key for the data at rest.
   * @default a key created here, rotated yearly, alias "alias/msk/<clusterName>"
   */
  readonly kmsKeyArn?: string;
  /** Provisioned: see KafkaEnhancedMonitoring. @default "DEFAULT" (free) */
  readonly enhancedMonitoring?: KafkaEnhancedMonitoring;
  /** Provisioned: retention of the broker log group. @default 30 */
  readonly brokerLogRetentionDays?: number;
  /**
   * Lambda event sources read this cluster. Their pollers run in the client subnets with the
   * cluster's security group, so the group then admits itself on the Kafka port and may send to itself
   * there and to HTTPS (the Lambda and STS APIs, through NAT or endpoints).
   * @default false (the group only answers: no egress at all)
   */
  readonly lambdaEventSources?: boolean;
}

export interface TopicGrants {
  /** Topics the grantee writes to (kafka-cluster:DescribeTopic, WriteData). @default none */
  readonly produce?: readonly string[];
  /** Topics the grantee reads (kafka-cluster:DescribeTopic, ReadData); needs consumerGroups. @default none */
  readonly consume?: readonly string[];
  /** Consumer groups the grantee joins and commits in (kafka-cluster:AlterGroup, DescribeGroup). @default none */
  readonly consumerGroups?: readonly string[];
}

/** Kafka topic names: 1-249 of letters, digits, ".", "_" and "-" (no IAM wildcard can slip in). */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
/** Group names are free text in Kafka; here without IAM wildcards or ARN separators, so grants stay exact. */
const GROUP_NAME = /^[A-Za-z0-9._:=@,+-]{1,255}$/;

/**
 * An Amazon MSK cluster, provisioned (brokers) or serverless, private and encrypted: TLS only between
 * clients and brokers and between brokers, data at rest under a KMS key, IAM authentication by default
 * (SASL/SCRAM or mutual TLS as options), unauthenticated and public access off. A provisioned cluster
 * also gets a broker configuration with replication derived from the broker count and automatic topic
 * creation off (a new configuration per Kafka version, made before the cluster moves to it), broker
 * logs in a CloudWatch log group with retention, and storage autoscaling up to a ceiling. The security
 * group only answers, on the configured method's port, and only to callers:
 * `cluster.connections.allowFrom(service)`.
 */
export class KafkaCluster extends Construct implements IConnectable {
  public readonly mode: KafkaClusterMode;
  public readonly auth: KafkaAuth;
  /** The port clients connect to: 9098 (IAM), 9096 (SASL/SCRAM) or 9094 (TLS). */
  public readonly port: number;
  /**
   * The bootstrap broker string for the configured authentication ("host:port,host:port,..."). Not a
   * credential, but it maps the cluster's private addresses: stacks output it with `sensitive: true`.
   */
  public readonly bootstrapBrokers: string;
  /** arn:<partition>:kafka:<region>:<account>:cluster/<clusterName>/<clusterUuid> */
  public readonly clusterArn: string;
  public readonly clusterName: string;
  /** The UUID part of the ARN, as IAM policies and topic ARNs use it. */
  public readonly clusterUuid: string;
  public readonly securityGroupId: string;
  /** Ingress on `port`: `cluster.connections.allowFrom(service)`. */
  public readonly connections: Connections;
  /** Provisioned: the key encrypting data at rest (the given one, or the cluster's own); serverless: undefined (AWS managed). */
  public readonly kmsKeyArn: string | undefined;
  /** Provisioned: the broker log group; serverless: undefined (no broker logs). */
  public readonly brokerLogGroupName: string | undefined;
  /** Provisioned: the configuration's ARN and name ("<clusterName>-<version>"); serverless: undefined. */
  public readonly configurationArn: string | undefined;
  public readonly configurationName: string | undefined;
  /** Provisioned: the brokers and the replication the configuration sets; serverless: undefined. */
  public readonly brokerCount: number | undefined;
  public readonly replicationFactor: number | undefined;
  public readonly minInsyncReplicas: number | undefined;

  /** The name as given (a literal), for the ARNs of topics and groups. */
  private readonly literalName: string;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const resolved = checkKafkaClusterProps(this.node.path, props);
    const { clusterName, auth, port } = resolved;
    this.literalName = clusterName;
    this.mode = resolved.mode;
    this.auth = auth;
    this.port = port;

    // Brokers only answer: no egress rule (replies leave statefully), and no ingress until a caller
    // opens the one port of the configured authentication. Lambda's pollers are the exception.
    const pollers = props.lambdaEventSources ?? false;
    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: `${clusterName}-msk`,
      description: `MSK ${clusterName}: Kafka (${auth}) only from allowed peers`,
      defaultPort: Port.tcp(port),
      ...(pollers ? {} : { noEgress: true }),
    });
    if (pollers) {
      securityGroup.connections.allowFrom(securityGroup, Port.tcp(port), "Lambda event source pollers");
      securityGroup.connections.allowToCidr(
        "0.0.0.0/0",
        Port.tcp(443),
        "Lambda and STS APIs for the pollers",
      );
    }
    this.securityGroupId = securityGroup.securityGroupId;
    this.connections = securityGroup.connections;

    if (resolved.mode === "serverless") {
      const cluster = new MskServerlessCluster(this, "serverless-cluster", {
        clusterName,
        vpcConfig: [
          { subnetIds: [...props.clientSubnetIds], securityGroupIds: [securityGroup.securityGroupId] },
        ],
        clientAuthentication: { sasl: { iam: { enabled: true } } },
      });
      this.clusterArn = cluster.arn;
      this.clusterName = cluster.clusterName;
      this.clusterUuid = cluster.clusterUuid;
      this.bootstrapBrokers = cluster.bootstrapBrokersSaslIam;
      return;
    }

    const built = this.provisioned(resolved, props, securityGroup.securityGroupId);
    this.clusterArn = built.cluster.arn;
    this.clusterName = built.cluster.clusterName;
    this.clusterUuid = built.cluster.clusterUuid;
    this.bootstrapBrokers = {
      iam: built.cluster.bootstrapBrokersSaslIam,
      scram: built.cluster.bootstrapBrokersSaslScram,
      tls: built.cluster.bootstrapBrokersTls,
    }[auth];
    this.kmsKeyArn = built.kmsKeyArn;
    this.brokerLogGroupName = built.logGroupName;
    this.configurationArn = built.configuration.arn;
    this.configurationName = built.configuration.name;
    this.brokerCount = resolved.brokerCount;
    this.replicationFactor = resolved.replication.replicationFactor;
    this.minInsyncReplicas = resolved.replication.minInsyncReplicas;
  }

  /**
   * Lets `grantee` (a role whose tasks or functions connect with IAM authentication) use exactly the
   * named topics and consumer groups: kafka-cluster:Connect and DescribeCluster on this cluster;
   * DescribeTopic with WriteData on `produce`, with ReadData on `consume`; AlterGroup and DescribeGroup
   * on `consumerGroups`. Every resource is one exact ARN derived from the cluster's
   * (topic/<clusterName>/<clusterUuid>/<topic>, group/...), never a pattern.
   * @throws with auth other than "iam": SCRAM and TLS users are authorized by Kafka ACLs
   */
  grantTopics(grantee: IGrantable, grants: TopicGrants, sid = "Kafka"): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (this.auth !== "iam") {
      fail(
        `grantTopics applies to auth "iam" (kafka-cluster: actions authorize IAM-authenticated clients); with auth "${this.auth}" clients are authorized by Kafka ACLs`,
      );
    }
    const produce = [...(grants.produce ?? [])];
    const consume = [...(grants.consume ?? [])];
    const groups = [...(grants.consumerGroups ?? [])];
    if (produce.length + consume.length + groups.length === 0) {
      fail("grantTopics needs at least one topic in produce or consume, or a consumer group; got none");
    }
    const check = (list: string[], prop: string, pattern: RegExp, rule: string) => {
      for (const name of list) {
        if (Token.isUnresolved(name) || !pattern.test(name)) fail(`${prop} must hold ${rule}, got "${name}"`);
      }
      const twice = list.find((name, i) => list.indexOf(name) !== i);
      if (twice) fail(`${prop} must name each entry once, got "${twice}" twice`);
    };
    const topicRule = `literal Kafka topic names (1-249 letters, digits, ".", "_", "-"; no wildcard)`;
    check(produce, "produce", TOPIC_NAME, topicRule);
    check(consume, "consume", TOPIC_NAME, topicRule);
    check(
      groups,
      "consumerGroups",
      GROUP_NAME,
      `literal consumer group names (letters, digits and "._:=@,+-"; no wildcard)`,
    );
    if (consume.length > 0 && groups.length === 0) {
      fail(
        `consume needs consumerGroups: kafka-cluster:ReadData also requires AlterGroup on the group the consumer joins; name the group(s), got none`,
      );
    }

    grantee.addToPolicy({
      Sid: `${sid}Connect`,
      Effect: "Allow",
      // Kafka 3.x producers are idempotent by default, which MSK authorizes on the cluster itself.
      Action: [
        "kafka-cluster:Connect",
        "kafka-cluster:DescribeCluster",
        ...(produce.length > 0 ? ["kafka-cluster:WriteDataIdempotently"] : []),
      ],
      Resource: this.clusterArn,
    });
    if (produce.length > 0) {
      grantee.addToPolicy({
        Sid: `${sid}Produce`,
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: produce.map((topic) => this.resourceArn("topic", topic)),
      });
    }
    if (consume.length > 0) {
      grantee.addToPolicy({
        Sid: `${sid}Consume`,
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: consume.map((topic) => this.resourceArn("topic", topic)),
      });
    }
    if (groups.length > 0) {
      grantee.addToPolicy({
        Sid: `${sid}Groups`,
        Effect: "Allow",
        Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
        Resource: groups.map((group) => this.resourceArn("group", group)),
      });
    }
  }

  /**
   * arn:<partition>:kafka:<region>:<account>:topic/<clusterName>/<clusterUuid>/<name> (or group/...):
   * the cluster's own ARN with its resource type swapped. Put together from plain references (the
   * stack's partition, region and account, where the cluster lives, and the cluster's UUID) rather
   * than replace() on the ARN, whose quoted arguments would leave the policy JSON unreadable to
   * anything but Terraform.
   */
  private resourceArn(type: "topic" | "group", name: string): string {
    const { partition, region, accountId } = awsContextOf(this);
    return `arn:${partition}:kafka:${region}:${accountId}:${type}/${this.literalName}/${this.clusterUuid}/${name}`;
  }

  private provisioned(
    resolved: ResolvedProvisioned,
    props: KafkaClusterProps,
    securityGroupId: string,
  ): { cluster: MskCluster; configuration: MskConfiguration; kmsKeyArn: string; logGroupName: string } {
    const { clusterName, auth } = resolved;

    let kmsKeyArn = props.kmsKeyArn;
    if (kmsKeyArn === undefined) {
      // The default key policy (the account administers and uses the key through IAM) is what MSK
      // needs: it creates its grant on the key with the permissions of whoever creates the cluster.
      const key = new KmsKey(this, "key", {
        description: `Encrypts MSK cluster ${clusterName} at rest`,
        enableKeyRotation: true,
      });
      new KmsAlias(this, "key-alias", { name: `alias/msk/${clusterName}`, targetKeyId: key.keyId });
      kmsKeyArn = key.arn;
    }

    // MSK delivers broker logs as CloudWatch vended logs: whoever applies needs the logs: delivery
    // permissions (CreateLogDelivery, PutResourcePolicy...) besides kafka:CreateCluster.
    const logGroup = new LogGroup(this, "broker-logs", {
      name: `/aws/msk/${clusterName}/broker`,
      retentionDays: resolved.brokerLogRetentionDays,
    });

    // Named after its Kafka version: a version change creates the new version's configuration (before
    // the old one goes) and moves the cluster to it, instead of updating a configuration whose
    // kafka_versions no longer match the cluster.
    const configuration = new MskConfiguration(this, "configuration", {
      name: `${clusterName}-${kafkaVersionSlug(resolved.kafkaVersion)}`,
      description: `Brokers of ${clusterName} (Kafka ${resolved.kafkaVersion}, ${resolved.brokerCount} brokers)`,
      kafkaVersions: [resolved.kafkaVersion],
      serverProperties: renderServerProperties(
        resolved.replication,
        resolved.logRetentionHours,
        resolved.serverProperties,
      ),
      lifecycle: { createBeforeDestroy: true },
    });

    const autoscaled = resolved.maxVolumeSizeGiB > resolved.volumeSizeGiB;
    const cluster = new MskCluster(this, "cluster", {
      clusterName,
      kafkaVersion: resolved.kafkaVersion,
      numberOfBrokerNodes: resolved.brokerCount,
      brokerNodeGroupInfo: {
        instanceType: resolved.brokerInstanceType,
        clientSubnets: [...props.clientSubnetIds],
        securityGroups: [securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: resolved.volumeSizeGiB } },
        // Said explicitly so the plan (and the policy suite) shows it.
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
      clientAuthentication: {
        unauthenticated: false,
        ...(auth === "tls"
          ? { tls: { certificateAuthorityArns: [...(props.tlsCertificateAuthorityArns ?? [])] } }
          : { sasl: auth === "iam" ? { iam: true } : { scram: true } }),
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: kmsKeyArn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
      enhancedMonitoring: resolved.enhancedMonitoring,
      loggingInfo: {
        brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.logGroupName } },
      },
      // Created after its log group, so MSK never delivers into a group without retention.
      dependsOn: [logGroup.resource],
      // MSK grows the volumes itself; Terraform would otherwise shrink them back on the next apply,
      // which MSK refuses.
      ...(autoscaled
        ? {
            lifecycle: {
              ignoreChanges: ["broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size"],
            },
          }
        : {}),
    });

    if (autoscaled) {
      const target = new AppautoscalingTarget(this, "storage-scaling-target", {
        serviceNamespace: "kafka",
        scalableDimension: "kafka:broker-storage:VolumeSize",
        resourceId: cluster.arn,
        // MSK's documented minimum; it never scales storage in, whatever the minimum.
        minCapacity: 1,
        maxCapacity: resolved.maxVolumeSizeGiB,
      });
      new AppautoscalingPolicy(this, "storage-scaling-policy", {
        name: `${clusterName}-broker-storage`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
          targetValue: resolved.storageTargetUtilization,
          disableScaleIn: true,
        },
      });
    }

    if (props.scramSecretArns !== undefined && props.scramSecretArns.length > 0) {
      new MskScramSecretAssociation(this, "scram-secrets", {
        clusterArn: cluster.arn,
        secretArnList: [...props.scramSecretArns],
      });
    }

    return { cluster, configuration, kmsKeyArn, logGroupName: logGroup.logGroupName };
  }
}
