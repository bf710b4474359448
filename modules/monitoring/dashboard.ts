import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Token } from "cdktf";
import { Construct } from "constructs";

/** Statistics a dashboard metric may show: the five basic ones, or a percentile such as "p99". */
export type DashboardStat = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

export interface DashboardMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** A percentile is "p" and 0-100, e.g. "p99" or "p99.9". @default "Average" */
  readonly stat?: DashboardStat;
  /** @default the metric name */
  readonly label?: string;
}

export type DashboardWidget =
  | { readonly kind: "metrics"; readonly title: string; readonly metrics: readonly DashboardMetric[] }
  | {
      readonly kind: "logs";
      readonly title: string;
      readonly logGroupNames: readonly string[];
      readonly query: string;
    };

export interface DashboardProps {
  /** 1-255 letters, digits, hyphens and underscores (CloudWatch's rule; it is also the console URL's). */
  readonly dashboardName: string;
  readonly region: string;
  readonly widgets: readonly DashboardWidget[];
  /** Seconds per data point. @default 300 */
  readonly periodSeconds?: number;
}

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const PERCENTILE = /^p(\d{1,2}(\.\d+)?|100)$/;
const WIDGET_WIDTH = 12;
const WIDGET_HEIGHT = 6;

/** A CloudWatch dashboard laid out two widgets per row, from typed widget descriptions. */
export class Dashboard extends Construct {
  public readonly dashboardName: string;
  public readonly dashboardArn: string;
  /** The dashboard in the CloudWatch console, for outputs and runbooks. */
  public readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    if (props.widgets.length === 0)
      throw new Error(`${this.node.path}: a dashboard needs at least one widget`);
    if (!Token.isUnresolved(props.dashboardName) && !DASHBOARD_NAME.test(props.dashboardName)) {
      throw new Error(
        `${this.node.path}: dashboardName must be 1-255 letters, digits, hyphens or underscores, got "${props.dashboardName}"`,
      );
    }
    for (const widget of props.widgets) {
      if (widget.kind !== "metrics") continue;
      for (const metric of widget.metrics) {
        const stat = metric.stat ?? "Average";
        if (stat.startsWith("p") && !PERCENTILE.test(stat)) {
          throw new Error(
            `${this.node.path}: widget "${widget.title}": stat "${stat}" is not a percentile; use "p" and 0-100, e.g. "p99"`,
          );
        }
      }
    }
    const period = props.periodSeconds ?? 300;
    const widgets = props.widgets.map((widget, i) => {
      const position = {
        x: (i % 2) * WIDGET_WIDTH,
        y: Math.floor(i / 2) * WIDGET_HEIGHT,
        width: WIDGET_WIDTH,
        height: WIDGET_HEIGHT,
      };
      if (widget.kind === "logs") {
        const sources = widget.logGroupNames.map((name) => `SOURCE '${name}'`).join(" | ");
        return {
          type: "log",
          ...position,
          properties: {
            title: widget.title,
            region: props.region,
            view: "table",
            query: `${sources} | ${widget.query}`,
          },
        };
      }
      return {
        type: "metric",
        ...position,
        properties: {
          title: widget.title,
          region: props.region,
          view: "timeSeries",
          period,
          metrics: widget.metrics.map((m) => [
            m.namespace,
            m.metricName,
            ...Object.entries(m.dimensions).flat(),
            { stat: m.stat ?? "Average", label: m.label ?? m.metricName },
          ]),
        },
      };
    });
    const dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets }),
    });
    this.dashboardName = dashboard.dashboardName;
    this.dashboardArn = dashboard.dashboardArn;
    // From the props, not the resource: the URL reads as text in outputs and needs nothing applied.
    this.dashboardUrl = dashboardUrl(props.region, props.dashboardName);
  }
}

/** The CloudWatch console address of dashboard `name` in `region`. */
export function dashboardUrl(region: string, name: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${name}`;
}
