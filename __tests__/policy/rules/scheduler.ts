import { statementsOfPolicyValue } from "../iam-statements";
import { PolicyStack, blockList, singleBlock } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * EventBridge Scheduler. A scheduler role's aws:SourceAccount guard is iam-trust-has-source-account's
 * (rules/iam-roles.ts); these rules cover what that one does not.
 */

const SCHEDULER = "scheduler.amazonaws.com";

/** True when `value` is exactly `${aws_scheduler_schedule_group.<name>.arn}` of a group in the stack. */
function isGroupArnReference(stack: PolicyStack, value: string): boolean {
  const match = /^\$\{(aws_scheduler_schedule_group\.[A-Za-z_][\w-]*)\.arn\}$/.exec(value);
  return !!match && stack.resources("aws_scheduler_schedule_group").some((g) => g.address === match[1]);
}

/**
 * Scheduler sends the schedule group's ARN as aws:SourceArn (its confused-deputy guide: "do not
 * scope the aws:SourceArn statement to a specific schedule or a schedule name prefix"). A condition
 * naming anything else (`...:schedule/<group>/*`) never matches, so every schedule fails to assume
 * the role in AWS, while an emulator that does not evaluate trust policies would let it pass.
 */
const sourceArnIsGroup: PolicyRule = {
  name: "scheduler-role-source-arn-is-schedule-group",
  check: (stack) =>
    stack.resources("aws_iam_role").flatMap((role) => {
      const statements = statementsOfPolicyValue(stack, role.config.assume_role_policy) ?? [];
      const wrong = statements
        .filter((s) => s.principals.includes(SCHEDULER))
        .flatMap((s) => Object.values(s.conditions).flatMap((byKey) => byKey["aws:SourceArn"] ?? []))
        .filter((arn) => !arn.includes(":schedule-group/") && !isGroupArnReference(stack, arn));
      return wrong.length === 0
        ? []
        : [
            {
              address: role.address,
              why: `aws:SourceArn ${JSON.stringify(wrong[0])} is not a schedule group ARN: Scheduler sends the group's ARN (arn:...:scheduler:<region>:<account>:schedule-group/<group>), so this role can never be assumed`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "SourceArn scoped to the group's schedules",
        json: stackJson({
          aws_iam_role: {
            r: {
              assume_role_policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: SCHEDULER },
                    Action: "sts:AssumeRole",
                    Condition: {
                      StringEquals: { "aws:SourceAccount": "111111111111" },
                      ArnLike: {
                        "aws:SourceArn": "arn:aws:scheduler:ap-northeast-2:111111111111:schedule/alerts/*",
                      },
                    },
                  },
                ],
              }),
            },
          },
        }),
        flags: ["aws_iam_role.r"],
      },
      {
        description: "SourceArn built from a reference to the group's name, not its ARN",
        json: stackJson({
          aws_scheduler_schedule_group: { g: { name: "alerts" } },
          aws_iam_role: {
            r: {
              assume_role_policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: SCHEDULER },
                    Action: "sts:AssumeRole",
                    Condition: {
                      StringEquals: { "aws:SourceAccount": "111111111111" },
                      ArnLike: {
                        "aws:SourceArn":
                          "arn:aws:scheduler:ap-northeast-2:111111111111:schedule/${aws_scheduler_schedule_group.g.name}/*",
                      },
                    },
                  },
                ],
              }),
            },
          },
        }),
        flags: ["aws_iam_role.r"],
      },
    ],
    passing: [
      {
        description: "a group's ARN literally, by reference, every group of the account, and no SourceArn",
        json: stackJson({
          aws_scheduler_schedule_group: { g: { name: "alerts" } },
          aws_iam_role: Object.fromEntries(
            [
              "arn:aws:scheduler:ap-northeast-2:111111111111:schedule-group/alerts",
              "${aws_scheduler_schedule_group.g.arn}",
              "arn:${data.aws_partition.p.partition}:scheduler:${data.aws_region.r.name}:111111111111:schedule-group/*",
              undefined,
            ].map((arn, i) => [
              `r${i}`,
              {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Principal: { Service: SCHEDULER },
                      Action: "sts:AssumeRole",
                      Condition: {
                        StringEquals: { "aws:SourceAccount": "111111111111" },
                        ...(arn ? { ArnLike: { "aws:SourceArn": arn } } : {}),
                      },
                    },
                  ],
                }),
              },
            ]),
          ),
        }),
      },
    ],
  },
};

/**
 * A schedule Terraform creates sends what it could not deliver (after its retry policy) to a
 * dead-letter queue; without one, a failed invocation leaves no trace but a metric.
 */
const scheduleDeadLetters: PolicyRule = {
  name: "scheduler-schedule-dead-letter-queue",
  check: (stack) =>
    stack
      .resources("aws_scheduler_schedule")
      .filter((schedule) => {
        const target = singleBlock(schedule.config.target);
        const arn = blockList(target?.dead_letter_config)[0]?.arn;
        return typeof arn !== "string" || arn === "";
      })
      .map((schedule) => ({
        address: schedule.address,
        why: "target has no dead_letter_config: an invocation that fails after the retry policy is dropped; send it to a queue (ScheduleGroup's deadLetterQueueArn)",
      })),
  examples: {
    violating: [
      {
        description: "a schedule whose target has no dead_letter_config",
        json: stackJson({
          aws_scheduler_schedule: {
            s: {
              name: "s",
              schedule_expression: "rate(1 hour)",
              flexible_time_window: { mode: "OFF" },
              target: { arn: "arn:aws:lambda:ap-northeast-2:111111111111:function:f", role_arn: "r" },
            },
          },
        }),
        flags: ["aws_scheduler_schedule.s"],
      },
    ],
    passing: [
      {
        description: "a schedule dead-lettering to a queue",
        json: stackJson({
          aws_scheduler_schedule: {
            s: {
              name: "s",
              schedule_expression: "rate(1 hour)",
              flexible_time_window: { mode: "OFF" },
              target: {
                arn: "arn:aws:lambda:ap-northeast-2:111111111111:function:f",
                role_arn: "r",
                dead_letter_config: { arn: "${aws_sqs_queue.q.arn}" },
              },
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [sourceArnIsGroup, scheduleDeadLetters];
