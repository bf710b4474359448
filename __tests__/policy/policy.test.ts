import { loadConfigs, synthApp } from "../harness/synth-app";
import { stackNamesOf } from "../../stacks/app";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * Every rule in rules/ over every stack of every environment, synthesized from the committed config
 * exactly as `cdktf synth` would. A failure lists `stack / resource address / rule / why`.
 */
let stacks: PolicyStack[];

beforeAll(async () => {
  stacks = (await synthApp()).map((s) => new PolicyStack(s.name, s.synth.json));
});

test("the suite sees every stack the config defines", async () => {
  const expected = (await loadConfigs()).flatMap(stackNamesOf).sort();
  expect(stacks.map((s) => s.name).sort()).toEqual(expected);
  expect(expected).toEqual(expect.arrayContaining(["bootstrap-dev", "bootstrap-staging", "bootstrap-prod"]));
});

test("no stack violates a policy rule", () => {
  const findings = evaluate(stacks, loadRules()).map(formatFinding);
  expect(findings).toEqual([]);
});

test("the stacks hold what the rules inspect, so passing is not for want of resources", () => {
  const count = (type: string) => stacks.reduce((n, s) => n + s.resources(type).length, 0);
  expect(count("aws_s3_bucket")).toBeGreaterThan(0);
  expect(count("aws_s3_bucket_policy")).toBeGreaterThan(0);
  expect(count("aws_dynamodb_table")).toBeGreaterThan(0);
});
