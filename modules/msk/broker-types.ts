/**
 * MSK Standard broker instance types, shared by the KafkaCluster module and config. Standard brokers
 * keep their data on EBS volumes this module sizes; Express brokers ("express.m7g.large") have no
 * volumes to size and are not offered here. Left out on purpose: previous generations MSK no longer
 * sells for new clusters.
 */
export const BROKER_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  // Burstable, 2 vCPU / 2 GiB: development only. Its CPU credits run out under steady load, and IAM
  // authentication is limited to a few new connections per second per broker.
  t3: ["small"],
  m5: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
  // Graviton: cheaper than m5 at each size.
  m7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
};

export const DEFAULT_BROKER_INSTANCE_TYPE = "kafka.m7g.large";

const EXAMPLES = `"kafka.t3.small", "kafka.m5.large", "kafka.m7g.large"`;

/** Why `instanceType` cannot be a Standard broker here, or undefined. */
export function brokerInstanceTypeProblem(
  instanceType: string,
  prop = "brokerInstanceType",
): string | undefined {
  const accepted = `an MSK Standard broker type "kafka.<family>.<size>" of family ${Object.keys(BROKER_FAMILIES).join(", ")} (e.g. ${EXAMPLES})`;
  if (/^express\./.test(instanceType)) {
    return `${prop} must be ${accepted}; Express brokers have no EBS storage to size and are not built by this module, got "${instanceType}"`;
  }
  const match = /^kafka\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceType);
  if (!match) return `${prop} must be ${accepted}, got "${instanceType}"`;
  const [, family, size] = match as unknown as [string, string, string];
  const sizes = BROKER_FAMILIES[family];
  if (!sizes) return `${prop} must be ${accepted}, got "${instanceType}"`;
  if (!sizes.includes(size)) {
    return `${prop} ${instanceType}: family ${family} comes in ${sizes.join(", ")}, got size "${size}"`;
  }
  return undefined;
}
