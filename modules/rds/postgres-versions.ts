/**
 * RDS for PostgreSQL facts the database module decides from: which engine versions it accepts, the
 * parameter group family of a version, and which instance classes can run Performance Insights.
 */

/** The oldest major accepted: 15 is the first where RDS itself defaults rds.force_ssl to 1. */
export const MIN_POSTGRES_MAJOR = 15;

/**
 * The version new databases get. Major only on purpose: with auto minor version upgrade on, RDS picks
 * the current default minor and later upgrades it in place, and the AWS provider treats a prefix as
 * matching every minor, so there is no drift after each maintenance window (a pinned "16.4" would
 * show a downgrade in the plan once RDS has moved the instance to 16.8).
 */
export const DEFAULT_POSTGRES_VERSION = "16";

export interface PostgresVersion {
  readonly major: number;
  /** Undefined when only the major was given ("16"). */
  readonly minor?: number;
  /** `aws_db_parameter_group` family, e.g. "postgres16". */
  readonly family: string;
}

/**
 * Parses "16" or "16.4". Returns a problem sentence (what to write instead) rather than throwing, so
 * the construct can prefix it with its path.
 */
export function parsePostgresVersion(version: string): PostgresVersion | string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(version.trim());
  if (!match) {
    return `engineVersion must be a PostgreSQL major or major.minor such as "${DEFAULT_POSTGRES_VERSION}" or "16.4", got "${version}"`;
  }
  const major = Number(match[1]);
  if (major < MIN_POSTGRES_MAJOR) {
    return (
      `engineVersion ${version} is PostgreSQL ${major}; use ${MIN_POSTGRES_MAJOR} or newer ` +
      `(e.g. "${DEFAULT_POSTGRES_VERSION}"): older majors lack the secure defaults and are near or past RDS end of standard support`
    );
  }
  return {
    major,
    ...(match[2] === undefined ? {} : { minor: Number(match[2]) }),
    family: parameterGroupFamily(major),
  };
}

/** From PostgreSQL 10 on, the family is "postgres" + the major. */
export function parameterGroupFamily(major: number): string {
  return `postgres${major}`;
}

/**
 * Instance classes on which RDS does not offer Performance Insights (Database Insights standard
 * mode). AWS documents the micro and small burstable classes as unsupported for RDS for MySQL and
 * MariaDB; this table applies the same list to PostgreSQL, which is always safe: on a class missing
 * here RDS accepts the setting, and turning it off on a class listed here can never fail creation.
 * Everything larger (db.t3.medium, db.t4g.medium, m/r/x classes) supports it.
 */
export const PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES: readonly string[] = [
  "db.t2.micro",
  "db.t2.small",
  "db.t3.micro",
  "db.t3.small",
  "db.t4g.micro",
  "db.t4g.small",
];

export function supportsPerformanceInsights(instanceClass: string): boolean {
  return !PERFORMANCE_INSIGHTS_UNSUPPORTED_CLASSES.includes(instanceClass);
}
