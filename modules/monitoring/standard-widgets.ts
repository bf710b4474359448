import { DashboardWidget } from "./dashboard";

/**
 * Dashboard widgets for the resources every system here runs, with the metric names and statistics
 * in one place (the same metrics the standard alarms watch, so a graph explains an alarm). Each
 * returns widgets to spread into `DashboardProps.widgets`; titles start with `title`.
 */

export interface EcsServiceWidgetsProps {
  readonly clusterName: string;
  readonly serviceName: string;
  /** @default serviceName */
  readonly title?: string;
}

/** CPU and memory of an ECS service (AWS/ECS, service averages and the busiest minute). */
export function ecsServiceWidgets(props: EcsServiceWidgetsProps): DashboardWidget[] {
  const dimensions = { ClusterName: props.clusterName, ServiceName: props.serviceName };
  const title = props.title ?? props.serviceName;
  return [
    {
      kind: "metrics",
      title: `${title}: CPU and memory %`,
      metrics: [
        { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions, label: "CPU average" },
        { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions, label: "memory average" },
        {
          namespace: "AWS/ECS",
          metricName: "CPUUtilization",
          dimensions,
          stat: "Maximum",
          label: "CPU maximum",
        },
      ],
    },
  ];
}

export interface AlbWidgetsProps {
  /** The ALB's ARN suffix, "app/<name>/<id>" (`Alb.albArnSuffix`). */
  readonly loadBalancerArnSuffix: string;
  readonly title: string;
}

/** Requests, response time (average and p99) and 5XX of an ALB (AWS/ApplicationELB). */
export function albWidgets(props: AlbWidgetsProps): DashboardWidget[] {
  const dimensions = { LoadBalancer: props.loadBalancerArnSuffix };
  const metric = "AWS/ApplicationELB";
  return [
    {
      kind: "metrics",
      title: `${props.title}: requests`,
      metrics: [
        { namespace: metric, metricName: "RequestCount", dimensions, stat: "Sum", label: "requests" },
      ],
    },
    {
      kind: "metrics",
      title: `${props.title}: target response time (s)`,
      metrics: [
        { namespace: metric, metricName: "TargetResponseTime", dimensions, label: "average" },
        { namespace: metric, metricName: "TargetResponseTime", dimensions, stat: "p99", label: "p99" },
      ],
    },
    {
      kind: "metrics",
      title: `${props.title}: 5XX`,
      metrics: [
        {
          namespace: metric,
          metricName: "HTTPCode_ELB_5XX_Count",
          dimensions,
          stat: "Sum",
          label: "from the load balancer",
        },
        {
          namespace: metric,
          metricName: "HTTPCode_Target_5XX_Count",
          dimensions,
          stat: "Sum",
          label: "from the targets",
        },
      ],
    },
  ];
}

export interface RdsInstanceWidgetsProps {
  /** DBInstanceIdentifier (`PostgresDatabase.instanceIdentifier`). */
  readonly instanceIdentifier: string;
  /** @default instanceIdentifier */
  readonly title?: string;
}

/** CPU, free storage, connections and freeable memory of an RDS instance (AWS/RDS), one unit per graph. */
export function rdsInstanceWidgets(props: RdsInstanceWidgetsProps): DashboardWidget[] {
  const dimensions = { DBInstanceIdentifier: props.instanceIdentifier };
  const title = props.title ?? props.instanceIdentifier;
  const rds = (metricName: string, stat: "Average" | "Minimum" | "Maximum", heading: string) =>
    ({
      kind: "metrics",
      title: `${title}: ${heading}`,
      metrics: [{ namespace: "AWS/RDS", metricName, dimensions, stat }],
    }) as const;
  return [
    rds("CPUUtilization", "Average", "CPU %"),
    rds("FreeStorageSpace", "Minimum", "free storage (bytes)"),
    rds("DatabaseConnections", "Maximum", "connections"),
    rds("FreeableMemory", "Minimum", "freeable memory (bytes)"),
  ];
}

export interface QueueWidgetsProps {
  /** The queue's name (not its URL or ARN). */
  readonly queueName: string;
  /** @default queueName */
  readonly title?: string;
}

/** Messages waiting in an SQS queue (a dead-letter queue's should stay at 0). */
export function queueWidgets(props: QueueWidgetsProps): DashboardWidget[] {
  return [
    {
      kind: "metrics",
      title: `${props.title ?? props.queueName}: messages visible`,
      metrics: [
        {
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: props.queueName },
          stat: "Maximum",
        },
      ],
    },
  ];
}
