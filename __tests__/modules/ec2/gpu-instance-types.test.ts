import {
  ARM64_GPU_FAMILIES,
  DEFAULT_GPU_INSTANCE_TYPE,
  GPU_INSTANCE_FAMILIES,
  NON_NVIDIA_GPU_FAMILIES,
  gpuInstanceTypeProblem,
  instanceFamilyOf,
  isGpuInstanceType,
} from "../../../modules/ec2/gpu-instance-types";

describe("GPU instance types", () => {
  test.each([
    "g4dn.xlarge",
    "g4dn.metal",
    "g4ad.16xlarge",
    "g5.xlarge",
    "g5g.2xlarge",
    "g6.xlarge",
    "g6e.48xlarge",
    "g6f.large",
    "gr6.4xlarge",
    "p3.2xlarge",
    "p3dn.24xlarge",
    "p4d.24xlarge",
    "p4de.24xlarge",
    "p5.48xlarge",
    "p5e.48xlarge",
    "p5en.48xlarge",
    "p6-b200.48xlarge",
  ])("%s is one", (type) => {
    expect(isGpuInstanceType(type)).toBe(true);
    expect(gpuInstanceTypeProblem(type)).toBeUndefined();
  });

  test.each([
    "t3.large",
    "c7i.xlarge",
    "m7g.medium",
    "p2.xlarge",
    "g3.4xlarge",
    "g3s.xlarge",
    "inf2.xlarge",
    "trn1.2xlarge",
    "g4dn",
    "g4dn.huge",
    "G5.XLARGE",
    "",
  ])("%j is not, and the message lists the families", (type) => {
    expect(isGpuInstanceType(type)).toBe(false);
    expect(gpuInstanceTypeProblem(type)).toBe(
      `instanceType must be a GPU instance type "<family>.<size>" of family ${GPU_INSTANCE_FAMILIES.join(", ")} (e.g. "g4dn.xlarge", "g5.2xlarge"), got ${JSON.stringify(type)}`,
    );
  });

  it("names the prop it is asked about (config passes its key)", () => {
    expect(gpuInstanceTypeProblem("t3.large", "instance_type")).toMatch(
      /^instance_type must be a GPU instance type/,
    );
  });

  it("defaults to the cheapest NVIDIA type, and knows which families the x86_64 NVIDIA AMI cannot run", () => {
    expect(DEFAULT_GPU_INSTANCE_TYPE).toBe("g4dn.xlarge");
    expect(instanceFamilyOf("p6-b200.48xlarge")).toBe("p6-b200");
    for (const family of [...ARM64_GPU_FAMILIES, ...NON_NVIDIA_GPU_FAMILIES]) {
      expect(GPU_INSTANCE_FAMILIES).toContain(family);
    }
  });
});
