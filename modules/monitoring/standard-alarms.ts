import { Construct } from "constructs";
import { AlarmNotificationTarget, MetricAlarm, metricAlarm } from "./metric-alarm";

/**
 * The alarms every system here needs, with the metric names, statistics and missing-data choices in
 * one place so stacks never write them by hand. Each factory creates its alarms in `scope` under fixed
 * ids (named below): give each service, load balancer, database or queue its own scope (the construct
 * itself, or `new Construct(stack, "web-api-alarms")`); a second call on the same scope fails with a
 * duplicate id rather than two alarms fighting over one name.
 */

const GIB = 1024 ** 3;
const FIVE_MINUTES = 300;

function checkPercent(scope: Construct, prop: string, value: number): void {
  if (!(value > 0 && value < 100)) {
    throw new Error(`${scope.node.path}: ${prop} must be between 0 and 100, got ${value}`);
  }
}

function checkPositive(scope: Construct, prop: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${scope.node.path}: ${prop} must be a number above 0, got ${value}`);
  }
}

export interface EcsServiceAlarmsProps {
  /** Dimension ClusterName: the cluster's name (`EcsCluster.clusterName`). */
  readonly clusterName: string;
  /** Dimension ServiceName: the service's name (`FargateService.serviceName`). */
  readonly serviceName: string;
  readonly topic: AlarmNotificationTarget;
  /** Average CPU of the service's tasks, for 2 consecutive 5 minutes. @default 80 */
  readonly cpuThresholdPercent?: number;
  /** Average memory of the service's tasks, for 2 consecutive 5 minutes. @default 80 */
  readonly memoryThresholdPercent?: number;
  /** Start of the alarm names. @default "<clusterName>-<serviceName>" */
  readonly alarmNamePrefix?: string;
}

export interface EcsServiceAlarms {
  readonly cpu: MetricAlarm;
  readonly memory: MetricAlarm;
}

/**
 * CPU and memory of an ECS service above their thresholds (AWS/ECS CPUUtilization and
 * MemoryUtilization, service averages over 2 x 5 minutes; ids "cpu-alarm", "memory-alarm"). A
 * service scaled to zero publishes nothing; its alarms then show INSUFFICIENT_DATA, which notifies
 * no one.
 */
export function ecsServiceAlarms(scope: Construct, props: EcsServiceAlarmsProps): EcsServiceAlarms {
  const cpuThreshold = props.cpuThresholdPercent ?? 80;
  const memoryThreshold = props.memoryThresholdPercent ?? 80;
  checkPercent(scope, "cpuThresholdPercent", cpuThreshold);
  checkPercent(scope, "memoryThresholdPercent", memoryThreshold);
  const prefix = props.alarmNamePrefix ?? `${props.clusterName}-${props.serviceName}`;
  const common = {
    namespace: "AWS/ECS",
    dimensions: { ClusterName: props.clusterName, ServiceName: props.serviceName },
    statistic: "Average",
    comparison: "GreaterThanThreshold",
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    topic: props.topic,
  } as const;
  return {
    cpu: metricAlarm(scope, "cpu-alarm", {
      ...common,
      alarmName: `${prefix}-cpu-high`,
      description: `${prefix}: CPU above ${cpuThreshold} % for 10 minutes`,
      metricName: "CPUUtilization",
      threshold: cpuThreshold,
    }),
    memory: metricAlarm(scope, "memory-alarm", {
      ...common,
      alarmName: `${prefix}-memory-high`,
      description: `${prefix}: memory above ${memoryThreshold} % for 10 minutes`,
      metricName: "MemoryUtilization",
      threshold: memoryThreshold,
    }),
  };
}

export interface AlbAlarmsProps {
  /** Dimension LoadBalancer: the ALB's ARN suffix, "app/<name>/<id>" (`Alb.albArnSuffix`). */
  readonly loadBalancerArnSuffix: string;
  readonly topic: AlarmNotificationTarget;
  /** Start of the alarm names, e.g. the ALB's name. */
  readonly alarmNamePrefix: string;
  /** 5XX responses (of each kind) in 5 minutes above which the alarms fire. @default 10 */
  readonly max5xxPerFiveMinutes?: number;
}

export interface AlbAlarms {
  /** HTTPCode_ELB_5XX_Count: errors the load balancer answered itself. */
  readonly elb5xx: MetricAlarm;
  /** HTTPCode_Target_5XX_Count: errors the targets answered. */
  readonly target5xx: MetricAlarm;
}

/**
 * More than `max5xxPerFiveMinutes` 5XX responses in 5 minutes, as two alarms (ids "elb-5xx-alarm",
 * "target-5xx-alarm"): HTTPCode_ELB_5XX_Count counts what the load balancer answered itself (502/503/
 * 504: no healthy target, target timeouts, refused connections), HTTPCode_Target_5XX_Count what the
 * application answered. Both reach users, and they point at different people: the first at the
 * platform (deploys, health checks, capacity), the second at the application's code. Each is counted
 * on its own, so 6 + 6 in one window stays silent; that is the price of knowing which it was. The ALB
 * publishes these counts only when they are non-zero, so no data means no errors (notBreaching).
 */
export function albAlarms(scope: Construct, props: AlbAlarmsProps): AlbAlarms {
  const threshold = props.max5xxPerFiveMinutes ?? 10;
  if (!(Number.isInteger(threshold) && threshold >= 0)) {
    throw new Error(
      `${scope.node.path}: max5xxPerFiveMinutes must be a whole number of at least 0, got ${threshold}`,
    );
  }
  const common = {
    namespace: "AWS/ApplicationELB",
    dimensions: { LoadBalancer: props.loadBalancerArnSuffix },
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    threshold,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    topic: props.topic,
  } as const;
  const prefix = props.alarmNamePrefix;
  return {
    elb5xx: metricAlarm(scope, "elb-5xx-alarm", {
      ...common,
      alarmName: `${prefix}-elb-5xx`,
      description: `${prefix}: more than ${threshold} 5XX answered by the load balancer in 5 minutes (no healthy target, target timeouts or refused connections)`,
      metricName: "HTTPCode_ELB_5XX_Count",
    }),
    target5xx: metricAlarm(scope, "target-5xx-alarm", {
      ...common,
      alarmName: `${prefix}-target-5xx`,
      description: `${prefix}: more than ${threshold} 5XX answered by the targets in 5 minutes (application errors)`,
      metricName: "HTTPCode_Target_5XX_Count",
    }),
  };
}

export interface RdsInstanceAlarmsProps {
  /** Dimension DBInstanceIdentifier (`PostgresDatabase.instanceIdentifier`). */
  readonly instanceIdentifier: string;
  /** @default none: the alarms only change state */
  readonly topic?: AlarmNotificationTarget;
  /** Average CPU, for 2 consecutive 5 minutes. @default 80 */
  readonly cpuThresholdPercent?: number;
  /** Minimum free storage in bytes, for 2 consecutive 5 minutes. @default 5 GiB */
  readonly freeStorageThresholdBytes?: number;
  /**
   * The instance has storage autoscaling: then low free storage means autoscaling is not keeping up,
   * and the alarm's description says so.
   * @default false
   */
  readonly storageAutoscaling?: boolean;
  /** Start of the alarm names. @default instanceIdentifier */
  readonly alarmNamePrefix?: string;
}

export interface RdsInstanceAlarms {
  readonly cpu: MetricAlarm;
  readonly freeStorage: MetricAlarm;
}

/**
 * CPU above and free storage below their thresholds on an RDS instance (AWS/RDS CPUUtilization
 * average, FreeStorageSpace minimum, 2 x 5 minutes; ids "cpu-alarm", "free-storage-alarm").
 * PostgresDatabase makes these for its instance; use this for an instance made elsewhere.
 */
export function rdsInstanceAlarms(scope: Construct, props: RdsInstanceAlarmsProps): RdsInstanceAlarms {
  const cpuThreshold = props.cpuThresholdPercent ?? 80;
  const storageThreshold = props.freeStorageThresholdBytes ?? 5 * GIB;
  checkPercent(scope, "cpuThresholdPercent", cpuThreshold);
  checkPositive(scope, "freeStorageThresholdBytes", storageThreshold);
  const prefix = props.alarmNamePrefix ?? props.instanceIdentifier;
  const common = {
    namespace: "AWS/RDS",
    dimensions: { DBInstanceIdentifier: props.instanceIdentifier },
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    topic: props.topic,
  } as const;
  const why = props.storageAutoscaling ? " (autoscaling at its ceiling or too slow)" : "";
  return {
    cpu: metricAlarm(scope, "cpu-alarm", {
      ...common,
      alarmName: `${prefix}-cpu-high`,
      description: `${prefix}: CPU above ${cpuThreshold} % for 10 minutes`,
      metricName: "CPUUtilization",
      statistic: "Average",
      comparison: "GreaterThanThreshold",
      threshold: cpuThreshold,
    }),
    freeStorage: metricAlarm(scope, "free-storage-alarm", {
      ...common,
      alarmName: `${prefix}-free-storage-low`,
      description: `${prefix}: free storage below ${storageThreshold} bytes for 10 minutes${why}`,
      metricName: "FreeStorageSpace",
      statistic: "Minimum",
      comparison: "LessThanThreshold",
      threshold: storageThreshold,
    }),
  };
}

export interface QueueNotEmptyAlarmProps {
  /** Dimension QueueName: the queue's name (not its URL or ARN). */
  readonly queueName: string;
  readonly topic: AlarmNotificationTarget;
  /** Start of the alarm name. @default queueName */
  readonly alarmNamePrefix?: string;
}

/**
 * A message is waiting in a queue that should stay empty, such as a dead-letter queue (AWS/SQS
 * ApproximateNumberOfMessagesVisible, maximum over 5 minutes, above 0; id "not-empty-alarm"). SQS
 * stops publishing for a queue it deems inactive, so missing data keeps the alarm's state ("ignore"):
 * an alarm on dead letters clears only on a data point showing the queue empty, never because the
 * metric went quiet.
 */
export function queueNotEmptyAlarm(scope: Construct, props: QueueNotEmptyAlarmProps): MetricAlarm {
  const prefix = props.alarmNamePrefix ?? props.queueName;
  return metricAlarm(scope, "not-empty-alarm", {
    alarmName: `${prefix}-not-empty`,
    description: `${prefix}: messages are waiting (for a dead-letter queue: processing failed and needs someone)`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: props.queueName },
    statistic: "Maximum",
    comparison: "GreaterThanThreshold",
    threshold: 0,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    treatMissingData: "ignore",
    topic: props.topic,
  });
}
