import { Token } from "cdktf";
import { isCidr } from "../vpc/cidr";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../logs/retention";
import {
  CACHE_ENGINES,
  CacheEngine,
  CacheEngineVersion,
  DEFAULT_ENGINE_VERSIONS,
  parseEngineVersion,
} from "./engines";
import { DEFAULT_MAINTENANCE_WINDOW, DEFAULT_SNAPSHOT_WINDOW, windowProblems } from "./maintenance-windows";
import { nodeTypeProblem } from "./node-types";
import type { CacheAuth, RedisCacheProps } from "./redis-cache";
import { CacheTopology, ResolvedTopology, resolveTopology } from "./topology";

export const CACHE_AUTH_MODES = ["iam", "token"] as const;
export const DEFAULT_NODE_TYPE = "cache.t4g.small";
export const DEFAULT_TOPOLOGY: CacheTopology = { mode: "replicated", replicas: 1 };
export const DEFAULT_PORT = 6379;
export const DEFAULT_SNAPSHOT_RETENTION_DAYS = 7;
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;

/** Parameters the module sets itself; a caller may not override them. */
export const MODULE_PARAMETERS = ["cluster-enabled"] as const;

/**
 * 1-40 characters (the provider's and ElastiCache's limit), lowercase letters, digits and hyphens,
 * starting with a letter, no "--" and no trailing hyphen. Lowercase because ElastiCache lowercases the
 * id anyway and IAM authentication signs the id as given.
 */
const REPLICATION_GROUP_ID = /^[a-z](?!.*--)[a-z0-9-]{0,39}$/;

/** Everything the construct builds from, with every default applied. */
export interface ResolvedCacheProps {
  readonly replicationGroupId: string;
  readonly engine: CacheEngine;
  readonly version: CacheEngineVersion;
  readonly nodeType: string;
  readonly topology: ResolvedTopology;
  readonly port: number;
  readonly auth: CacheAuth;
  readonly accessString: string;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly logRetentionDays: number;
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * What the application user may run when the caller names nothing: every command on every key except
 * the @dangerous category (FLUSHALL, FLUSHDB, KEYS, DEBUG, MONITOR, cluster administration...), which
 * can wipe or stall the whole cache, with INFO given back because client health checks call it; all
 * pub/sub channels (`&*`) where the engine has channel patterns.
 */
export function defaultAccessString(version: CacheEngineVersion): string {
  return version.supportsChannelPatterns
    ? "on ~* &* +@all -@dangerous +info"
    : "on ~* +@all -@dangerous +info";
}

/**
 * Checks the props at the construct boundary and returns what to build. Every problem is reported at
 * once, each naming the prop and the rule, so a bad call fails at synth rather than at `terraform
 * apply` (or worse, an hour into a create). Values are literals: names are built from them.
 */
export function checkRedisCacheProps(path: string, props: RedisCacheProps): ResolvedCacheProps {
  const problems: string[] = [];

  const id = props.replicationGroupId;
  if (!REPLICATION_GROUP_ID.test(id) || id.endsWith("-")) {
    problems.push(
      `replicationGroupId must be 1-40 lowercase letters, digits and hyphens, start with a letter, with no "--" and no trailing hyphen, got "${id}"`,
    );
  }

  const engine = props.engine ?? "redis";
  let version: CacheEngineVersion | undefined;
  if (!(CACHE_ENGINES as readonly string[]).includes(engine)) {
    problems.push(`engine must be one of ${CACHE_ENGINES.map((e) => `"${e}"`).join(", ")}, got "${engine}"`);
  } else {
    const parsed = parseEngineVersion(engine, props.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine]);
    if (typeof parsed === "string") problems.push(parsed);
    else version = parsed;
    const nodeProblem = nodeTypeProblem(engine, props.nodeType ?? DEFAULT_NODE_TYPE);
    if (nodeProblem) problems.push(nodeProblem);
  }

  const topology = resolveTopology(
    props.topology ?? DEFAULT_TOPOLOGY,
    { multiAz: props.multiAz, automaticFailover: props.automaticFailover },
    problems,
  );

  // A token list (subnet ids read from the network stack's state) cannot be counted at synth.
  const subnets = Token.isUnresolved(props.subnetIds) ? undefined : props.subnetIds.length;
  if (subnets === undefined) {
    // Counted by ElastiCache at apply.
  } else if (subnets < 1)
    problems.push(`subnetIds must name at least one private or isolated subnet, got none`);
  else if (topology?.multiAz && subnets < 2) {
    problems.push(
      `subnetIds must name subnets in at least two availability zones for multiAz (the replica goes to another zone), got ${subnets}`,
    );
  }

  const port = props.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`port must be a whole number from 1 to 65535, got ${port}`);
  }

  const auth = props.auth ?? "iam";
  if (!(CACHE_AUTH_MODES as readonly string[]).includes(auth)) {
    problems.push(`auth must be one of ${CACHE_AUTH_MODES.map((m) => `"${m}"`).join(", ")}, got "${auth}"`);
  } else if (auth === "iam" && version && !version.supportsIamAuth) {
    problems.push(
      `auth "iam" needs Redis OSS 7.0 or newer or Valkey (IAM authentication does not exist before), got ${engine} ${version.version}; use engineVersion "7.1" or auth "token"`,
    );
  }
  if (props.urlSecretName !== undefined && auth !== "token") {
    problems.push(
      `urlSecretName applies only to auth "token" (with auth "${auth}" there is no password to keep); remove it or set auth "token"`,
    );
  }

  const accessString = props.accessString ?? (version ? defaultAccessString(version) : "");
  if (props.accessString !== undefined && !/^on(\s|$)/.test(props.accessString)) {
    problems.push(
      `accessString must start with "on" (the application user has to be enabled), e.g. "on ~app:* +@read +@write", got "${props.accessString}"`,
    );
  }

  const snapshotRetentionDays = props.snapshotRetentionDays ?? DEFAULT_SNAPSHOT_RETENTION_DAYS;
  if (
    !Number.isInteger(snapshotRetentionDays) ||
    snapshotRetentionDays < 0 ||
    snapshotRetentionDays > MAX_SNAPSHOT_RETENTION_DAYS
  ) {
    problems.push(
      `snapshotRetentionDays must be a whole number of days from 0 (no automatic snapshots) to ${MAX_SNAPSHOT_RETENTION_DAYS}, got ${snapshotRetentionDays}`,
    );
  }

  const snapshotWindow = props.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW;
  const maintenanceWindow = (props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW).toLowerCase();
  problems.push(...windowProblems(snapshotWindow, maintenanceWindow));

  const logRetentionDays = props.logRetentionDays ?? 30;
  if (!isLogRetentionDays(logRetentionDays)) {
    problems.push(
      `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${logRetentionDays}`,
    );
  }

  const parameters = props.parameters ?? {};
  for (const name of Object.keys(parameters)) {
    if ((MODULE_PARAMETERS as readonly string[]).includes(name.toLowerCase())) {
      problems.push(
        `parameters must not set ${name}: the module sets it from topology (cluster mode needs "yes", the others the default "no"); remove it`,
      );
    }
  }

  for (const cidr of props.allowedCidrs ?? []) {
    if (!isCidr(cidr))
      problems.push(`allowedCidrs must hold IPv4 CIDRs such as "10.20.0.0/16", got "${cidr}"`);
  }

  if (problems.length > 0) {
    throw new Error(`${path}: invalid RedisCache props:\n  - ${problems.join("\n  - ")}`);
  }
  return {
    replicationGroupId: id,
    engine,
    version: version!,
    nodeType: props.nodeType ?? DEFAULT_NODE_TYPE,
    topology: topology!,
    port,
    auth,
    accessString,
    snapshotRetentionDays,
    snapshotWindow,
    maintenanceWindow,
    logRetentionDays,
    parameters,
  };
}
