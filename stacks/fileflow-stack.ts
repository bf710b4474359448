import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { FileflowConfig } from "../config/schema/systems/fileflow";
import { SingletonServiceConfig } from "../config/schema/systems/fargate-service";
import { Alb } from "../modules/alb/alb";
import { EcrRepository } from "../modules/ecr/ecr-repository";
import { AutoscaledService } from "../modules/ecs/autoscaled-service";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { SingletonService } from "../modules/ecs/singleton-service";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { albPropsFrom } from "./props/alb";
import { autoscaledServicePropsFrom, fargateServicePropsFrom } from "./props/fargate-service";
import { systemNetwork } from "./system-network";

/** Tag prefixes of the one shared repository, one per service (FileFlow's image tagging scheme). */
const TAG_PREFIXES = ["web-api-", "download-scheduler-", "pipeline-scheduler-"];

/**
 * FileFlow: internet → ALB → web API (autoscaled, port 8083); two schedulers that must each run
 * exactly once (download: actuator 9091, pipeline: actuator 9092), reachable from inside the VPC only.
 */
export class FileflowStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig, fileflow: FileflowConfig, network: SharedNetwork) {
    super(scope, { config, system: "fileflow" });
    const env = config.environment;

    const vpc = systemNetwork(this, fileflow.network, network);
    const repository = new EcrRepository(this, "repository", {
      name: this.accountUniqueName("fileflow"),
      imageTagMutability: fileflow.ecr.image_tag_mutability,
      tagPrefixes: TAG_PREFIXES,
      keepTaggedImages: fileflow.ecr.keep_tagged_images,
      untaggedExpiryDays: fileflow.ecr.untagged_expiry_days,
    });
    const cluster = new EcsCluster(this, "cluster", { clusterName: `fileflow-${env}` });
    const alb = new Alb(this, "alb", albPropsFrom(fileflow.alb, `fileflow-${env}`, vpc));
    const placement = { repository, cluster, vpc };

    const webApi = new AutoscaledService(
      this,
      "web-api",
      autoscaledServicePropsFrom(
        this,
        fileflow.web_api,
        {
          ...placement,
          serviceName: "fileflow-web-api",
          containerName: "fileflow",
          port: 8083,
          logGroupName: "/aws/ecs/fileflow",
        },
        alb,
      ),
    );

    const scheduler = (id: string, name: string, port: number, settings: SingletonServiceConfig) => {
      const service = new SingletonService(
        this,
        id,
        fargateServicePropsFrom(this, settings, {
          ...placement,
          serviceName: name,
          containerName: name,
          port,
          logGroupName: `/aws/ecs/${name}`,
        }),
      );
      // The actuator (Prometheus metrics) is for scrapers inside the VPC and configured sources only.
      for (const cidr of [vpc.cidr, ...settings.metrics_allowed_cidrs]) {
        service.connections.allowFromCidr(cidr, undefined, `actuator from ${cidr}`);
      }
      return service;
    };
    const download = scheduler(
      "download-scheduler",
      "fileflow-scheduler-download",
      9091,
      fileflow.download_scheduler,
    );
    const pipeline = scheduler(
      "pipeline-scheduler",
      "fileflow-scheduler-pipeline",
      9092,
      fileflow.pipeline_scheduler,
    );

    const output = (name: string, value: string) => new TerraformOutput(this, name, { value });
    output("alb_dns_name", alb.dnsName);
    output("ecs_cluster_name", cluster.clusterName);
    output("ecr_repository_url", repository.repositoryUrl);
    output("ecs_service_name", webApi.serviceName);
    output("cloudwatch_log_group_name", webApi.logGroupName);
    output("download_scheduler_service_name", download.serviceName);
    output("download_scheduler_log_group_name", download.logGroupName);
    output("pipeline_scheduler_service_name", pipeline.serviceName);
    output("pipeline_scheduler_log_group_name", pipeline.logGroupName);
  }
}
