import { TerraformOutput } from "cdktf";
import { LogGroup } from "../../../modules/logs/log-group";
import { synthScope } from "../../harness/synth-scope";

describe("LogGroup", () => {
  test("always sets a retention period", () => {
    const synth = synthScope((scope) => new LogGroup(scope, "app", { name: "/acme/app", retentionDays: 30 }));
    const group = synth.only("aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/acme/app", retention_in_days: 30 });
    expect(group).not.toHaveProperty("kms_key_id");
  });

  test("passes a customer managed KMS key through", () => {
    const synth = synthScope(
      (scope) =>
        new LogGroup(scope, "app", {
          name: "/acme/app",
          retentionDays: 365,
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        }),
    );
    expect(synth.only("aws_cloudwatch_log_group").kms_key_id).toBe(
      "arn:aws:kms:eu-west-1:123456789012:key/k",
    );
  });

  test.each([0, 2, 31, -1])(
    "rejects %d days (not a CloudWatch retention period), naming the construct",
    (days) => {
      expect(() =>
        synthScope((scope) => new LogGroup(scope, "app", { name: "/acme/app", retentionDays: days })),
      ).toThrow(new RegExp(`^stack/app: retentionDays must be one of 1, 3, .*, got ${days}$`));
    },
  );

  test("exposes name and ARN as references to the group, for roles and subscriptions", () => {
    const synth = synthScope((scope) => {
      const group = new LogGroup(scope, "app", { name: "/acme/app", retentionDays: 7 });
      new TerraformOutput(scope, "name", { value: group.logGroupName });
      new TerraformOutput(scope, "arn", { value: group.logGroupArn });
    });
    const [id] = Object.keys(synth.resources("aws_cloudwatch_log_group"));
    expect(synth.output("name")?.value).toBe(`\${aws_cloudwatch_log_group.${id}.name}`);
    expect(synth.output("arn")?.value).toBe(`\${aws_cloudwatch_log_group.${id}.arn}`);
  });
});
