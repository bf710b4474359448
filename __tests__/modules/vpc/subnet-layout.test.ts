import { cidrContains, cidrsOverlap, parseCidr } from "../../../modules/vpc/cidr";
import { MAX_AZS, SUBNET_TIERS, SubnetLayout, defaultSubnetLayout } from "../../../modules/vpc/subnet-layout";

const allOf = (layout: SubnetLayout) => SUBNET_TIERS.flatMap((tier) => layout[tier]);

describe("defaultSubnetLayout", () => {
  it("cuts a /16 into /20s: public from block 0, private from block 4, isolated from block 8", () => {
    expect(defaultSubnetLayout("10.0.0.0/16", 3)).toEqual({
      public: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
      private: ["10.0.64.0/20", "10.0.80.0/20", "10.0.96.0/20"],
      isolated: ["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"],
    });
  });

  it("cuts a /24 into /28s, the smallest subnet AWS allows", () => {
    expect(defaultSubnetLayout("192.168.7.0/24", 2)).toEqual({
      public: ["192.168.7.0/28", "192.168.7.16/28"],
      private: ["192.168.7.64/28", "192.168.7.80/28"],
      isolated: ["192.168.7.128/28", "192.168.7.144/28"],
    });
  });

  it("never renumbers existing subnets when an AZ is added", () => {
    const two = defaultSubnetLayout("10.20.0.0/16", 2);
    const three = defaultSubnetLayout("10.20.0.0/16", 3);
    for (const tier of SUBNET_TIERS) expect(three[tier].slice(0, 2)).toEqual(two[tier]);
  });

  it.each([
    ["10.0.0.0/16", 3],
    ["10.0.0.0/16", 2],
    ["172.31.128.0/17", 3],
    ["192.168.7.0/24", 3],
  ])("places every subnet of %s with %i AZs inside the VPC, none overlapping another", (vpcText, azs) => {
    const vpc = parseCidr(vpcText)!;
    const layout = defaultSubnetLayout(vpcText, azs);
    for (const tier of SUBNET_TIERS) expect(layout[tier]).toHaveLength(azs);
    const blocks = allOf(layout).map((s) => parseCidr(s)!);
    expect(blocks.every(Boolean)).toBe(true);
    for (const block of blocks) expect(cidrContains(vpc, block)).toBe(true);
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) expect(cidrsOverlap(blocks[i]!, blocks[j]!)).toBe(false);
    }
  });

  it(`allows 1 to ${MAX_AZS} AZs and names the range otherwise`, () => {
    expect(defaultSubnetLayout("10.0.0.0/16", 1).public).toEqual(["10.0.0.0/20"]);
    expect(() => defaultSubnetLayout("10.0.0.0/16", 0)).toThrow(/between 1 and 3 AZs, got 0/);
    expect(() => defaultSubnetLayout("10.0.0.0/16", MAX_AZS + 1)).toThrow(/between 1 and 3 AZs, got 4/);
  });

  it("rejects a VPC CIDR that does not parse", () => {
    expect(() => defaultSubnetLayout("10.0.0.1/16", 2)).toThrow(/not an IPv4 CIDR: 10\.0\.0\.1\/16/);
  });
});
