/**
 * The task-level CPU / memory pairs Fargate accepts (Linux). A task definition with any other pair is
 * rejected by the ECS API at deploy time; checking here turns that into a synth-time message.
 */
const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** The task size when a caller says nothing (0.5 vCPU, 1 GiB); config's defaults too. */
export const DEFAULT_TASK_CPU = 512;
export const DEFAULT_TASK_MEMORY_MIB = 1024;

export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/**
 * Which of the two is wrong, and what it must be instead (worded to follow "must be" in a module error
 * and "expected" in a config error, so both say the same thing). Undefined for a valid pair.
 */
export interface FargateSizeProblem {
  /** An unknown cpu is the cpu's mistake; a known cpu with the wrong memory is the memory's. */
  readonly field: "cpu" | "memory";
  readonly expected: string;
}

export function fargateSizeProblem(cpu: number, memoryMib: number): FargateSizeProblem | undefined {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (!memories) return { field: "cpu", expected: `one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}` };
  if (!memories.includes(memoryMib)) {
    return {
      field: "memory",
      expected: `one of ${memories.join(", ")} (the MiB Fargate allows with cpu ${cpu})`,
    };
  }
  return undefined;
}
