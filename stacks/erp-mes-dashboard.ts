import { Construct } from "constructs";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { FargateService } from "../modules/ecs/fargate-service";
import { Dashboard } from "../modules/monitoring/dashboard";
import { PostgresDatabase } from "../modules/rds/postgres-database";

/** The ERP/MES dashboard of its runbook: service status, database load, API health and errors. */
export function erpMesDashboard(
  scope: Construct,
  props: {
    name: string;
    region: string;
    cluster: EcsCluster;
    simulator: FargateService;
    database: PostgresDatabase;
  },
): Dashboard {
  const service = { ClusterName: props.cluster.clusterName, ServiceName: props.simulator.serviceName };
  const db = { DBInstanceIdentifier: props.database.instanceIdentifier };
  return new Dashboard(scope, "dashboard", {
    dashboardName: props.name,
    region: props.region,
    widgets: [
      {
        kind: "metrics",
        title: "Simulator tasks (running vs desired)",
        metrics: [
          {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: service,
            stat: "Maximum",
          },
          {
            namespace: "ECS/ContainerInsights",
            metricName: "DesiredTaskCount",
            dimensions: service,
            stat: "Maximum",
          },
        ],
      },
      {
        kind: "metrics",
        title: "Simulator CPU / memory %",
        metrics: [
          { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: service },
          { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions: service },
        ],
      },
      {
        kind: "metrics",
        title: "RDS connections",
        metrics: [
          { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: db, stat: "Maximum" },
        ],
      },
      {
        kind: "metrics",
        title: "RDS CPU % / freeable memory",
        metrics: [
          { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: db },
          { namespace: "AWS/RDS", metricName: "FreeableMemory", dimensions: db, stat: "Minimum" },
        ],
      },
      {
        kind: "logs",
        title: "API health checks and errors",
        logGroupNames: [props.simulator.logGroupName],
        query:
          "fields @timestamp, @message | filter @message like /(?i)(error|exception|GET \\/health)/ | sort @timestamp desc | limit 50",
      },
    ],
  });
}
