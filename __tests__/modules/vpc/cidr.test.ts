import {
  cidrContains,
  cidrsOverlap,
  formatCidr,
  isCidr,
  parseCidr,
  subnetOf,
} from "../../../modules/vpc/cidr";

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} does not parse`);
  return parsed;
};

describe("parseCidr / formatCidr", () => {
  it.each([
    "0.0.0.0/0",
    "10.0.0.0/8",
    "10.0.0.0/16",
    "172.16.0.0/12",
    "192.168.10.0/24",
    "10.0.0.16/28",
    "255.255.255.255/32",
  ])("round-trips %s", (text) => {
    expect(formatCidr(cidr(text))).toBe(text);
  });

  it("reads the network as an unsigned 32-bit integer", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ network: 10 * 2 ** 24, prefix: 16 });
    expect(parseCidr("255.255.255.255/32")).toEqual({ network: 2 ** 32 - 1, prefix: 32 });
    expect(parseCidr("0.0.0.0/0")).toEqual({ network: 0, prefix: 0 });
  });

  it.each([
    ["host bits set", "10.0.0.1/16"],
    ["host bits set in the last bit", "10.0.0.17/28"],
    ["an octet above 255", "256.0.0.0/8"],
    ["an octet above 255 at the end", "10.0.0.300/32"],
    ["a prefix above 32", "10.0.0.0/33"],
    ["a three-digit prefix", "10.0.0.0/100"],
    ["no prefix", "10.0.0.0"],
    ["three octets", "10.0.0/16"],
    ["five octets", "10.0.0.0.0/16"],
    ["a negative octet", "-1.0.0.0/8"],
    ["surrounding whitespace", " 10.0.0.0/16"],
    ["an IPv6 block", "fd00::/8"],
    ["the empty string", ""],
  ])("rejects %s (%s)", (_why, text) => {
    expect(parseCidr(text)).toBeUndefined();
    expect(isCidr(text)).toBe(false);
  });

  // The AWS provider rejects non-canonical CIDRs at `terraform validate`; config must not accept them.
  it.each(["010.0.0.0/16", "10.0.0.0/08"])(
    "rejects the non-canonical %s, as the AWS provider does",
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});

describe("cidrContains", () => {
  const vpc = cidr("10.0.0.0/16");

  it("holds for a block and itself", () => {
    expect(cidrContains(vpc, vpc)).toBe(true);
  });

  it("holds for the first and the last block inside", () => {
    expect(cidrContains(vpc, cidr("10.0.0.0/24"))).toBe(true);
    expect(cidrContains(vpc, cidr("10.0.255.240/28"))).toBe(true);
    expect(cidrContains(vpc, cidr("10.0.255.255/32"))).toBe(true);
  });

  it("fails for the neighbouring blocks on either side", () => {
    expect(cidrContains(vpc, cidr("10.1.0.0/24"))).toBe(false);
    expect(cidrContains(vpc, cidr("9.255.255.0/24"))).toBe(false);
  });

  it("fails when the inner block is larger, even if it starts at the same address", () => {
    expect(cidrContains(vpc, cidr("10.0.0.0/15"))).toBe(false);
    expect(cidrContains(cidr("10.0.0.0/24"), vpc)).toBe(false);
  });

  it("holds for everything inside 0.0.0.0/0", () => {
    expect(cidrContains(cidr("0.0.0.0/0"), cidr("255.255.255.255/32"))).toBe(true);
  });
});

describe("cidrsOverlap", () => {
  it("is true for nested blocks, in either order", () => {
    const [outer, inner] = [cidr("10.0.0.0/16"), cidr("10.0.8.0/24")];
    expect(cidrsOverlap(outer, inner)).toBe(true);
    expect(cidrsOverlap(inner, outer)).toBe(true);
  });

  it("is true for identical blocks", () => {
    expect(cidrsOverlap(cidr("10.0.1.0/24"), cidr("10.0.1.0/24"))).toBe(true);
  });

  it("is false for adjacent blocks that share only a boundary", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/24"), cidr("10.0.1.0/24"))).toBe(false);
    expect(cidrsOverlap(cidr("10.0.1.0/24"), cidr("10.0.0.0/24"))).toBe(false);
    expect(cidrsOverlap(cidr("10.0.0.0/32"), cidr("10.0.0.1/32"))).toBe(false);
  });

  it("is false for disjoint blocks of different sizes", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/28"))).toBe(false);
  });
});

describe("subnetOf (Terraform's cidrsubnet)", () => {
  const vpc = cidr("10.0.0.0/16");

  it.each([
    [4, 0, "10.0.0.0/20"],
    [4, 1, "10.0.16.0/20"],
    [4, 15, "10.0.240.0/20"],
    [8, 255, "10.0.255.0/24"],
    [16, 65535, "10.0.255.255/32"],
    [0, 0, "10.0.0.0/16"],
  ])("cidrsubnet(10.0.0.0/16, %i, %i) = %s", (newBits, index, expected) => {
    expect(formatCidr(subnetOf(vpc, newBits, index))).toBe(expected);
  });

  it("rejects an index past the last block, a negative index, and a prefix past /32", () => {
    expect(() => subnetOf(vpc, 4, 16)).toThrow(RangeError);
    expect(() => subnetOf(vpc, 4, -1)).toThrow(RangeError);
    expect(() => subnetOf(vpc, 17, 0)).toThrow(/\/33/);
  });
});
