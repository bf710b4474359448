/**
 * The Apache Kafka versions a new provisioned MSK cluster may run, shared by the KafkaCluster module
 * and config. From MSK's "Supported Apache Kafka versions" table: MSK phases out new clusters on a
 * version once its end of support is published, and upgrades running ones itself after that date,
 * so versions past it are refused with the date rather than accepted into a cluster that would be
 * upgraded behind Terraform's back.
 *
 * From 3.7 MSK offers each version in ZooKeeper mode ("3.7.x") and in KRaft mode ("3.7.x.kraft"); a
 * cluster cannot move between the two in place. 4.0 is KRaft only. "x" versions take patch releases
 * from MSK without a change here.
 */
export const KAFKA_VERSIONS = [
  "3.7.x",
  "3.7.x.kraft",
  "3.8.x",
  "3.8.x.kraft",
  "3.9.x",
  "3.9.x.kraft",
  "4.0.x.kraft",
] as const;

/** MSK's recommended version. */
export const DEFAULT_KAFKA_VERSION = "3.8.x";

/** Versions past MSK's end of support, with the date. */
export const RETIRED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
  "3.6.0": "2026-06-01",
  "3.5.1": "2025-10-23",
  "3.4.0": "2025-08-04",
  "2.8.2-tiered": "2025-01-14",
  "3.3.2": "2024-09-11",
  "3.3.1": "2024-09-11",
  "3.2.0": "2024-09-11",
  "3.1.1": "2024-09-11",
  "2.8.1": "2024-09-11",
  "2.8.0": "2024-09-11",
};

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** Why `version` cannot be a new cluster's Kafka version, or undefined. */
export function kafkaVersionProblem(version: string, prop = "kafkaVersion"): string | undefined {
  if ((KAFKA_VERSIONS as readonly string[]).includes(version)) return undefined;
  const retired = RETIRED_KAFKA_VERSIONS[version];
  const why = retired
    ? ` (${version} reached MSK's end of support on ${retired}; MSK upgrades such clusters itself)`
    : "";
  return `${prop} must be a version MSK supports for new clusters, one of ${quoted(KAFKA_VERSIONS)} (AWS recommends "${DEFAULT_KAFKA_VERSION}")${why}, got "${version}"`;
}

/** The version as it may appear in a configuration name: "3.8.x.kraft" → "3-8-x-kraft". */
export function kafkaVersionSlug(version: string): string {
  return version.replace(/\./g, "-");
}
