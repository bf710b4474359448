import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { NodejsFunction } from "../lambda/nodejs-function";
import { DEFAULT_START_SCHEDULE, DEFAULT_STOP_SCHEDULE } from "./on-demand-schedule";
import { FargateService, FargateServiceProps } from "./fargate-service";

/** The scaler handler, shipped with this module. */

/**
 * The scaler's timeout when it also starts a database: Lambda's maximum, because an RDS start
 * usually takes 5-10 minutes (longer for Multi-AZ) and the service only starts once it is done. The
 * scaler's own waits end 15 s before it, so a slow start fails with a message, not a bare timeout.
 */
export const SCALER_TIMEOUT_WITH_DATABASE_SECONDS = 900;

/** The RDS instance an on-demand service takes with it; PostgresDatabase has both attributes. */
export interface OnDemandDatabase {
  /** The DB instance identifier, e.g. "erp-mes-db". */
  readonly instanceIdentifier: string;
  /** `arn:aws:rds:<region>:<account>:db:<identifier>`: the one resource the scaler may start and stop. */
  readonly instanceArn: string;
}

export interface OnDemandServiceProps extends FargateServiceProps {
  /**
   * The scaler's handler, a TypeScript entry for NodejsFunction (in this repository
   * `LAMBDA_ENTRIES.ecsScaler`, lambdas/ecs-scaler): it reads CLUSTER_NAME, SERVICE_NAME,
   * START_DESIRED_COUNT and DB_INSTANCE_ID and takes `{"action":"start"|"stop"}`.
   */
  readonly scalerEntry: string;
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
  /**
   * A database that runs only while the service does: a start starts it and waits until it is
   * available before the service gets tasks, a stop stops it once no task runs, so outside the
   * window only its storage is billed. Everything else that reads it (a postgres_fdw peer) cannot
   * while it is stopped. RDS starts a stopped instance by itself after 7 days; the next stop stops
   * it again. The scaler may then describe, start and stop this one instance (nothing else) and its
   * timeout is SCALER_TIMEOUT_WITH_DATABASE_SECONDS.
   * @default none: the database runs around the clock and the scaler cannot touch it
   */
  readonly database?: OnDemandDatabase;
}

/**
 * A service that runs only when scheduled or started by hand: created with zero tasks, started and
 * stopped by a Lambda (the caller's `scalerEntry`) on EventBridge schedules. Terraform ignores
 * `desired_count` afterwards, so a deploy never stops a running service or starts a stopped one.
 * The Lambda may describe and update this one service and nothing else (and, with `database`,
 * describe, start and stop that one DB instance).
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
    const database = props.database;
    const databaseProblem = database && onDemandDatabaseProblem(database);
    if (databaseProblem) throw new Error(`${scope.node.path}/${id}: ${databaseProblem}`);
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
      entry: props.scalerEntry,
      description: `Starts and stops ECS service ${props.serviceName}`,
      environment: {
        CLUSTER_NAME: props.cluster.clusterName,
        SERVICE_NAME: this.serviceName,
        START_DESIRED_COUNT: String(runningCount),
        ...(database ? { DB_INSTANCE_ID: database.instanceIdentifier } : {}),
      },
      logRetentionDays: props.logRetentionDays ?? 30,
      ...(database ? { timeoutSeconds: SCALER_TIMEOUT_WITH_DATABASE_SECONDS } : {}),
      policyStatements: [
        {
          Sid: "ScaleThisServiceOnly",
          Effect: "Allow",
          Action: ["ecs:DescribeServices", "ecs:UpdateService"],
          Resource: this.serviceId,
        },
        ...(database
          ? [
              {
                Sid: "StartStopThisDatabaseOnly",
                Effect: "Allow" as const,
                Action: ["rds:DescribeDBInstances", "rds:StartDBInstance", "rds:StopDBInstance"],
                Resource: database.instanceArn,
              },
            ]
          : []),
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
    this.startRuleName = schedule("start", props.startSchedule ?? DEFAULT_START_SCHEDULE).name;
    this.stopRuleName = schedule("stop", props.stopSchedule ?? DEFAULT_STOP_SCHEDULE).name;
  }
}

/**
 * Why `database` is refused, or undefined. Literal values are checked (tokens resolve only at
 * apply): the ARN must name one DB instance, never a wildcard, and the identifier it ends in.
 */
function onDemandDatabaseProblem(database: OnDemandDatabase): string | undefined {
  const { instanceIdentifier: identifier, instanceArn: arn } = database;
  const literalIdentifier = !Token.isUnresolved(identifier);
  if (
    literalIdentifier &&
    !(/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(identifier) && !identifier.endsWith("-"))
  ) {
    return `database.instanceIdentifier must be an RDS DB instance identifier (1-63 lowercase letters, digits and hyphens, starting with a letter), got "${identifier}"`;
  }
  if (Token.isUnresolved(arn)) return undefined;
  const match = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:([a-z][a-z0-9-]*)$/.exec(arn);
  if (!match) {
    return `database.instanceArn must be the ARN of one DB instance, "arn:aws:rds:<region>:<account>:db:<identifier>", got "${arn}"`;
  }
  if (literalIdentifier && match[1] !== identifier) {
    return `database.instanceArn names DB instance "${match[1]}" but database.instanceIdentifier is "${identifier}"; pass both from the same instance`;
  }
  return undefined;
}
