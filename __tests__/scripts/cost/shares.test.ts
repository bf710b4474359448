import { renderJson } from "../../../scripts/cost/report-json";
import { renderText } from "../../../scripts/cost/report-text";
import { database, estimateMany, stackJson } from "./fixtures";

const NAT = {
  aws_eip: { "nat-eip": { domain: "vpc" } },
  aws_nat_gateway: { nat: { allocation_id: "${aws_eip.nat-eip.allocation_id}" } },
};
const NETWORK_TOTAL = 730 * 0.05 + 730 * 0.005;
const DB_TOTAL = 730 * 0.02 + 20 * 0.1;
const BOOTSTRAP = {
  aws_s3_bucket: { state: { bucket: "b" } },
  aws_dynamodb_table: { lock: { billing_mode: "PAY_PER_REQUEST" } },
};

describe("network share", () => {
  const estimate = estimateMany([
    { name: "bootstrap-dev", json: stackJson(BOOTSTRAP) },
    { name: "network-dev", json: stackJson(NAT) },
    { name: "alpha-dev", json: stackJson(database()) },
    { name: "beta-dev", json: stackJson({}) },
  ]);
  const [dev] = estimate.environments;

  it("each system stack carries network total ÷ the environment's system stacks", () => {
    expect(dev!.network).toEqual({
      stack: "network-dev",
      total: NETWORK_TOTAL,
      systemStacks: 2,
      share: NETWORK_TOTAL / 2,
    });
    const alpha = dev!.stacks.find((s) => s.name === "alpha-dev")!;
    expect(alpha.total).toBeCloseTo(DB_TOTAL, 10);
    expect(alpha.totalWithNetwork).toBeCloseTo(DB_TOTAL + NETWORK_TOTAL / 2, 10);
    expect(dev!.stacks.find((s) => s.name === "beta-dev")!.totalWithNetwork).toBeCloseTo(
      NETWORK_TOTAL / 2,
      10,
    );
  });

  it("bootstrap and network stacks carry no share; the environment total counts the network once", () => {
    expect(dev!.stacks.map((s) => [s.name, s.networkShare])).toEqual([
      ["bootstrap-dev", undefined],
      ["network-dev", undefined],
      ["alpha-dev", NETWORK_TOTAL / 2],
      ["beta-dev", NETWORK_TOTAL / 2],
    ]);
    expect(dev!.total).toBeCloseTo(NETWORK_TOTAL + DB_TOTAL, 10);
  });

  it("bootstrap shows 0 with its storage as usage", () => {
    const bootstrap = dev!.stacks.find((s) => s.name === "bootstrap-dev")!;
    expect(bootstrap.total).toBe(0);
    expect(bootstrap.usage).toEqual(expect.arrayContaining(["s3", "dynamodb"]));
    expect(renderText(estimate)).toMatch(
      /bootstrap-dev\s+0\.00\s+—\s+usage only: DynamoDB on-demand, S3 storage/,
    );
  });

  it("divides by every system stack of the environment, also those not estimated in this run", () => {
    const partial = estimateMany(
      [
        { name: "network-dev", json: stackJson(NAT) },
        { name: "alpha-dev", json: stackJson(database()) },
      ],
      new Map([["dev", ["bootstrap-dev", "network-dev", "alpha-dev", "beta-dev", "gamma-dev"]]]),
    );
    expect(partial.environments[0]!.network!.systemStacks).toBe(3);
    expect(partial.environments[0]!.stacks[1]!.networkShare).toBeCloseTo(NETWORK_TOTAL / 3, 10);
  });

  it("says so when the environment's network stack is not in the run", () => {
    const alone = estimateMany(
      [{ name: "alpha-dev", json: stackJson(database()) }],
      new Map([["dev", ["network-dev", "alpha-dev"]]]),
    );
    expect(alone.environments[0]!.network).toBeUndefined();
    expect(alone.environments[0]!.notes).toEqual([
      "network-dev is not in this run: network shares are not computed",
    ]);
  });

  it("text and JSON show the own total, the total with the share and the top items", () => {
    const text = renderText(estimate);
    expect(text).toMatch(
      /alpha-dev\s+16\.60\s+36\.67\s+RDS db\.t4g\.micro \(postgres\) 14\.60, RDS storage gp3 2\.00/,
    );
    expect(text).toContain("network-dev 40.15 ÷ 2 system stack(s) = 20.07 each");
    const json = JSON.parse(renderJson(estimate)) as {
      environments: { stacks: { name: string; total: number; totalWithNetwork: number | null }[] }[];
    };
    expect(json.environments[0]!.stacks.find((s) => s.name === "alpha-dev")).toMatchObject({
      total: 16.6,
      totalWithNetwork: 36.675,
    });
  });
});
