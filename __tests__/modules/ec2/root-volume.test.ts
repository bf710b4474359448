import {
  DEFAULT_ROOT_VOLUME_GIB,
  DLAMI_ROOT_SNAPSHOT_GIB,
  rootVolumeProblem,
} from "../../../modules/ec2/root-volume";

describe("rootVolumeProblem", () => {
  test.each([75, 100, 16384])("accepts %d GiB for the Deep Learning AMI", (gib) => {
    expect(rootVolumeProblem("root_volume_gib", gib, true)).toBeUndefined();
  });

  test.each([30, 74, 16385, 99.5])("refuses %d GiB for the Deep Learning AMI, naming its snapshot", (gib) => {
    expect(rootVolumeProblem("root_volume_gib", gib, true)).toBe(
      `root_volume_gib must be a whole number from 75 to 16384 (the Deep Learning AMI's snapshot is 75 GiB), got ${gib}`,
    );
  });

  it("lets an explicit AMI go down to EC2's floor, whose snapshot size is not known here", () => {
    expect(rootVolumeProblem("rootVolumeGib", 30, false)).toBeUndefined();
    expect(rootVolumeProblem("rootVolumeGib", 7, false)).toBe(
      "rootVolumeGib must be a whole number from 8 to 16384, got 7",
    );
  });

  it("defaults above the DLAMI's snapshot", () => {
    expect(DEFAULT_ROOT_VOLUME_GIB).toBeGreaterThan(DLAMI_ROOT_SNAPSHOT_GIB);
  });
});
