/**
 * The model server's root volume (gp3), shared by the GpuModelServer module and config. EC2 refuses a
 * root volume smaller than the AMI's snapshot: 75 GiB for the Deep Learning AMI the module boots by
 * default (Base OSS Nvidia Driver GPU, Amazon Linux 2023); 8 GiB is the smallest Amazon Linux image.
 */
export const DLAMI_ROOT_SNAPSHOT_GIB = 75;
export const MIN_ROOT_VOLUME_GIB = 8;
/** gp3's largest volume. */
export const MAX_ROOT_VOLUME_GIB = 16384;
/** Room for the AMI, container images and model weights. */
export const DEFAULT_ROOT_VOLUME_GIB = 100;

/**
 * Why `gib` cannot be the root volume, or undefined. `deepLearningAmi`: the default AMI is used (an
 * explicit AMI's snapshot size is not known here, so only EC2's own floor applies).
 */
export function rootVolumeProblem(prop: string, gib: number, deepLearningAmi: boolean): string | undefined {
  const min = deepLearningAmi ? DLAMI_ROOT_SNAPSHOT_GIB : MIN_ROOT_VOLUME_GIB;
  if (Number.isInteger(gib) && gib >= min && gib <= MAX_ROOT_VOLUME_GIB) return undefined;
  const why = deepLearningAmi ? ` (the Deep Learning AMI's snapshot is ${DLAMI_ROOT_SNAPSHOT_GIB} GiB)` : "";
  return `${prop} must be a whole number from ${min} to ${MAX_ROOT_VOLUME_GIB}${why}, got ${String(gib)}`;
}
