import { PolicyRule, stackJson } from "../rule";

const retention: PolicyRule = {
  name: "log-group-retention",
  check: (stack) =>
    stack
      .resources("aws_cloudwatch_log_group")
      .filter((group) => {
        const days = group.config.retention_in_days;
        // 0 is CloudWatch's "never expire", the same as leaving it out.
        return days === undefined || days === null || days === 0 || days === "0";
      })
      .map((group) => ({
        address: group.address,
        why: "no retention_in_days: logs are kept (and billed) forever (use LogGroup)",
      })),
  examples: {
    violating: [
      {
        description: "no retention",
        json: stackJson({ aws_cloudwatch_log_group: { g: { name: "/g" } } }),
        flags: ["aws_cloudwatch_log_group.g"],
      },
      {
        description: "retention 0 (never expire)",
        json: stackJson({ aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 0 } } }),
        flags: ["aws_cloudwatch_log_group.g"],
      },
    ],
    passing: [
      {
        description: "30 days",
        json: stackJson({ aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 30 } } }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [retention];
