import { TerraformOutput } from "cdktf";
import { MetricAlarmSpec, metricAlarm } from "../../../modules/monitoring/metric-alarm";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:alarms";
const SPEC: MetricAlarmSpec = {
  alarmName: "web-cpu-high",
  description: "web: CPU above 80 % for 10 minutes",
  namespace: "AWS/ECS",
  metricName: "CPUUtilization",
  dimensions: { ClusterName: "acme", ServiceName: "web" },
  statistic: "Average",
  comparison: "GreaterThanThreshold",
  threshold: 80,
  periodSeconds: 300,
  evaluationPeriods: 2,
  treatMissingData: "missing",
};

function build(overrides: Partial<MetricAlarmSpec> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const alarm = metricAlarm(scope, "cpu-alarm", { ...SPEC, ...overrides });
    new TerraformOutput(scope, "arn", { value: alarm.alarmArn });
    new TerraformOutput(scope, "name", { value: alarm.alarmName });
  });
}

function buildError(overrides: Partial<MetricAlarmSpec>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected metricAlarm to refuse this spec");
}

describe("metricAlarm", () => {
  it("writes every part of the spec to one aws_cloudwatch_metric_alarm, with no actions without a topic", () => {
    const synth = build();
    expect(synth.only("aws_cloudwatch_metric_alarm")).toEqual({
      alarm_name: "web-cpu-high",
      alarm_description: "web: CPU above 80 % for 10 minutes",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "acme", ServiceName: "web" },
      statistic: "Average",
      period: 300,
      evaluation_periods: 2,
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      treat_missing_data: "missing",
    });
  });

  it("is created in the scope under the id given, so its address is the same as a hand-written alarm's", () => {
    const synth = build();
    const [name] = Object.keys(synth.resources("aws_cloudwatch_metric_alarm"));
    expect(name).toMatch(/^cpu-alarm/);
    expect(synth.output("arn")?.value).toBe(ref("aws_cloudwatch_metric_alarm", name!, "arn"));
    expect(synth.output("name")?.value).toBe(ref("aws_cloudwatch_metric_alarm", name!, "alarm_name"));
  });

  it("notifies the topic on ALARM and on OK, or on ALARM only", () => {
    expect(build({ topic: { topicArn: TOPIC } }).only("aws_cloudwatch_metric_alarm")).toMatchObject({
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    const alarmOnly = build({ topic: { topicArn: TOPIC }, notifyOnOk: false }).only(
      "aws_cloudwatch_metric_alarm",
    );
    expect(alarmOnly.alarm_actions).toEqual([TOPIC]);
    expect(alarmOnly.ok_actions).toBeUndefined();
  });

  it("sets datapoints_to_alarm only when asked (M out of N)", () => {
    expect(
      build({ evaluationPeriods: 5, datapointsToAlarm: 3 }).only("aws_cloudwatch_metric_alarm"),
    ).toMatchObject({
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
    });
  });

  it("takes high-resolution periods and a day of evaluation, a week for hourly periods", () => {
    for (const periodSeconds of [10, 20, 30, 60]) expect(() => build({ periodSeconds })).not.toThrow();
    expect(() => build({ periodSeconds: 300, evaluationPeriods: 288 })).not.toThrow();
    expect(() => build({ periodSeconds: 3600, evaluationPeriods: 168 })).not.toThrow();
  });

  it.each([
    [
      "a period CloudWatch has not",
      { periodSeconds: 90 },
      "periodSeconds must be 10, 20, 30 or a multiple of 60, got 90",
    ],
    [
      "no evaluation period",
      { evaluationPeriods: 0 },
      "evaluationPeriods must be a whole number of at least 1, got 0",
    ],
    [
      "more than a day of 5-minute periods",
      { evaluationPeriods: 289 },
      "periodSeconds x evaluationPeriods must be at most 86400 s (1 day) for a 300 s period, got 86700",
    ],
    [
      "more than a week of hourly periods",
      { periodSeconds: 3600, evaluationPeriods: 169 },
      "periodSeconds x evaluationPeriods must be at most 604800 s (7 days) for a 3600 s period, got 608400",
    ],
    [
      "more datapoints than periods",
      { datapointsToAlarm: 3 },
      "datapointsToAlarm must be a whole number from 1 to evaluationPeriods (2), got 3",
    ],
    [
      "a threshold that is not a number",
      { threshold: Number.NaN },
      "threshold must be a finite number, got NaN",
    ],
    ["an empty name", { alarmName: "" }, "alarmName must be 1-255 characters, got 0"],
    [
      "a long description",
      { description: "x".repeat(1025) },
      "description must be at most 1024 characters, got 1025",
    ],
    [
      "a topic that is not an SNS topic ARN",
      { topic: { topicArn: "arn:aws:sqs:ap-northeast-2:123456789012:q" } },
      'topic.topicArn must be a standard (not FIFO) SNS topic ARN, got "arn:aws:sqs:ap-northeast-2:123456789012:q"',
    ],
    [
      "a FIFO topic (CloudWatch cannot publish to one)",
      { topic: { topicArn: `${TOPIC}.fifo` } },
      "topic.topicArn must be a standard (not FIFO) SNS topic ARN",
    ],
    [
      "more than 30 dimensions",
      { dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, "v"])) },
      "dimensions may hold at most 30 entries, got 31",
    ],
  ])("refuses %s, naming the alarm", (_what, overrides, message) => {
    expect(buildError(overrides)).toContain(`stack/cpu-alarm: ${message}`);
  });
});
