import {
  MODULE_SERVER_PROPERTIES,
  defaultReplication,
  logRetentionHoursProblem,
  renderServerProperties,
  resolveReplication,
  serverPropertiesProblems,
} from "../../../modules/msk/kafka-configuration";

describe("replication derived from the broker count", () => {
  test.each([
    [2, 2, 1],
    [3, 3, 2],
    [4, 3, 2],
    [6, 3, 2],
    [9, 3, 2],
  ])("%i brokers: RF %i, min ISR %i", (brokers, replicationFactor, minInsyncReplicas) => {
    expect(defaultReplication(brokers)).toEqual({ replicationFactor, minInsyncReplicas });
    const problems: string[] = [];
    expect(resolveReplication(brokers, {}, problems)).toEqual({ replicationFactor, minInsyncReplicas });
    expect(problems).toEqual([]);
  });

  it("an explicit RF moves the default min ISR with it", () => {
    expect(resolveReplication(6, { replicationFactor: 2 }, [])).toEqual({
      replicationFactor: 2,
      minInsyncReplicas: 1,
    });
    expect(resolveReplication(6, { replicationFactor: 5 }, [])).toEqual({
      replicationFactor: 5,
      minInsyncReplicas: 2,
    });
  });

  test.each<[string, number, { replicationFactor?: number; minInsyncReplicas?: number }, RegExp]>([
    [
      "RF > brokers",
      2,
      { replicationFactor: 3 },
      /^replicationFactor must be a whole number from 2 to the 2 brokers/,
    ],
    ["RF 1", 3, { replicationFactor: 1 }, /one copy is lost with its broker/],
    ["RF 2.5", 3, { replicationFactor: 2.5 }, /got 2.5$/],
    [
      "min ISR = RF",
      4,
      { replicationFactor: 2, minInsyncReplicas: 2 },
      /^minInsyncReplicas must be a whole number from 1 to 1, below the replication factor 2/,
    ],
    ["min ISR > RF", 6, { minInsyncReplicas: 4 }, /below the derived replication factor 3/],
    [
      "min ISR >= brokers",
      2,
      { minInsyncReplicas: 2 },
      /reaches the 2 brokers, so no write could ever be acknowledged/,
    ],
  ])("refuses %s", (_what, brokers, choice, message) => {
    const problems: string[] = [];
    resolveReplication(brokers, choice, problems);
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it("names config's keys when config asks", () => {
    const problems: string[] = [];
    resolveReplication(2, { replicationFactor: 3 }, problems, {
      replicationFactor: "kafka.replication_factor",
      minInsyncReplicas: "kafka.min_insync_replicas",
    });
    expect(problems).toEqual([expect.stringMatching(/^kafka.replication_factor must be/)]);
  });
});

describe("server.properties", () => {
  it("is one sorted name=value a line, ending in a newline, the caller's extras included", () => {
    expect(
      renderServerProperties({ replicationFactor: 2, minInsyncReplicas: 1 }, 24, { "num.partitions": "3" }),
    ).toBe(
      [
        "auto.create.topics.enable=false",
        "default.replication.factor=2",
        "log.retention.hours=24",
        "min.insync.replicas=1",
        "num.partitions=3",
        "offsets.topic.replication.factor=2",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.replication.factor=2",
        "",
      ].join("\n"),
    );
  });

  test.each(MODULE_SERVER_PROPERTIES)("%s belongs to the module", (name) => {
    expect(serverPropertiesProblems({ [name]: "1" })).toEqual([
      expect.stringMatching(new RegExp(`^serverProperties must not set ${name.replace(/\./g, "\\.")}:`)),
    ]);
  });

  test.each([
    ["num.partitions", "6"],
    ["message.max.bytes", "2097152"],
    ["log.cleaner.delete.retention.ms", "86400000"],
  ])("takes %s=%s", (name, value) => {
    expect(serverPropertiesProblems({ [name]: value })).toEqual([]);
  });

  test.each([
    [1, undefined],
    [168, undefined],
    [8760, undefined],
    [0, /from 1 to 8760/],
    [-1, /-1, keep for ever, fills the broker volumes/],
    [8761, /got 8761$/],
  ])("retention %i hours", (hours, problem) => {
    const found = logRetentionHoursProblem(hours);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});
