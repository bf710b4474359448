import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import * as path from "node:path";
import { NodejsFunction } from "../lambda/nodejs-function";
import { FargateService, FargateServiceProps } from "./fargate-service";

/** The scaler handler, shipped with this module. */
const SCALER_ENTRY = path.join(__dirname, "..", "..", "lambdas", "ecs-scaler", "index.ts");

export interface OnDemandServiceProps extends FargateServiceProps {
  /** Tasks a start runs. @default 1 */
  readonly runningCount?: number;
  /** When the service starts (EventBridge, UTC). @default "cron(0 0 ? * MON-FRI *)" (09:00 KST weekdays) */
  readonly startSchedule?: string;
  /** When it stops. @default "cron(0 9 ? * MON-FRI *)" (18:00 KST weekdays) */
  readonly stopSchedule?: string;
  /** Whether the schedules fire; off leaves only manual start/stop. @default true */
  readonly schedulesEnabled?: boolean;
  /**
   * Account-unique base of the schedule names: rules `start-<name>` / `stop-<name>` and the function
   * `<name>-scaler`.
   * @default serviceName
   */
  readonly scheduleName?: string;
}

/**
 * A service that runs only when scheduled or started by hand: created with zero tasks, started and
 * stopped by a Lambda (lambdas/ecs-scaler) on EventBridge schedules. Terraform ignores
 * `desired_count` afterwards, so a deploy never stops a running service or starts a stopped one.
 * The Lambda may describe and update this one service and nothing else.
 */
export class OnDemandService extends FargateService {
  public readonly scalerFunctionName: string;
  public readonly scalerFunctionArn: string;
  public readonly startRuleName: string;
  public readonly stopRuleName: string;

  constructor(scope: Construct, id: string, props: OnDemandServiceProps) {
    const runningCount = props.runningCount ?? 1;
    if (!Number.isInteger(runningCount) || runningCount < 1) {
      throw new Error(
        `${scope.node.path}/${id}: runningCount must be a whole number of tasks >= 1, got ${runningCount}`,
      );
    }
    super(scope, id, props, {
      desiredCount: 0,
      deploymentMaximumPercent: 200,
      deploymentMinimumHealthyPercent: 100,
      availabilityZoneRebalancing: "ENABLED",
      desiredCountManagedElsewhere: true,
    });

    const scheduleName = props.scheduleName ?? props.serviceName;
    const scaler = new NodejsFunction(this, "scaler", {
      functionName: `${scheduleName}-scaler`,
      entry: SCALER_ENTRY,
      description: `Starts and stops ECS service ${props.serviceName}`,
      environment: {
        CLUSTER_NAME: props.cluster.clusterName,
        SERVICE_NAME: this.serviceName,
        START_DESIRED_COUNT: String(runningCount),
      },
      logRetentionDays: props.logRetentionDays ?? 30,
      policyStatements: [
        {
          Sid: "ScaleThisServiceOnly",
          Effect: "Allow",
          Action: ["ecs:DescribeServices", "ecs:UpdateService"],
          Resource: this.serviceId,
        },
      ],
    });
    this.scalerFunctionName = scaler.functionName;
    this.scalerFunctionArn = scaler.functionArn;

    const schedule = (action: "start" | "stop", expression: string) => {
      const rule = new CloudwatchEventRule(this, `${action}-rule`, {
        name: `${action}-${scheduleName}`,
        description: `${action} ECS service ${props.serviceName}`,
        scheduleExpression: expression,
        state: (props.schedulesEnabled ?? true) ? "ENABLED" : "DISABLED",
      });
      new CloudwatchEventTarget(this, `${action}-target`, {
        rule: rule.name,
        arn: scaler.functionArn,
        input: JSON.stringify({ action }),
      });
      new LambdaPermission(this, `${action}-permission`, {
        statementId: `allow-${action}-rule`,
        action: "lambda:InvokeFunction",
        functionName: scaler.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      });
      return rule;
    };
    this.startRuleName = schedule("start", props.startSchedule ?? "cron(0 0 ? * MON-FRI *)").name;
    this.stopRuleName = schedule("stop", props.stopSchedule ?? "cron(0 9 ? * MON-FRI *)").name;
  }
}
