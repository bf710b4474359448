import { Dashboard, DashboardProps, DashboardWidget } from "../../../modules/monitoring/dashboard";
import { synthScope } from "../../harness/synth-scope";

/** The dashboard body is JSON CloudWatch parses on apply; these tests read it back as CloudWatch would. */

interface WidgetJson {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

const SERVICE = { ClusterName: "acme", ServiceName: "erp-api" };
const DB = { DBInstanceIdentifier: "erp-db" };

const metrics = (
  title: string,
  ...list: Extract<DashboardWidget, { kind: "metrics" }>["metrics"]
): DashboardWidget => ({
  kind: "metrics",
  title,
  metrics: list,
});

function bodyOf(props: Partial<DashboardProps> & Pick<DashboardProps, "widgets">): {
  name: unknown;
  widgets: WidgetJson[];
} {
  const synth = synthScope((scope) => {
    new Dashboard(scope, "dashboard", { dashboardName: "erp-mes", region: "ap-northeast-2", ...props });
  });
  const dashboard = synth.only("aws_cloudwatch_dashboard");
  const body = JSON.parse(dashboard.dashboard_body as string) as { widgets: WidgetJson[] };
  expect(Object.keys(body)).toEqual(["widgets"]);
  return { name: dashboard.dashboard_name, widgets: body.widgets };
}

function buildError(props: Partial<DashboardProps>): string {
  try {
    synthScope((scope) => {
      new Dashboard(scope, "dashboard", {
        dashboardName: "erp-mes",
        region: "ap-northeast-2",
        widgets: [],
        ...props,
      });
    });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected Dashboard to refuse these props");
}

describe("Dashboard", () => {
  const { name, widgets } = bodyOf({
    widgets: [
      metrics(
        "Tasks",
        {
          namespace: "ECS/ContainerInsights",
          metricName: "RunningTaskCount",
          dimensions: SERVICE,
          stat: "Maximum",
        },
        {
          namespace: "ECS/ContainerInsights",
          metricName: "DesiredTaskCount",
          dimensions: SERVICE,
          label: "desired",
        },
      ),
      metrics("CPU", { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: SERVICE }),
      metrics("Connections", {
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: DB,
        stat: "Sum",
      }),
      {
        kind: "logs",
        title: "Errors",
        logGroupNames: ["/ecs/erp-api", "/aws/lambda/erp-api-scaler"],
        query: "fields @timestamp, @message | filter @message like /error/ | limit 20",
      },
      metrics("Free memory", {
        namespace: "AWS/RDS",
        metricName: "FreeableMemory",
        dimensions: DB,
        stat: "Minimum",
      }),
    ],
  });

  test("keeps the name and every widget, in order", () => {
    expect(name).toBe("erp-mes");
    expect(widgets.map((w) => w.properties.title)).toEqual([
      "Tasks",
      "CPU",
      "Connections",
      "Errors",
      "Free memory",
    ]);
    expect(widgets.map((w) => w.type)).toEqual(["metric", "metric", "metric", "log", "metric"]);
  });

  test("lays widgets out two per row, 12 wide and 6 high, without overlap", () => {
    expect(widgets.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([
      { x: 0, y: 0, width: 12, height: 6 },
      { x: 12, y: 0, width: 12, height: 6 },
      { x: 0, y: 6, width: 12, height: 6 },
      { x: 12, y: 6, width: 12, height: 6 },
      { x: 0, y: 12, width: 12, height: 6 },
    ]);
    // The dashboard grid is 24 columns wide.
    for (const w of widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
  });

  test("metric widgets are time series in the region, with the default 300 s period", () => {
    for (const w of widgets.filter((w) => w.type === "metric")) {
      expect(w.properties).toMatchObject({ region: "ap-northeast-2", view: "timeSeries", period: 300 });
    }
  });

  test("each metric is [namespace, name, dimension, value, ..., { stat, label }]", () => {
    expect(widgets[0]!.properties.metrics).toEqual([
      [
        "ECS/ContainerInsights",
        "RunningTaskCount",
        "ClusterName",
        "acme",
        "ServiceName",
        "erp-api",
        { stat: "Maximum", label: "RunningTaskCount" },
      ],
      [
        "ECS/ContainerInsights",
        "DesiredTaskCount",
        "ClusterName",
        "acme",
        "ServiceName",
        "erp-api",
        { stat: "Average", label: "desired" },
      ],
    ]);
    expect(widgets[1]!.properties.metrics).toEqual([
      [
        "AWS/ECS",
        "CPUUtilization",
        "ClusterName",
        "acme",
        "ServiceName",
        "erp-api",
        { stat: "Average", label: "CPUUtilization" },
      ],
    ]);
    expect(widgets[2]!.properties.metrics).toEqual([
      [
        "AWS/RDS",
        "DatabaseConnections",
        "DBInstanceIdentifier",
        "erp-db",
        { stat: "Sum", label: "DatabaseConnections" },
      ],
    ]);
  });

  test("a log widget queries Logs Insights with one SOURCE per log group before the query", () => {
    expect(widgets[3]!.properties).toEqual({
      title: "Errors",
      region: "ap-northeast-2",
      view: "table",
      query:
        "SOURCE '/ecs/erp-api' | SOURCE '/aws/lambda/erp-api-scaler' | " +
        "fields @timestamp, @message | filter @message like /error/ | limit 20",
    });
    expect(widgets[3]!.properties.metrics).toBeUndefined();
  });

  test("periodSeconds sets the period of every metric widget", () => {
    const { widgets: custom } = bodyOf({
      periodSeconds: 60,
      widgets: [
        metrics("CPU", { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: SERVICE }),
        metrics("Memory", { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions: SERVICE }),
      ],
    });
    expect(custom.map((w) => w.properties.period)).toEqual([60, 60]);
  });

  test("a dashboard without widgets is refused", () => {
    expect(buildError({ widgets: [] })).toMatch(/dashboard: a dashboard needs at least one widget$/);
  });

  test("dashboardUrl opens the dashboard in the CloudWatch console of its region", () => {
    let url = "";
    synthScope((scope) => {
      url = new Dashboard(scope, "dashboard", {
        dashboardName: "alert-system-dev",
        region: "ap-northeast-2",
        widgets: [
          metrics("CPU", { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: SERVICE }),
        ],
      }).dashboardUrl;
    });
    expect(url).toBe(
      "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#dashboards:name=alert-system-dev",
    );
  });

  test("a percentile is a stat", () => {
    const { widgets: custom } = bodyOf({
      widgets: [
        metrics("Latency", {
          namespace: "AWS/ApplicationELB",
          metricName: "TargetResponseTime",
          dimensions: { LoadBalancer: "app/a/1" },
          stat: "p99",
        }),
      ],
    });
    expect(custom[0]!.properties.metrics).toEqual([
      [
        "AWS/ApplicationELB",
        "TargetResponseTime",
        "LoadBalancer",
        "app/a/1",
        { stat: "p99", label: "TargetResponseTime" },
      ],
    ]);
  });

  test.each([
    [
      {
        dashboardName: "alert system",
        widgets: [
          metrics("CPU", { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: SERVICE }),
        ],
      },
      'dashboardName must be 1-255 letters, digits, hyphens or underscores, got "alert system"',
    ],
    [
      {
        widgets: [
          metrics("Latency", {
            namespace: "AWS/ApplicationELB",
            metricName: "TargetResponseTime",
            dimensions: {},
            stat: "p101",
          }),
        ],
      },
      'widget "Latency": stat "p101" is not a percentile; use "p" and 0-100, e.g. "p99"',
    ],
  ])("refuses %j", (props, message) => {
    expect(buildError(props)).toBe(`stack/dashboard: ${message}`);
  });
});
