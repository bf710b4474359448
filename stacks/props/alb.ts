import { AlbConfig } from "../../config/schema/systems/alb";
import { AlbProps } from "../../modules/alb/alb";

/** The `alb` section of a system as Alb props. */
export function albPropsFrom(
  config: AlbConfig,
  name: string,
  vpc: { readonly vpcId: string; readonly publicSubnetIds: string[]; readonly privateSubnetIds: string[] },
): AlbProps {
  return {
    name,
    vpcId: vpc.vpcId,
    subnetIds: config.internal ? vpc.privateSubnetIds : vpc.publicSubnetIds,
    internal: config.internal,
    ...(config.certificate_arn ? { certificateArn: config.certificate_arn } : {}),
    allowPlainHttp: config.allow_plain_http,
    deletionProtection: config.deletion_protection,
    idleTimeoutSeconds: config.idle_timeout_seconds,
    ingressCidrs: config.ingress_cidrs,
    accessLogRetentionDays: config.access_log_retention_days,
    accessLogForceDestroy: config.access_logs_force_destroy,
  };
}
