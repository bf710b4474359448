import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import {
  DBInstanceNotFoundFault,
  DescribeDBInstancesCommand,
  InvalidDBInstanceStateFault,
  RDSClient,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { ScalerInputError, parseScalerEvent, readScalerConfig } from "../../lambdas/ecs-scaler/event";
import {
  DEFAULT_TIMING,
  ScalerContext,
  ScalerTiming,
  createHandler,
  handler,
} from "../../lambdas/ecs-scaler/index";

const ecs = mockClient(ECSClient);
const rds = mockClient(RDSClient);
const ENV = { CLUSTER_NAME: "acme-prod", SERVICE_NAME: "erp-api" };
const saved = { ...process.env };
let logs: string[];

function serviceWith(desiredCount: number, status = "ACTIVE") {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: "erp-api",
        serviceArn: "arn:aws:ecs:ap-northeast-2:123456789012:service/acme-prod/erp-api",
        status,
        desiredCount,
      },
    ],
    failures: [],
  });
  ecs.on(UpdateServiceCommand).resolves({ service: { serviceName: "erp-api" } });
}

const updates = () => ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input);

beforeEach(() => {
  ecs.reset();
  rds.reset();
  process.env = { ...saved, ...ENV };
  delete process.env.START_DESIRED_COUNT;
  delete process.env.DB_INSTANCE_ID;
  logs = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
});

describe("ecs-scaler handler", () => {
  it("start sets the service to START_DESIRED_COUNT's default of 1 and logs one JSON line", async () => {
    serviceWith(0);
    const result = await handler({ action: "start" }, { awsRequestId: "req-1" });
    const outcome = {
      action: "start",
      cluster: "acme-prod",
      service: "erp-api",
      previousDesiredCount: 0,
      desiredCount: 1,
      changed: true,
    };
    expect(result).toEqual(outcome);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]!.args[0].input).toEqual({
      cluster: "acme-prod",
      services: ["erp-api"],
    });
    expect(updates()).toEqual([{ cluster: "acme-prod", service: "erp-api", desiredCount: 1 }]);
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0]!)).toEqual({
      level: "info",
      message: "ecs service desired count updated",
      requestId: "req-1",
      ...outcome,
    });
  });

  it("start uses START_DESIRED_COUNT from the environment", async () => {
    process.env.START_DESIRED_COUNT = "3";
    serviceWith(0);
    await expect(handler({ action: "start" })).resolves.toMatchObject({ desiredCount: 3 });
    expect(updates()).toEqual([{ cluster: "acme-prod", service: "erp-api", desiredCount: 3 }]);
  });

  it("stop sets the desired count to 0", async () => {
    serviceWith(2);
    await expect(handler({ action: "stop" })).resolves.toEqual({
      action: "stop",
      cluster: "acme-prod",
      service: "erp-api",
      previousDesiredCount: 2,
      desiredCount: 0,
      changed: true,
    });
    expect(updates()).toEqual([{ cluster: "acme-prod", service: "erp-api", desiredCount: 0 }]);
    expect(JSON.parse(logs[0]!)).toMatchObject({ action: "stop", previousDesiredCount: 2, desiredCount: 0 });
  });

  it("an explicit desiredCount wins over the default", async () => {
    process.env.START_DESIRED_COUNT = "1";
    serviceWith(1);
    await expect(handler({ action: "start", desiredCount: 4 })).resolves.toMatchObject({
      previousDesiredCount: 1,
      desiredCount: 4,
    });
    expect(updates()).toEqual([{ cluster: "acme-prod", service: "erp-api", desiredCount: 4 }]);
  });

  it("does not call UpdateService when the service already has the count", async () => {
    serviceWith(0);
    await expect(handler({ action: "stop" })).resolves.toMatchObject({
      changed: false,
      previousDesiredCount: 0,
      desiredCount: 0,
    });
    expect(updates()).toEqual([]);
    expect(JSON.parse(logs[0]!)).toMatchObject({
      message: "ecs service already at desired count",
      changed: false,
    });
  });

  it.each([
    [undefined, /event must be an object like \{"action":"start"\}, got nothing/],
    ["start", /event must be an object/],
    [[{ action: "start" }], /event must be an object/],
    [{}, /event.action is missing; send "start" or "stop"/],
    [{ action: "restart" }, /event.action must be "start" or "stop", got "restart"/],
    [{ action: "START" }, /event.action must be "start" or "stop", got "START"/],
    [{ action: "start", desiredCount: -1 }, /event.desiredCount must be a whole number of 0 or more, got -1/],
    [
      { action: "start", desiredCount: 1.5 },
      /event.desiredCount must be a whole number of 0 or more, got 1.5/,
    ],
    [
      { action: "start", desiredCount: "2" },
      /event.desiredCount must be a whole number of 0 or more, got "2"/,
    ],
    [{ action: "start", desiredCount: 0 }, /at least 1 for "start", got 0; use "stop"/],
    [{ action: "stop", desiredCount: 2 }, /must be 0 or absent for "stop", got 2/],
    [{ action: "start", desiredcount: 2 }, /unknown key\(s\) "desiredcount"; allowed: action, desiredCount/],
  ])("rejects the event %j before calling ECS", async (event, message) => {
    serviceWith(1);
    await expect(handler(event)).rejects.toThrow(message);
    await expect(handler(event)).rejects.toBeInstanceOf(ScalerInputError);
    expect(ecs.calls()).toHaveLength(0);
    expect(logs).toEqual([]);
  });

  it.each([
    ["empty CLUSTER_NAME", { CLUSTER_NAME: "" }, /CLUSTER_NAME must name the ECS cluster/],
    ["no SERVICE_NAME", { SERVICE_NAME: undefined }, /SERVICE_NAME must name the ECS service/],
    [
      "START_DESIRED_COUNT=zero",
      { START_DESIRED_COUNT: "zero" },
      /START_DESIRED_COUNT must be a whole number of at least 1, got "zero"/,
    ],
    [
      "START_DESIRED_COUNT=0",
      { START_DESIRED_COUNT: "0" },
      /START_DESIRED_COUNT must be a whole number of at least 1, got "0"/,
    ],
  ])("rejects a misconfigured environment: %s", async (_label, env, message) => {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await expect(handler({ action: "start" })).rejects.toThrow(message);
    expect(ecs.calls()).toHaveLength(0);
  });

  it("propagates an ECS error from UpdateService", async () => {
    serviceWith(0);
    const denied = Object.assign(new Error("User is not authorized to perform: ecs:UpdateService"), {
      name: "AccessDeniedException",
    });
    ecs.on(UpdateServiceCommand).rejects(denied);
    await expect(handler({ action: "start" })).rejects.toThrow(
      /not authorized to perform: ecs:UpdateService/,
    );
    expect(logs).toEqual([]);
  });

  it("propagates an ECS error from DescribeServices", async () => {
    ecs
      .on(DescribeServicesCommand)
      .rejects(Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" }));
    await expect(handler({ action: "stop" })).rejects.toThrow("Cluster not found.");
    expect(updates()).toEqual([]);
  });

  it("refuses a service ECS reports missing or inactive", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [
        { arn: "arn:aws:ecs:ap-northeast-2:123456789012:service/acme-prod/erp-api", reason: "MISSING" },
      ],
    });
    await expect(handler({ action: "start" })).rejects.toThrow(
      "ECS service erp-api in cluster acme-prod is not active (MISSING); check CLUSTER_NAME and SERVICE_NAME",
    );
    serviceWith(1, "DRAINING");
    await expect(handler({ action: "stop" })).rejects.toThrow(/is not active \(status DRAINING\)/);
    expect(updates()).toEqual([]);
  });
});

describe("ecs-scaler event parsing", () => {
  it("maps events to requests", () => {
    const config = { startDesiredCount: 2 };
    expect(parseScalerEvent({ action: "start" }, config)).toEqual({ action: "start", desiredCount: 2 });
    expect(parseScalerEvent({ action: "start", desiredCount: 5 }, config)).toEqual({
      action: "start",
      desiredCount: 5,
    });
    expect(parseScalerEvent({ action: "stop" }, config)).toEqual({ action: "stop", desiredCount: 0 });
    expect(parseScalerEvent({ action: "stop", desiredCount: 0 }, config)).toEqual({
      action: "stop",
      desiredCount: 0,
    });
  });

  it("reads the environment", () => {
    expect(readScalerConfig({ CLUSTER_NAME: " c ", SERVICE_NAME: "s" })).toEqual({
      clusterName: "c",
      serviceName: "s",
      startDesiredCount: 1,
    });
    expect(
      readScalerConfig({ CLUSTER_NAME: "c", SERVICE_NAME: "s", START_DESIRED_COUNT: "2" }).startDesiredCount,
    ).toBe(2);
  });

  it("reads DB_INSTANCE_ID, and an empty one means no database", () => {
    const env = { CLUSTER_NAME: "c", SERVICE_NAME: "s" };
    expect(readScalerConfig({ ...env, DB_INSTANCE_ID: " erp-db " }).databaseInstanceId).toBe("erp-db");
    expect(readScalerConfig({ ...env, DB_INSTANCE_ID: "" })).not.toHaveProperty("databaseInstanceId");
    expect(readScalerConfig({ ...env, DB_INSTANCE_ID: "  " })).not.toHaveProperty("databaseInstanceId");
  });
});

/**
 * With DB_INSTANCE_ID the database follows the service: started and available before the service
 * gets tasks, stopped only once the service has none. The waits run on a fake clock: `sleep`
 * advances it, so a 14-minute timeout takes no time.
 */
describe("ecs-scaler with DB_INSTANCE_ID", () => {
  const DB = "erp-db";
  /** Every AWS call in order, with the status or counts the mock answered. */
  let journal: string[];
  let clock: number;
  let sleeps: number[];
  let timing: Partial<ScalerTiming>;

  beforeEach(() => {
    process.env.DB_INSTANCE_ID = DB;
    journal = [];
    clock = 1_000_000;
    sleeps = [];
    timing = {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    };
  });

  const run = (event: unknown, context?: ScalerContext) => createHandler(timing)(event, context);
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

  interface Counts {
    readonly desired: number;
    readonly running?: number;
    readonly pending?: number;
  }

  /** DescribeServices answers these in turn (the last repeats); UpdateService is journaled. */
  function serviceStates(...states: Counts[]) {
    let call = 0;
    ecs.on(DescribeServicesCommand).callsFake(() => {
      const { desired, running = desired, pending = 0 } = states[Math.min(call++, states.length - 1)]!;
      journal.push(`DescribeServices desired=${desired} running=${running} pending=${pending}`);
      return {
        services: [
          {
            serviceName: "erp-api",
            status: "ACTIVE",
            desiredCount: desired,
            runningCount: running,
            pendingCount: pending,
          },
        ],
        failures: [],
      };
    });
    ecs.on(UpdateServiceCommand).callsFake((input: { desiredCount: number }) => {
      journal.push(`UpdateService ${input.desiredCount}`);
      return { service: { serviceName: "erp-api" } };
    });
  }

  /** DescribeDBInstances answers these statuses in turn (the last repeats); Start/Stop are journaled. */
  function databaseStatuses(...statuses: string[]) {
    let call = 0;
    rds.on(DescribeDBInstancesCommand).callsFake((input: unknown) => {
      expect(input).toEqual({ DBInstanceIdentifier: DB });
      const status = statuses[Math.min(call++, statuses.length - 1)]!;
      journal.push(`DescribeDBInstances ${status}`);
      return { DBInstances: [{ DBInstanceIdentifier: DB, DBInstanceStatus: status }] };
    });
    rds.on(StartDBInstanceCommand).callsFake((input: unknown) => {
      expect(input).toEqual({ DBInstanceIdentifier: DB });
      journal.push("StartDBInstance");
      return { DBInstance: { DBInstanceIdentifier: DB, DBInstanceStatus: "starting" } };
    });
    rds.on(StopDBInstanceCommand).callsFake((input: unknown) => {
      expect(input).toEqual({ DBInstanceIdentifier: DB });
      journal.push("StopDBInstance");
      return { DBInstance: { DBInstanceIdentifier: DB, DBInstanceStatus: "stopping" } };
    });
  }

  const invalidState = () =>
    new InvalidDBInstanceStateFault({ message: "Instance erp-db is not in stopped state.", $metadata: {} });

  describe("start", () => {
    it("starts a stopped database, waits until it is available, and only then raises the desired count", async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("stopped", "starting", "starting", "available");
      const result = await run({ action: "start" }, { awsRequestId: "req-7" });
      expect(journal).toEqual([
        "DescribeServices desired=0 running=0 pending=0",
        "DescribeDBInstances stopped",
        "StartDBInstance",
        "DescribeDBInstances starting",
        "DescribeDBInstances starting",
        "DescribeDBInstances available",
        "UpdateService 1",
      ]);
      expect(sleeps).toEqual([10_000, 10_000, 10_000]);
      const outcome = {
        action: "start",
        cluster: "acme-prod",
        service: "erp-api",
        previousDesiredCount: 0,
        desiredCount: 1,
        changed: true,
        database: { instanceId: DB, previousStatus: "stopped", status: "available", changed: true },
      };
      expect(result).toEqual(outcome);
      expect(logs.map((line) => JSON.parse(line))).toEqual([
        {
          level: "info",
          message: "ecs service desired count updated; database started",
          requestId: "req-7",
          ...outcome,
        },
      ]);
    });

    it("an available database is not started again and nothing waits", async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("available");
      await expect(run({ action: "start" })).resolves.toMatchObject({
        changed: true,
        database: { previousStatus: "available", status: "available", changed: false },
      });
      expect(journal).toEqual([
        "DescribeServices desired=0 running=0 pending=0",
        "DescribeDBInstances available",
        "UpdateService 1",
      ]);
      expect(sleeps).toEqual([]);
      expect(JSON.parse(logs[0]!).message).toBe(
        "ecs service desired count updated; database already available",
      );
    });

    it("a second start while the service runs changes nothing", async () => {
      serviceStates({ desired: 1 });
      databaseStatuses("available");
      await expect(run({ action: "start" })).resolves.toMatchObject({
        changed: false,
        database: { changed: false, status: "available" },
      });
      expect(journal).toEqual([
        "DescribeServices desired=1 running=1 pending=0",
        "DescribeDBInstances available",
      ]);
      expect(JSON.parse(logs[0]!).message).toBe(
        "ecs service already at desired count; database already available",
      );
    });

    it('a database already "starting" is waited for, not started again', async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("starting", "configuring-enhanced-monitoring", "available");
      await expect(run({ action: "start" })).resolves.toMatchObject({
        database: { previousStatus: "starting", status: "available", changed: false },
      });
      expect(journal).not.toContain("StartDBInstance");
      expect(journal.at(-1)).toBe("UpdateService 1");
    });

    it('a database still "stopping" is waited out, then started', async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("stopping", "stopping", "stopped", "starting", "available");
      await expect(run({ action: "start" })).resolves.toMatchObject({
        database: { previousStatus: "stopping", status: "available", changed: true },
      });
      expect(journal.slice(1)).toEqual([
        "DescribeDBInstances stopping",
        "DescribeDBInstances stopping",
        "DescribeDBInstances stopped",
        "StartDBInstance",
        "DescribeDBInstances starting",
        "DescribeDBInstances available",
        "UpdateService 1",
      ]);
    });

    it("tolerates a concurrent start (InvalidDBInstanceState from StartDBInstance) and keeps waiting", async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("stopped", "starting", "available");
      rds.on(StartDBInstanceCommand).rejects(invalidState());
      await expect(run({ action: "start" })).resolves.toMatchObject({
        database: { previousStatus: "stopped", status: "available", changed: false },
      });
      expect(rds.commandCalls(StartDBInstanceCommand)).toHaveLength(1);
      expect(journal.at(-1)).toBe("UpdateService 1");
    });

    it('"storage-optimization" counts as ready: RDS serves connections while it optimizes storage', async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("storage-optimization");
      await expect(run({ action: "start" })).resolves.toMatchObject({
        database: { status: "storage-optimization", changed: false },
      });
      expect(journal.at(-1)).toBe("UpdateService 1");
    });

    it("fails after the bounded wait when the database never becomes available, and leaves the service at 0", async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("stopped", "starting");
      await expect(run({ action: "start" })).rejects.toThrow(
        'RDS DB instance erp-db was not available after 840 s (status "starting"), so the service was not started; ' +
          'invoke "start" again to keep waiting, or check the instance\'s events in the RDS console',
      );
      expect(total(sleeps)).toBe(DEFAULT_TIMING.databaseWaitMs);
      expect(rds.commandCalls(StartDBInstanceCommand)).toHaveLength(1);
      expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
      expect(logs).toEqual([]);
    });

    it("the wait ends before the Lambda timeout: the context's remaining time less the reserve bounds it", async () => {
      serviceStates({ desired: 0 });
      databaseStatuses("starting");
      await expect(
        run({ action: "start" }, { awsRequestId: "r", getRemainingTimeInMillis: () => 60_000 }),
      ).rejects.toThrow(/was not available after 45 s \(status "starting"\)/);
      // 60 s remaining - 15 s reserve: the last pause is cut short to land on the deadline.
      expect(sleeps).toEqual([10_000, 10_000, 10_000, 10_000, 5_000]);
      expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
    });

    it("poll interval and wait are injectable", async () => {
      timing = { ...timing, databasePollMs: 1_000, databaseWaitMs: 3_000 };
      serviceStates({ desired: 0 });
      databaseStatuses("starting");
      await expect(run({ action: "start" })).rejects.toThrow(/was not available after 3 s/);
      expect(sleeps).toEqual([1_000, 1_000, 1_000]);
    });

    it.each(["incompatible-parameters", "storage-full", "inaccessible-encryption-credentials"])(
      'fails at once on "%s", which waiting will not fix',
      async (status) => {
        serviceStates({ desired: 0 });
        databaseStatuses(status);
        await expect(run({ action: "start" })).rejects.toThrow(
          `RDS DB instance erp-db is "${status}", which waiting will not change, so the service was not started`,
        );
        expect(sleeps).toEqual([]);
        expect(rds.commandCalls(StartDBInstanceCommand)).toEqual([]);
        expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
      },
    );
  });

  describe("stop", () => {
    it("sets the count to 0, waits until no task runs, then stops the database", async () => {
      serviceStates({ desired: 1, running: 1 }, { desired: 0, running: 1 }, { desired: 0, running: 0 });
      databaseStatuses("available");
      const result = await run({ action: "stop" }, { awsRequestId: "req-8" });
      expect(journal).toEqual([
        "DescribeServices desired=1 running=1 pending=0",
        "UpdateService 0",
        "DescribeServices desired=0 running=1 pending=0",
        "DescribeServices desired=0 running=0 pending=0",
        "DescribeDBInstances available",
        "StopDBInstance",
      ]);
      expect(sleeps).toEqual([5_000, 5_000]);
      const outcome = {
        action: "stop",
        cluster: "acme-prod",
        service: "erp-api",
        previousDesiredCount: 1,
        desiredCount: 0,
        changed: true,
        database: { instanceId: DB, previousStatus: "available", status: "stopping", changed: true },
      };
      expect(result).toEqual(outcome);
      expect(logs.map((line) => JSON.parse(line))).toEqual([
        {
          level: "info",
          message: "ecs service desired count updated; database stopping",
          requestId: "req-8",
          ...outcome,
        },
      ]);
    });

    it("a task still pending also holds the stop back", async () => {
      serviceStates({ desired: 1, running: 0, pending: 1 }, { desired: 0, running: 0, pending: 0 });
      databaseStatuses("available");
      await run({ action: "stop" });
      expect(journal).toEqual([
        "DescribeServices desired=1 running=0 pending=1",
        "UpdateService 0",
        "DescribeServices desired=0 running=0 pending=0",
        "DescribeDBInstances available",
        "StopDBInstance",
      ]);
    });

    it("stops the database RDS restarted after 7 days although the service is already at 0", async () => {
      serviceStates({ desired: 0, running: 0 });
      databaseStatuses("available");
      await expect(run({ action: "stop" })).resolves.toEqual({
        action: "stop",
        cluster: "acme-prod",
        service: "erp-api",
        previousDesiredCount: 0,
        desiredCount: 0,
        changed: false,
        database: { instanceId: DB, previousStatus: "available", status: "stopping", changed: true },
      });
      expect(journal).toEqual([
        "DescribeServices desired=0 running=0 pending=0",
        "DescribeDBInstances available",
        "StopDBInstance",
      ]);
      expect(sleeps).toEqual([]);
      expect(JSON.parse(logs[0]!).message).toBe("ecs service already at desired count; database stopping");
    });

    it("waits out an automatic start in progress, then stops the database", async () => {
      serviceStates({ desired: 0, running: 0 });
      databaseStatuses("starting", "starting", "available");
      await expect(run({ action: "stop" })).resolves.toMatchObject({
        database: { previousStatus: "starting", status: "stopping", changed: true },
      });
      expect(journal.slice(1)).toEqual([
        "DescribeDBInstances starting",
        "DescribeDBInstances starting",
        "DescribeDBInstances available",
        "StopDBInstance",
      ]);
      expect(sleeps).toEqual([10_000, 10_000]);
    });

    it.each(["stopped", "stopping"])(
      "a stop while the database is already %s succeeds without StopDBInstance",
      async (status) => {
        serviceStates({ desired: 0, running: 0 });
        databaseStatuses(status);
        await expect(run({ action: "stop" })).resolves.toMatchObject({
          changed: false,
          database: { previousStatus: status, status, changed: false },
        });
        expect(journal).toEqual([
          "DescribeServices desired=0 running=0 pending=0",
          `DescribeDBInstances ${status}`,
        ]);
        expect(JSON.parse(logs[0]!).message).toBe(
          `ecs service already at desired count; database already ${status}`,
        );
      },
    );

    it("tolerates a concurrent stop (InvalidDBInstanceState from StopDBInstance)", async () => {
      serviceStates({ desired: 0, running: 0 });
      databaseStatuses("available", "stopping");
      rds.on(StopDBInstanceCommand).rejects(invalidState());
      await expect(run({ action: "stop" })).resolves.toMatchObject({
        database: { previousStatus: "available", status: "stopping", changed: false },
      });
      expect(rds.commandCalls(StopDBInstanceCommand)).toHaveLength(1);
    });

    it("leaves the database running when the tasks do not stop within the bounded wait", async () => {
      serviceStates({ desired: 1, running: 1 });
      await expect(run({ action: "stop" })).rejects.toThrow(
        "ECS service erp-api in cluster acme-prod still has 1 running and 0 pending task(s) after 300 s at desired count 0, " +
          'so database erp-db was left running; invoke "stop" again once the tasks have stopped',
      );
      expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input.desiredCount)).toEqual([0]);
      expect(rds.calls()).toEqual([]);
      expect(total(sleeps)).toBe(DEFAULT_TIMING.drainWaitMs);
      expect(logs).toEqual([]);
    });

    it("fails clearly when the database stays in a status RDS cannot stop", async () => {
      serviceStates({ desired: 0, running: 0 });
      databaseStatuses("modifying");
      await expect(run({ action: "stop" })).rejects.toThrow(
        'RDS DB instance erp-db was still "modifying" after 840 s, so it was not stopped ' +
          '(RDS stops only an available instance); the service is at 0 tasks. Invoke "stop" again later',
      );
      expect(rds.commandCalls(StopDBInstanceCommand)).toEqual([]);
    });
  });

  it("names DB_INSTANCE_ID when the instance does not exist", async () => {
    serviceStates({ desired: 0 });
    rds
      .on(DescribeDBInstancesCommand)
      .rejects(new DBInstanceNotFoundFault({ message: "DBInstance erp-db not found.", $metadata: {} }));
    await expect(run({ action: "start" })).rejects.toThrow(
      "RDS DB instance erp-db does not exist; check DB_INSTANCE_ID",
    );
    expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
  });

  it("propagates an RDS error such as AccessDenied, and the service is not started", async () => {
    serviceStates({ desired: 0 });
    databaseStatuses("stopped");
    rds.on(StartDBInstanceCommand).rejects(
      Object.assign(new Error("User is not authorized to perform: rds:StartDBInstance"), {
        name: "AccessDenied",
      }),
    );
    await expect(run({ action: "start" })).rejects.toThrow(/not authorized to perform: rds:StartDBInstance/);
    expect(ecs.commandCalls(UpdateServiceCommand)).toEqual([]);
  });

  it.each(["arn:aws:rds:ap-northeast-2:123456789012:db:erp-db", "erp_db", "1erp", "erp--db", "erp-"])(
    "refuses DB_INSTANCE_ID %p before any AWS call",
    async (value) => {
      process.env.DB_INSTANCE_ID = value;
      serviceStates({ desired: 0 });
      databaseStatuses("available");
      const outcome = run({ action: "start" });
      await expect(outcome).rejects.toThrow(
        `environment variable DB_INSTANCE_ID must be an RDS DB instance identifier (1-63 letters, digits and hyphens, ` +
          `starting with a letter, no "--", not ending in "-"), got "${value}"; unset it to leave the database alone`,
      );
      await expect(outcome).rejects.toBeInstanceOf(ScalerInputError);
      expect(ecs.calls()).toEqual([]);
      expect(rds.calls()).toEqual([]);
    },
  );

  it("without DB_INSTANCE_ID nothing calls RDS and a stop does not wait for the tasks", async () => {
    delete process.env.DB_INSTANCE_ID;
    serviceStates({ desired: 1, running: 1 });
    databaseStatuses("available");
    await expect(run({ action: "stop" })).resolves.not.toHaveProperty("database");
    expect(journal).toEqual(["DescribeServices desired=1 running=1 pending=0", "UpdateService 0"]);
    serviceStates({ desired: 0 });
    await expect(run({ action: "start" })).resolves.not.toHaveProperty("database");
    expect(journal.slice(2)).toEqual(["DescribeServices desired=0 running=0 pending=0", "UpdateService 1"]);
    expect(rds.calls()).toEqual([]);
    expect(sleeps).toEqual([]);
    expect(logs.map((line) => JSON.parse(line).message)).toEqual([
      "ecs service desired count updated",
      "ecs service desired count updated",
    ]);
  });
});
