import { Dashboard, DashboardMetric, DashboardWidget } from "../../../modules/monitoring/dashboard";
import {
  albWidgets,
  ecsServiceWidgets,
  queueWidgets,
  rdsInstanceWidgets,
} from "../../../modules/monitoring/standard-widgets";
import { synthScope } from "../../harness/synth-scope";

type MetricWidget = Extract<DashboardWidget, { kind: "metrics" }>;

const summary = (widgets: DashboardWidget[]) =>
  (widgets as MetricWidget[]).map((w) => ({
    title: w.title,
    metrics: w.metrics.map((m: DashboardMetric) => `${m.namespace} ${m.metricName} ${m.stat ?? "Average"}`),
  }));

describe("standard dashboard widgets", () => {
  it("ECS: CPU and memory averages and the busiest CPU, per service", () => {
    const widgets = ecsServiceWidgets({ clusterName: "alerts", serviceName: "api" });
    expect(summary(widgets)).toEqual([
      {
        title: "api: CPU and memory %",
        metrics: [
          "AWS/ECS CPUUtilization Average",
          "AWS/ECS MemoryUtilization Average",
          "AWS/ECS CPUUtilization Maximum",
        ],
      },
    ]);
    for (const m of (widgets[0] as MetricWidget).metrics)
      expect(m.dimensions).toEqual({ ClusterName: "alerts", ServiceName: "api" });
  });

  it("ALB: requests, target response time (average and p99) and both 5XX counts", () => {
    const widgets = albWidgets({ loadBalancerArnSuffix: "app/alerts/1", title: "alerts ALB" });
    expect(summary(widgets)).toEqual([
      { title: "alerts ALB: requests", metrics: ["AWS/ApplicationELB RequestCount Sum"] },
      {
        title: "alerts ALB: target response time (s)",
        metrics: [
          "AWS/ApplicationELB TargetResponseTime Average",
          "AWS/ApplicationELB TargetResponseTime p99",
        ],
      },
      {
        title: "alerts ALB: 5XX",
        metrics: [
          "AWS/ApplicationELB HTTPCode_ELB_5XX_Count Sum",
          "AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum",
        ],
      },
    ]);
  });

  it("RDS: CPU, free storage, connections and freeable memory, one unit per graph", () => {
    expect(summary(rdsInstanceWidgets({ instanceIdentifier: "alerts-db" }))).toEqual([
      { title: "alerts-db: CPU %", metrics: ["AWS/RDS CPUUtilization Average"] },
      { title: "alerts-db: free storage (bytes)", metrics: ["AWS/RDS FreeStorageSpace Minimum"] },
      { title: "alerts-db: connections", metrics: ["AWS/RDS DatabaseConnections Maximum"] },
      { title: "alerts-db: freeable memory (bytes)", metrics: ["AWS/RDS FreeableMemory Minimum"] },
    ]);
  });

  it("SQS: messages visible", () => {
    expect(summary(queueWidgets({ queueName: "alerts-dlq", title: "dead letters" }))).toEqual([
      {
        title: "dead letters: messages visible",
        metrics: ["AWS/SQS ApproximateNumberOfMessagesVisible Maximum"],
      },
    ]);
  });

  it("all of them make one dashboard CloudWatch accepts", () => {
    const synth = synthScope((scope) => {
      new Dashboard(scope, "dashboard", {
        dashboardName: "alert-system-dev",
        region: "ap-northeast-2",
        widgets: [
          ...ecsServiceWidgets({ clusterName: "alerts", serviceName: "api" }),
          ...albWidgets({ loadBalancerArnSuffix: "app/alerts/1", title: "ALB" }),
          ...rdsInstanceWidgets({ instanceIdentifier: "alerts-db" }),
          ...queueWidgets({ queueName: "alerts-dlq" }),
        ],
      });
    });
    const body = JSON.parse(synth.only("aws_cloudwatch_dashboard").dashboard_body as string) as {
      widgets: unknown[];
    };
    expect(body.widgets).toHaveLength(9);
  });
});
