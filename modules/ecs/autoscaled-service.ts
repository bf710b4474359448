import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import { Alb, AlbHealthCheckProps } from "../alb/alb";
import { FargateService, FargateServiceProps } from "./fargate-service";

export interface AutoscaledServiceProps extends FargateServiceProps {
  /**
   * The load balancer whose listener routes to this service; its security group gets access, and
   * `healthCheck`, `pathPatterns`, `healthCheckGracePeriodSeconds` and `requestsPerTarget` apply.
   * @default none: no target group, no listener rule, no load balancer on the service and no
   *   request-count scaling; the port stays closed until the caller opens it through `connections`
   */
  readonly alb?: Alb;
  /** ALB target health check; needs `alb`. @default the ALB target defaults (path "/", 30 s, 3/3) */
  readonly healthCheck?: AlbHealthCheckProps;
  /** Paths the ALB routes here; needs `alb`. @default ["/*"] */
  readonly pathPatterns?: readonly string[];
  /** @default 1 */
  readonly minCapacity?: number;
  /** @default 4 */
  readonly maxCapacity?: number;
  /** Average CPU % that target tracking holds. @default 70 */
  readonly cpuTargetPercent?: number;
  /** Average memory % that target tracking holds. @default 75 */
  readonly memoryTargetPercent?: number;
  /** ALB requests per task that target tracking holds; needs `alb`. @default no request-based scaling */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /**
   * Seconds ALB health checks are ignored after a task starts; needs `alb` (without one, the
   * container health check's `startPeriodSeconds` covers a slow start).
   * @default 60 with `alb`; unset without
   */
  readonly healthCheckGracePeriodSeconds?: number;
}

/** The props that only mean something with a load balancer, and what each one does. */
const ALB_ONLY_PROPS = {
  requestsPerTarget: "request-count scaling tracks ALBRequestCountPerTarget of the ALB's target group",
  healthCheck: "the health check is the ALB target group's",
  pathPatterns: "path patterns are the ALB listener rule's",
  healthCheckGracePeriodSeconds:
    "the grace period holds off ALB health checks; without an ALB the container health check's startPeriodSeconds covers a slow start",
} as const satisfies Partial<Record<keyof AutoscaledServiceProps, string>>;
const ALB_ONLY_KEYS = Object.keys(ALB_ONLY_PROPS) as (keyof typeof ALB_ONLY_PROPS)[];

/**
 * A service scaled by Application Auto Scaling between min and max on CPU and memory, behind the ALB
 * when given one (and then optionally on requests per target). Terraform sets the initial count
 * only: `desired_count` drift is ignored so autoscaling and deploys never fight. A rolling deployment
 * keeps 100 % healthy and may run 200 %.
 *
 * Without `alb` (a worker that takes no HTTP traffic) the ALB-only props are refused rather than
 * ignored: a health check or a request target that silently does nothing would be a surprise in
 * production.
 */
export class AutoscaledService extends FargateService {
  public readonly scalableTargetResourceId: string;
  /** The ALB target group the tasks register in; undefined without `alb`. */
  public readonly targetGroupArn?: string;

  constructor(scope: Construct, id: string, props: AutoscaledServiceProps) {
    const minCapacity = props.minCapacity ?? 1;
    const maxCapacity = props.maxCapacity ?? 4;
    if (!Number.isInteger(minCapacity) || minCapacity < 1 || maxCapacity < minCapacity) {
      throw new Error(
        `${scope.node.path}/${id}: need 1 <= minCapacity <= maxCapacity, got ${minCapacity}..${maxCapacity}`,
      );
    }
    const albOnly = props.alb ? undefined : ALB_ONLY_KEYS.find((prop) => props[prop] !== undefined);
    if (albOnly) {
      throw new Error(
        `${scope.node.path}/${id}: ${albOnly} needs alb (${ALB_ONLY_PROPS[albOnly]}); pass alb or remove ${albOnly}`,
      );
    }
    const target = props.alb?.addTarget(props.serviceName, {
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
      ...(target
        ? {
            healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
            loadBalancer: {
              targetGroupArn: target.targetGroupArn,
              containerName: props.container.name,
              containerPort: props.container.port,
              dependsOn: [target.listenerRule],
            },
          }
        : {}),
    });
    this.targetGroupArn = target?.targetGroupArn;
    if (props.alb) this.connections.allowFrom(props.alb, undefined, "from the load balancer");

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
    // Without an ALB the constructor has refused requestsPerTarget, so target exists here.
    if (props.requestsPerTarget !== undefined && target) {
      track("requests", "ALBRequestCountPerTarget", props.requestsPerTarget, target.resourceLabel);
    }
  }
}
