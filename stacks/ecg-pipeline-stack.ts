import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { EcgPipelineConfig } from "../config/schema/systems/ecg-pipeline";
import { Alb } from "../modules/alb/alb";
import { CloudFrontDistribution } from "../modules/cdn/cloudfront-distribution";
import { OriginSecret } from "../modules/cdn/origin-secret";
import { WebAcl } from "../modules/cdn/web-acl";
import { AliasRecord } from "../modules/dns/alias-record";
import { DnsValidatedCertificate } from "../modules/dns/dns-validated-certificate";
import { GpuModelServer } from "../modules/ec2/gpu-model-server";
import { EcrRepository } from "../modules/ecr/ecr-repository";
import { AutoscaledService } from "../modules/ecs/autoscaled-service";
import { EcsCluster } from "../modules/ecs/ecs-cluster";
import { Port } from "../modules/network/port";
import { SecureBucket } from "../modules/s3/secure-bucket";
import { BaseStack } from "./base-stack";
import { SharedNetwork } from "./network-stack";
import { gpuModelServerPropsFrom, videoStoragePropsFrom } from "./props/ecg-pipeline";
import { autoscaledServicePropsFrom } from "./props/fargate-service";
import { systemNetwork } from "./system-network";

/** The API's container port (README: ECG pipeline, image contract). */
const API_PORT = 8000;
/** Where uploads go (served by CloudFront at /videos/*) and where the model server writes results. */
const VIDEO_PREFIX = "videos/";
const MODEL_RESULTS_PREFIX = "results/";

/**
 * ECG video pipeline: browser → CloudFront (WAF) → frontend bucket, `/videos/*` from the video
 * bucket, `/api/*` → ALB (CloudFront only) → Fargate API → GPU model server (Auto Scaling group, no
 * SSH) → results back in the video bucket.
 */
export class EcgPipelineStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig, ecg: EcgPipelineConfig, network: SharedNetwork) {
    super(scope, { config, system: "ecg-pipeline" });
    const env = config.environment;
    const name = `ecg-pipeline-${env}`;
    const bucketPrefix = `ecg-video-pipeline-${env}`;
    const account = config.aws_account_id;
    // CloudFront reads certificates and CLOUDFRONT-scope web ACLs only in us-east-1.
    const usEast1 = this.providerIn("us-east-1");

    const vpc = systemNetwork(this, ecg.network, network);
    const repository = new EcrRepository(this, "repository", {
      name: `ecg-video-pipeline-${env}-api`,
      imageTagMutability: ecg.ecr.image_tag_mutability,
      keepTaggedImages: ecg.ecr.keep_tagged_images,
      untaggedExpiryDays: ecg.ecr.untagged_expiry_days,
    });
    const cluster = new EcsCluster(this, "cluster", { clusterName: `${name}-cluster` });

    // Videos and the frontend in separate buckets: `aws s3 sync --delete` of a build can never
    // delete videos, and only the videos carry lifecycle rules and upload CORS.
    const videos = new SecureBucket(
      this,
      "video-storage",
      videoStoragePropsFrom(ecg.video_storage, `${bucketPrefix}-video-storage-${account}`),
    );
    const frontend = new SecureBucket(this, "frontend", {
      bucketName: `${bucketPrefix}-frontend-${account}`,
      forceDestroy: ecg.cdn.force_destroy,
      noncurrentVersionExpirationDays: 30,
    });
    const cdnLogs = new SecureBucket(this, "cdn-logs", {
      bucketName: `${bucketPrefix}-cdn-logs-${account}`,
      cloudFrontStandardLogs: true,
      versioned: false,
      expirationDays: ecg.cdn.log_retention_days,
      forceDestroy: ecg.cdn.force_destroy,
    });

    // With a domain: CloudFront at <name> (certificate in us-east-1), the ALB at origin.<name> with a
    // regional certificate, so CloudFront → ALB is HTTPS too. Without one (dev): HTTP to the ALB.
    const domain = ecg.domain;
    const originName = domain ? `origin.${domain.name}` : undefined;
    const siteCertificateArn = domain
      ? (domain.certificate_arn ??
        new DnsValidatedCertificate(this, "site-certificate", {
          domainName: domain.name,
          hostedZoneId: domain.hosted_zone_id,
          provider: usEast1,
        }).certificateArn)
      : undefined;
    const originCertificate =
      domain && originName
        ? new DnsValidatedCertificate(this, "origin-certificate", {
            domainName: originName,
            hostedZoneId: domain.hosted_zone_id,
          })
        : undefined;

    const originSecret = new OriginSecret(this, "origin-secret", {
      name: this.accountUniqueName("ecg-pipeline/origin-verify"),
    });
    const alb = new Alb(this, "alb", {
      name,
      vpcId: vpc.vpcId,
      subnetIds: vpc.publicSubnetIds,
      ...(originCertificate
        ? { certificateArn: originCertificate.certificateArn }
        : { allowPlainHttp: true }),
      cloudFrontOnly: {
        originHeaderName: originSecret.headerName,
        originHeaderValue: originSecret.headerValue,
      },
      deletionProtection: ecg.alb.deletion_protection,
      idleTimeoutSeconds: ecg.alb.idle_timeout_seconds,
      accessLogRetentionDays: ecg.alb.access_log_retention_days,
      accessLogForceDestroy: ecg.alb.access_logs_force_destroy,
    });
    if (domain && originName) {
      new AliasRecord(this, "origin-record", {
        hostedZoneId: domain.hosted_zone_id,
        recordName: originName,
        target: alb,
      });
    }

    const modelServer = new GpuModelServer(
      this,
      "model-server",
      gpuModelServerPropsFrom(ecg.model_server, {
        name: `${name}-model`,
        vpcId: vpc.vpcId,
        subnetIds: vpc.privateSubnetIds,
        logRetentionDays: config.log_retention_days,
      }),
    );

    const api = new AutoscaledService(this, "api", {
      ...autoscaledServicePropsFrom(
        this,
        {
          ...ecg.api,
          environment: {
            AWS_REGION: config.aws_region,
            PORT: String(API_PORT),
            MODEL_SERVER_URL: modelServer.url,
            S3_VIDEO_BUCKET: videos.bucketName,
            S3_VIDEO_PREFIX: VIDEO_PREFIX,
            S3_RESULTS_PREFIX: MODEL_RESULTS_PREFIX,
            ...ecg.api.environment,
          },
        },
        {
          serviceName: `${name}-api`,
          containerName: "api",
          port: API_PORT,
          logGroupName: `/ecs/ecg-video-pipeline-${env}-api`,
          repository,
          cluster,
          vpc,
        },
        alb,
      ),
      taskFamily: `${name}-api`,
      roleNamePrefix: `${name}-api`,
    });
    modelServer.connections.allowFrom(api, Port.tcp(modelServer.port), "from the API");

    // The API stores uploads (and signs the browser's upload URLs) and reads results; the model
    // server reads the uploads and writes results. Nobody else in the account gets a grant.
    const apiRole = api.taskDefinition.taskRole;
    videos.grantRead(apiRole, undefined, { sid: "ApiRead" });
    videos.grantWrite(apiRole, VIDEO_PREFIX, { sid: "ApiWriteVideos" });
    videos.grantRead(modelServer.role, VIDEO_PREFIX, { sid: "ModelServerReadVideos" });
    videos.grantWrite(modelServer.role, MODEL_RESULTS_PREFIX, { sid: "ModelServerWriteResults" });

    const webAcl = ecg.cdn.waf.enabled
      ? new WebAcl(this, "web-acl", { name, rateLimit: ecg.cdn.waf.rate_limit, provider: usEast1 })
      : undefined;
    const cdn = new CloudFrontDistribution(this, "cdn", {
      name,
      defaultOrigin: { bucket: frontend },
      s3Behaviors: [{ pathPattern: `/${VIDEO_PREFIX}*`, bucket: videos }],
      apiOrigin: {
        pathPattern: "/api/*",
        domainName: originName ?? alb.dnsName,
        protocol: originCertificate ? "https-only" : "http-only",
        originHeader: { name: originSecret.headerName, value: originSecret.headerValue },
      },
      ...(domain && siteCertificateArn
        ? { domain: { aliases: [domain.name], certificateArn: siteCertificateArn } }
        : {}),
      priceClass: ecg.cdn.price_class,
      spaFallback: ecg.cdn.spa_fallback,
      logBucket: cdnLogs,
      logPrefix: "cloudfront/",
      ...(webAcl ? { webAclArn: webAcl.webAclArn } : {}),
    });
    if (domain) {
      new AliasRecord(this, "site-record", {
        hostedZoneId: domain.hosted_zone_id,
        recordName: domain.name,
        target: { dnsName: cdn.domainName, zoneId: cdn.hostedZoneId },
        ipv6: true,
        // Route 53 does not evaluate the health of a CloudFront alias.
        evaluateTargetHealth: false,
      });
    }

    const output = (id: string, value: string) => new TerraformOutput(this, id, { value });
    output("cloudfront_url", cdn.url);
    output("cloudfront_distribution_id", cdn.distributionId);
    output("alb_dns_name", alb.dnsName);
    output("s3_video_storage_bucket", videos.bucketName);
    output("s3_frontend_bucket", frontend.bucketName);
    output("ecr_api_repository_url", repository.repositoryUrl);
    output("ecs_cluster_name", cluster.clusterName);
    output("ecs_service_name", api.serviceName);
    output("model_server_asg_name", modelServer.autoScalingGroupName);
    output("model_server_url", modelServer.url);
  }
}
