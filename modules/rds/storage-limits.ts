/** gp3 allocation bounds RDS accepts for PostgreSQL, in GiB. */
export const GP3_STORAGE_GB = { min: 20, max: 65536 } as const;

/** Storage autoscaling needs its ceiling at least 10 % above the allocated size. */
export function minMaxAllocatedStorageGb(allocatedGb: number): number {
  return Math.ceil((allocatedGb * 11) / 10);
}
