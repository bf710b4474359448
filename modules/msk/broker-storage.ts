/**
 * Broker storage (EBS, per broker) and its autoscaling, shared by the KafkaCluster module and config.
 * MSK can only grow a volume, at most once every six hours, by the larger of 10 GiB and 10 %; it never
 * shrinks one. Autoscaling tracks MSK's KafkaBrokerStorageUtilization metric.
 */

/** EBS volume per broker, in GiB (MSK's limits). */
export const BROKER_VOLUME_GIB = { min: 1, max: 16384 } as const;
export const DEFAULT_BROKER_VOLUME_GIB = 100;
/** The autoscaling ceiling when none is given: four times the volume, within MSK's maximum. */
export const DEFAULT_MAX_VOLUME_FACTOR = 4;
/** MSK accepts a utilization target from 10 to 80 % and recommends 50-60 %. */
export const STORAGE_TARGET_UTILIZATION = { min: 10, max: 80 } as const;
export const DEFAULT_STORAGE_TARGET_UTILIZATION = 50;

export function defaultMaxVolumeGiB(volumeGiB: number): number {
  return Math.min(BROKER_VOLUME_GIB.max, volumeGiB * DEFAULT_MAX_VOLUME_FACTOR);
}

const isWhole = (n: number) => Number.isInteger(n);

/** Why `gib` cannot be a broker's volume, or undefined. */
export function volumeSizeProblem(gib: number, prop = "volumeSizeGiB"): string | undefined {
  if (isWhole(gib) && gib >= BROKER_VOLUME_GIB.min && gib <= BROKER_VOLUME_GIB.max) return undefined;
  return `${prop} must be a whole number of GiB per broker from ${BROKER_VOLUME_GIB.min} to ${BROKER_VOLUME_GIB.max}, got ${String(gib)}`;
}

/** Why `maxGib` cannot be the autoscaling ceiling of `volumeGiB`, or undefined. */
export function maxVolumeSizeProblem(
  volumeGiB: number,
  maxGib: number,
  prop = "maxVolumeSizeGiB",
): string | undefined {
  if (isWhole(maxGib) && maxGib >= volumeGiB && maxGib <= BROKER_VOLUME_GIB.max) return undefined;
  return `${prop} must be a whole number of GiB from the volume size (${volumeGiB}, which turns storage autoscaling off) to ${BROKER_VOLUME_GIB.max}, got ${String(maxGib)}`;
}

export function storageTargetProblem(percent: number, prop = "storageTargetUtilization"): string | undefined {
  if (
    isWhole(percent) &&
    percent >= STORAGE_TARGET_UTILIZATION.min &&
    percent <= STORAGE_TARGET_UTILIZATION.max
  )
    return undefined;
  return `${prop} must be a whole percentage from ${STORAGE_TARGET_UTILIZATION.min} to ${STORAGE_TARGET_UTILIZATION.max} (MSK's range for the storage utilization target), got ${String(percent)}`;
}
