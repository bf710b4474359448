import { configFileOf, loadEnvironmentConfig } from "../../../config/load";
import { CostEstimate, estimateStacks } from "../../../scripts/cost/estimate";
import { renderJson } from "../../../scripts/cost/report-json";
import { renderText } from "../../../scripts/cost/report-text";
import { StackSource, synthesizedStacks } from "../../../scripts/cost/stack-source";
import { stackNamesOf } from "../../../stacks/app";

/**
 * The estimator on the committed config/dev.tfvars, synthesized in-process as `npm run cost` does,
 * priced with the committed scripts/cost/prices table.
 */
let source: StackSource;
let estimate: CostEstimate;
let text: string;
let json: { environments: { name: string; stacks: { name: string; total: number }[] }[] };

beforeAll(async () => {
  source = await synthesizedStacks({ INFRA_ENVS: "dev" });
  estimate = estimateStacks(source.stacks, { stackNamesByEnvironment: source.stackNamesByEnvironment });
  text = renderText(estimate);
  json = JSON.parse(renderJson(estimate)) as typeof json;
}, 60_000);

describe("npm run cost on the committed dev config", () => {
  it("synthesizes every stack the dev config declares", async () => {
    const config = await loadEnvironmentConfig(configFileOf("dev"));
    expect(source.stacks.map((s) => s.name)).toEqual(expect.arrayContaining(stackNamesOf(config)));
  });

  it("shows every synthesized stack in the table, the item list and the JSON", () => {
    const names = source.stacks.map((s) => s.name);
    expect(names.length).toBeGreaterThan(0);
    const table = text.slice(0, text.indexOf("Items (USD/month)"));
    for (const name of names) {
      expect(table).toMatch(new RegExp(`^  ${name}\\s+\\d+\\.\\d{2}`, "m"));
      expect(text).toMatch(new RegExp(`^${name} \\(ap-northeast-2\\): \\d+\\.\\d{2}$`, "m"));
    }
    expect(json.environments.map((e) => e.name)).toEqual(["dev"]);
    expect(json.environments[0]!.stacks.map((s) => s.name).sort()).toEqual([...names].sort());
  });

  it("prices every item and knows every resource type (else: add the price or classify the type)", () => {
    const stacks = estimate.environments.flatMap((e) => e.stacks);
    const unpriced = stacks.flatMap((s) =>
      s.items.filter((i) => i.unpriced).map((i) => `${s.name}: ${i.unpriced}`),
    );
    const unknown = stacks.flatMap((s) =>
      s.notEstimated.map(
        (t) => `${s.name}: ${t.type} (add it to scripts/cost/resource-types.ts or an estimator)`,
      ),
    );
    expect([...unpriced, ...unknown]).toEqual([]);
    expect(estimate.environments[0]!.total).toBeGreaterThan(0);
  });

  it("ends with the statement that it is an estimate from list prices, not a bill", () => {
    expect(text).toContain("not a bill");
    expect(text).toContain("infracost");
  });
});
