import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { LAMBDA_ENTRIES } from "../lambdas/entries";
import { ErpMesConfig } from "../config/schema/systems/erp-mes";
import { EcrRepository } from "../modules/ecr/ecr-repository";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { OnDemandService } from "../modules/ecs/on-demand-service";
import { PostgresDatabase } from "../modules/rds/postgres-database";
import { Secret } from "../modules/secrets/secret";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { erpMesDashboard } from "./erp-mes-dashboard";
import { fargateServicePropsFrom } from "./props/fargate-service";
import { postgresPropsFrom } from "./props/postgres";
import { systemNetwork } from "./system-network";

/**
 * ERP/MES simulator: EventBridge → scaler Lambda → on-demand Fargate API → RDS PostgreSQL, which the
 * TriFlow-AI database reads through postgres_fdw from its configured CIDRs.
 */
export class ErpMesStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig, erpMes: ErpMesConfig, network: SharedNetwork) {
    super(scope, { config, system: "erp-mes" });
    const { simulator: settings } = erpMes;

    const vpc = systemNetwork(this, erpMes.network, network);
    const repository = new EcrRepository(this, "repository", {
      name: this.accountUniqueName("erp-mes-simulator"),
      imageTagMutability: erpMes.ecr.image_tag_mutability,
      keepTaggedImages: erpMes.ecr.keep_tagged_images,
      untaggedExpiryDays: erpMes.ecr.untagged_expiry_days,
    });
    const cluster = new EcsCluster(this, "cluster", {
      clusterName: this.accountUniqueName("erp-mes-cluster"),
    });

    const database = new PostgresDatabase(
      this,
      "database",
      postgresPropsFrom(erpMes.database, {
        identifier: this.accountUniqueName("erp-mes-db"),
        databaseName: "erp_mes_db",
        vpc,
        logRetentionDays: config.log_retention_days,
        ...(erpMes.alarm_topic_arn ? { alarmTopicArn: erpMes.alarm_topic_arn } : {}),
      }),
    );
    // The connection URL is filled in by ops (README: ERP/MES), so no credential passes through state.
    const databaseUrl = new Secret(this, "database-url", {
      name: this.accountUniqueName("erp-mes/database-url"),
      description: "MES_DATABASE_URL of the ERP/MES simulator (postgresql://...); value set by ops",
    });

    const simulator = new OnDemandService(this, "simulator", {
      scalerEntry: LAMBDA_ENTRIES.ecsScaler,
      ...fargateServicePropsFrom(
        this,
        {
          ...settings,
          environment: {
            MES_DEBUG: String(settings.debug),
            MES_CORS_ORIGINS: settings.cors_origins.join(","),
          },
          secrets: { MES_DATABASE_URL: databaseUrl.secretArn },
        },
        {
          serviceName: "erp-mes-simulator",
          containerName: "api",
          port: 8000,
          logGroupName: "/ecs/erp-mes-simulator",
          logStreamPrefix: "api",
          healthCheckCommand: "curl -f http://localhost:8000/health || exit 1",
          repository,
          cluster,
          vpc,
        },
      ),
      runningCount: settings.running_count,
      startSchedule: settings.start_schedule,
      stopSchedule: settings.stop_schedule,
      schedulesEnabled: settings.schedules_enabled,
      scheduleName: this.accountUniqueName("erp-mes-simulator"),
      // database.on_demand: the scaler starts the database before the simulator and stops it after.
      ...(erpMes.database.on_demand ? { database } : {}),
    });
    database.connections.allowFrom(simulator, undefined, "from the simulator");

    erpMesDashboard(this, {
      name: this.accountUniqueName("erp-mes"),
      region: config.aws_region,
      cluster,
      simulator,
      database,
    });

    const output = (name: string, value: string, sensitive = false) =>
      new TerraformOutput(this, name, { value, sensitive });
    output("ecs_cluster_name", cluster.clusterName);
    output("ecs_service_name", simulator.serviceName);
    output("cloudwatch_log_group_name", simulator.logGroupName);
    output("ecr_repository_url", repository.repositoryUrl);
    output("database_endpoint", database.endpoint, true);
    output("database_master_secret_arn", database.masterSecretArn);
    output("database_url_secret_arn", databaseUrl.secretArn);
    output("start_stop_lambda_name", simulator.scalerFunctionName);
    output("start_rule_name", simulator.startRuleName);
    output("stop_rule_name", simulator.stopRuleName);
  }
}
