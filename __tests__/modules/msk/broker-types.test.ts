import { BROKER_FAMILIES, brokerInstanceTypeProblem } from "../../../modules/msk/broker-types";

describe("broker instance types (shared with config)", () => {
  test.each(
    Object.entries(BROKER_FAMILIES).flatMap(([family, sizes]) =>
      sizes.map((size) => `kafka.${family}.${size}`),
    ),
  )("%s is accepted", (instanceType) => {
    expect(brokerInstanceTypeProblem(instanceType)).toBeUndefined();
  });

  test.each<[string, RegExp | undefined]>([
    ["t3.small", /^brokerInstanceType must be an MSK Standard broker type "kafka.<family>.<size>"/],
    ["kafka.t3.micro", /family t3 comes in small, got size "micro"$/],
    ["kafka.m5.24xlarge", undefined],
    ["kafka.m7g.24xlarge", /family m7g comes in large, .*16xlarge, got size "24xlarge"$/],
    ["kafka.m4.large", /got "kafka.m4.large"$/],
    ["kafka.r7g.large", /of family t3, m5, m7g/],
    ["express.m7g.large", /Express brokers have no EBS storage to size/],
    ["KAFKA.M5.LARGE", /got "KAFKA.M5.LARGE"$/],
  ])("%s", (instanceType, problem) => {
    const found = brokerInstanceTypeProblem(instanceType);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});
