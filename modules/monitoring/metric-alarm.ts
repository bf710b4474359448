import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Token } from "cdktf";
import { SNS_TOPIC_ARN, SNS_TOPIC_ARN_EXPECTED } from "./sns-topic-arn";
import { Construct } from "constructs";

export type AlarmStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";

export type AlarmComparison =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/**
 * What a period without data points counts as: "missing" (the alarm goes to INSUFFICIENT_DATA when all
 * are missing), "notBreaching" (good: metrics published only when something happens, like 5XX counts),
 * "breaching" (bad: a heartbeat), "ignore" (the alarm keeps its state).
 */
export type TreatMissingData = "missing" | "notBreaching" | "breaching" | "ignore";

/** Where alarms notify: an AlarmTopic, or any SNS topic in the alarm's region by ARN. */
export interface AlarmNotificationTarget {
  readonly topicArn: string;
}

/** One CloudWatch metric alarm on one metric, every choice that decides when it fires spelled out. */
export interface MetricAlarmSpec {
  /** Unique in the account and region; 1-255 characters. */
  readonly alarmName: string;
  /** What it means when it fires: on-call reads this in the notification. At most 1024 characters. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  /** At most 30. CloudWatch matches them exactly: {} is the metric published without dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: AlarmStatistic;
  readonly comparison: AlarmComparison;
  readonly threshold: number;
  /** Seconds per data point: 10, 20, 30 (high-resolution metrics only) or a multiple of 60. */
  readonly periodSeconds: number;
  /** Consecutive periods evaluated. `periodSeconds` x this is at most a day (7 days for hourly or longer periods). */
  readonly evaluationPeriods: number;
  readonly treatMissingData: TreatMissingData;
  /**
   * Breaching data points among `evaluationPeriods` that fire the alarm ("M out of N").
   * @default evaluationPeriods (all of them; CloudWatch's default, so it is left unset)
   */
  readonly datapointsToAlarm?: number;
  /** @default none: the alarm only changes state, nobody is told */
  readonly topic?: AlarmNotificationTarget;
  /**
   * Notify the topic when the alarm returns to OK as well, so whoever was paged learns it is over.
   * @default true
   */
  readonly notifyOnOk?: boolean;
}

/** What `metricAlarm` returns. */
export interface MetricAlarm {
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly resource: CloudwatchMetricAlarm;
}

const DAY = 86_400;

/**
 * Makes an `aws_cloudwatch_metric_alarm` in `scope` with construct id `id`, from a typed spec checked
 * against CloudWatch's rules. A function rather than a construct so the alarm's Terraform address is
 * `scope/id`, the same as a hand-written alarm's: modules moving onto it keep their alarms in place.
 */
export function metricAlarm(scope: Construct, id: string, spec: MetricAlarmSpec): MetricAlarm {
  const where = scope.node.path ? `${scope.node.path}/${id}` : id;
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  if (!Token.isUnresolved(spec.alarmName) && (spec.alarmName.length < 1 || spec.alarmName.length > 255)) {
    fail(`alarmName must be 1-255 characters, got ${spec.alarmName.length}`);
  }
  if (!Token.isUnresolved(spec.description) && spec.description.length > 1024) {
    fail(`description must be at most 1024 characters, got ${spec.description.length}`);
  }
  if (spec.namespace === "" || spec.metricName === "") fail("namespace and metricName must not be empty");
  const dimensionCount = Object.keys(spec.dimensions).length;
  if (dimensionCount > 30) fail(`dimensions may hold at most 30 entries, got ${dimensionCount}`);
  if (!Number.isFinite(spec.threshold)) fail(`threshold must be a finite number, got ${spec.threshold}`);

  const period = spec.periodSeconds;
  if (!(
    period === 10 ||
    period === 20 ||
    period === 30 ||
    (Number.isInteger(period) && period > 0 && period % 60 === 0)
  )) {
    fail(`periodSeconds must be 10, 20, 30 or a multiple of 60, got ${period}`);
  }
  const evaluations = spec.evaluationPeriods;
  if (!Number.isInteger(evaluations) || evaluations < 1) {
    fail(`evaluationPeriods must be a whole number of at least 1, got ${evaluations}`);
  }
  const longest = period >= 3600 ? 7 * DAY : DAY;
  if (period * evaluations > longest) {
    fail(
      `periodSeconds x evaluationPeriods must be at most ${longest} s (${longest / DAY} day${longest > DAY ? "s" : ""}) for a ${period} s period, got ${period * evaluations}`,
    );
  }
  const datapoints = spec.datapointsToAlarm;
  if (
    datapoints !== undefined &&
    (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > evaluations)
  ) {
    fail(
      `datapointsToAlarm must be a whole number from 1 to evaluationPeriods (${evaluations}), got ${datapoints}`,
    );
  }
  const topicArn = spec.topic?.topicArn;
  if (topicArn !== undefined && !Token.isUnresolved(topicArn) && !SNS_TOPIC_ARN.test(topicArn)) {
    fail(`topic.topicArn must be ${SNS_TOPIC_ARN_EXPECTED}, got "${topicArn}"`);
  }

  const actions =
    topicArn === undefined
      ? {}
      : { alarmActions: [topicArn], ...((spec.notifyOnOk ?? true) ? { okActions: [topicArn] } : {}) };
  const resource = new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.alarmName,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: { ...spec.dimensions },
    statistic: spec.statistic,
    period,
    evaluationPeriods: evaluations,
    ...(datapoints !== undefined ? { datapointsToAlarm: datapoints } : {}),
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    treatMissingData: spec.treatMissingData,
    ...actions,
  });
  return { alarmArn: resource.arn, alarmName: resource.alarmName, resource };
}

export { SNS_TOPIC_ARN, SNS_TOPIC_ARN_EXPECTED } from "./sns-topic-arn";
