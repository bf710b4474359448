import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CostInputError } from "../../../scripts/cost/errors";
import { loadPriceTable } from "../../../scripts/cost/prices";

describe("the committed price table", () => {
  const pricer = loadPriceTable("ap-northeast-2");
  const entries = Object.entries(pricer.table.prices);

  it("names an AWS pricing page and the day it was read for every entry", () => {
    expect(entries.length).toBeGreaterThan(20);
    for (const [key, entry] of entries) {
      expect([key, entry.source]).toEqual([
        key,
        expect.stringMatching(/^https:\/\/aws\.amazon\.com\/.+\/pricing\//),
      ]);
      expect([key, entry.read]).toEqual([key, "2026-12-01"]);
    }
  });

  it("marks what was not confirmed from a readable copy of the page as approximate", () => {
    const confirmed = entries.filter(([, e]) => !e.approximate).map(([key]) => key);
    expect(confirmed).toEqual(["kms.key"]);
    for (const [, entry] of entries.filter(([, e]) => e.approximate)) expect(entry.note).toBeTruthy();
  });

  it("has Spot and Graviton Fargate rates below the on-demand x86 ones", () => {
    const usd = (key: string) => pricer.price(key)!.usd;
    expect(usd("fargate.arm.vcpu_hour")).toBeLessThan(usd("fargate.x86.vcpu_hour"));
    expect(usd("fargate_spot.x86.vcpu_hour")).toBeLessThan(usd("fargate.arm.vcpu_hour"));
    expect(usd("fargate_spot.arm.gb_hour")).toBeLessThan(usd("fargate_spot.x86.gb_hour"));
  });
});

describe("loadPriceTable", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "cost-prices-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a region without a table is one clear message listing the regions that have one", () => {
    expect(() => loadPriceTable("eu-west-1")).toThrow(CostInputError);
    expect(() => loadPriceTable("eu-west-1")).toThrow(
      /prices\/eu-west-1\.json: expected a price table for region eu-west-1 .*found no such file; tables exist for: ap-northeast-2/,
    );
  });

  it("an entry without its source is refused, naming the key", () => {
    writeFileSync(
      path.join(dir, "ap-northeast-2.json"),
      JSON.stringify({
        region: "ap-northeast-2",
        region_name: "Seoul",
        currency: "USD",
        prices: { "kms.key": { usd: 1, per: "month", what: "key", read: "2026-12-01", approximate: false } },
      }),
    );
    expect(() => loadPriceTable("ap-northeast-2", dir)).toThrow(/prices\.kms\.key\.source/);
  });
});
