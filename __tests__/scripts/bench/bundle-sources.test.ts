import { bundleSourcesOf } from "../../../scripts/bench/bundle-sources";

/** The shape esbuild writes: a `// <path>` line before each module it inlines. */
const BUNDLE = [
  '"use strict";', // 0
  "// node_modules/cdktf/lib/app.js", // 1
  "var require_app = __commonJS({", // 2
  '  "node_modules/cdktf/lib/app.js"(exports2) {', // 3
  "// not a marker: a comment in code", // 4
  "// config/load.ts", // 5
  "async function loadEnvironmentConfig(file) {", // 6
  "// stacks/app.ts", // 7
  "function addStacks(scope, configs, only) {", // 8
].join("\n");

describe("bundleSourcesOf", () => {
  const sourceOf = bundleSourcesOf(BUNDLE);

  test.each([
    [0, undefined],
    [2, "node_modules/cdktf/lib/app.js"],
    [4, "node_modules/cdktf/lib/app.js"],
    [6, "config/load.ts"],
    [8, "stacks/app.ts"],
    [500, "stacks/app.ts"],
  ])("line %i comes from %s", (line, file) => {
    expect(sourceOf(line)).toBe(file);
  });
});
