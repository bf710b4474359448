import { CpuProfile, parseCpuProfile, samplesOf } from "../../../scripts/bench/cpu-profile";
import { aggregateProfile } from "../../../scripts/bench/profile-aggregate";

const ROOT = "/repo";
/** Lines of the bundle by the module esbuild inlined there: main.ts, then config/load.ts, then stacks/app.ts. */
const bundleSource = (line: number) =>
  line >= 20 ? "stacks/app.ts" : line >= 10 ? "config/load.ts" : "main.ts";
const WHERE = { root: ROOT, bundle: `${ROOT}/.build/app.js`, bundleSource };
const APP = `file://${ROOT}/.build/app.js`;
const NM = `file://${ROOT}/node_modules`;
const frame = (functionName: string, url = "") => ({ functionName, url });
const inBundle = (functionName: string, lineNumber: number) => ({ functionName, url: APP, lineNumber });

/**
 * A synth in miniature, written out by hand: loading the bundle, config (also an async continuation
 * that only has loadEnvironmentConfig on its stack), constructs, cdktf's App.synth resolving and
 * writing, a same-named `synth` in another package, GC and V8's own time.
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 3, 4, 22] },
    { id: 2, callFrame: frame("(program)") },
    { id: 3, callFrame: frame("(garbage collector)") },
    { id: 4, callFrame: frame("", "node:internal/main/run_main_module"), children: [5] },
    { id: 5, callFrame: frame("Module._load", "node:internal/modules/cjs/loader"), children: [6, 7] },
    { id: 6, callFrame: frame("readFileUtf8") },
    { id: 7, callFrame: inBundle("", 0), children: [8, 21] },
    { id: 8, callFrame: inBundle("synthesize", 1), children: [9, 11, 14] },
    { id: 9, callFrame: inBundle("loadEnvironmentConfig", 12), children: [10] },
    { id: 10, callFrame: frame("parse", `${NM}/zod/v4/core/schemas.cjs`) },
    { id: 11, callFrame: inBundle("addStacks", 25), children: [12] },
    {
      id: 12,
      callFrame: frame("S3Bucket", `${NM}/@cdktf/provider-aws/lib/s3-bucket/index.js`),
      children: [13],
    },
    { id: 13, callFrame: frame("Construct", `${NM}/constructs/lib/construct.js`) },
    { id: 14, callFrame: frame("synth", `${NM}/cdktf/lib/app.js`), children: [15, 17, 19, 20] },
    { id: 15, callFrame: frame("resolve", `${NM}/cdktf/lib/tokens/private/resolve.js`), children: [16] },
    { id: 16, callFrame: frame("RegExp: \\$\\{TfToken\\[([a-zA-Z0-9:._-]+)\\]\\}") },
    { id: 17, callFrame: frame("writeFileSync", "node:fs"), children: [18] },
    { id: 18, callFrame: frame("writeFileUtf8") },
    { id: 19, callFrame: frame("stringify", `${NM}/cdktf/node_modules/json-stable-stringify/index.js`) },
    { id: 20, callFrame: frame("existsSync", "node:fs") },
    { id: 21, callFrame: frame("synth", `${NM}/other/lib/app.js`) },
    {
      id: 22,
      callFrame: frame("processTicksAndRejections", "node:internal/process/task_queues"),
      children: [23],
    },
    { id: 23, callFrame: inBundle("loadEnvironmentConfig", 12), children: [24] },
    { id: 24, callFrame: frame("update", "node:internal/crypto/hash") },
  ],
  startTime: 1_000_000,
  // Sample i lasts until sample i + 1 (the last until endTime): 1, 4, 2, 3, 5, 1, 10, 6, 2, 3, 1, 2, 4, 1, 2 ms.
  samples: [2, 6, 7, 10, 12, 13, 15, 16, 18, 19, 20, 21, 3, 24, 23],
  timeDeltas: [500, 1000, 4000, 2000, 3000, 5000, 1000, 10000, 6000, 2000, 3000, 1000, 2000, 4000, 1000],
  endTime: 1_000_000 + 500 + 45_000 + 2000,
};

describe("samplesOf", () => {
  test("a sample lasts until the next, the last until endTime; its stack is leaf first", () => {
    const samples = samplesOf(PROFILE);
    expect(samples.map((s) => s.micros / 1000)).toEqual([1, 4, 2, 3, 5, 1, 10, 6, 2, 3, 1, 2, 4, 1, 2]);
    expect(samples[7]!.stack.map((f) => f.functionName)).toEqual([
      "RegExp: \\$\\{TfToken\\[([a-zA-Z0-9:._-]+)\\]\\}",
      "resolve",
      "synth",
      "synthesize",
      "",
      "Module._load",
      "",
      "(root)",
    ]);
  });

  test("a negative gap between samples counts as 0", () => {
    const profile = { ...PROFILE, samples: [2, 3, 2], timeDeltas: [0, 3000, -1000], endTime: 1_004_000 };
    expect(samplesOf(profile).map((s) => s.micros)).toEqual([3000, 0, 2000]);
  });
});

describe("aggregateProfile", () => {
  const summary = aggregateProfile(PROFILE, WHERE);
  const selfMs = Object.fromEntries(summary.modules.map((m) => [m.label, m.selfMs]));

  test("total is every sample's time", () => {
    expect(summary.totalMs).toBe(47);
  });

  test("self time by package, the app by directory and what node was doing", () => {
    expect(selfMs).toEqual({
      // resolve.js 10 + the RegExp it runs 6
      cdktf: 16,
      "@cdktf/provider-aws": 5,
      // readFileUtf8 under the loader is loading, not an fs read
      "module loading (node:internal/modules)": 4,
      // this project's code in the bundle, by the module inlined there: the top level (main.ts) 2,
      // the async config continuation (config/load.ts) 2
      "this app (bundle): main.ts": 2,
      "this app (bundle): config": 2,
      "(garbage collector)": 4,
      zod: 3,
      "json-stable-stringify": 3,
      "fs writes (node:fs)": 2,
      other: 2,
      "(program): V8 and native code outside JS": 1,
      constructs: 1,
      "fs reads (node:fs)": 1,
      "node:crypto": 1,
    });
  });

  test("modules come largest first", () => {
    expect(summary.modules[0]!.label).toBe("cdktf");
    const times = summary.modules.map((m) => m.selfMs);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test("phases are inclusive, found by function name in their own file", () => {
    expect(summary.phases.map((p) => [p.label.split(":")[0], p.inclusiveMs])).toEqual([
      // zod 3 under loadEnvironmentConfig, and the continuation's 2 + its hash 1
      ["config", 6],
      ["constructs", 6],
      // cdktf's App.synth; the other package's `synth` (2 ms) is not it
      ["resolve + write", 22],
    ]);
    expect(summary.outsidePhasesMs).toBe(13);
  });

  test("a phase whose functions never ran has 0 ms", () => {
    const renamed = aggregateProfile(PROFILE, WHERE, [
      { label: "gone", functionNames: ["addAllStacks"], file: "stacks/app.ts" },
    ]);
    expect(renamed.phases).toEqual([{ label: "gone", functionNames: ["addAllStacks"], inclusiveMs: 0 }]);
    expect(renamed.outsidePhasesMs).toBe(47);
  });
});

describe("parseCpuProfile", () => {
  test("reads what node --cpu-prof writes", () => {
    expect(parseCpuProfile(JSON.stringify(PROFILE), "p.cpuprofile")).toEqual(PROFILE);
  });

  test.each([
    ["no samples", { ...PROFILE, samples: undefined }],
    ["no endTime", { ...PROFILE, endTime: undefined }],
    ["not a profile", { traceEvents: [] }],
  ])("rejects %s, naming the file", (_, value) => {
    expect(() => parseCpuProfile(JSON.stringify(value), "p.cpuprofile")).toThrow(
      "p.cpuprofile: expected a V8 CPU profile",
    );
  });
});
