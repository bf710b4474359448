import { FARGATE_MEMORY_BY_CPU, fargateSizeProblem } from "../../../modules/ecs/fargate-sizes";

/**
 * The Fargate (Linux) task sizes, written out independently of the module's table so that a typo in
 * one range (a wrong step or bound) fails here instead of at deploy time.
 */
const GIB = 1024;
const steps = (fromGib: number, toGib: number, stepGib: number): number[] => {
  const out: number[] = [];
  for (let gib = fromGib; gib <= toGib; gib += stepGib) out.push(gib * GIB);
  return out;
};

const EXPECTED: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: steps(1, 4, 1),
  1024: steps(2, 8, 1),
  2048: steps(4, 16, 1),
  4096: steps(8, 30, 1),
  8192: steps(16, 60, 4),
  16384: steps(32, 120, 8),
};

test("the table lists exactly the CPU values Fargate offers, and the memory sizes of each", () => {
  expect(Object.keys(FARGATE_MEMORY_BY_CPU).map(Number)).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
  for (const [cpu, memories] of Object.entries(EXPECTED)) {
    expect([...FARGATE_MEMORY_BY_CPU[Number(cpu)]!]).toEqual(memories);
  }
});

test("spot checks against the published sizes", () => {
  expect(FARGATE_MEMORY_BY_CPU[512]).toEqual([1024, 2048, 3072, 4096]);
  expect(FARGATE_MEMORY_BY_CPU[4096]).toHaveLength(23); // 8..30 GiB
  expect(FARGATE_MEMORY_BY_CPU[8192]).toEqual([
    16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440,
  ]);
  expect(FARGATE_MEMORY_BY_CPU[16384]![0]).toBe(32768);
  expect(FARGATE_MEMORY_BY_CPU[16384]!.at(-1)).toBe(122880);
});

describe("fargateSizeProblem", () => {
  const valid = Object.entries(EXPECTED).flatMap(([cpu, memories]) =>
    memories.map((m) => [Number(cpu), m] as const),
  );

  test.each(valid)("cpu %i with %i MiB is valid", (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toBeUndefined();
  });

  test("256 CPU with 4096 MiB names the three sizes 256 CPU takes", () => {
    expect(fargateSizeProblem(256, 4096)).toEqual({
      field: "memory",
      expected: "one of 512, 1024, 2048 (the MiB Fargate allows with cpu 256)",
    });
  });

  test.each([
    [256, 256, "below the smallest size"],
    [512, 512, "the 256-CPU minimum under 512 CPU"],
    [512, 1536, "not a whole GiB"],
    [1024, 1024, "below 2 GiB"],
    [2048, 17408, "above 16 GiB"],
    [4096, 31744, "above 30 GiB"],
    [8192, 18432, "not a 4 GiB step"],
    [8192, 65536, "above 60 GiB"],
    [16384, 36864, "not an 8 GiB step"],
  ])("cpu %i with %i MiB (%s) is refused, listing the valid memory", (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toEqual({
      field: "memory",
      expected: `one of ${EXPECTED[cpu]!.join(", ")} (the MiB Fargate allows with cpu ${cpu})`,
    });
  });

  test.each([0, 128, 300, 768, 32768, -512])("cpu %i is refused, listing the CPU values", (cpu) => {
    expect(fargateSizeProblem(cpu, 1024)).toEqual({
      field: "cpu",
      expected: "one of 256, 512, 1024, 2048, 4096, 8192, 16384",
    });
  });
});
