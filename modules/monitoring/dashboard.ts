import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";

export interface DashboardMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** @default "Average" */
  readonly stat?: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
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
  readonly dashboardName: string;
  readonly region: string;
  readonly widgets: readonly DashboardWidget[];
  /** Seconds per data point. @default 300 */
  readonly periodSeconds?: number;
}

const WIDGET_WIDTH = 12;
const WIDGET_HEIGHT = 6;

/** A CloudWatch dashboard laid out two widgets per row, from typed widget descriptions. */
export class Dashboard extends Construct {
  public readonly dashboardName: string;
  public readonly dashboardArn: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    if (props.widgets.length === 0)
      throw new Error(`${this.node.path}: a dashboard needs at least one widget`);
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
  }
}
