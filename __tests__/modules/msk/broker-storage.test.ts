import {
  defaultMaxVolumeGiB,
  maxVolumeSizeProblem,
  storageTargetProblem,
  volumeSizeProblem,
} from "../../../modules/msk/broker-storage";

describe("broker storage (shared with config)", () => {
  test.each([
    [20, 80],
    [100, 400],
    [5000, 16384],
  ])("a %i GiB volume may grow to %i GiB by default", (volume, max) => {
    expect(defaultMaxVolumeGiB(volume)).toBe(max);
  });

  test.each([
    [1, true],
    [16384, true],
    [0, false],
    [16385, false],
    [10.5, false],
  ])("volume %d GiB accepted: %s", (gib, ok) => {
    expect(volumeSizeProblem(gib) === undefined).toBe(ok);
  });

  test.each([
    [100, 100, true],
    [100, 16384, true],
    [100, 99, false],
    [100, 20000, false],
  ])("volume %i GiB, ceiling %i GiB accepted: %s", (volume, max, ok) => {
    expect(maxVolumeSizeProblem(volume, max) === undefined).toBe(ok);
  });

  test.each([
    [10, true],
    [80, true],
    [9, false],
    [81, false],
  ])("utilization target %i %% accepted: %s", (percent, ok) => {
    expect(storageTargetProblem(percent) === undefined).toBe(ok);
  });
});
