import { Construct } from "constructs";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { Topic } from "../../../modules/messaging/topic";
import { synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const build = (extra?: (scope: Construct, topic: Topic) => void, emails?: string[]) =>
  synthScope((scope) => {
    const topic = new Topic(scope, "signals", {
      topicName: "aipx-dev-signals",
      ...(emails ? { emailAddresses: emails } : {}),
    });
    extra?.(scope, topic);
  });

test("encrypted with a rotated key of its own; publishing only over TLS", () => {
  const synth = build();
  const key = Object.keys(synth.resources("aws_kms_key"))[0]!;
  expect(synth.resources("aws_kms_key")[key]).toMatchObject({ enable_key_rotation: true });
  expect(synth.only("aws_sns_topic")).toMatchObject({
    name: "aipx-dev-signals",
    kms_master_key_id: ref("aws_kms_key", key, "arn"),
  });
  const policy = JSON.parse(synth.only("aws_sns_topic_policy").policy as string);
  expect(policy.Statement).toEqual([
    expect.objectContaining({
      Effect: "Deny",
      Action: "sns:Publish",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }),
  ]);
  const keyPolicy = JSON.parse(synth.resources("aws_kms_key")[key]!.policy as string);
  for (const statement of keyPolicy.Statement) expect(statement.Principal.Service).toBeUndefined();
});

test("grantPublish allows exactly publishing to this topic and using its key", () => {
  const synth = build((scope, topic) => {
    const role = new Role(scope, "fn-role", { roleName: "fn", assumedBy: ServicePrincipals.lambda });
    topic.grantPublish(role, "PublishSignals");
  });
  const statements = JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement;
  const topic = Object.keys(synth.resources("aws_sns_topic"))[0]!;
  const key = Object.keys(synth.resources("aws_kms_key"))[0]!;
  expect(statements).toEqual([
    {
      Sid: "PublishSignals",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: ref("aws_sns_topic", topic, "arn"),
    },
    {
      Sid: "PublishSignalsKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: ref("aws_kms_key", key, "arn"),
    },
  ]);
});

test("subscribes each e-mail address", () => {
  const synth = build(undefined, ["desk@example.com", "ops@example.com"]);
  expect(
    Object.values(synth.resources("aws_sns_topic_subscription")).map((s) => [s.protocol, s.endpoint]),
  ).toEqual([
    ["email", "desk@example.com"],
    ["email", "ops@example.com"],
  ]);
});

test.each([
  [{ topicName: "a.fifo" }, /topicName must be 1-256 letters, digits, hyphens or underscores, got "a\.fifo"/],
  [
    { topicName: "ok", emailAddresses: ["not-an-address"] },
    /emailAddresses\[0\] must be an e-mail address, got "not-an-address"/,
  ],
])("rejects %j", (props, message) => {
  expect(() => synthScope((scope) => new Topic(scope, "t", props))).toThrow(message);
});
