import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { RedisCache, RedisCacheProps } from "../../../modules/elasticache/redis-cache";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

const BASE: RedisCacheProps = {
  replicationGroupId: "acme-alerts",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-priv-a", "subnet-priv-c"],
};
const KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/abc";

function build(
  overrides: Partial<RedisCacheProps> = {},
  extra?: (scope: Construct, cache: RedisCache) => void,
): { synth: SynthesizedJson; cache: RedisCache } {
  let cache: RedisCache | undefined;
  const synth = synthScope((scope) => {
    cache = new RedisCache(scope, "cache", { ...BASE, ...overrides });
    extra?.(scope, cache);
  });
  return { synth, cache: cache! };
}

/** Every key anywhere in `value`, at any depth. */
function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...keysIn(v)]);
  return [];
}

const groupOf = (synth: SynthesizedJson) => synth.only("aws_elasticache_replication_group");
const groupName = (synth: SynthesizedJson) =>
  Object.keys(synth.resources("aws_elasticache_replication_group"))[0]!;
const usersOf = (synth: SynthesizedJson) => Object.entries(synth.resources("aws_elasticache_user"));
const userNamed = (synth: SynthesizedJson, userName: string) =>
  usersOf(synth).find(([, u]) => u.user_name === userName)!;
const cacheGroupName = (synth: SynthesizedJson) =>
  Object.entries(synth.resources("aws_security_group")).find(([, g]) => g.name === "acme-alerts-redis")![0];

/** Outputs every typed result, so the test sees how each one is spelled in Terraform. */
function withOutputs(scope: Construct, cache: RedisCache): void {
  new TerraformOutput(scope, "endpoint", { value: cache.endpoint });
  new TerraformOutput(scope, "primary", { value: cache.primaryEndpoint });
  new TerraformOutput(scope, "configuration", { value: cache.configurationEndpoint });
  new TerraformOutput(scope, "reader", { value: cache.readerEndpoint ?? "none" });
  new TerraformOutput(scope, "url", { value: cache.url });
  new TerraformOutput(scope, "arn", { value: cache.replicationGroupArn });
  new TerraformOutput(scope, "id", { value: cache.replicationGroupId });
  new TerraformOutput(scope, "sg", { value: cache.securityGroupId });
}

describe("RedisCache defaults: Redis OSS 7.1, a primary and one replica, IAM authentication", () => {
  const { synth, cache } = build({}, withOutputs);
  const group = groupOf(synth);
  const rg = groupName(synth);

  it("is one replication group, cluster mode disabled, two nodes, Multi-AZ with automatic failover", () => {
    expect(group).toMatchObject({
      replication_group_id: "acme-alerts",
      description: "Redis OSS cache acme-alerts",
      engine: "redis",
      engine_version: "7.1",
      auto_minor_version_upgrade: "true",
      node_type: "cache.t4g.small",
      port: 6379,
      cluster_mode: "disabled",
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      apply_immediately: false,
    });
    expect(group.num_node_groups).toBeUndefined();
    expect(group.replicas_per_node_group).toBeUndefined();
    expect(cache.clusterModeEnabled).toBe(false);
  });

  it("encrypts at rest (AWS managed key) and in transit with TLS required", () => {
    expect(group).toMatchObject({
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
    });
    expect(group.kms_key_id).toBeUndefined();
  });

  it("authenticates through a user group: the default user is off and may run nothing, the app user uses IAM", () => {
    const userGroup = synth.only("aws_elasticache_user_group");
    expect(group.user_group_ids).toEqual([
      ref(
        "aws_elasticache_user_group",
        Object.keys(synth.resources("aws_elasticache_user_group"))[0]!,
        "user_group_id",
      ),
    ]);
    const [defaultName, defaultUser] = userNamed(synth, "default");
    expect(defaultUser).toMatchObject({
      user_id: "acme-alerts-default",
      engine: "redis",
      access_string: "off -@all",
      no_password_required: true,
    });
    const [appName, appUser] = userNamed(synth, "acme-alerts-app");
    expect(appUser).toMatchObject({
      user_id: "acme-alerts-app",
      engine: "redis",
      authentication_mode: { type: "iam" },
      access_string: "on ~* &* +@all -@dangerous +info",
    });
    expect(appUser.lifecycle).toBeUndefined();
    expect(userGroup).toMatchObject({ user_group_id: "acme-alerts", engine: "redis" });
    expect(userGroup.user_ids).toEqual([
      ref("aws_elasticache_user", defaultName, "user_id"),
      ref("aws_elasticache_user", appName, "user_id"),
    ]);
    expect(cache.auth).toBe("iam");
    expect(cache.userName).toBe("acme-alerts-app");
  });

  it("holds no secret anywhere: no auth token, no password, no generated password, no URL secret", () => {
    const keys = keysIn(synth.json);
    for (const key of ["auth_token", "passwords", "password"]) expect(keys).not.toContain(key);
    expect(synth.json.data?.aws_secretsmanager_random_password).toBeUndefined();
    expect(synth.count("aws_secretsmanager_secret")).toBe(0);
    expect(cache.urlSecret).toBeUndefined();
  });

  it("uses a redis7 parameter group (cluster-enabled left at its default), created before the old one goes", () => {
    const parameterGroup = synth.only("aws_elasticache_parameter_group");
    expect(parameterGroup).toMatchObject({
      name: "acme-alerts-redis7",
      family: "redis7",
      lifecycle: { create_before_destroy: true },
    });
    expect(parameterGroup.parameter).toEqual([]);
    expect(
      target(synth, "aws_elasticache_parameter_group", group.parameter_group_name, "name"),
    ).toBeDefined();
    expect(cache.parameterGroupFamily).toBe("redis7");
  });

  it("lives in a subnet group on the given subnets and in its own security group", () => {
    expect(synth.only("aws_elasticache_subnet_group")).toMatchObject({
      name: "acme-alerts",
      subnet_ids: ["subnet-priv-a", "subnet-priv-c"],
    });
    expect(target(synth, "aws_elasticache_subnet_group", group.subnet_group_name, "name")).toBeDefined();
    expect(group.security_group_ids).toEqual([ref("aws_security_group", cacheGroupName(synth))]);
    expect(synth.output("sg")?.value).toBe(ref("aws_security_group", cacheGroupName(synth)));
  });

  it("keeps 7 days of snapshots in a window that does not meet the maintenance window, and takes a final one", () => {
    expect(group).toMatchObject({
      snapshot_retention_limit: 7,
      snapshot_window: "16:00-17:00",
      maintenance_window: "sun:18:00-sun:19:00",
      final_snapshot_identifier: "acme-alerts-final",
    });
  });

  it("delivers the slow log and the engine log as JSON to log groups with 30 days retention, created first", () => {
    const logGroups = Object.entries(synth.resources("aws_cloudwatch_log_group"));
    expect(logGroups.map(([, g]) => [g.name, g.retention_in_days]).sort()).toEqual([
      ["/aws/elasticache/acme-alerts/engine-log", 30],
      ["/aws/elasticache/acme-alerts/slow-log", 30],
    ]);
    const byType = Object.fromEntries(
      (group.log_delivery_configuration as Record<string, string>[]).map((c) => [c.log_type, c]),
    );
    for (const type of ["slow-log", "engine-log"]) {
      const [name] = logGroups.find(([, g]) => g.name === `/aws/elasticache/acme-alerts/${type}`)!;
      expect(byType[type]).toEqual({
        destination_type: "cloudwatch-logs",
        destination: ref("aws_cloudwatch_log_group", name, "name"),
        log_format: "json",
        log_type: type,
      });
      expect(group.depends_on).toContain(`aws_cloudwatch_log_group.${name}`);
    }
  });

  it("exposes the primary endpoint as endpoint, a rediss:// URL without credentials, and the raw endpoints", () => {
    expect(synth.output("endpoint")?.value).toBe(
      ref("aws_elasticache_replication_group", rg, "primary_endpoint_address"),
    );
    expect(synth.output("primary")?.value).toBe(
      ref("aws_elasticache_replication_group", rg, "primary_endpoint_address"),
    );
    expect(synth.output("configuration")?.value).toBe(
      ref("aws_elasticache_replication_group", rg, "configuration_endpoint_address"),
    );
    expect(synth.output("reader")?.value).toBe(
      ref("aws_elasticache_replication_group", rg, "reader_endpoint_address"),
    );
    expect(synth.output("url")?.value).toBe(
      `rediss://${ref("aws_elasticache_replication_group", rg, "primary_endpoint_address")}:6379`,
    );
    expect(synth.output("arn")?.value).toBe(ref("aws_elasticache_replication_group", rg, "arn"));
    expect(synth.output("id")?.value).toBe(
      ref("aws_elasticache_replication_group", rg, "replication_group_id"),
    );
    expect(cache.port).toBe(6379);
  });

  it("opens nothing: the security group has no ingress and no egress", () => {
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(synth.count("aws_vpc_security_group_egress_rule")).toBe(0);
    expect(synth.count("aws_security_group_rule")).toBe(0);
    expect(synth.resources("aws_security_group")[cacheGroupName(synth)]).not.toHaveProperty("ingress");
    expect(synth.resources("aws_security_group")[cacheGroupName(synth)]).not.toHaveProperty("egress");
  });
});

describe("RedisCache shapes", () => {
  it("single node: one node group of one node, no failover, no Multi-AZ; the reader endpoint is the node", () => {
    const { synth, cache } = build({ topology: { mode: "single" } });
    expect(groupOf(synth)).toMatchObject({
      cluster_mode: "disabled",
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
    expect(cache.readerEndpoint).toBeDefined();
    expect(synth.only("aws_elasticache_parameter_group").name).toBe("acme-alerts-redis7");
  });

  it("single node runs in one subnet", () => {
    expect(
      groupOf(build({ topology: { mode: "single" }, subnetIds: ["subnet-a"] }).synth).num_cache_clusters,
    ).toBe(1);
  });

  it.each([1, 3, 5])("replicated with %i replicas: that many plus the primary", (replicas) => {
    expect(groupOf(build({ topology: { mode: "replicated", replicas } }).synth)).toMatchObject({
      cluster_mode: "disabled",
      num_cache_clusters: replicas + 1,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });

  it("replicated without Multi-AZ keeps failover (replicas may share the primary's zone)", () => {
    expect(groupOf(build({ multiAz: false }).synth)).toMatchObject({
      automatic_failover_enabled: true,
      multi_az_enabled: false,
    });
  });

  describe("cluster mode: 3 shards x 2 replicas", () => {
    const { synth, cache } = build(
      { topology: { mode: "cluster", shards: 3, replicasPerShard: 2 } },
      withOutputs,
    );
    const rg = groupName(synth);

    it("is cluster mode enabled with node groups and replicas per node group (never num_cache_clusters)", () => {
      const group = groupOf(synth);
      expect(group).toMatchObject({
        cluster_mode: "enabled",
        num_node_groups: 3,
        replicas_per_node_group: 2,
        automatic_failover_enabled: true,
        multi_az_enabled: true,
      });
      expect(group.num_cache_clusters).toBeUndefined();
      expect(cache.clusterModeEnabled).toBe(true);
    });

    it("has a parameter group of its own with cluster-enabled yes", () => {
      const parameterGroup = synth.only("aws_elasticache_parameter_group");
      expect(parameterGroup).toMatchObject({ name: "acme-alerts-redis7-cluster", family: "redis7" });
      expect(parameterGroup.parameter).toEqual([{ name: "cluster-enabled", value: "yes" }]);
    });

    it("answers on the configuration endpoint and has no reader endpoint", () => {
      const configuration = ref("aws_elasticache_replication_group", rg, "configuration_endpoint_address");
      expect(synth.output("endpoint")?.value).toBe(configuration);
      expect(synth.output("url")?.value).toBe(`rediss://${configuration}:6379`);
      expect(synth.output("reader")?.value).toBe("none");
      expect(cache.readerEndpoint).toBeUndefined();
      expect(synth.output("primary")?.value).toBe(
        ref("aws_elasticache_replication_group", rg, "primary_endpoint_address"),
      );
    });
  });

  it("cluster mode without replicas: failover stays on (ElastiCache requires it), Multi-AZ off", () => {
    expect(
      groupOf(build({ topology: { mode: "cluster", shards: 2, replicasPerShard: 0 } }).synth),
    ).toMatchObject({
      cluster_mode: "enabled",
      num_node_groups: 2,
      replicas_per_node_group: 0,
      automatic_failover_enabled: true,
      multi_az_enabled: false,
    });
  });

  it("takes ElastiCache's largest cluster: 500 shards of one node, 83 shards of six", () => {
    expect(
      groupOf(build({ topology: { mode: "cluster", shards: 500, replicasPerShard: 0 } }).synth)
        .num_node_groups,
    ).toBe(500);
    expect(
      groupOf(build({ topology: { mode: "cluster", shards: 83, replicasPerShard: 5 } }).synth)
        .num_node_groups,
    ).toBe(83);
  });
});

describe("RedisCache engines and versions", () => {
  it.each([
    ["redis", "6.0", "redis6.x", "acme-alerts-redis6-x"],
    ["redis", "6.2", "redis6.x", "acme-alerts-redis6-x"],
    ["redis", "6.x", "redis6.x", "acme-alerts-redis6-x"],
    ["redis", "7.0", "redis7", "acme-alerts-redis7"],
    ["redis", "7.1", "redis7", "acme-alerts-redis7"],
    ["valkey", "7.2", "valkey7", "acme-alerts-valkey7"],
    ["valkey", "8.0", "valkey8", "acme-alerts-valkey8"],
    ["valkey", "8.1", "valkey8", "acme-alerts-valkey8"],
  ] as const)("%s %s uses family %s (%s)", (engine, engineVersion, family, name) => {
    const { synth, cache } = build({ engine, engineVersion, auth: "token" });
    expect(synth.only("aws_elasticache_parameter_group")).toMatchObject({ family, name });
    expect(groupOf(synth)).toMatchObject({ engine, engine_version: engineVersion });
    expect(cache.parameterGroupFamily).toBe(family);
  });

  it("Valkey defaults to 8.0, and its users and user group are Valkey's", () => {
    const { synth, cache } = build({ engine: "valkey" });
    expect(groupOf(synth)).toMatchObject({
      engine: "valkey",
      engine_version: "8.0",
      description: "Valkey cache acme-alerts",
    });
    expect(usersOf(synth).map(([, u]) => u.engine)).toEqual(["valkey", "valkey"]);
    expect(synth.only("aws_elasticache_user_group").engine).toBe("valkey");
    expect(synth.resources("aws_security_group")).toEqual(
      expect.objectContaining({
        [Object.keys(synth.resources("aws_security_group"))[0]!]: expect.objectContaining({
          name: "acme-alerts-valkey",
        }),
      }),
    );
    expect(cache.engine).toBe("valkey");
  });

  it("Redis OSS 6 has no transit encryption mode (TLS is its only mode)", () => {
    const group = groupOf(build({ engineVersion: "6.2", auth: "token" }).synth);
    expect(group).toMatchObject({ transit_encryption_enabled: true, at_rest_encryption_enabled: "true" });
    expect(group).not.toHaveProperty("transit_encryption_mode");
  });

  it.each([
    ["6.0", "on ~* +@all -@dangerous +info"],
    ["6.2", "on ~* &* +@all -@dangerous +info"],
  ])(
    "Redis OSS %s: the app user's default ACL is %s (channel patterns exist from 6.2)",
    (engineVersion, acl) => {
      const { synth } = build({ engineVersion, auth: "token" });
      expect(userNamed(synth, "acme-alerts-app")[1].access_string).toBe(acl);
    },
  );
});

describe("RedisCache auth token mode", () => {
  it("creates the app user with no password (an IAM user nobody is granted) and ignores its authentication afterwards", () => {
    const { synth, cache } = build({ auth: "token" });
    const [, appUser] = userNamed(synth, "acme-alerts-app");
    expect(appUser).toMatchObject({
      authentication_mode: { type: "iam" },
      lifecycle: { ignore_changes: ["authentication_mode"] },
    });
    expect(keysIn(synth.json)).not.toContain("passwords");
    expect(keysIn(synth.json)).not.toContain("auth_token");
    expect(synth.json.data?.aws_secretsmanager_random_password).toBeUndefined();
    expect(synth.count("aws_iam_role_policy")).toBe(0);
    expect(cache.auth).toBe("token");
  });

  it("keeps the URL in a Secrets Manager secret whose value ops set (no version in Terraform)", () => {
    const { synth, cache } = build(
      { auth: "token", kmsKeyArn: KEY },
      (scope, c) => new TerraformOutput(scope, "secret", { value: c.urlSecret!.secretArn }),
    );
    const secret = synth.only("aws_secretsmanager_secret");
    expect(secret).toMatchObject({
      name: "acme-alerts/redis-url",
      kms_key_id: KEY,
      recovery_window_in_days: 7,
    });
    expect(secret.description).toMatch(/^rediss:\/\/acme-alerts-app:<password>@<endpoint>:6379 .*set by ops/);
    expect(synth.count("aws_secretsmanager_secret_version")).toBe(0);
    expect(synth.output("secret")?.value).toBe(
      ref("aws_secretsmanager_secret", Object.keys(synth.resources("aws_secretsmanager_secret"))[0]!, "arn"),
    );
    expect(cache.urlSecret).toBeDefined();
    expect(
      build({ auth: "token", urlSecretName: "alerts/redis" }).synth.only("aws_secretsmanager_secret").name,
    ).toBe("alerts/redis");
  });

  it("on Redis OSS 6 (no IAM users) starts from a generated throwaway password that later plans ignore", () => {
    const { synth } = build({ auth: "token", engineVersion: "6.2" });
    const random = Object.entries(synth.json.data?.aws_secretsmanager_random_password ?? {});
    expect(random).toHaveLength(1);
    expect(random[0]![1]).toMatchObject({ password_length: 64, exclude_punctuation: true });
    const [, appUser] = userNamed(synth, "acme-alerts-app");
    expect(appUser.passwords).toEqual([
      `\${data.aws_secretsmanager_random_password.${random[0]![0]}.random_password}`,
    ]);
    expect(appUser.lifecycle).toEqual({ ignore_changes: ["passwords", "authentication_mode"] });
    expect(appUser).not.toHaveProperty("authentication_mode");
  });

  it("refuses grantConnect, which only IAM authentication uses", () => {
    expect(() =>
      build({ auth: "token" }, (scope, cache) =>
        cache.grantConnect(new Role(scope, "task", { roleName: "t", assumedBy: ServicePrincipals.ecsTasks })),
      ),
    ).toThrow(/^stack\/cache: grantConnect applies to auth "iam" .* reads urlSecret/);
  });
});

describe("RedisCache grants and overrides", () => {
  it("grantConnect allows elasticache:Connect on the replication group and the app user, nothing else", () => {
    const { synth } = build({}, (scope, cache) =>
      cache.grantConnect(
        new Role(scope, "task", { roleName: "acme-task", assumedBy: ServicePrincipals.ecsTasks }),
      ),
    );
    const statements = (
      JSON.parse(synth.only("aws_iam_role_policy").policy as string) as { Statement: PolicyStatement[] }
    ).Statement;
    const [appName] = userNamed(synth, "acme-alerts-app");
    expect(statements).toEqual([
      {
        Sid: "ConnectToCache",
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: [
          ref("aws_elasticache_replication_group", groupName(synth), "arn"),
          ref("aws_elasticache_user", appName, "arn"),
        ],
      },
    ]);
  });

  it("a dev-like cache: one micro node, no snapshots (asked for explicitly), no final snapshot", () => {
    const group = groupOf(
      build({
        topology: { mode: "single" },
        nodeType: "cache.t4g.micro",
        snapshotRetentionDays: 0,
        skipFinalSnapshot: true,
      }).synth,
    );
    expect(group).toMatchObject({
      node_type: "cache.t4g.micro",
      snapshot_retention_limit: 0,
      num_cache_clusters: 1,
    });
    expect(group).not.toHaveProperty("final_snapshot_identifier");
    // Still encrypted and authenticated.
    expect(group).toMatchObject({ at_rest_encryption_enabled: "true", transit_encryption_mode: "required" });
    expect(group.user_group_ids).toHaveLength(1);
  });

  it("passes a customer key, the windows, the port, extra parameters (sorted), events topic and apply-immediately", () => {
    const topic = "arn:aws:sns:ap-northeast-2:123456789012:cache-events";
    const { synth, cache } = build({
      kmsKeyArn: KEY,
      port: 6380,
      snapshotWindow: "20:00-21:30",
      maintenanceWindow: "Tue:02:00-Tue:03:00",
      parameters: { timeout: "300", "maxmemory-policy": "noeviction" },
      topology: { mode: "cluster", shards: 2, replicasPerShard: 1 },
      notificationTopicArn: topic,
      applyImmediately: true,
      logRetentionDays: 90,
    });
    expect(groupOf(synth)).toMatchObject({
      kms_key_id: KEY,
      port: 6380,
      snapshot_window: "20:00-21:30",
      maintenance_window: "tue:02:00-tue:03:00",
      notification_topic_arn: topic,
      apply_immediately: true,
    });
    expect(synth.only("aws_elasticache_parameter_group").parameter).toEqual([
      { name: "cluster-enabled", value: "yes" },
      { name: "maxmemory-policy", value: "noeviction" },
      { name: "timeout", value: "300" },
    ]);
    expect(
      Object.values(synth.resources("aws_cloudwatch_log_group")).map((g) => g.retention_in_days),
    ).toEqual([90, 90]);
    expect(cache.port).toBe(6380);
    expect(cache.connections.defaultPort).toEqual(Port.tcp(6380));
  });

  it("takes subnet ids read from another stack's state (a token list, counted by ElastiCache)", () => {
    const ids = Token.asList("${data.terraform_remote_state.network.outputs.private_subnet_ids}");
    expect(groupOf(build({ subnetIds: ids }).synth).num_cache_clusters).toBe(2);
  });
});

describe("RedisCache security group wiring", () => {
  it("allowFrom a peer and allowedCidrs open the cache port on the cache's group only; egress only on the peer's", () => {
    const { synth } = build({ allowedCidrs: ["10.20.0.0/16"] }, (scope, cache) => {
      const api = new SecurityGroup(scope, "api", {
        vpcId: "vpc-0123",
        name: "alerts-api",
        description: "api",
      });
      cache.connections.allowFrom(api);
    });
    const cacheGroup = ref("aws_security_group", cacheGroupName(synth));
    const apiGroupName = Object.entries(synth.resources("aws_security_group")).find(
      ([, g]) => g.name === "alerts-api",
    )![0];
    const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
    expect(ingress).toHaveLength(2);
    for (const rule of ingress)
      expect(rule).toMatchObject({
        security_group_id: cacheGroup,
        ip_protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
      });
    expect(ingress.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4).sort()).toEqual(
      ["10.20.0.0/16", ref("aws_security_group", apiGroupName)].sort(),
    );
    expect(synth.only("aws_vpc_security_group_egress_rule")).toMatchObject({
      security_group_id: ref("aws_security_group", apiGroupName),
      referenced_security_group_id: cacheGroup,
      from_port: 6379,
      to_port: 6379,
    });
  });

  it("a custom port is the one opened", () => {
    const { synth } = build({ port: 6380 }, (scope, cache) =>
      cache.connections.allowFrom(
        new SecurityGroup(scope, "api", { vpcId: "vpc-0123", name: "api", description: "api" }),
      ),
    );
    expect(
      Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).map((r) => [
        r.from_port,
        r.to_port,
      ]),
    ).toEqual([[6380, 6380]]);
  });

  it.each<[string, (cache: RedisCache, peer: SecurityGroup) => void]>([
    ["cache.connections.allowTo(peer)", (cache, peer) => cache.connections.allowTo(peer, Port.tcp(443))],
    ["peer.connections.allowFrom(cache)", (cache, peer) => peer.connections.allowFrom(cache, Port.tcp(443))],
    ["cache.connections.allowToCidr", (cache) => cache.connections.allowToCidr("0.0.0.0/0", Port.tcp(443))],
  ])("refuses to give the cache egress: %s", (_what, call) => {
    expect(() =>
      build({}, (scope, cache) =>
        call(
          cache,
          new SecurityGroup(scope, "peer", { vpcId: "vpc-0123", name: "peer", description: "peer" }),
        ),
      ),
    ).toThrow(/acme-alerts-redis only answers \(outbound "none"\), so it cannot open connections to /);
  });
});
