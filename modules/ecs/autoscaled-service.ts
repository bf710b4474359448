import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import { Alb, AlbHealthCheckProps } from "../alb/alb";
import { FargateService, FargateServiceProps } from "./fargate-service";

export interface AutoscaledServiceProps extends FargateServiceProps {
  /** The load balancer whose listener routes to this service; its security group gets access. */
  readonly alb: Alb;
  /** @default the ALB target defaults (path "/", 30 s, 3/3) */
  readonly healthCheck?: AlbHealthCheckProps;
  /** Paths the ALB routes here. @default ["/*"] */
  readonly pathPatterns?: readonly string[];
  /** @default 1 */
  readonly minCapacity?: number;
  /** @default 4 */
  readonly maxCapacity?: number;
  /** Average CPU % that target tracking holds. @default 70 */
  readonly cpuTargetPercent?: number;
  /** Average memory % that target tracking holds. @default 75 */
  readonly memoryTargetPercent?: number;
  /** ALB requests per task that target tracking holds. @default no request-based scaling */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /** Seconds ALB health checks are ignored after a task starts. @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;
}

/**
 * A service behind the ALB, scaled by Application Auto Scaling between min and max on CPU and memory
 * (and optionally requests per target). Terraform sets the initial count only: `desired_count` drift
 * is ignored so autoscaling and deploys never fight. A rolling deployment keeps 100 % healthy and may
 * run 200 %.
 */
export class AutoscaledService extends FargateService {
  public readonly scalableTargetResourceId: string;
  public readonly targetGroupArn: string;

  constructor(scope: Construct, id: string, props: AutoscaledServiceProps) {
    const minCapacity = props.minCapacity ?? 1;
    const maxCapacity = props.maxCapacity ?? 4;
    if (!Number.isInteger(minCapacity) || minCapacity < 1 || maxCapacity < minCapacity) {
      throw new Error(
        `${scope.node.path}/${id}: need 1 <= minCapacity <= maxCapacity, got ${minCapacity}..${maxCapacity}`,
      );
    }
    const target = props.alb.addTarget(props.serviceName, {
      port: props.container.port,
      healthCheck: props.healthCheck,
      pathPatterns: props.pathPatterns,
    });
    super(scope, id, props, {
      desiredCount: minCapacity,
      deploymentMaximumPercent: 200,
      deploymentMinimumHealthyPercent: 100,
      availabilityZoneRebalancing: "ENABLED",
      desiredCountManagedElsewhere: true,
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
      loadBalancer: {
        targetGroupArn: target.targetGroupArn,
        containerName: props.container.name,
        containerPort: props.container.port,
        dependsOn: [target.listenerRule],
      },
    });
    this.targetGroupArn = target.targetGroupArn;
    this.connections.allowFrom(props.alb, undefined, "from the load balancer");

    const scalable = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      resourceId: `service/${this.clusterName}/${this.serviceName}`,
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity,
      maxCapacity,
    });
    this.scalableTargetResourceId = scalable.resourceId;

    const track = (name: string, metric: string, targetValue: number, resourceLabel?: string) =>
      new AppautoscalingPolicy(this, `scale-on-${name}`, {
        name: `${props.serviceName}-${name}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: scalable.serviceNamespace,
        resourceId: scalable.resourceId,
        scalableDimension: scalable.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
          scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
        },
      });
    track("cpu", "ECSServiceAverageCPUUtilization", props.cpuTargetPercent ?? 70);
    track("memory", "ECSServiceAverageMemoryUtilization", props.memoryTargetPercent ?? 75);
    if (props.requestsPerTarget !== undefined) {
      track("requests", "ALBRequestCountPerTarget", props.requestsPerTarget, target.resourceLabel);
    }
  }
}
