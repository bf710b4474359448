import { Statement, statementsOfPolicyValue } from "../iam-statements";
import { PolicyStack, StackResource } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * SNS topics, and the alarms that notify through them. Stated here from AWS's behaviour, not from
 * modules/monitoring: a topic encrypted with the AWS managed key (alias/aws/sns) accepts no message
 * from CloudWatch alarms, because that key's policy (which nobody can edit) does not let CloudWatch
 * use it; an alarm on such a topic changes state and tells no one.
 */

const AWS_MANAGED_SNS_KEY = "alias/aws/sns";
const CLOUDWATCH = "cloudwatch.amazonaws.com";
const ALARM_TYPES = ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"];
const ACTION_ATTRIBUTES = ["alarm_actions", "ok_actions", "insufficient_data_actions"];

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** "alias/aws/sns" as written, as an alias ARN, or as an in-stack key/alias data source naming it. */
function isAwsManagedSnsKey(stack: PolicyStack, value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value === AWS_MANAGED_SNS_KEY || value.endsWith(`:${AWS_MANAGED_SNS_KEY}`)) return true;
  return stack
    .referencedBy(value)
    .some(
      (r) =>
        (r.type === "aws_kms_alias" && r.config.name === AWS_MANAGED_SNS_KEY) ||
        (r.type === "aws_kms_key" &&
          r.address.startsWith("data.") &&
          r.config.key_id === AWS_MANAGED_SNS_KEY),
    );
}

const customerManagedKey: PolicyRule = {
  name: "sns-topic-customer-managed-key",
  check: (stack) =>
    stack.resources("aws_sns_topic").flatMap((topic): Violation[] => {
      const key = topic.config.kms_master_key_id;
      if (isEmpty(key)) {
        return [
          {
            address: topic.address,
            why: "no kms_master_key_id: messages are stored unencrypted; use a customer managed key (AlarmTopic makes one)",
          },
        ];
      }
      if (isAwsManagedSnsKey(stack, key)) {
        return [
          {
            address: topic.address,
            why: "kms_master_key_id is the AWS managed alias/aws/sns, whose policy no one can change: CloudWatch alarms (and other AWS services) cannot publish to the topic; use a customer managed key",
          },
        ];
      }
      return [];
    }),
  examples: {
    violating: [
      {
        description: "no encryption",
        json: stackJson({ aws_sns_topic: { t: { name: "t" } } }),
        flags: ["aws_sns_topic.t"],
      },
      {
        description: "the AWS managed key, by alias, by alias ARN, and through a data source",
        json: stackJson(
          {
            aws_sns_topic: {
              alias: { name: "a", kms_master_key_id: "alias/aws/sns" },
              arn: { name: "b", kms_master_key_id: "arn:aws:kms:ap-northeast-2:111111111111:alias/aws/sns" },
              data: { name: "c", kms_master_key_id: "${data.aws_kms_alias.sns.target_key_arn}" },
            },
          },
          { aws_kms_alias: { sns: { name: "alias/aws/sns" } } },
        ),
        flags: ["aws_sns_topic.alias", "aws_sns_topic.arn", "aws_sns_topic.data"],
      },
      {
        description: "an empty key id",
        json: stackJson({ aws_sns_topic: { t: { name: "t", kms_master_key_id: "" } } }),
        flags: ["aws_sns_topic.t"],
      },
    ],
    passing: [
      {
        description: "a key of the stack, and a customer managed key by ARN",
        json: stackJson({
          aws_kms_key: { k: { enable_key_rotation: true } },
          aws_sns_topic: {
            a: { name: "a", kms_master_key_id: "${aws_kms_key.k.arn}" },
            b: { name: "b", kms_master_key_id: "arn:aws:kms:ap-northeast-2:111111111111:key/1234abcd" },
          },
        }),
      },
    ],
  },
};

/** Topic policies of `topic`: aws_sns_topic_policy naming it (by reference or ARN), or its own `policy`. */
function topicPolicies(stack: PolicyStack, topic: StackResource): unknown[] {
  const attached = stack
    .resources("aws_sns_topic_policy")
    .filter((p) => stack.referencedBy(p.config.arn).includes(topic))
    .map((p) => p.config.policy);
  return isEmpty(topic.config.policy) ? attached : [topic.config.policy, ...attached];
}

function coversPublish(actions: readonly string[]): boolean {
  return actions.some((a) => ["sns:publish", "sns:*", "*"].includes(a.toLowerCase()));
}

function deniesInsecurePublish(s: Statement): boolean {
  return (
    s.effect === "Deny" &&
    s.principals.includes("*") &&
    coversPublish(s.actions) &&
    (s.conditions.Bool?.["aws:SecureTransport"] ?? []).map((v) => v.toLowerCase()).includes("false")
  );
}

const tlsOnly: PolicyRule = {
  name: "sns-topic-policy-denies-insecure-transport",
  check: (stack) =>
    stack.resources("aws_sns_topic").flatMap((topic): Violation[] => {
      const policies = topicPolicies(stack, topic);
      if (policies.length === 0)
        return [
          {
            address: topic.address,
            why: "no topic policy, so nothing refuses sns:Publish over plain HTTP; add one that denies it when aws:SecureTransport is false",
          },
        ];
      const statements = policies.map((p) => statementsOfPolicyValue(stack, p));
      if (statements.some((s) => s === undefined))
        return [
          {
            address: topic.address,
            why: "its topic policy is not readable JSON or an aws_iam_policy_document",
          },
        ];
      return statements.flatMap((s) => s ?? []).some(deniesInsecurePublish)
        ? []
        : [
            {
              address: topic.address,
              why: 'its topic policy has no Deny of sns:Publish for Principal "*" when aws:SecureTransport is "false"',
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "no topic policy",
        json: stackJson({ aws_sns_topic: { t: { name: "t" } } }),
        flags: ["aws_sns_topic.t"],
      },
      {
        description: "a topic policy that only allows",
        json: stackJson({
          aws_sns_topic: { t: { name: "t" } },
          aws_sns_topic_policy: {
            p: {
              arn: "${aws_sns_topic.t.arn}",
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: CLOUDWATCH },
                    Action: "sns:Publish",
                    Resource: "*",
                  },
                ],
              }),
            },
          },
        }),
        flags: ["aws_sns_topic.t"],
      },
      {
        description: "the TLS deny on another topic's policy",
        json: stackJson({
          aws_sns_topic: { a: { name: "a" }, b: { name: "b" } },
          aws_sns_topic_policy: {
            p: {
              arn: "${aws_sns_topic.a.arn}",
              policy: JSON.stringify({
                Statement: {
                  Effect: "Deny",
                  Principal: "*",
                  Action: "sns:Publish",
                  Resource: "${aws_sns_topic.a.arn}",
                  Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
              }),
            },
          },
        }),
        flags: ["aws_sns_topic.b"],
      },
    ],
    passing: [
      {
        description: "aws_sns_topic_policy with the TLS deny",
        json: stackJson({
          aws_sns_topic: { t: { name: "t" } },
          aws_sns_topic_policy: {
            p: {
              arn: "${aws_sns_topic.t.arn}",
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "SNS:Publish",
                    Resource: "${aws_sns_topic.t.arn}",
                    Condition: { Bool: { "aws:SecureTransport": false } },
                  },
                ],
              }),
            },
          },
        }),
      },
      {
        description: "the topic's own policy with the TLS deny on sns:*",
        json: stackJson({
          aws_sns_topic: {
            t: {
              name: "t",
              policy: JSON.stringify({
                Statement: {
                  Effect: "Deny",
                  Principal: "*",
                  Action: "sns:*",
                  Resource: "*",
                  Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
              }),
            },
          },
        }),
      },
    ],
  },
};

/** An Allow for CloudWatch (its service principal, or "*") covering `wanted`. */
function allowsCloudWatch(
  statements: readonly Statement[],
  covers: (actions: readonly string[]) => boolean,
): boolean {
  return statements.some(
    (s) =>
      s.effect === "Allow" &&
      (s.principals.includes(CLOUDWATCH) || s.principals.includes("*")) &&
      covers(s.actions),
  );
}

function coversDataKeyAndDecrypt(actions: readonly string[]): boolean {
  const lower = actions.map((a) => a.toLowerCase());
  const has = (action: string) =>
    lower.some(
      (a) =>
        a === "*" || a === "kms:*" || a === action || (a.endsWith("*") && action.startsWith(a.slice(0, -1))),
    );
  return has("kms:generatedatakey") && has("kms:decrypt");
}

/** Why CloudWatch cannot notify through `topic`, or undefined (also when the stack cannot tell). */
function topicProblem(stack: PolicyStack, topic: StackResource): string | undefined {
  const key = topic.config.kms_master_key_id;
  if (isAwsManagedSnsKey(stack, key))
    return `${topic.address} is encrypted with alias/aws/sns, which CloudWatch cannot use: the notification is never sent`;
  const keyResource = stack
    .referencedBy(key)
    .find((r) => r.type === "aws_kms_key" && !r.address.startsWith("data."));
  if (keyResource) {
    const keyPolicies = [
      ...(isEmpty(keyResource.config.policy) ? [] : [keyResource.config.policy]),
      ...stack.attachedTo(keyResource, "aws_kms_key_policy", "key_id").map((p) => p.config.policy),
    ];
    if (keyPolicies.length === 0)
      return `${topic.address}'s key ${keyResource.address} has KMS's default policy, which lets only the account use it, not ${CLOUDWATCH}: the notification is never sent`;
    const statements = keyPolicies.map((p) => statementsOfPolicyValue(stack, p));
    if (
      statements.every((s) => s !== undefined) &&
      !allowsCloudWatch(statements.flat() as Statement[], coversDataKeyAndDecrypt)
    )
      return `${topic.address}'s key ${keyResource.address} does not let ${CLOUDWATCH} use kms:GenerateDataKey and kms:Decrypt: the notification is never sent`;
  }
  for (const policy of topicPolicies(stack, topic)) {
    const statements = statementsOfPolicyValue(stack, policy);
    if (statements && !allowsCloudWatch(statements, coversPublish))
      return `${topic.address}'s topic policy does not let ${CLOUDWATCH} sns:Publish: the notification is refused`;
  }
  return undefined;
}

function actionsOf(alarm: StackResource): unknown[] {
  return ACTION_ATTRIBUTES.flatMap((attribute) => {
    const value = alarm.config[attribute];
    return Array.isArray(value) ? value : isEmpty(value) ? [] : [value];
  });
}

const alarmTopicUsable: PolicyRule = {
  name: "cloudwatch-alarm-topic-accepts-alarms",
  check: (stack) =>
    ALARM_TYPES.flatMap((type) => stack.resources(type)).flatMap((alarm): Violation[] => {
      const actions = actionsOf(alarm);
      if (actions.some((a) => isEmpty(a)))
        return [
          {
            address: alarm.address,
            why: "an alarm action is empty: CloudWatch rejects it or notifies no one",
          },
        ];
      const topics = [
        ...new Set(actions.flatMap((a) => stack.referencedBy(a)).filter((r) => r.type === "aws_sns_topic")),
      ];
      const problems = topics.map((t) => topicProblem(stack, t)).filter((p): p is string => p !== undefined);
      return problems.length > 0 ? [{ address: alarm.address, why: `notifies ${problems.join("; ")}` }] : [];
    }),
  examples: {
    violating: [
      {
        description: "an alarm on a topic encrypted with alias/aws/sns",
        json: stackJson({
          aws_sns_topic: { t: { name: "t", kms_master_key_id: "alias/aws/sns" } },
          aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["${aws_sns_topic.t.arn}"] } },
        }),
        flags: ["aws_cloudwatch_metric_alarm.a"],
      },
      {
        description: "an alarm on a topic whose key policy leaves CloudWatch out",
        json: stackJson({
          aws_kms_key: {
            k: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::111111111111:root" },
                    Action: ["kms:DescribeKey", "kms:PutKeyPolicy"],
                    Resource: "*",
                  },
                ],
              }),
            },
          },
          aws_sns_topic: { t: { name: "t", kms_master_key_id: "${aws_kms_key.k.arn}" } },
          aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", ok_actions: ["${aws_sns_topic.t.arn}"] } },
        }),
        flags: ["aws_cloudwatch_metric_alarm.a"],
      },
      {
        description: "an alarm on a topic whose key has KMS's default policy (none written)",
        json: stackJson({
          aws_kms_key: { k: { enable_key_rotation: true } },
          aws_sns_topic: { t: { name: "t", kms_master_key_id: "${aws_kms_key.k.id}" } },
          aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["${aws_sns_topic.t.arn}"] } },
        }),
        flags: ["aws_cloudwatch_metric_alarm.a"],
      },
      {
        description: "an alarm on a topic whose policy lets only the account publish, and an empty action",
        json: stackJson({
          aws_kms_key: { k: {} },
          aws_kms_key_policy: {
            kp: {
              key_id: "${aws_kms_key.k.id}",
              policy: JSON.stringify({
                Statement: {
                  Effect: "Allow",
                  Principal: { Service: CLOUDWATCH },
                  Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                  Resource: "*",
                },
              }),
            },
          },
          aws_sns_topic: { t: { name: "t", kms_master_key_id: "${aws_kms_key.k.arn}" } },
          aws_sns_topic_policy: {
            p: {
              arn: "${aws_sns_topic.t.arn}",
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::111111111111:root" },
                    Action: "sns:Publish",
                    Resource: "${aws_sns_topic.t.arn}",
                  },
                ],
              }),
            },
          },
          aws_cloudwatch_metric_alarm: {
            a: { alarm_name: "a", alarm_actions: ["${aws_sns_topic.t.arn}"] },
            e: { alarm_name: "e", alarm_actions: [""] },
          },
        }),
        flags: ["aws_cloudwatch_metric_alarm.a", "aws_cloudwatch_metric_alarm.e"],
      },
    ],
    passing: [
      {
        description: "a topic whose key and policy let CloudWatch in (GenerateDataKey* counts)",
        json: stackJson({
          aws_kms_key: {
            k: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: CLOUDWATCH },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                  },
                ],
              }),
            },
          },
          aws_sns_topic: { t: { name: "t", kms_master_key_id: "${aws_kms_key.k.arn}" } },
          aws_sns_topic_policy: {
            p: {
              arn: "${aws_sns_topic.t.arn}",
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: [CLOUDWATCH] },
                    Action: "sns:Publish",
                    Resource: "${aws_sns_topic.t.arn}",
                  },
                ],
              }),
            },
          },
          aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["${aws_sns_topic.t.arn}"] } },
        }),
      },
      {
        description:
          "a topic of another stack by ARN (checked where it is defined), and an alarm without actions",
        json: stackJson({
          aws_cloudwatch_metric_alarm: {
            a: { alarm_name: "a", alarm_actions: ["arn:aws:sns:ap-northeast-2:111111111111:alarms"] },
            b: { alarm_name: "b" },
          },
        }),
      },
    ],
  },
};

const alarmNotifies: PolicyRule = {
  name: "cloudwatch-alarm-notifies-stack-topic",
  check: (stack) => {
    // Only where the stack has a topic of its own: there is someone to tell, so a silent alarm is an oversight.
    if (stack.resources("aws_sns_topic").length === 0) return [];
    return ALARM_TYPES.flatMap((type) => stack.resources(type))
      .filter((alarm) => {
        const actions = alarm.config.alarm_actions;
        const enabled = alarm.config.actions_enabled;
        return !Array.isArray(actions) || actions.length === 0 || enabled === false || enabled === "false";
      })
      .map((alarm) => ({
        address: alarm.address,
        why: "no alarm_actions (or actions_enabled false) although the stack has an SNS topic: the alarm changes state and tells no one; pass the topic",
      }));
  },
  examples: {
    violating: [
      {
        description: "a stack with a topic and an alarm without actions, and one with actions switched off",
        json: stackJson({
          aws_sns_topic: { t: { name: "t" } },
          aws_cloudwatch_metric_alarm: {
            quiet: { alarm_name: "quiet" },
            off: { alarm_name: "off", alarm_actions: ["${aws_sns_topic.t.arn}"], actions_enabled: false },
            ok: { alarm_name: "ok", alarm_actions: ["${aws_sns_topic.t.arn}"] },
          },
        }),
        flags: ["aws_cloudwatch_metric_alarm.quiet", "aws_cloudwatch_metric_alarm.off"],
      },
    ],
    passing: [
      {
        description: "a stack without a topic of its own may leave alarms without actions",
        json: stackJson({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a" } } }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [customerManagedKey, tlsOnly, alarmTopicUsable, alarmNotifies];
