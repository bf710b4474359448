import { parseEngineVersion } from "../../../modules/elasticache/engines";
import { windowProblems } from "../../../modules/elasticache/maintenance-windows";
import { NODE_FAMILIES, nodeTypeProblem } from "../../../modules/elasticache/node-types";
import { RedisCache, RedisCacheProps } from "../../../modules/elasticache/redis-cache";
import { synthScope } from "../../harness/synth-scope";

const BASE: RedisCacheProps = {
  replicationGroupId: "acme-alerts",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-priv-a", "subnet-priv-c"],
};

function buildError(overrides: Partial<RedisCacheProps>): string {
  try {
    synthScope((scope) => new RedisCache(scope, "cache", { ...BASE, ...overrides }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

function accepts(overrides: Partial<RedisCacheProps>): void {
  expect(() =>
    synthScope((scope) => new RedisCache(scope, "cache", { ...BASE, ...overrides })),
  ).not.toThrow();
}

/** The problems of one refusal, without the "path: invalid RedisCache props:" header. */
function problemsOf(overrides: Partial<RedisCacheProps>): string[] {
  const [header, ...lines] = buildError(overrides).split("\n");
  expect(header).toBe("stack/cache: invalid RedisCache props:");
  return lines.map((line) => line.replace(/^ {2}- /, ""));
}

describe("impossible shapes are refused at synth, with the rule", () => {
  test.each<[string, Partial<RedisCacheProps>, RegExp]>([
    [
      "automatic failover on a single node",
      { topology: { mode: "single" }, automaticFailover: true },
      /^automaticFailover needs at least one replica to promote, got topology \{ mode: "single" \}/,
    ],
    [
      "Multi-AZ on a single node",
      { topology: { mode: "single" }, multiAz: true },
      /^multiAz needs at least one replica in another availability zone, got topology \{ mode: "single" \}/,
    ],
    [
      "Multi-AZ without automatic failover",
      { topology: { mode: "replicated", replicas: 2 }, automaticFailover: false, multiAz: true },
      /^multiAz needs automaticFailover/,
    ],
    [
      "Multi-AZ on a cluster without replicas",
      { topology: { mode: "cluster", shards: 2, replicasPerShard: 0 }, multiAz: true },
      /^multiAz needs at least one replica per shard to fail over to, got topology.replicasPerShard 0/,
    ],
    [
      "cluster mode without automatic failover",
      { topology: { mode: "cluster", shards: 2, replicasPerShard: 1 }, automaticFailover: false },
      /^automaticFailover cannot be false with topology \{ mode: "cluster" \}: ElastiCache requires automatic failover in cluster mode/,
    ],
    [
      "cluster mode with 0 shards",
      { topology: { mode: "cluster", shards: 0, replicasPerShard: 1 } },
      /^topology.shards must be a whole number from 1 to 500 \(cluster mode needs at least one node group, and ElastiCache allows at most 500\), got 0$/,
    ],
    [
      "cluster mode with 501 shards",
      { topology: { mode: "cluster", shards: 501, replicasPerShard: 0 } },
      /^topology.shards must be a whole number from 1 to 500 .*, got 501$/,
    ],
    [
      "cluster mode with 2.5 shards",
      { topology: { mode: "cluster", shards: 2.5, replicasPerShard: 0 } },
      /^topology.shards must be a whole number from 1 to 500 .*, got 2.5$/,
    ],
    [
      "cluster mode with more nodes than a group holds",
      { topology: { mode: "cluster", shards: 100, replicasPerShard: 5 } },
      /^topology 100 shards x 6 nodes is 600 nodes; a cluster-mode replication group holds at most 500/,
    ],
    [
      "6 replicas per shard",
      { topology: { mode: "cluster", shards: 2, replicasPerShard: 6 } },
      /^topology.replicasPerShard must be a whole number from 0 to 5 \(ElastiCache's limit per node group\), got 6$/,
    ],
    [
      "6 replicas",
      { topology: { mode: "replicated", replicas: 6 } },
      /^topology.replicas must be a whole number from 1 to 5 \(ElastiCache's limit per node group; for no replica use topology \{ mode: "single" \}\), got 6$/,
    ],
    [
      "a replicated shape without a replica",
      { topology: { mode: "replicated", replicas: 0 } },
      /^topology.replicas must be a whole number from 1 to 5 .*, got 0$/,
    ],
    [
      "an unknown topology mode",
      { topology: { mode: "sharded" } as never },
      /^topology.mode must be one of "single", "replicated", "cluster", got "sharded"$/,
    ],
    [
      "Multi-AZ in one subnet",
      { subnetIds: ["subnet-a"] },
      /^subnetIds must name subnets in at least two availability zones for multiAz/,
    ],
    [
      "no subnet",
      { subnetIds: [] },
      /^subnetIds must name at least one private or isolated subnet, got none$/,
    ],
  ])("%s", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual([expect.stringMatching(message)]);
  });
});

describe("node types outside the engine's families are refused, naming the accepted ones", () => {
  const families = "t3, t4g, m5, m6g, m7g, r5, r6g, r7g, c7gn";
  test.each<[string, RegExp]>([
    [
      "db.t4g.micro",
      new RegExp(
        `^nodeType must be a cache node type "cache.<family>.<size>" of family ${families} .*got "db.t4g.micro"$`,
      ),
    ],
    ["cache.t1.micro", /older generations lack transit encryption or are retired\), got "cache.t1.micro"$/],
    ["cache.t2.small", /older generations .* got "cache.t2.small"$/],
    ["cache.m4.large", /older generations .* got "cache.m4.large"$/],
    ["cache.r4.xlarge", /older generations .* got "cache.r4.xlarge"$/],
    [
      "cache.r6gd.xlarge",
      /^nodeType cache.r6gd.xlarge needs data tiering, which this module does not turn on/,
    ],
    [
      "cache.t4g.large",
      /^nodeType cache.t4g.large: family t4g comes in micro, small and medium, got size "large"$/,
    ],
    [
      "cache.r7g.small",
      /^nodeType cache.r7g.small: family r7g comes in large, xlarge, 2xlarge and up, got size "small"$/,
    ],
    ["t4g.micro", /^nodeType must be a cache node type/],
  ])("%s", (nodeType, message) => {
    expect(problemsOf({ nodeType })).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    "cache.t4g.micro",
    "cache.t3.medium",
    "cache.r7g.large",
    "cache.m7g.2xlarge",
    "cache.c7gn.large",
    "cache.r6g.16xlarge",
  ])("accepts %s", (nodeType) => accepts({ nodeType }));

  it("valkey takes the same families", () => {
    expect(NODE_FAMILIES.valkey).toEqual(NODE_FAMILIES.redis);
    expect(nodeTypeProblem("valkey", "cache.t1.micro")).toMatch(/older generations/);
    expect(nodeTypeProblem("valkey", "cache.t4g.micro")).toBeUndefined();
  });
});

describe("engine versions the engine does not support are refused", () => {
  test.each<[RedisCacheProps["engine"], string, RegExp]>([
    [
      "redis",
      "5.0.6",
      /^engineVersion for engine "redis" must be "6.0", "6.2", "6.x", "7.0" or "7.1", got "5.0.6"$/,
    ],
    ["redis", "7.2", /^engineVersion for engine "redis" must be .* got "7.2"$/],
    ["redis", "7", /^engineVersion for engine "redis" must be .* got "7"$/],
    ["redis", "8.0", /^engineVersion for engine "redis" must be .* got "8.0"$/],
    ["redis", "7.x", /^engineVersion for engine "redis" must be .* got "7.x"$/],
    [
      "valkey",
      "7.1",
      /^engineVersion for engine "valkey" must be "7.2" or "8.<minor>" \(e.g. "8.0", "8.1"\), got "7.1"$/,
    ],
    ["valkey", "6.2", /^engineVersion for engine "valkey" must be .* got "6.2"$/],
    ["valkey", "9.0", /^engineVersion for engine "valkey" must be .* got "9.0"$/],
  ])("%s %s", (engine, engineVersion, message) => {
    expect(problemsOf({ engine, engineVersion, auth: "token" })).toEqual([expect.stringMatching(message)]);
  });

  it("refuses an unknown engine", () => {
    expect(problemsOf({ engine: "memcached" as never })).toEqual([
      'engine must be one of "redis", "valkey", got "memcached"',
    ]);
  });

  it("IAM authentication needs Redis OSS 7 or Valkey", () => {
    expect(problemsOf({ engineVersion: "6.2" })).toEqual([
      'auth "iam" needs Redis OSS 7.0 or newer or Valkey (IAM authentication does not exist before), got redis 6.2; use engineVersion "7.1" or auth "token"',
    ]);
  });
});

describe("other props", () => {
  test.each<[string, Partial<RedisCacheProps>, RegExp]>([
    ["port 0", { port: 0 }, /^port must be a whole number from 1 to 65535, got 0$/],
    ["port 65536", { port: 65536 }, /^port must be a whole number from 1 to 65535, got 65536$/],
    ["port 6379.5", { port: 6379.5 }, /^port must be a whole number from 1 to 65535, got 6379.5$/],
    ['auth "none"', { auth: "none" as never }, /^auth must be one of "iam", "token", got "none"$/],
    ["urlSecretName with IAM", { urlSecretName: "x/y" }, /^urlSecretName applies only to auth "token"/],
    ["a disabled app user", { accessString: "off ~* +@all" }, /^accessString must start with "on"/],
    [
      "-1 days of snapshots",
      { snapshotRetentionDays: -1 },
      /^snapshotRetentionDays must be a whole number of days from 0 \(no automatic snapshots\) to 35, got -1$/,
    ],
    ["36 days of snapshots", { snapshotRetentionDays: 36 }, /^snapshotRetentionDays must be .* got 36$/],
    [
      "a snapshot window without minutes",
      { snapshotWindow: "16-17" },
      /^snapshotWindow must be "hh24:mi-hh24:mi" in UTC/,
    ],
    [
      "a 30-minute snapshot window",
      { snapshotWindow: "16:00-16:30" },
      /^snapshotWindow must be at least 60 minutes long/,
    ],
    [
      "a maintenance window without a day",
      { maintenanceWindow: "18:00-19:00" },
      /^maintenanceWindow must be "ddd:hh24:mi-ddd:hh24:mi"/,
    ],
    [
      "a 2-day maintenance window",
      { maintenanceWindow: "sun:18:00-tue:19:00" },
      /^maintenanceWindow must be 60 minutes to 24 hours long/,
    ],
    [
      "windows that overlap",
      { snapshotWindow: "18:30-19:30", maintenanceWindow: "sun:18:00-sun:19:00" },
      /^snapshotWindow "18:30-19:30" and maintenanceWindow "sun:18:00-sun:19:00" overlap; ElastiCache refuses overlapping windows/,
    ],
    [
      "log retention of 31 days",
      { logRetentionDays: 31 },
      /^logRetentionDays must be one of 1, 3, 5, 7, 14, 30/,
    ],
    [
      "setting cluster-enabled",
      { parameters: { "cluster-enabled": "yes" } },
      /^parameters must not set cluster-enabled: the module sets it from topology/,
    ],
    ["a CIDR with host bits", { allowedCidrs: ["10.1.0.1/16"] }, /^allowedCidrs must hold IPv4 CIDRs/],
    [
      "an uppercase id",
      { replicationGroupId: "Acme-Alerts" },
      /^replicationGroupId must be 1-40 lowercase letters/,
    ],
    ["an id with --", { replicationGroupId: "acme--alerts" }, /^replicationGroupId must be/],
    ["an id ending in -", { replicationGroupId: "acme-" }, /^replicationGroupId must be/],
    ["an id starting with a digit", { replicationGroupId: "1acme" }, /^replicationGroupId must be/],
    ["a 41-character id", { replicationGroupId: `a${"b".repeat(40)}` }, /^replicationGroupId must be/],
  ])("refuses %s", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual([expect.stringMatching(message)]);
  });

  it("accepts 0 days of snapshots when asked for, a 40-character id and windows next to each other", () => {
    accepts({ snapshotRetentionDays: 0 });
    accepts({ replicationGroupId: `a${"b".repeat(39)}` });
    accepts({ snapshotWindow: "17:00-18:00", maintenanceWindow: "sun:18:00-sun:19:00" });
  });

  it("reports every problem at once", () => {
    expect(
      problemsOf({
        replicationGroupId: "Bad",
        nodeType: "cache.t1.micro",
        topology: { mode: "single" },
        multiAz: true,
        port: 0,
        snapshotRetentionDays: 40,
      }),
    ).toEqual([
      expect.stringMatching(/^replicationGroupId/),
      expect.stringMatching(/^nodeType/),
      expect.stringMatching(/^multiAz needs at least one replica/),
      expect.stringMatching(/^port/),
      expect.stringMatching(/^snapshotRetentionDays/),
    ]);
  });
});

describe("window overlap (helpers)", () => {
  test.each<[string, string, boolean]>([
    ["16:00-17:00", "sun:18:00-sun:19:00", false],
    ["17:00-18:00", "sun:18:00-sun:19:00", false],
    ["17:30-18:30", "sun:18:00-sun:19:00", true],
    // Past midnight on both sides, and a maintenance window across the end of the week.
    ["23:30-00:30", "sun:00:00-sun:01:00", true],
    ["23:00-00:00", "sat:23:30-sun:00:30", true],
    ["01:00-02:00", "sat:23:30-sun:00:30", false],
    ["05:00-06:00", "wed:05:30-wed:06:30", true],
  ])("snapshot %s with maintenance %s overlaps: %s", (snapshot, maintenance, overlaps) => {
    expect(windowProblems(snapshot, maintenance).some((p) => p.includes("overlap"))).toBe(overlaps);
  });

  it("parses versions into families and capabilities", () => {
    expect(parseEngineVersion("redis", "6.x")).toMatchObject({
      family: "redis6.x",
      supportsIamAuth: false,
      supportsChannelPatterns: true,
    });
    expect(parseEngineVersion("redis", "6.0")).toMatchObject({
      family: "redis6.x",
      supportsChannelPatterns: false,
      hasTransitEncryptionMode: false,
    });
    expect(parseEngineVersion("redis", "7.0")).toMatchObject({
      family: "redis7",
      supportsIamAuth: true,
      hasTransitEncryptionMode: true,
    });
    expect(parseEngineVersion("valkey", "8.1")).toMatchObject({
      family: "valkey8",
      major: 8,
      supportsIamAuth: true,
    });
  });
});
