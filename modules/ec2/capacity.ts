/** How many model servers an Auto Scaling group keeps; shared by the GpuModelServer module and config. */
export interface GpuModelServerCapacity {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
}

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

/** Problems of a capacity, each starting with "capacity" or "capacity.<field>". */
export function capacityProblems(capacity: GpuModelServerCapacity): string[] {
  const { min, max, desired } = capacity;
  const bad = (["min", "max", "desired"] as const).filter((k) => !isWhole(capacity[k]) || capacity[k] < 0);
  if (bad.length > 0) {
    return bad.map(
      (k) => `capacity.${k} must be a whole number of instances (0 or more), got ${String(capacity[k])}`,
    );
  }
  if (max < 1) return [`capacity.max must be at least 1 (a group of at most 0 never serves), got ${max}`];
  if (!(min <= desired && desired <= max)) {
    return [`capacity.desired must be from capacity.min (${min}) to capacity.max (${max}), got ${desired}`];
  }
  return [];
}
