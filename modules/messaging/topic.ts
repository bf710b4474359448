import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { IGrantable } from "../iam/role";
import { ALARM_KEY_ADMIN_ACTIONS, PUBLISH_KEY_ACTIONS } from "../monitoring/alarm-topic";
import { policyDocument } from "../iam/policy-document";
import { isEmailAddress } from "../monitoring/email-address";

export interface TopicProps {
  /** 1-256 letters, digits, hyphens or underscores. */
  readonly topicName: string;
  /** Addresses subscribed by e-mail (each confirms once). @default none */
  readonly emailAddresses?: readonly string[];
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * An application's SNS topic (what CloudWatch alarms use is `AlarmTopic`): encrypted with a key of
 * its own (rotated) that the account's IAM principals may use when their policy allows it, TLS-only
 * publishing, and publishers granted one by one with `grantPublish` (topic and key).
 */
export class Topic extends Construct {
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.topicName) && !TOPIC_NAME.test(props.topicName)) {
      throw new Error(
        `${this.node.path}: topicName must be 1-256 letters, digits, hyphens or underscores, got "${props.topicName}"`,
      );
    }
    const emails = props.emailAddresses ?? [];
    emails.forEach((address, i) => {
      if (!isEmailAddress(address)) {
        throw new Error(
          `${this.node.path}: emailAddresses[${i}] must be an e-mail address, got "${address}"`,
        );
      }
    });
    const context = awsContextOf(this);
    const account = { AWS: `arn:${context.partition}:iam::${context.accountId}:root` };
    const key = new KmsKey(this, "key", {
      description: `Encrypts SNS topic ${props.topicName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: account,
          Action: [...ALARM_KEY_ADMIN_ACTIONS],
          Resource: "*",
        },
        // Publishers use the key through IAM: the key policy alone grants no one.
        {
          Sid: "AccountPublishesThroughIam",
          Effect: "Allow",
          Principal: account,
          Action: [...PUBLISH_KEY_ACTIONS],
          Resource: "*",
        },
      ]),
    });
    this.kmsKeyArn = key.arn;
    const topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: key.arn });
    new SnsTopicPolicy(this, "policy", {
      arn: topic.arn,
      policy: policyDocument([
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
    for (const address of emails) {
      new SnsTopicSubscription(this, `email-${address.toLowerCase()}`, {
        topicArn: topic.arn,
        protocol: "email",
        endpoint: address,
      });
    }
    this.topicArn = topic.arn;
    this.topicName = topic.name;
  }

  /** Lets `grantee` publish to this topic, nothing else. */
  grantPublish(grantee: IGrantable, sid = "PublishToTopic"): void {
    grantee.addToPolicy({ Sid: sid, Effect: "Allow", Action: "sns:Publish", Resource: this.topicArn });
    grantee.addToPolicy({
      Sid: `${sid}Key`,
      Effect: "Allow",
      Action: [...PUBLISH_KEY_ACTIONS],
      Resource: this.kmsKeyArn,
    });
  }
}
