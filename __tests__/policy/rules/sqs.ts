import { PolicyRule, stackJson } from "../rule";

/**
 * SQS queues are encrypted at rest, with SQS-managed keys (`sqs_managed_sse_enabled = true`) or a KMS
 * key (`kms_master_key_id`). A dead-letter queue holds exactly the payloads that failed, often with
 * identifiers or personal data; leaving the choice to the account's current default is not a
 * decision, so it is spelled out.
 */
const encrypted: PolicyRule = {
  name: "sqs-queue-encrypted",
  check: (stack) =>
    stack
      .resources("aws_sqs_queue")
      .filter((queue) => {
        const managed = queue.config.sqs_managed_sse_enabled;
        const key = queue.config.kms_master_key_id;
        return !(managed === true || managed === "true" || (typeof key === "string" && key !== ""));
      })
      .map((queue) => ({
        address: queue.address,
        why: "neither sqs_managed_sse_enabled = true nor kms_master_key_id: messages are not encrypted at rest by this configuration's choice (use DeadLetterQueue, or set sqs_managed_sse_enabled)",
      })),
  examples: {
    violating: [
      {
        description: "no encryption setting, and SSE-SQS switched off",
        json: stackJson({
          aws_sqs_queue: {
            plain: { name: "plain" },
            off: { name: "off", sqs_managed_sse_enabled: false },
            empty: { name: "empty", kms_master_key_id: "" },
          },
        }),
        flags: ["aws_sqs_queue.plain", "aws_sqs_queue.off", "aws_sqs_queue.empty"],
      },
    ],
    passing: [
      {
        description: "SSE-SQS, and a KMS key by alias and by reference",
        json: stackJson({
          aws_sqs_queue: {
            sse: { name: "sse", sqs_managed_sse_enabled: true },
            alias: { name: "alias", kms_master_key_id: "alias/aws/sqs" },
            cmk: { name: "cmk", kms_master_key_id: "${aws_kms_key.k.arn}" },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [encrypted];
