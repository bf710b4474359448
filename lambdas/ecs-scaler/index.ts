import { DescribeServicesCommand, ECSClient, type Service, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import {
  DescribeDBInstancesCommand,
  RDSClient,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import type { Context } from "aws-lambda";
import { ScalerAction, parseScalerEvent, readScalerConfig } from "./event";

/**
 * Scheduled start/stop of one ECS service (CLUSTER_NAME / SERVICE_NAME): `{"action":"start"}` sets
 * its desired count to START_DESIRED_COUNT (default 1) or the event's `desiredCount`,
 * `{"action":"stop"}` sets it to 0. Invalid events fail before any AWS call. Needs
 * ecs:DescribeServices and ecs:UpdateService on the service.
 *
 * With DB_INSTANCE_ID, the RDS instance follows the service: "start" starts it (if stopped), waits
 * until it is available and only then raises the desired count, so no task boots against a
 * database that is not there; "stop" sets the count to 0, waits until no task runs and then stops
 * the database. The stop path looks at the database whatever the service's count was, because RDS
 * starts a stopped instance by itself after 7 days and the next stop must stop it again. Needs
 * rds:DescribeDBInstances, rds:StartDBInstance and rds:StopDBInstance on the instance, and a
 * function timeout long enough for an RDS start (several minutes; modules/ecs gives it 900 s).
 */

/** What happened to DB_INSTANCE_ID's instance in one invocation. */
export interface DatabaseOutcome {
  readonly instanceId: string;
  /** Status when the invocation first looked, e.g. "stopped". */
  readonly previousStatus: string;
  /** Status at the end: "available" after a start, "stopping" or "stopped" after a stop. */
  readonly status: string;
  /** True when this invocation called StartDBInstance or StopDBInstance. */
  readonly changed: boolean;
}

export interface ScalerResult {
  readonly action: ScalerAction;
  readonly cluster: string;
  readonly service: string;
  readonly previousDesiredCount: number;
  readonly desiredCount: number;
  /** False when the service already had the requested count (no UpdateService call). */
  readonly changed: boolean;
  /** Only with DB_INSTANCE_ID. */
  readonly database?: DatabaseOutcome;
}

/**
 * How long the function waits and how often it looks. Every wait also ends `reserveMs` before the
 * Lambda timeout (from the context), so a wait that runs out fails with a message saying what was
 * left undone instead of a bare "Task timed out".
 */
export interface ScalerTiming {
  /** Pause between DescribeDBInstances calls. @default 10 000 ms */
  readonly databasePollMs: number;
  /**
   * Longest wait for the database to become available ("start") or stoppable ("stop"). RDS starts
   * usually take 5-10 minutes; this plus the reserve fits the 900 s timeout modules/ecs sets.
   * @default 840 000 ms (14 minutes)
   */
  readonly databaseWaitMs: number;
  /** Pause between DescribeServices calls while the tasks stop. @default 5 000 ms */
  readonly drainPollMs: number;
  /**
   * Longest wait for the service to have no running or pending task before the database stops
   * (each task gets SIGTERM and its stop timeout, 30 s by default).
   * @default 300 000 ms (5 minutes)
   */
  readonly drainWaitMs: number;
  /** Time kept back from the Lambda's remaining time. @default 15 000 ms */
  readonly reserveMs: number;
  /** Injectable so tests run the waits without sleeping. @default setTimeout */
  readonly sleep: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now: () => number;
}

export const DEFAULT_TIMING: ScalerTiming = {
  databasePollMs: 10_000,
  databaseWaitMs: 840_000,
  drainPollMs: 5_000,
  drainWaitMs: 300_000,
  reserveMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** The parts of the Lambda context used: the request id for the log line, the remaining time for the waits. */
export type ScalerContext = Partial<Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">>;

/** Statuses in which the instance serves connections, so a start has nothing left to wait for. */
const READY_STATUSES = [
  "available",
  // RDS documents the instance as fully operational while it optimizes storage after a storage
  // change, which can take 24 hours or more: waiting for "available" would keep the service down.
  "storage-optimization",
];

/**
 * Statuses waiting does not change within an invocation: the function fails at once, naming the
 * status, instead of polling until its timeout.
 */
const BROKEN_STATUSES = [
  "deleting",
  "failed",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable",
  "incompatible-network",
  "incompatible-option-group",
  "incompatible-parameters",
  "incompatible-restore",
  "insufficient-capacity",
  "restore-error",
  "storage-full",
];

let ecsClient: ECSClient | undefined;
let rdsClient: RDSClient | undefined;

/** One client per execution environment, created on first use (the region comes from AWS_REGION). */
function ecs(): ECSClient {
  ecsClient ??= new ECSClient({});
  return ecsClient;
}

function rds(): RDSClient {
  rdsClient ??= new RDSClient({});
  return rdsClient;
}

/** A handler with other timing; `handler` is the one Lambda runs. */
export function createHandler(
  overrides: Partial<ScalerTiming> = {},
): (event: unknown, context?: ScalerContext) => Promise<ScalerResult> {
  const timing: ScalerTiming = { ...DEFAULT_TIMING, ...overrides };

  return async (event, context) => {
    const config = readScalerConfig(process.env);
    const request = parseScalerEvent(event, config);
    const { clusterName: cluster, serviceName: service, databaseInstanceId } = config;

    const remaining = context?.getRemainingTimeInMillis?.();
    const invocationEnd = remaining === undefined ? Infinity : timing.now() + remaining - timing.reserveMs;
    const waiter = (pollMs: number, waitMs: number): Waiter => {
      const started = timing.now();
      const deadline = Math.min(started + waitMs, invocationEnd);
      return {
        expired: () => timing.now() >= deadline,
        waitedSeconds: () => Math.round((timing.now() - started) / 1000),
        pause: () => timing.sleep(Math.max(0, Math.min(pollMs, deadline - timing.now()))),
      };
    };

    const current = await describeService(cluster, service);
    const previousDesiredCount = current.desiredCount ?? 0;

    let database: DatabaseOutcome | undefined;
    if (request.action === "start" && databaseInstanceId) {
      database = await startDatabase(
        databaseInstanceId,
        waiter(timing.databasePollMs, timing.databaseWaitMs),
      );
    }

    const changed = previousDesiredCount !== request.desiredCount;
    if (changed) {
      await ecs().send(new UpdateServiceCommand({ cluster, service, desiredCount: request.desiredCount }));
    }

    if (request.action === "stop" && databaseInstanceId) {
      // Checked whether or not the count changed: after RDS's 7-day automatic start the service is
      // already at 0 but the database runs again.
      await waitUntilDrained(
        cluster,
        service,
        current,
        databaseInstanceId,
        waiter(timing.drainPollMs, timing.drainWaitMs),
      );
      database = await stopDatabase(databaseInstanceId, waiter(timing.databasePollMs, timing.databaseWaitMs));
    }

    const result: ScalerResult = {
      action: request.action,
      cluster,
      service,
      previousDesiredCount,
      desiredCount: request.desiredCount,
      changed,
      ...(database ? { database } : {}),
    };
    const serviceMessage = changed
      ? "ecs service desired count updated"
      : "ecs service already at desired count";
    console.log(
      JSON.stringify({
        level: "info",
        message: database
          ? `${serviceMessage}; ${databaseMessage(request.action, database)}`
          : serviceMessage,
        ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
        ...result,
      }),
    );
    return result;
  };
}

export const handler = createHandler();

/** One bounded wait: its deadline is the earlier of its own limit and the invocation's end. */
interface Waiter {
  expired(): boolean;
  waitedSeconds(): number;
  /** Sleeps one poll interval, never past the deadline. */
  pause(): Promise<void>;
}

async function describeService(cluster: string, service: string): Promise<Service> {
  const described = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
  const current = described.services?.find(
    (s) => s.serviceName === service || s.serviceArn?.endsWith(`/${service}`),
  );
  if (!current || current.status !== "ACTIVE") {
    const reason = described.failures?.[0]?.reason ?? (current ? `status ${current.status}` : "not returned");
    throw new Error(
      `ECS service ${service} in cluster ${cluster} is not active (${reason}); check CLUSTER_NAME and SERVICE_NAME`,
    );
  }
  return current;
}

/**
 * Waits until the service runs no task (running or pending), so the database is not stopped under a
 * task that is still shutting down. `current` is what ECS reported before any UpdateService.
 */
async function waitUntilDrained(
  cluster: string,
  service: string,
  current: Service,
  instanceId: string,
  wait: Waiter,
): Promise<void> {
  let counts = current;
  while ((counts.runningCount ?? 0) > 0 || (counts.pendingCount ?? 0) > 0) {
    if (wait.expired()) {
      throw new Error(
        `ECS service ${service} in cluster ${cluster} still has ${counts.runningCount ?? 0} running and ` +
          `${counts.pendingCount ?? 0} pending task(s) after ${wait.waitedSeconds()} s at desired count 0, ` +
          `so database ${instanceId} was left running; invoke "stop" again once the tasks have stopped`,
      );
    }
    await wait.pause();
    counts = await describeService(cluster, service);
  }
}

async function describeDatabase(instanceId: string): Promise<string> {
  let described;
  try {
    described = await rds().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }));
  } catch (error) {
    if (errorName(error) === "DBInstanceNotFoundFault") {
      throw new Error(`RDS DB instance ${instanceId} does not exist; check DB_INSTANCE_ID`, { cause: error });
    }
    throw error;
  }
  const status = described.DBInstances?.[0]?.DBInstanceStatus;
  if (!status) throw new Error(`RDS returned no status for DB instance ${instanceId}; check DB_INSTANCE_ID`);
  return status;
}

/** Starts the instance if it is stopped and returns once it serves connections; throws otherwise. */
async function startDatabase(instanceId: string, wait: Waiter): Promise<DatabaseOutcome> {
  let status = await describeDatabase(instanceId);
  const previousStatus = status;
  let changed = false;
  for (;;) {
    if (READY_STATUSES.includes(status)) return { instanceId, previousStatus, status, changed };
    if (BROKEN_STATUSES.includes(status)) {
      throw new Error(
        `RDS DB instance ${instanceId} is "${status}", which waiting will not change, so the service was not started; ` +
          `fix the instance (see its events in the RDS console) and invoke "start" again`,
      );
    }
    if (status === "stopped") {
      try {
        await rds().send(new StartDBInstanceCommand({ DBInstanceIdentifier: instanceId }));
        changed = true;
      } catch (error) {
        // Another invocation (EventBridge delivers at least once) or a person started it first.
        if (errorName(error) !== "InvalidDBInstanceStateFault") throw error;
      }
    }
    // "stopping" is waited out too: a start right after a stop starts it again once it is stopped.
    if (wait.expired()) {
      throw new Error(
        `RDS DB instance ${instanceId} was not available after ${wait.waitedSeconds()} s (status "${status}"), ` +
          `so the service was not started; invoke "start" again to keep waiting, or check the instance's events in the RDS console`,
      );
    }
    await wait.pause();
    status = await describeDatabase(instanceId);
  }
}

/**
 * Stops the instance if it is available. Already stopped or stopping is success; a transitional
 * status (e.g. "starting" during RDS's 7-day automatic start) is waited out, since RDS stops only
 * an available instance.
 */
async function stopDatabase(instanceId: string, wait: Waiter): Promise<DatabaseOutcome> {
  let status = await describeDatabase(instanceId);
  const previousStatus = status;
  for (;;) {
    if (status === "stopped" || status === "stopping") {
      return { instanceId, previousStatus, status, changed: false };
    }
    if (BROKEN_STATUSES.includes(status)) {
      throw new Error(
        `RDS DB instance ${instanceId} is "${status}" and cannot be stopped; the service is at 0 tasks. ` +
          `Fix the instance (see its events in the RDS console) and invoke "stop" again`,
      );
    }
    if (status === "available") {
      try {
        const stopped = await rds().send(new StopDBInstanceCommand({ DBInstanceIdentifier: instanceId }));
        return {
          instanceId,
          previousStatus,
          status: stopped.DBInstance?.DBInstanceStatus ?? "stopping",
          changed: true,
        };
      } catch (error) {
        // Its status changed since it was described (another invocation stopped it): look again.
        if (errorName(error) !== "InvalidDBInstanceStateFault") throw error;
      }
    }
    if (wait.expired()) {
      throw new Error(
        `RDS DB instance ${instanceId} was still "${status}" after ${wait.waitedSeconds()} s, so it was not stopped ` +
          `(RDS stops only an available instance); the service is at 0 tasks. Invoke "stop" again later`,
      );
    }
    await wait.pause();
    status = await describeDatabase(instanceId);
  }
}

function databaseMessage(action: ScalerAction, outcome: DatabaseOutcome): string {
  if (action === "start") return outcome.changed ? "database started" : `database already ${outcome.status}`;
  return outcome.changed ? "database stopping" : `database already ${outcome.status}`;
}

function errorName(error: unknown): string | undefined {
  return error && typeof error === "object" && "name" in error ? String(error.name) : undefined;
}
