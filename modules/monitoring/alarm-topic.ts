import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { isEmailAddress } from "./email-address";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { PolicyStatement, policyDocument } from "../iam/policy-document";
import { AlarmNotificationTarget } from "./metric-alarm";

/** The service principal CloudWatch alarms publish as. */
const CLOUDWATCH = "cloudwatch.amazonaws.com";

/**
 * What the account (through IAM) may do to the key: run it, not use it for anything but this topic's
 * messages. Listed rather than "kms:*": a future KMS action is then not delegated unseen, and no
 * wildcard reaches the policy suite, which reads a key policy's Resource "*" (this key) as everything.
 * PutKeyPolicy stays in the list: KMS refuses a policy that would lock its creator out.
 */
export const ALARM_KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

/**
 * What publishing to an encrypted topic takes: SNS asks KMS for a data key and decrypts it on the
 * publisher's behalf. GenerateDataKey is the call SNS makes; "GenerateDataKey*" would add the
 * key-pair and without-plaintext variants nobody here uses.
 */
export const PUBLISH_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

export interface AlarmTopicProps {
  /**
   * The topic's name: 1-256 letters, digits, hyphens and underscores. A standard topic: FIFO topics
   * deliver no e-mail and CloudWatch cannot publish to them.
   */
  readonly topicName: string;
  /**
   * Who is told: each address gets a confirmation mail from AWS and receives nothing until someone
   * follows its link. At least one; no address twice (compared without case).
   */
  readonly emailAddresses: readonly string[];
  /** Sender name of the e-mails (at most 100 characters). @default none: SNS's "AWS Notifications" */
  readonly displayName?: string;
  /** Days KMS waits before deleting the key once the topic is destroyed, 7-30. @default 30 */
  readonly keyDeletionWindowDays?: number;
}

/**
 * An SNS topic CloudWatch alarms can notify people through, encrypted at rest with a customer managed
 * KMS key of its own. The AWS managed `alias/aws/sns` key will not do: its policy, which nobody can
 * change, does not let CloudWatch use it, and alarms on such a topic fail to notify without a trace
 * outside the alarm history. So the key (rotated yearly) lets `cloudwatch.amazonaws.com` generate and
 * decrypt data keys for this account's requests, and the account administers it through IAM. The
 * topic policy lets only this account's alarms (in this region) publish, and refuses publishing
 * without TLS. Pass the construct itself wherever an alarm helper takes an AlarmNotificationTarget.
 *
 * Until someone confirms it, a subscription delivers nothing and Terraform cannot delete it: a
 * destroy drops it from state and AWS expires it after 3 days (deleting the topic deletes them all).
 */
export class AlarmTopic extends Construct implements AlarmNotificationTarget {
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly kmsKeyArn: string;
  /** "alias/sns/<topicName>": the key as people find it in the console. */
  public readonly kmsKeyAlias: string;
  /** The subscriptions' e-mail addresses, as given. */
  public readonly emailAddresses: readonly string[];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.validate(props);
    const context = awsContextOf(this);
    const alarms = `arn:${context.partition}:cloudwatch:${context.region}:${context.accountId}:alarm:*`;
    const thisAccount = { StringEquals: { "aws:SourceAccount": context.accountId } };

    const keyPolicy: PolicyStatement[] = [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${context.partition}:iam::${context.accountId}:root` },
        Action: [...ALARM_KEY_ADMIN_ACTIONS],
        Resource: "*",
      },
      {
        // IAM principals of the account may publish (a test message, an application's own alert) when
        // their IAM policy also allows it; the key policy alone grants no one.
        Sid: "AccountPublishesThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${context.partition}:iam::${context.accountId}:root` },
        Action: [...PUBLISH_KEY_ACTIONS],
        Resource: "*",
      },
      {
        // aws:SourceAccount only: the key policy's documented guard for CloudWatch. The topic policy
        // narrows publishing to alarms (aws:SourceArn) as well.
        Sid: "CloudWatchAlarmsEncrypt",
        Effect: "Allow",
        Principal: { Service: CLOUDWATCH },
        Action: [...PUBLISH_KEY_ACTIONS],
        Resource: "*",
        Condition: thisAccount,
      },
    ];
    const key = new KmsKey(this, "key", {
      description: `Encrypts SNS topic ${props.topicName} (CloudWatch alarm notifications)`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: policyDocument(keyPolicy),
    });
    const alias = new KmsAlias(this, "key-alias", {
      name: `alias/sns/${props.topicName}`,
      targetKeyId: key.keyId,
    });

    const topic = new SnsTopic(this, "topic", {
      name: props.topicName,
      displayName: props.displayName,
      kmsMasterKeyId: key.arn,
    });
    new SnsTopicPolicy(this, "policy", {
      arn: topic.arn,
      policy: policyDocument([
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: CLOUDWATCH },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { ...thisAccount, ArnLike: { "aws:SourceArn": alarms } },
        },
        {
          Sid: "DenyPublishWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });

    props.emailAddresses.forEach((address) => {
      new SnsTopicSubscription(this, `email-${address.toLowerCase()}`, {
        topicArn: topic.arn,
        protocol: "email",
        endpoint: address,
      });
    });

    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.kmsKeyArn = key.arn;
    this.kmsKeyAlias = alias.name;
    this.emailAddresses = [...props.emailAddresses];
  }

  private validate(props: AlarmTopicProps): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!Token.isUnresolved(props.topicName) && !TOPIC_NAME.test(props.topicName)) {
      fail(
        `topicName must be 1-256 letters, digits, hyphens or underscores (a standard topic, no ".fifo"), got "${props.topicName}"`,
      );
    }
    if (props.emailAddresses.length === 0) {
      fail("emailAddresses needs at least one address: alarms sent to a topic nobody reads reach no one");
    }
    const seen = new Map<string, number>();
    props.emailAddresses.forEach((address, i) => {
      if (Token.isUnresolved(address)) {
        fail(
          `emailAddresses[${i}] must be written out, not a reference: each address is a subscription of its own`,
        );
      }
      if (!isEmailAddress(address)) {
        fail(`emailAddresses[${i}] "${address}" is not an e-mail address such as "oncall@example.com"`);
      }
      const key = address.toLowerCase();
      if (seen.has(key)) {
        fail(
          `emailAddresses[${i}] "${address}" repeats emailAddresses[${seen.get(key)}]; list each address once`,
        );
      }
      seen.set(key, i);
    });
    if (props.displayName !== undefined && props.displayName.length > 100) {
      fail(`displayName must be at most 100 characters, got ${props.displayName.length}`);
    }
    const window = props.keyDeletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      fail(`keyDeletionWindowDays must be a whole number of days from 7 to 30, got ${window}`);
    }
  }
}
