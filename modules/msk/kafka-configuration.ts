import { TARGET_REPLICAS } from "./broker-layout";

/**
 * The broker configuration (server.properties) of a provisioned MSK cluster, shared by the
 * KafkaCluster module and config: replication derived from the broker count, no topic created by a
 * typo, and a retention period that says how long data stays on the brokers' disks.
 */

export interface Replication {
  /** default.replication.factor (and the internal offsets and transaction topics'). */
  readonly replicationFactor: number;
  /** min.insync.replicas: how many replicas an acks=all write must reach. */
  readonly minInsyncReplicas: number;
}

export interface ReplicationChoice {
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
}

/** A provisioned cluster has at least two brokers, so every partition gets a second copy. */
export const MIN_REPLICATION_FACTOR = 2;

/** Kafka's own default retention: 7 days. */
export const DEFAULT_LOG_RETENTION_HOURS = 168;
/** A year. Data kept longer belongs in tiered storage or a data lake, not on broker volumes. */
export const MAX_LOG_RETENTION_HOURS = 8760;

/**
 * Properties the module sets itself and `serverProperties` may not: they follow from the broker
 * count and the module's props (log.retention.ms and .minutes would silently override the hours).
 */
export const MODULE_SERVER_PROPERTIES = [
  "auto.create.topics.enable",
  "default.replication.factor",
  "min.insync.replicas",
  "offsets.topic.replication.factor",
  "transaction.state.log.replication.factor",
  "transaction.state.log.min.isr",
  "log.retention.hours",
  "log.retention.minutes",
  "log.retention.ms",
] as const;

const PROPERTY_NAME = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;

/**
 * Three replicas where there are three brokers (fewer only on a smaller cluster), and acks=all writes
 * that survive one replica being down: min.insync.replicas one below the replication factor.
 * 2 brokers: RF 2, min ISR 1; 3 or more: RF 3, min ISR 2.
 */
export function defaultReplication(brokers: number): Replication {
  const replicationFactor = Math.max(MIN_REPLICATION_FACTOR, Math.min(TARGET_REPLICAS, brokers));
  return { replicationFactor, minInsyncReplicas: Math.max(1, replicationFactor - 1) };
}

/**
 * The replication settings for `brokers` brokers, with the caller's overrides checked against them.
 * Problems go to `problems`, each naming the prop; the result is the defaults where an override is
 * unusable, so later checks still have numbers to work with.
 */
export function resolveReplication(
  brokers: number,
  choice: ReplicationChoice,
  problems: string[],
  props: { readonly replicationFactor: string; readonly minInsyncReplicas: string } = {
    replicationFactor: "replicationFactor",
    minInsyncReplicas: "minInsyncReplicas",
  },
): Replication {
  const defaults = defaultReplication(brokers);
  let replicationFactor = defaults.replicationFactor;
  if (choice.replicationFactor !== undefined) {
    const rf = choice.replicationFactor;
    if (!Number.isInteger(rf) || rf < MIN_REPLICATION_FACTOR || rf > brokers) {
      const why =
        Number.isInteger(rf) && rf > brokers
          ? "a partition cannot have more replicas than there are brokers"
          : "one copy is lost with its broker";
      problems.push(
        `${props.replicationFactor} must be a whole number from ${MIN_REPLICATION_FACTOR} to the ${brokers} brokers (${why}), got ${String(rf)}`,
      );
    } else {
      replicationFactor = rf;
    }
  }
  const highest = replicationFactor - 1;
  let minInsyncReplicas = Math.min(defaults.minInsyncReplicas, highest);
  if (choice.minInsyncReplicas !== undefined) {
    const isr = choice.minInsyncReplicas;
    if (!Number.isInteger(isr) || isr < 1 || isr > highest) {
      const rfWord = choice.replicationFactor === undefined ? "derived " : "";
      const brokersToo =
        Number.isInteger(isr) && isr >= brokers
          ? `; at ${isr} it also reaches the ${brokers} brokers, so no write could ever be acknowledged`
          : "";
      problems.push(
        `${props.minInsyncReplicas} must be a whole number from 1 to ${highest}, below the ${rfWord}replication factor ${replicationFactor} (with min.insync.replicas equal to it, one broker down or being patched stops every acks=all write${brokersToo}), got ${String(isr)}`,
      );
    } else {
      minInsyncReplicas = isr;
    }
  }
  return { replicationFactor, minInsyncReplicas };
}

export function logRetentionHoursProblem(hours: number, prop = "logRetentionHours"): string | undefined {
  if (Number.isInteger(hours) && hours >= 1 && hours <= MAX_LOG_RETENTION_HOURS) return undefined;
  return `${prop} must be a whole number of hours from 1 to ${MAX_LOG_RETENTION_HOURS} (a year; -1, keep for ever, fills the broker volumes), got ${String(hours)}`;
}

/** Why the extra properties cannot go into the configuration, one problem each. */
export function serverPropertiesProblems(
  properties: Readonly<Record<string, string>>,
  prop = "serverProperties",
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    if ((MODULE_SERVER_PROPERTIES as readonly string[]).includes(name)) {
      problems.push(
        `${prop} must not set ${name}: the module sets it (replication from the broker count, auto.create.topics.enable false, retention from logRetentionHours); use the matching prop, got ${name}=${value}`,
      );
    } else if (!PROPERTY_NAME.test(name)) {
      problems.push(`${prop} must have Kafka property names such as "num.partitions", got "${name}"`);
    } else if (typeof value !== "string" || value === "" || /[\r\n]/.test(value)) {
      problems.push(`${prop} must have one-line, non-empty values, got ${name}=${JSON.stringify(value)}`);
    }
  }
  return problems;
}

/** server.properties text: the module's properties and the caller's, one `name=value` a line, sorted. */
export function renderServerProperties(
  replication: Replication,
  logRetentionHours: number,
  extra: Readonly<Record<string, string>> = {},
): string {
  const properties: Record<string, string> = {
    ...extra,
    // A producer or consumer naming a topic that does not exist must fail, not create it with
    // whatever defaults the broker has.
    "auto.create.topics.enable": "false",
    "default.replication.factor": String(replication.replicationFactor),
    "min.insync.replicas": String(replication.minInsyncReplicas),
    // Consumer offsets and transaction state are topics too: as durable as the data they track.
    "offsets.topic.replication.factor": String(replication.replicationFactor),
    "transaction.state.log.replication.factor": String(replication.replicationFactor),
    "transaction.state.log.min.isr": String(replication.minInsyncReplicas),
    "log.retention.hours": String(logRetentionHours),
  };
  return Object.keys(properties)
    .sort()
    .map((name) => `${name}=${properties[name]}\n`)
    .join("");
}
