/**
 * ElastiCache engine facts the cache module decides from: which versions each engine accepts, the
 * parameter group family of a version, and what a version can do (IAM authentication, the transit
 * encryption mode, ACL channel patterns).
 */

export const CACHE_ENGINES = ["redis", "valkey"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/**
 * The versions new caches get. Major.minor on purpose: with auto minor version upgrade on, ElastiCache
 * moves the patch level itself, and the AWS provider compares major.minor only, so a maintenance
 * window never shows up as drift. Redis OSS 7.1 is the last Redis OSS release on ElastiCache.
 */
export const DEFAULT_ENGINE_VERSIONS: Readonly<Record<CacheEngine, string>> = {
  redis: "7.1",
  valkey: "8.0",
};

/**
 * Versions accepted per engine, worded for messages. Redis OSS 4 and 5 are past their end of life on
 * ElastiCache; "6.x" is the provider's spelling of "the latest 6" (6.2). Valkey starts at 7.2.
 */
export const ACCEPTED_ENGINE_VERSIONS: Readonly<Record<CacheEngine, string>> = {
  redis: `"6.0", "6.2", "6.x", "7.0" or "7.1"`,
  valkey: `"7.2" or "8.<minor>" (e.g. "8.0", "8.1")`,
};

const VERSION_PATTERNS: Readonly<Record<CacheEngine, RegExp>> = {
  redis: /^(?:6\.(?:0|2|x)|7\.(?:0|1))$/,
  valkey: /^(?:7\.2|8\.\d+)$/,
};

export interface CacheEngineVersion {
  readonly engine: CacheEngine;
  readonly version: string;
  readonly major: number;
  /** `aws_elasticache_parameter_group` family: "redis6.x", "redis7", "valkey7", "valkey8". */
  readonly family: string;
  /**
   * IAM authentication (a signed token instead of a password) exists from Redis OSS 7.0 and in every
   * Valkey version.
   */
  readonly supportsIamAuth: boolean;
  /**
   * `transit_encryption_mode` ("preferred" / "required") exists from Redis OSS 7.0 and in Valkey; before
   * that, transit encryption is TLS-only by construction and ElastiCache takes no mode.
   */
  readonly hasTransitEncryptionMode: boolean;
  /** ACL channel patterns (`&*`) exist from Redis OSS 6.2 and in Valkey. */
  readonly supportsChannelPatterns: boolean;
}

/**
 * Parses an engine version. Returns a problem sentence (what to write instead) rather than throwing,
 * so the props check can collect it with the others.
 */
export function parseEngineVersion(engine: CacheEngine, version: string): CacheEngineVersion | string {
  if (!VERSION_PATTERNS[engine].test(version)) {
    return `engineVersion for engine "${engine}" must be ${ACCEPTED_ENGINE_VERSIONS[engine]}, got "${version}"`;
  }
  const major = Number(version.split(".")[0]);
  const minor = version.split(".")[1]!;
  const family = engine === "redis" ? (major === 6 ? "redis6.x" : `redis${major}`) : `valkey${major}`;
  const modern = engine === "valkey" || major >= 7;
  return {
    engine,
    version,
    major,
    family,
    supportsIamAuth: modern,
    hasTransitEncryptionMode: modern,
    supportsChannelPatterns: modern || minor === "2" || minor === "x",
  };
}

/** The family as it may appear in a parameter group name (letters, digits, hyphens): "redis6-x". */
export function familySlug(family: string): string {
  return family.replace(/\./g, "-");
}
