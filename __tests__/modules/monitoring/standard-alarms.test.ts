import { Construct } from "constructs";
import {
  albAlarms,
  ecsServiceAlarms,
  queueNotEmptyAlarm,
  rdsInstanceAlarms,
} from "../../../modules/monitoring/standard-alarms";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";

const TOPIC = { topicArn: "arn:aws:sns:ap-northeast-2:123456789012:alerts" };
const NOTIFIES = { alarm_actions: [TOPIC.topicArn], ok_actions: [TOPIC.topicArn] };
const GIB = 1024 ** 3;

function alarms(build: (scope: Construct) => void): Record<string, Record<string, unknown>> {
  const synth: SynthesizedJson = synthScope(build);
  return Object.fromEntries(
    Object.values(synth.resources("aws_cloudwatch_metric_alarm")).map((a) => [a.alarm_name as string, a]),
  );
}

function errorOf(build: (scope: Construct) => void): string {
  try {
    synthScope(build);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the factory to refuse these props");
}

describe("ecsServiceAlarms", () => {
  it("alarms on service CPU and memory above 80 % for 2 x 5 minutes, notifying the topic", () => {
    const byName = alarms((s) =>
      ecsServiceAlarms(s, { clusterName: "alert-system-dev", serviceName: "api", topic: TOPIC }),
    );
    const common = {
      namespace: "AWS/ECS",
      dimensions: { ClusterName: "alert-system-dev", ServiceName: "api" },
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 2,
      treat_missing_data: "missing",
      ...NOTIFIES,
    };
    expect(byName["alert-system-dev-api-cpu-high"]).toMatchObject({
      ...common,
      metric_name: "CPUUtilization",
    });
    expect(byName["alert-system-dev-api-memory-high"]).toMatchObject({
      ...common,
      metric_name: "MemoryUtilization",
      alarm_description: "alert-system-dev-api: memory above 80 % for 10 minutes",
    });
    expect(Object.keys(byName)).toHaveLength(2);
  });

  it("takes thresholds and a name prefix", () => {
    const byName = alarms((s) =>
      ecsServiceAlarms(s, {
        clusterName: "c",
        serviceName: "api",
        topic: TOPIC,
        cpuThresholdPercent: 70,
        memoryThresholdPercent: 90,
        alarmNamePrefix: "alerts-api",
      }),
    );
    expect(byName["alerts-api-cpu-high"]!.threshold).toBe(70);
    expect(byName["alerts-api-memory-high"]!.threshold).toBe(90);
  });

  it("refuses a percentage outside 0-100, and a second call on the same scope", () => {
    expect(
      errorOf((s) =>
        ecsServiceAlarms(s, { clusterName: "c", serviceName: "api", topic: TOPIC, cpuThresholdPercent: 100 }),
      ),
    ).toBe("stack: cpuThresholdPercent must be between 0 and 100, got 100");
    expect(
      errorOf((s) => {
        ecsServiceAlarms(s, { clusterName: "c", serviceName: "api", topic: TOPIC });
        ecsServiceAlarms(s, { clusterName: "c", serviceName: "worker", topic: TOPIC });
      }),
    ).toMatch(/cpu-alarm/);
  });

  it("gives each service its own scope", () => {
    const byName = alarms((s) => {
      ecsServiceAlarms(new Construct(s, "api-alarms"), {
        clusterName: "c",
        serviceName: "api",
        topic: TOPIC,
      });
      ecsServiceAlarms(new Construct(s, "worker-alarms"), {
        clusterName: "c",
        serviceName: "worker",
        topic: TOPIC,
      });
    });
    expect(Object.keys(byName).sort()).toEqual([
      "c-api-cpu-high",
      "c-api-memory-high",
      "c-worker-cpu-high",
      "c-worker-memory-high",
    ]);
  });
});

describe("albAlarms", () => {
  const byName = alarms((s) =>
    albAlarms(s, {
      loadBalancerArnSuffix: "app/alerts/0123456789abcdef",
      topic: TOPIC,
      alarmNamePrefix: "alerts",
    }),
  );
  const common = {
    namespace: "AWS/ApplicationELB",
    dimensions: { LoadBalancer: "app/alerts/0123456789abcdef" },
    statistic: "Sum",
    comparison_operator: "GreaterThanThreshold",
    threshold: 10,
    period: 300,
    evaluation_periods: 1,
    // The ALB publishes 5XX counts only when there are some: no data is no errors.
    treat_missing_data: "notBreaching",
    ...NOTIFIES,
  };

  it("alarms on more than 10 5XX in 5 minutes answered by the load balancer itself", () => {
    expect(byName["alerts-elb-5xx"]).toMatchObject({ ...common, metric_name: "HTTPCode_ELB_5XX_Count" });
  });

  it("and, separately, on more than 10 answered by the targets", () => {
    expect(byName["alerts-target-5xx"]).toMatchObject({
      ...common,
      metric_name: "HTTPCode_Target_5XX_Count",
    });
    expect(Object.keys(byName)).toHaveLength(2);
  });

  it("takes another threshold and refuses a negative one", () => {
    const custom = alarms((s) =>
      albAlarms(s, {
        loadBalancerArnSuffix: "app/a/1",
        topic: TOPIC,
        alarmNamePrefix: "a",
        max5xxPerFiveMinutes: 0,
      }),
    );
    expect(custom["a-elb-5xx"]!.threshold).toBe(0);
    expect(
      errorOf((s) =>
        albAlarms(s, {
          loadBalancerArnSuffix: "app/a/1",
          topic: TOPIC,
          alarmNamePrefix: "a",
          max5xxPerFiveMinutes: -1,
        }),
      ),
    ).toBe("stack: max5xxPerFiveMinutes must be a whole number of at least 0, got -1");
  });
});

describe("rdsInstanceAlarms", () => {
  it("alarms on CPU above 80 % and free storage below 5 GiB for 2 x 5 minutes", () => {
    const byName = alarms((s) => rdsInstanceAlarms(s, { instanceIdentifier: "alerts-db", topic: TOPIC }));
    const common = {
      namespace: "AWS/RDS",
      dimensions: { DBInstanceIdentifier: "alerts-db" },
      period: 300,
      evaluation_periods: 2,
      treat_missing_data: "missing",
      ...NOTIFIES,
    };
    expect(byName["alerts-db-cpu-high"]).toMatchObject({
      ...common,
      metric_name: "CPUUtilization",
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
    });
    expect(byName["alerts-db-free-storage-low"]).toMatchObject({
      ...common,
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 5 * GIB,
      alarm_description: `alerts-db: free storage below ${5 * GIB} bytes for 10 minutes`,
    });
  });

  it("without a topic the alarms only change state; with storage autoscaling the description says what it means", () => {
    const byName = alarms((s) =>
      rdsInstanceAlarms(s, {
        instanceIdentifier: "db",
        storageAutoscaling: true,
        freeStorageThresholdBytes: GIB,
      }),
    );
    for (const alarm of Object.values(byName)) {
      expect(alarm.alarm_actions).toBeUndefined();
      expect(alarm.ok_actions).toBeUndefined();
    }
    expect(byName["db-free-storage-low"]!.alarm_description).toBe(
      `db: free storage below ${GIB} bytes for 10 minutes (autoscaling at its ceiling or too slow)`,
    );
  });

  it("refuses a threshold of no bytes", () => {
    expect(
      errorOf((s) => rdsInstanceAlarms(s, { instanceIdentifier: "db", freeStorageThresholdBytes: 0 })),
    ).toBe("stack: freeStorageThresholdBytes must be a number above 0, got 0");
  });
});

describe("queueNotEmptyAlarm", () => {
  it("alarms as soon as one message waits (maximum over 5 minutes above 0), keeping its state when SQS goes quiet", () => {
    const byName = alarms((s) => queueNotEmptyAlarm(s, { queueName: "alerts-dlq", topic: TOPIC }));
    expect(byName["alerts-dlq-not-empty"]).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "alerts-dlq" },
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: "ignore",
      ...NOTIFIES,
    });
  });
});
