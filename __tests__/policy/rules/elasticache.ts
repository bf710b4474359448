import { PolicyStack, StackResource } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/**
 * ElastiCache for Redis OSS / Valkey. Node-based caches are `aws_elasticache_replication_group`s (what
 * modules/elasticache/redis-cache.ts makes); a standalone Redis `aws_elasticache_cluster` can carry
 * neither authentication nor at-rest encryption, so it is flagged by the authentication rule.
 * Members of a global datastore (global_replication_group_id) take encryption and auth from the
 * global group and are left to its primary.
 */

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function replicationGroups(stack: PolicyStack): StackResource[] {
  return stack
    .resources("aws_elasticache_replication_group")
    .filter((group) => group.config.global_replication_group_id === undefined);
}

/** Redis OSS before 7.0 has no transit encryption mode: with TLS on, TLS is the only way in. */
function hasNoTransitMode(group: StackResource): boolean {
  const engine = typeof group.config.engine === "string" ? group.config.engine.toLowerCase() : "redis";
  const version = typeof group.config.engine_version === "string" ? group.config.engine_version : "";
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return engine === "redis" && Number.isInteger(major) && major < 7;
}

const encryptedAtRest: PolicyRule = {
  name: "elasticache-encrypted-at-rest",
  check: (stack) =>
    replicationGroups(stack)
      .filter((group) => !isTrue(group.config.at_rest_encryption_enabled))
      .map((group) => ({
        address: group.address,
        why: "at_rest_encryption_enabled is not true (the provider's default is false): nodes, swap and snapshots are stored unencrypted, and it can only be set when the group is created; use RedisCache",
      })),
  examples: {
    violating: [
      {
        description: "attribute absent",
        json: stackJson({ aws_elasticache_replication_group: { g: { replication_group_id: "g" } } }),
        flags: ["aws_elasticache_replication_group.g"],
      },
      {
        description: 'explicitly "false"',
        json: stackJson({
          aws_elasticache_replication_group: {
            g: { replication_group_id: "g", at_rest_encryption_enabled: "false" },
          },
        }),
        flags: ["aws_elasticache_replication_group.g"],
      },
    ],
    passing: [
      {
        description: 'on, as the provider\'s string "true" and as a boolean',
        json: stackJson({
          aws_elasticache_replication_group: {
            a: { replication_group_id: "a", at_rest_encryption_enabled: "true" },
            b: { replication_group_id: "b", at_rest_encryption_enabled: true },
          },
        }),
      },
      {
        description: "a member of a global datastore (encryption is the global group's)",
        json: stackJson({
          aws_elasticache_replication_group: {
            s: { replication_group_id: "s", global_replication_group_id: "ldgnf-g" },
          },
        }),
      },
    ],
  },
};

const encryptedInTransit: PolicyRule = {
  name: "elasticache-encrypted-in-transit",
  check: (stack) =>
    replicationGroups(stack)
      .filter((group) => !isTrue(group.config.transit_encryption_enabled))
      .map((group) => ({
        address: group.address,
        why: "transit_encryption_enabled is not true: clients talk to the cache in clear text, including AUTH passwords; turn TLS on (RedisCache always does)",
      })),
  examples: {
    violating: [
      {
        description: "attribute absent, and false",
        json: stackJson({
          aws_elasticache_replication_group: {
            a: { replication_group_id: "a", at_rest_encryption_enabled: "true" },
            f: { replication_group_id: "f", transit_encryption_enabled: false },
          },
        }),
        flags: ["aws_elasticache_replication_group.a", "aws_elasticache_replication_group.f"],
      },
    ],
    passing: [
      {
        description: "on",
        json: stackJson({
          aws_elasticache_replication_group: {
            g: { replication_group_id: "g", transit_encryption_enabled: true },
          },
        }),
      },
    ],
  },
};

const transitModeRequired: PolicyRule = {
  name: "elasticache-transit-encryption-mode-required",
  check: (stack) =>
    replicationGroups(stack).flatMap((group) => {
      const mode = group.config.transit_encryption_mode;
      if (mode === "required") return [];
      if (mode === undefined && hasNoTransitMode(group)) return [];
      return [
        {
          address: group.address,
          why:
            mode === undefined
              ? 'transit_encryption_mode is not set: on Redis OSS 7+ and Valkey the group may then accept plain-text connections ("preferred" is a migration mode); set it to "required"'
              : `transit_encryption_mode is ${JSON.stringify(mode)}: ElastiCache then also accepts plain-text connections; set it to "required"`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: '"preferred" (the migration mode)',
        json: stackJson({
          aws_elasticache_replication_group: {
            g: {
              replication_group_id: "g",
              transit_encryption_enabled: true,
              transit_encryption_mode: "preferred",
            },
          },
        }),
        flags: ["aws_elasticache_replication_group.g"],
      },
      {
        description: "absent on Redis OSS 7.1, on Valkey 7.2 and with no engine version (the latest)",
        json: stackJson({
          aws_elasticache_replication_group: {
            r: { replication_group_id: "r", engine_version: "7.1", transit_encryption_enabled: true },
            v: { replication_group_id: "v", engine: "valkey", engine_version: "7.2" },
            n: { replication_group_id: "n" },
          },
        }),
        flags: [
          "aws_elasticache_replication_group.n",
          "aws_elasticache_replication_group.r",
          "aws_elasticache_replication_group.v",
        ],
      },
    ],
    passing: [
      {
        description: '"required"',
        json: stackJson({
          aws_elasticache_replication_group: {
            g: { replication_group_id: "g", transit_encryption_mode: "required" },
          },
        }),
      },
      {
        description: "absent on Redis OSS 6.2 and 6.x, which have no mode (TLS is the only one)",
        json: stackJson({
          aws_elasticache_replication_group: {
            a: { replication_group_id: "a", engine: "redis", engine_version: "6.2" },
            b: { replication_group_id: "b", engine_version: "6.x" },
          },
        }),
      },
    ],
  },
};

/** The users a user group holds: resources of this stack, by reference or by literal user id. */
function membersOf(stack: PolicyStack, userGroup: StackResource): { id: string; user?: StackResource }[] {
  const raw = userGroup.config.user_ids;
  const entries = Array.isArray(raw) ? raw : [];
  const users = stack.resources("aws_elasticache_user");
  return entries.map((entry) => {
    const byReference = stack.referencedBy(entry).find((r) => r.type === "aws_elasticache_user");
    const byId = users.find((u) => u.config.user_id === entry);
    return { id: String(entry), user: byReference ?? byId };
  });
}

/** Why a user group lets an unauthenticated connection in, or undefined. */
function openDefaultUser(stack: PolicyStack, userGroup: StackResource): string | undefined {
  for (const member of membersOf(stack, userGroup)) {
    if (!member.user) {
      // The account's built-in "default" user: enabled, no password, every command.
      if (member.id === "default") {
        return 'holds the built-in "default" user (on, no password, every command), so every connection is authenticated as it';
      }
      continue;
    }
    const config = member.user.config;
    if (config.user_name !== "default") continue;
    const mode = config.authentication_mode;
    const modeType = (Array.isArray(mode) ? mode[0] : mode) as { type?: unknown } | undefined;
    const noPassword = isTrue(config.no_password_required) || modeType?.type === "no-password-required";
    const access = typeof config.access_string === "string" ? config.access_string.trim() : "";
    if (noPassword && !/^off(\s|$)/.test(access)) {
      return `holds ${member.user.address}, a "default" user that is on without a password (${JSON.stringify(access)}), so unauthenticated connections get its rights`;
    }
  }
  return undefined;
}

const authenticationRequired: PolicyRule = {
  name: "elasticache-authentication-required",
  check: (stack) => {
    const violations = replicationGroups(stack).flatMap((group) => {
      const userGroupIds = group.config.user_group_ids;
      const hasUserGroup = Array.isArray(userGroupIds) && userGroupIds.length > 0;
      const hasToken = typeof group.config.auth_token === "string" && group.config.auth_token !== "";
      if (!hasUserGroup && !hasToken) {
        return [
          {
            address: group.address,
            why: "neither user_group_ids nor auth_token: anyone who reaches the port can read and write every key; use RBAC (RedisCache's user group)",
          },
        ];
      }
      const open = stack
        .referencedBy(userGroupIds)
        .filter((r) => r.type === "aws_elasticache_user_group")
        .map((userGroup) => [userGroup, openDefaultUser(stack, userGroup)] as const)
        .find(([, why]) => why !== undefined);
      return open ? [{ address: group.address, why: `user group ${open[0].address} ${open[1]}` }] : [];
    });
    const standalone = stack
      .resources("aws_elasticache_cluster")
      .filter((cluster) => cluster.config.replication_group_id === undefined)
      .filter((cluster) => ["redis", "valkey"].includes(String(cluster.config.engine ?? "").toLowerCase()))
      .map((cluster) => ({
        address: cluster.address,
        why: "a standalone Redis/Valkey aws_elasticache_cluster takes no authentication (nor encryption at rest); make it an aws_elasticache_replication_group with a user group (RedisCache, topology single)",
      }));
    return [...violations, ...standalone];
  },
  examples: {
    violating: [
      {
        description: "no user group and no auth token",
        json: stackJson({
          aws_elasticache_replication_group: {
            g: { replication_group_id: "g", transit_encryption_enabled: true },
          },
        }),
        flags: ["aws_elasticache_replication_group.g"],
      },
      {
        description:
          "a user group holding the built-in default user, or an enabled default user without password",
        json: stackJson({
          aws_elasticache_user: {
            open: {
              user_id: "x-default",
              user_name: "default",
              access_string: "on ~* +@all",
              no_password_required: true,
            },
            app: {
              user_id: "x-app",
              user_name: "x-app",
              access_string: "on ~* +@all",
              authentication_mode: { type: "iam" },
            },
          },
          aws_elasticache_user_group: {
            builtin: {
              user_group_id: "builtin",
              user_ids: ["default", "${aws_elasticache_user.app.user_id}"],
            },
            open: { user_group_id: "open", user_ids: ["${aws_elasticache_user.open.user_id}", "x-app"] },
          },
          aws_elasticache_replication_group: {
            a: {
              replication_group_id: "a",
              user_group_ids: ["${aws_elasticache_user_group.builtin.user_group_id}"],
            },
            b: {
              replication_group_id: "b",
              user_group_ids: ["${aws_elasticache_user_group.open.user_group_id}"],
            },
          },
        }),
        flags: ["aws_elasticache_replication_group.a", "aws_elasticache_replication_group.b"],
      },
      {
        description: "a standalone Redis cache cluster",
        json: stackJson({
          aws_elasticache_cluster: { c: { cluster_id: "c", engine: "redis", node_type: "cache.t4g.micro" } },
        }),
        flags: ["aws_elasticache_cluster.c"],
      },
    ],
    passing: [
      {
        description:
          "a user group whose default user is off, and an auth token (a variable, never a literal)",
        json: stackJson({
          aws_elasticache_user: {
            off: {
              user_id: "x-default",
              user_name: "default",
              access_string: "off -@all",
              no_password_required: true,
            },
            app: {
              user_id: "x-app",
              user_name: "x-app",
              access_string: "on ~* +@all",
              authentication_mode: { type: "iam" },
            },
          },
          aws_elasticache_user_group: {
            ug: {
              user_group_id: "ug",
              user_ids: ["${aws_elasticache_user.off.user_id}", "${aws_elasticache_user.app.user_id}"],
            },
          },
          aws_elasticache_replication_group: {
            a: {
              replication_group_id: "a",
              user_group_ids: ["${aws_elasticache_user_group.ug.user_group_id}"],
            },
            t: { replication_group_id: "t", auth_token: "${var.auth_token}" },
          },
        }),
      },
      {
        description: "a member cluster of a replication group, and Memcached",
        json: stackJson({
          aws_elasticache_cluster: {
            m: { cluster_id: "m", replication_group_id: "g" },
            mc: { cluster_id: "mc", engine: "memcached" },
          },
        }),
      },
    ],
  },
};

const snapshotRetentionSet: PolicyRule = {
  name: "elasticache-snapshot-retention-set",
  check: (stack) =>
    replicationGroups(stack)
      .filter((group) => group.config.snapshot_retention_limit === undefined)
      .map((group) => ({
        address: group.address,
        why: "snapshot_retention_limit is not set (the provider's default is 0: no automatic snapshots); say how many days to keep, 0 only where losing the data is acceptable",
      })),
  examples: {
    violating: [
      {
        description: "attribute absent",
        json: stackJson({ aws_elasticache_replication_group: { g: { replication_group_id: "g" } } }),
        flags: ["aws_elasticache_replication_group.g"],
      },
    ],
    passing: [
      {
        description: "7 days, and an explicit 0 (a dev cache, decided by its author)",
        json: stackJson({
          aws_elasticache_replication_group: {
            a: { replication_group_id: "a", snapshot_retention_limit: 7 },
            z: { replication_group_id: "z", snapshot_retention_limit: 0 },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [
  encryptedAtRest,
  encryptedInTransit,
  transitModeRequired,
  authenticationRequired,
  snapshotRetentionSet,
];
