/** gp3 allocation bounds RDS accepts for PostgreSQL, in GiB. */
export const GP3_STORAGE_GB = { min: 20, max: 65536 } as const;

const GIB = 1024 ** 3;

/** Storage autoscaling needs its ceiling at least 10 % above the allocated size. */
export function minMaxAllocatedStorageGb(allocatedGb: number): number {
  return Math.ceil((allocatedGb * 11) / 10);
}

/** What an allocation must be, worded to follow "must be" and "expected". */
export const ALLOCATED_STORAGE_EXPECTED = `a whole number of GiB from ${GP3_STORAGE_GB.min} (gp3's minimum) to ${GP3_STORAGE_GB.max}`;

export function isAllocatedStorageGb(allocatedGb: number): boolean {
  return (
    Number.isInteger(allocatedGb) && allocatedGb >= GP3_STORAGE_GB.min && allocatedGb <= GP3_STORAGE_GB.max
  );
}

/** Why `maxGb` cannot be the autoscaling ceiling of `allocatedGb`, or undefined. */
export function maxAllocatedStorageProblem(allocatedGb: number, maxGb: number): string | undefined {
  const min = minMaxAllocatedStorageGb(allocatedGb);
  return Number.isInteger(maxGb) && maxGb >= min && maxGb <= GP3_STORAGE_GB.max
    ? undefined
    : `a whole number at least 10 % above the allocated ${allocatedGb} GiB, i.e. ${min}-${GP3_STORAGE_GB.max}, so storage can autoscale`;
}

/**
 * The free-storage alarm threshold: half the free space at which storage autoscaling starts (10 % of
 * the allocation), at most 2 GiB, so the alarm means autoscaling is not keeping up (at its ceiling or
 * in its 6-hour cooldown) rather than firing on every normal scale-up.
 */
export function defaultFreeStorageAlarmBytes(allocatedGb: number): number {
  return Math.min(2 * GIB, Math.floor((allocatedGb * GIB) / 20));
}
