/**
 * Where a provisioned MSK cluster's brokers go, shared by the KafkaCluster module and config. MSK
 * spreads brokers evenly over the client subnets' availability zones: the same number in each zone,
 * two or three zones. So a count that does not divide by the number of subnets is refused by the
 * CreateCluster API (after a plan that looked fine); here it is refused at synth, with the counts that
 * would work.
 */

export const MIN_CLIENT_SUBNETS = 2;
export const MAX_CLIENT_SUBNETS = 3;

/** The replication factor the module aims for: three copies survive a zone and a broker at once. */
export const TARGET_REPLICAS = 3;

/** Why `count` subnets cannot carry brokers, or undefined. */
export function clientSubnetsProblem(count: number, prop = "clientSubnetIds"): string | undefined {
  if (count >= MIN_CLIENT_SUBNETS && count <= MAX_CLIENT_SUBNETS) return undefined;
  const why =
    count < MIN_CLIENT_SUBNETS
      ? "MSK needs at least two availability zones"
      : "MSK spreads brokers over at most three availability zones";
  return `${prop} must be ${MIN_CLIENT_SUBNETS} or ${MAX_CLIENT_SUBNETS} subnets, each in a different availability zone (${why}), got ${count}`;
}

/** The valid broker counts next to `brokers` over `subnets` zones: one or two of them, smallest first. */
export function nearestBrokerCounts(brokers: number, subnets: number): number[] {
  const below = Math.floor(brokers / subnets) * subnets;
  const above = Math.ceil(brokers / subnets) * subnets;
  return [...new Set([below, above])].filter((n) => n >= subnets);
}

/**
 * Why `brokers` cannot be spread over `subnets` zones, or undefined. `subnets` must already be a valid
 * count (see clientSubnetsProblem). The message offers the nearest valid counts and, below two
 * brokers, MSK Serverless (no brokers to count).
 */
export function brokerCountProblem(
  brokers: number,
  subnets: number,
  prop = "brokerCount",
  serverlessHint = `mode "serverless"`,
): string | undefined {
  if (!Number.isInteger(brokers) || brokers < 1) {
    return `${prop} must be a whole number of brokers, at least one per client subnet (${subnets}), got ${String(brokers)}`;
  }
  if (brokers % subnets === 0) return undefined;
  const nearest = nearestBrokerCounts(brokers, subnets);
  const use = nearest.join(" or ");
  return `${prop} must be a multiple of the ${subnets} client subnets (MSK puts the same number of brokers in each AZ): use ${use}, or ${serverlessHint}, got ${brokers}`;
}

/**
 * The broker count when none is given: the fewest brokers that hold three replicas with the same
 * number in every zone (3 over 3 zones, 4 over 2).
 */
export function defaultBrokerCount(subnets: number): number {
  return Math.ceil(TARGET_REPLICAS / subnets) * subnets;
}
