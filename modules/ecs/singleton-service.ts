import { Construct } from "constructs";
import { FargateService, FargateServiceProps } from "./fargate-service";

/**
 * Props of a singleton: everything a Fargate service takes, and deliberately nothing about count,
 * scaling or load balancing — those are fixed by the mode.
 */
export type SingletonServiceProps = FargateServiceProps;

/**
 * Exactly one task, ever: a scheduler whose duplicate would process the same outbox twice.
 *
 * - desired count 1; a deployment stops the old task before starting the new one
 *   (maximum 100 %, minimum healthy 0 %), so two never overlap;
 * - availability-zone rebalancing off (on by default for new services, it starts a second task to
 *   move one across AZs);
 * - no load balancer and no autoscaling. Its port (metrics/actuator) is closed until the caller opens
 *   it to in-VPC sources through `connections`.
 * Fargate Spot suits it: an interruption only delays the schedule, and ECS restarts the task.
 */
export class SingletonService extends FargateService {
  constructor(scope: Construct, id: string, props: SingletonServiceProps) {
    super(scope, id, props, {
      desiredCount: 1,
      deploymentMaximumPercent: 100,
      deploymentMinimumHealthyPercent: 0,
      availabilityZoneRebalancing: "DISABLED",
      desiredCountManagedElsewhere: false,
    });
  }
}
