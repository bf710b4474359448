import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { IGrantable, Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { NodejsFunction, NodejsFunctionVpcProps } from "../lambda/nodejs-function";
import { AlarmNotificationTarget } from "../monitoring/metric-alarm";
import { Connections, IConnectable } from "../network/connections";
import { DeadLetterQueue } from "./dead-letter-queue";

/** The secret the trigger authenticates with; a Secret (modules/secrets) is one. */
export interface SchedulerSharedSecret {
  readonly secretArn: string;
  grantRead(grantee: IGrantable, sid?: string): void;
}

export interface ScheduleGroupProps {
  /**
   * The EventBridge Scheduler group the backend creates its schedules in, e.g.
   * "alert-system-dev-alerts": 1-64 letters, digits, "-", "_" and ".".
   */
  readonly groupName: string;
  /**
   * The trigger's handler, a TypeScript entry for NodejsFunction (in this repository
   * `LAMBDA_ENTRIES.schedulerTrigger`, lambdas/scheduler-trigger): it reads BACKEND_URL,
   * SHARED_SECRET_ARN and REQUEST_TIMEOUT_MS, takes the schedule's Input (`{"alertId": "..."}`) and
   * POSTs it to `<BACKEND_URL>/scheduler/trigger` with header X-Scheduler-Secret.
   */
  readonly triggerEntry: string;
  /**
   * Base URL of the backend, e.g. "http://internal-alert-api.example:80" (an internal ALB or the
   * service, reached through `vpc`) or "https://api.example.com"; http or https, no query or fragment.
   */
  readonly backendUrl: string;
  /** The secret the trigger sends and the backend compares; its value is set outside Terraform. */
  readonly sharedSecret: SchedulerSharedSecret;
  /**
   * Run the trigger in these private subnets, so it reaches an internal load balancer or the service
   * (open the port with `backend.connections.allowFrom(group)`).
   * @default none: the trigger runs outside any VPC and reaches public endpoints only
   */
  readonly vpc?: NodejsFunctionVpcProps;
  /**
   * Base of the names made here: role `<base>-scheduler`, function `<base>-trigger`, queue
   * `<base>-dlq` and its alarm `<base>-dlq-messages-visible`.
   * @default groupName with "." replaced by "-" (SQS and Lambda names allow no ".")
   */
  readonly namePrefix?: string;
  /** Seconds the trigger waits for the backend's answer, 1-300. @default 10 */
  readonly requestTimeoutSeconds?: number;
  /** Retention of the trigger's log group. @default 30 */
  readonly logRetentionDays?: number;
  /** Where the dead-letter alarm notifies. @default none: the alarm only changes state */
  readonly alarmTopic?: AlarmNotificationTarget;
}

const GROUP_NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const BACKEND_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/;

/**
 * EventBridge Scheduler wiring for a backend that creates one schedule per user alert and wants to be
 * called back at `POST <backendUrl>/scheduler/trigger`. Scheduler cannot call HTTP itself, so every
 * schedule targets a small trigger Lambda (`targetArn`) that forwards the schedule's Input with the
 * shared secret and fails on anything but 2xx.
 *
 * - the group, named by the caller;
 * - the role the backend passes to Scheduler (`schedulerRoleArn`): trusted by scheduler.amazonaws.com
 *   only for this account and this group (aws:SourceAccount, aws:SourceArn = the group's ARN, which is
 *   what Scheduler sends), allowed to invoke the trigger and send to the dead-letter queue, nothing else;
 * - one encrypted dead-letter queue (14 days) with an alarm on any visible message. Both failure paths
 *   end there: Scheduler's (it could not invoke the trigger; the schedule's DeadLetterConfig) and the
 *   trigger's (the backend kept failing; Scheduler invokes Lambda asynchronously, so after Lambda's
 *   two retries the event goes to the function's dead-letter queue, which is this one);
 * - `grantManageSchedules(taskRole)` for the backend: schedules of this group only, and iam:PassRole
 *   of the scheduler role only, to scheduler.amazonaws.com only.
 */
export class ScheduleGroup extends Construct implements IConnectable {
  public readonly scheduleGroupName: string;
  public readonly scheduleGroupArn: string;
  /** What the backend passes as a schedule's Target.RoleArn. */
  public readonly schedulerRoleArn: string;
  public readonly schedulerRoleName: string;
  /** What the backend puts in a schedule's Target.Arn: the trigger function's ARN. */
  public readonly targetArn: string;
  /** What the backend puts in a schedule's Target.DeadLetterConfig.Arn. */
  public readonly deadLetterQueueArn: string;
  public readonly deadLetterQueueUrl: string;
  public readonly deadLetterQueueName: string;
  public readonly deadLetterAlarmArn: string;
  /** The trigger Lambda, for its log group, role and (with `vpc`) security group. */
  public readonly triggerFunction: NodejsFunction;
  public readonly triggerFunctionName: string;

  constructor(scope: Construct, id: string, props: ScheduleGroupProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!Token.isUnresolved(props.groupName) && !GROUP_NAME.test(props.groupName)) {
      fail(
        `groupName must be 1-64 letters, digits, "-", "_" or "." (EventBridge Scheduler's rule), got "${props.groupName}"`,
      );
    }
    if (!Token.isUnresolved(props.backendUrl) && !BACKEND_URL.test(props.backendUrl)) {
      fail(
        `backendUrl must be an http:// or https:// URL with a host and no query or fragment, e.g. "http://internal-alert-api.example:80", got "${props.backendUrl}"`,
      );
    }
    const timeout = props.requestTimeoutSeconds ?? 10;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 300) {
      fail(`requestTimeoutSeconds must be a whole number from 1 to 300, got ${timeout}`);
    }
    const base =
      props.namePrefix ??
      (Token.isUnresolved(props.groupName)
        ? fail("namePrefix is required when groupName is only known at apply time (names derive from it)")
        : props.groupName.replace(/\./g, "-"));

    const group = new SchedulerScheduleGroup(this, "group", { name: props.groupName });
    this.scheduleGroupName = group.name;
    this.scheduleGroupArn = group.arn;

    const deadLetters = new DeadLetterQueue(this, "dead-letter-queue", {
      queueName: `${base}-dlq`,
      purpose: `invocations of schedules in group ${props.groupName} (or of their trigger)`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    });
    this.deadLetterQueueArn = deadLetters.queueArn;
    this.deadLetterQueueUrl = deadLetters.queueUrl;
    this.deadLetterQueueName = deadLetters.queueName;
    this.deadLetterAlarmArn = deadLetters.alarmArn;

    const trigger = new NodejsFunction(this, "trigger", {
      functionName: `${base}-trigger`,
      entry: props.triggerEntry,
      description: `Calls POST /scheduler/trigger for schedules of group ${props.groupName}`,
      environment: {
        BACKEND_URL: props.backendUrl,
        SHARED_SECRET_ARN: props.sharedSecret.secretArn,
        REQUEST_TIMEOUT_MS: String(timeout * 1000),
      },
      // One secret fetch and up to two requests (a retry with a re-read secret after a 401/403).
      timeoutSeconds: Math.min(900, 2 * timeout + 10),
      logRetentionDays: props.logRetentionDays ?? 30,
      deadLetterQueue: { queueArn: deadLetters.queueArn },
      ...(props.vpc ? { vpc: props.vpc } : {}),
    });
    props.sharedSecret.grantRead(trigger.role, "ReadSharedSecret");
    this.triggerFunction = trigger;
    this.triggerFunctionName = trigger.functionName;
    this.targetArn = trigger.functionArn;

    const role = new Role(this, "scheduler-role", {
      roleName: `${base}-scheduler`,
      // Scheduler sends the schedule group's ARN as aws:SourceArn (its confused-deputy guide: never a
      // schedule's ARN), so this group's ARN exactly: schedules of other groups cannot use the role.
      assumedBy: { service: ServicePrincipals.scheduler.service, sourceArn: () => group.arn },
      description: `Runs the schedules of group ${props.groupName}: invokes their trigger, dead-letters failures`,
      statements: [
        {
          Sid: "InvokeTrigger",
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: trigger.functionArn,
        },
      ],
    });
    deadLetters.grantSend(role);
    this.schedulerRoleArn = role.roleArn;
    this.schedulerRoleName = role.roleName;
  }

  /** The trigger's security group (with `vpc`): `backend.connections.allowFrom(group, port)`. */
  get connections(): Connections {
    return this.triggerFunction.connections;
  }

  /**
   * Lets `grantee` (the backend's task role) create, update, read and delete schedules of this group
   * only (`arn:...:scheduler:<region>:<account>:schedule/<group>/*`), and pass the scheduler role
   * (and no other) to scheduler.amazonaws.com (and no other service), which CreateSchedule and
   * UpdateSchedule require for the Target.RoleArn. Statement ids are `<sid>` and `<sid>PassRole`.
   */
  grantManageSchedules(grantee: IGrantable, sid = "ManageSchedules"): void {
    const aws = awsContextOf(this);
    grantee.addToPolicy({
      Sid: sid,
      Effect: "Allow",
      Action: [
        "scheduler:CreateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
        "scheduler:UpdateSchedule",
      ],
      Resource: `arn:${aws.partition}:scheduler:${aws.region}:${aws.accountId}:schedule/${this.scheduleGroupName}/*`,
    });
    grantee.addToPolicy({
      Sid: `${sid}PassRole`,
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: this.schedulerRoleArn,
      Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    });
  }
}
