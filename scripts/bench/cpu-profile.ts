/**
 * The `.cpuprofile` that `node --cpu-prof` writes (V8's Profile object, as in the Chrome DevTools
 * protocol): a call tree of nodes, and a sample (the leaf node's id) every ~1 ms with the time since
 * the previous sample in microseconds.
 */
export interface CallFrame {
  readonly functionName: string;
  /** `file:///...` for scripts, `node:...` for node's own modules, "" for native and V8 entries. */
  readonly url: string;
  /** 0-based line of the function in its script. */
  readonly lineNumber?: number;
}

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Microseconds. */
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Sample {
  /** The call stack, leaf (the function running) first. */
  readonly stack: readonly CallFrame[];
  readonly micros: number;
}

export function parseCpuProfile(text: string, source: string): CpuProfile {
  const profile = JSON.parse(text) as Partial<CpuProfile>;
  const arrays = [profile.nodes, profile.samples, profile.timeDeltas];
  if (!arrays.every(Array.isArray) || typeof profile.endTime !== "number") {
    throw new Error(`${source}: expected a V8 CPU profile (nodes, samples, timeDeltas, endTime)`);
  }
  return profile as CpuProfile;
}

/**
 * Every sample with its stack and duration. A sample lasts until the next one is taken (the last
 * until the profile ends), the way DevTools counts it; a negative gap, which V8 occasionally
 * records, counts as 0.
 */
export function samplesOf(profile: CpuProfile): Sample[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stacks = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    let stack = stacks.get(id);
    if (!stack) {
      const node = byId.get(id);
      if (!node) throw new Error(`CPU profile: sample of unknown node ${id}`);
      const parent = parentOf.get(id);
      stack = [node.callFrame, ...(parent === undefined ? [] : stackOf(parent))];
      stacks.set(id, stack);
    }
    return stack;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  return profile.samples.map((id, i) => ({
    stack: stackOf(id),
    micros: Math.max(0, (times[i + 1] ?? profile.endTime) - times[i]!),
  }));
}
