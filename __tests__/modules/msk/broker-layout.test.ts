import {
  brokerCountProblem,
  clientSubnetsProblem,
  defaultBrokerCount,
  nearestBrokerCounts,
} from "../../../modules/msk/broker-layout";

describe("broker layout arithmetic (shared with config)", () => {
  test.each([
    [1, 2, [2]],
    [3, 2, [2, 4]],
    [5, 2, [4, 6]],
    [1, 3, [3]],
    [2, 3, [3]],
    [4, 3, [3, 6]],
    [8, 3, [6, 9]],
    [6, 3, [6]],
  ])("%i brokers over %i subnets: nearest valid counts %j", (brokers, subnets, nearest) => {
    expect(nearestBrokerCounts(brokers, subnets)).toEqual(nearest);
  });

  test.each([
    [2, 4],
    [3, 3],
  ])("no count over %i subnets: %i brokers, the fewest that hold three replicas", (subnets, brokers) => {
    expect(defaultBrokerCount(subnets)).toBe(brokers);
    expect(brokerCountProblem(brokers, subnets)).toBeUndefined();
  });

  test.each([
    [2, 2],
    [4, 2],
    [3, 3],
    [6, 3],
  ])("%i brokers over %i subnets is a valid layout", (brokers, subnets) => {
    expect(brokerCountProblem(brokers, subnets)).toBeUndefined();
  });

  it("words the problem with the caller's prop name and hint (config's keys)", () => {
    expect(brokerCountProblem(1, 2, "systems.aipx.kafka.broker_count", `mode = "serverless"`)).toBe(
      `systems.aipx.kafka.broker_count must be a multiple of the 2 client subnets (MSK puts the same number of brokers in each AZ): use 2, or mode = "serverless", got 1`,
    );
    expect(clientSubnetsProblem(4, "network.availability_zones")).toMatch(
      /^network.availability_zones must be 2 or 3 subnets, .*got 4$/,
    );
  });

  test.each([2, 3])("%i client subnets are fine", (count) => {
    expect(clientSubnetsProblem(count)).toBeUndefined();
  });
});
