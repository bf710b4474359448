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
import { DEFAULT_TIMING, ScalerTiming, createHandler, handler } from "../../lambdas/ecs-scaler/index";

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
});
