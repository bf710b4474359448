import { ElasticacheCluster } from "@cdktf/provider-aws/lib/elasticache-cluster";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { Construct } from "constructs";
import { RedisCache, RedisCacheProps } from "../../modules/elasticache/redis-cache";
import { Role } from "../../modules/iam/role";
import { ServicePrincipals } from "../../modules/iam/service-principal";
import { SecurityGroup } from "../../modules/network/security-group";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The ElastiCache rules on what cdktf really emits: bare provider resources written the careless way
 * break them, RedisCache in every shape and auth mode breaks no rule of the whole suite. The
 * hand-written fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const ELASTICACHE_RULES = [
  "elasticache-authentication-required",
  "elasticache-encrypted-at-rest",
  "elasticache-encrypted-in-transit",
  "elasticache-snapshot-retention-set",
  "elasticache-transit-encryption-mode-required",
];
const CACHE: RedisCacheProps = {
  replicationGroupId: "acme-alerts",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
};

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

const bareGroup = (
  scope: Construct,
  extra: Partial<ConstructorParameters<typeof ElasticacheReplicationGroup>[2]> = {},
) =>
  new ElasticacheReplicationGroup(scope, "rg", {
    replicationGroupId: "bare",
    description: "bare",
    nodeType: "cache.t4g.micro",
    ...extra,
  });

test("the ElastiCache rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(ELASTICACHE_RULES));
});

describe("bare provider resources", () => {
  test("a bare aws_elasticache_replication_group breaks every ElastiCache rule", () => {
    expect(rulesBroken((s) => bareGroup(s))).toEqual(ELASTICACHE_RULES);
  });

  test('TLS in the migration mode and encryption at rest "false" are named with the fix', () => {
    expect(
      findings((s) =>
        bareGroup(s, {
          atRestEncryptionEnabled: "false",
          transitEncryptionEnabled: true,
          transitEncryptionMode: "preferred",
          snapshotRetentionLimit: 1,
          authToken: "${var.token}",
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_elasticache_replication_group\.rg \/ elasticache-encrypted-at-rest \/ at_rest_encryption_enabled is not true/,
      ),
      expect.stringMatching(
        /^scope \/ aws_elasticache_replication_group\.rg \/ elasticache-transit-encryption-mode-required \/ transit_encryption_mode is "preferred".*set it to "required"$/,
      ),
    ]);
  });

  test("a user group holding the account's built-in default user is an auth-less cache", () => {
    const lines = findings((s) => {
      const app = new ElasticacheUser(s, "app", {
        userId: "bare-app",
        userName: "bare-app",
        engine: "redis",
        accessString: "on ~* +@all",
        authenticationMode: { type: "iam" },
      });
      const group = new ElasticacheUserGroup(s, "ug", {
        userGroupId: "bare",
        engine: "redis",
        userIds: ["default", app.userId],
      });
      bareGroup(s, {
        atRestEncryptionEnabled: "true",
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        snapshotRetentionLimit: 7,
        userGroupIds: [group.userGroupId],
      });
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^scope \/ aws_elasticache_replication_group\.rg \/ elasticache-authentication-required \/ user group aws_elasticache_user_group\.ug holds the built-in "default" user/,
      ),
    ]);
  });

  test("a default user switched on without a password is flagged; switched off it passes", () => {
    const withDefault = (accessString: string) => (s: Construct) => {
      const open = new ElasticacheUser(s, "default-user", {
        userId: "bare-default",
        userName: "default",
        engine: "redis",
        accessString,
        noPasswordRequired: true,
      });
      const group = new ElasticacheUserGroup(s, "ug", {
        userGroupId: "bare",
        engine: "redis",
        userIds: [open.userId],
      });
      bareGroup(s, {
        atRestEncryptionEnabled: "true",
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        snapshotRetentionLimit: 0,
        userGroupIds: [group.userGroupId],
      });
    };
    expect(rulesBroken(withDefault("on ~* +@all"))).toEqual(["elasticache-authentication-required"]);
    expect(rulesBroken(withDefault("off -@all"))).toEqual([]);
  });

  test("a standalone Redis cache cluster (no auth, no encryption at rest) is flagged", () => {
    expect(
      rulesBroken(
        (s) =>
          new ElasticacheCluster(s, "c", {
            clusterId: "c",
            engine: "redis",
            nodeType: "cache.t4g.micro",
            numCacheNodes: 1,
          }),
      ),
    ).toEqual(["elasticache-authentication-required"]);
  });
});

describe("RedisCache breaks no rule", () => {
  test.each<[string, Partial<RedisCacheProps>]>([
    ["defaults (replicated, IAM)", {}],
    ["cluster mode 3 x 2", { topology: { mode: "cluster", shards: 3, replicasPerShard: 2 } }],
    ["cluster mode without replicas", { topology: { mode: "cluster", shards: 2, replicasPerShard: 0 } }],
    [
      "dev: single micro node, token auth, no snapshots",
      {
        topology: { mode: "single" },
        nodeType: "cache.t4g.micro",
        auth: "token",
        snapshotRetentionDays: 0,
        skipFinalSnapshot: true,
      },
    ],
    [
      "Valkey 8.1 with a customer key",
      { engine: "valkey", engineVersion: "8.1", kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k" },
    ],
    ["Redis OSS 6.2 with token auth (no transit mode exists)", { engineVersion: "6.2", auth: "token" }],
  ])("%s", (_what, props) => {
    expect(
      findings((s) => {
        const cache = new RedisCache(s, "cache", { ...CACHE, ...props });
        const api = new SecurityGroup(s, "api", { vpcId: "vpc-1", name: "api", description: "api" });
        cache.connections.allowFrom(api);
        if (cache.auth === "iam")
          cache.grantConnect(
            new Role(s, "task", { roleName: "task", assumedBy: ServicePrincipals.ecsTasks }),
          );
      }),
    ).toEqual([]);
  });
});
