/**
 * The EC2 families with a GPU that the model server can run on, in one place for the GpuModelServer
 * module and for config. Left out on purpose: the retired and previous generations (p2, g2, g3, g3s),
 * whose GPUs the current Deep Learning AMIs no longer support, and the accelerators that are not
 * GPUs (inf1, inf2, trn1, dl1, f1, vt1), which need their own SDKs instead of CUDA.
 */
export const DEFAULT_GPU_INSTANCE_TYPE = "g4dn.xlarge";

export const GPU_INSTANCE_FAMILIES = [
  "g4dn",
  "g4ad",
  "g5",
  "g5g",
  "g6",
  "g6e",
  "g6f",
  "gr6",
  "gr6f",
  "g7e",
  "p3",
  "p3dn",
  "p4d",
  "p4de",
  "p5",
  "p5e",
  "p5en",
  "p6-b200",
  "p6-b300",
  "p6e-gb200",
] as const;

/** Graviton (arm64) GPU families: the x86_64 Deep Learning AMI does not boot on them. */
export const ARM64_GPU_FAMILIES: readonly string[] = ["g5g", "p6e-gb200"];

/** GPU families without an NVIDIA GPU: the Deep Learning AMI's NVIDIA driver cannot drive them. */
export const NON_NVIDIA_GPU_FAMILIES: readonly string[] = ["g4ad"];

const INSTANCE_TYPE = /^([a-z][a-z0-9-]*)\.(large|xlarge|\d+xlarge|metal(?:-\d+xl)?)$/;

/** The family of an instance type ("g4dn" for "g4dn.xlarge"), or undefined when it is no type at all. */
export function instanceFamilyOf(instanceType: string): string | undefined {
  return INSTANCE_TYPE.exec(instanceType)?.[1];
}

export function isGpuInstanceType(instanceType: string): boolean {
  const family = instanceFamilyOf(instanceType);
  return family !== undefined && (GPU_INSTANCE_FAMILIES as readonly string[]).includes(family);
}

/** Why `instanceType` is not a GPU type the model server runs on, or undefined. Follows the prop name. */
export function gpuInstanceTypeProblem(instanceType: string, prop = "instanceType"): string | undefined {
  if (isGpuInstanceType(instanceType)) return undefined;
  return `${prop} must be a GPU instance type "<family>.<size>" of family ${GPU_INSTANCE_FAMILIES.join(", ")} (e.g. "g4dn.xlarge", "g5.2xlarge"), got "${instanceType}"`;
}
