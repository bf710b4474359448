import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  ALARM_KEY_ADMIN_ACTIONS,
  AlarmTopic,
  AlarmTopicProps,
} from "../../../modules/monitoring/alarm-topic";
import { metricAlarm } from "../../../modules/monitoring/metric-alarm";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const BASE: AlarmTopicProps = {
  topicName: "alert-system-dev-alarms",
  emailAddresses: ["oncall@example.com", "Lead.Dev+alerts@example.co.kr"],
};

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string;
  Condition?: Record<string, Record<string, unknown>>;
}

function build(
  overrides: Partial<AlarmTopicProps> = {},
  extra?: (scope: Construct, topic: AlarmTopic) => void,
): SynthesizedJson {
  return synthScope((scope) => {
    const topic = new AlarmTopic(scope, "alarms", { ...BASE, ...overrides });
    new TerraformOutput(scope, "topic_arn", { value: topic.topicArn });
    new TerraformOutput(scope, "key_arn", { value: topic.kmsKeyArn });
    extra?.(scope, topic);
  });
}

function buildError(overrides: Partial<AlarmTopicProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected AlarmTopic to refuse these props");
}

const statements = (policy: unknown): Statement[] =>
  (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
const bySid = (policy: unknown) => Object.fromEntries(statements(policy).map((s) => [s.Sid, s]));
const nameOf = (synth: SynthesizedJson, type: string) => Object.keys(synth.resources(type))[0]!;

describe("AlarmTopic", () => {
  const synth = build();
  const key = nameOf(synth, "aws_kms_key");
  const topicName = nameOf(synth, "aws_sns_topic");
  const account = "${data.aws_caller_identity.aws-context_account_8AB0A92B.account_id}";
  const partition = "${data.aws_partition.aws-context_partition_9ECE3875.partition}";
  const region = "${data.aws_region.aws-context_region_DEC3537F.name}";

  it("encrypts the topic with a key of its own (not alias/aws/sns, which CloudWatch cannot use)", () => {
    expect(synth.only("aws_sns_topic")).toEqual({
      name: "alert-system-dev-alarms",
      kms_master_key_id: ref("aws_kms_key", key, "arn"),
    });
    expect(synth.output("topic_arn")?.value).toBe(ref("aws_sns_topic", topicName, "arn"));
    expect(synth.output("key_arn")?.value).toBe(ref("aws_kms_key", key, "arn"));
  });

  it("rotates the key, keeps it 30 days after deletion, and names it alias/sns/<topic>", () => {
    expect(synth.only("aws_kms_key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(synth.only("aws_kms_alias")).toEqual({
      name: "alias/sns/alert-system-dev-alarms",
      target_key_id: ref("aws_kms_key", key, "key_id"),
    });
  });

  describe("the key policy", () => {
    const policy = bySid(synth.only("aws_kms_key").policy);

    it("lets CloudWatch generate and decrypt data keys for this account's requests only", () => {
      expect(policy.CloudWatchAlarmsEncrypt).toEqual({
        Sid: "CloudWatchAlarmsEncrypt",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      });
    });

    it("has the account (through IAM) administer the key with named actions, no wildcard", () => {
      const root = { AWS: `arn:${partition}:iam::${account}:root` };
      expect(policy.AccountAdministersKey).toMatchObject({ Effect: "Allow", Principal: root, Resource: "*" });
      expect(policy.AccountAdministersKey!.Action).toEqual([...ALARM_KEY_ADMIN_ACTIONS]);
      expect(policy.AccountAdministersKey!.Action).toEqual(
        expect.arrayContaining(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation"]),
      );
      expect(policy.AccountPublishesThroughIam).toMatchObject({
        Principal: root,
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      });
      for (const statement of statements(synth.only("aws_kms_key").policy)) {
        for (const action of ([] as string[]).concat(statement.Action)) expect(action).not.toContain("*");
      }
    });
  });

  describe("the topic policy", () => {
    const policy = synth.only("aws_sns_topic_policy");
    const allow = bySid(policy.policy);

    it("is attached to the topic", () => {
      expect(policy.arn).toBe(ref("aws_sns_topic", topicName, "arn"));
    });

    it("lets only this account's alarms in this region publish", () => {
      expect(allow.CloudWatchAlarmsPublish).toEqual({
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: ref("aws_sns_topic", topicName, "arn"),
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      });
    });

    it("refuses publishing without TLS, to everyone", () => {
      expect(allow.DenyPublishWithoutTls).toEqual({
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: ref("aws_sns_topic", topicName, "arn"),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });
  });

  it("subscribes each address by e-mail", () => {
    const subscriptions = Object.values(synth.resources("aws_sns_topic_subscription"));
    const byEndpoint = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a.endpoint).localeCompare(String(b.endpoint));
    expect(subscriptions.sort(byEndpoint)).toEqual(
      BASE.emailAddresses
        .map((endpoint) => ({
          topic_arn: ref("aws_sns_topic", topicName, "arn"),
          protocol: "email",
          endpoint,
        }))
        .sort(byEndpoint),
    );
  });

  it("is an alarm notification target: alarms publish to its topic", () => {
    const withAlarm = build({}, (scope, topic) =>
      metricAlarm(scope, "alarm", {
        alarmName: "a",
        description: "d",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "q" },
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        threshold: 0,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: "ignore",
        topic,
      }),
    );
    const arn = ref("aws_sns_topic", nameOf(withAlarm, "aws_sns_topic"), "arn");
    expect(withAlarm.only("aws_cloudwatch_metric_alarm")).toMatchObject({
      alarm_actions: [arn],
      ok_actions: [arn],
    });
  });

  it("takes a display name and a shorter deletion window", () => {
    const custom = build({ displayName: "Alert System", keyDeletionWindowDays: 7 });
    expect(custom.only("aws_sns_topic").display_name).toBe("Alert System");
    expect(custom.only("aws_kms_key").deletion_window_in_days).toBe(7);
  });

  it.each([
    [
      "an address without a domain, naming it",
      { emailAddresses: ["oncall@example.com", "bob@"] },
      'emailAddresses[1] "bob@" is not an e-mail address such as "oncall@example.com"',
    ],
    [
      "an address with a space",
      { emailAddresses: ["on call@example.com"] },
      'emailAddresses[0] "on call@example.com" is not an e-mail address',
    ],
    [
      "an address without a dotted domain",
      { emailAddresses: ["root@localhost"] },
      'emailAddresses[0] "root@localhost" is not an e-mail address',
    ],
    [
      "the same address twice, whatever its case",
      { emailAddresses: ["oncall@example.com", "OnCall@Example.com"] },
      'emailAddresses[1] "OnCall@Example.com" repeats emailAddresses[0]; list each address once',
    ],
    [
      "no address at all",
      { emailAddresses: [] },
      "emailAddresses needs at least one address: alarms sent to a topic nobody reads reach no one",
    ],
    [
      "a FIFO topic name",
      { topicName: "alarms.fifo" },
      'topicName must be 1-256 letters, digits, hyphens or underscores (a standard topic, no ".fifo"), got "alarms.fifo"',
    ],
    [
      "a key deletion window KMS does not offer",
      { keyDeletionWindowDays: 31 },
      "keyDeletionWindowDays must be a whole number of days from 7 to 30, got 31",
    ],
    [
      "a long display name",
      { displayName: "x".repeat(101) },
      "displayName must be at most 100 characters, got 101",
    ],
  ])("refuses %s", (_what, overrides, message) => {
    expect(buildError(overrides)).toMatch(new RegExp(`^stack/alarms: ${escape(message)}`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
