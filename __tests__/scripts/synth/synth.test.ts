import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CommandResult, tailOf } from "../../harness/process";
import { runInRepo } from "../../config/fixtures/run-command";

/**
 * `npm run synth` is the bundled app run by plain node (scripts/synth.cjs). It must write exactly
 * what the cdktf CLI writes when it runs the app from source the way cdktf.json used to
 * (`node --import tsx main.ts`), and `cdktf synth` through today's cdktf.json must agree too.
 * The three synths of every stack start together in beforeAll.
 */
const work = mkdtempSync(path.join(tmpdir(), "synth-paths-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MINUTE = 60_000;
const fromSource = path.join(work, "cdktf-cli-tsx");
const fast = path.join(work, "npm-run-synth");
const throughCdktfJson = path.join(work, "cdktf-cli-cdktf-json");
const twoThreads = path.join(work, "two-threads");
const orphans = path.join(work, "orphans");

let results: Record<string, CommandResult>;

beforeAll(async () => {
  mkdirSync(path.join(orphans, "stacks", "retired-dev"), { recursive: true });
  writeFileSync(path.join(orphans, "stacks", "retired-dev", "cdk.tf.json"), "{}");
  const cdktf = (outdir: string, extra: string[] = []) =>
    runInRepo("npx", ["--no-install", "cdktf", "synth", ...extra, "--output", outdir], {}, 3 * MINUTE);
  const [a, b, c, d, e] = await Promise.all([
    cdktf(fromSource, ["--app", "node --import tsx main.ts"]),
    runInRepo("npm", ["run", "--silent", "synth", "--", "--output", fast], {}, 3 * MINUTE),
    cdktf(throughCdktfJson),
    runInRepo(process.execPath, ["scripts/synth.cjs", "--output", orphans], {
      INFRA_STACKS: "bootstrap-dev",
    }),
    runInRepo(process.execPath, ["scripts/synth.cjs", "--output", twoThreads], { INFRA_SYNTH_WORKERS: "2" }),
  ]);
  results = { fromSource: a!, fast: b!, throughCdktfJson: c!, orphans: d!, twoThreads: e! };
  for (const [name, result] of Object.entries(results))
    if (result.code !== 0) throw new Error(`${name} failed\n${tailOf(result)}`);
}, 4 * MINUTE);

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix))
    .flatMap((name) => {
      const relative = path.join(prefix, name);
      return statSync(path.join(dir, relative)).isDirectory() ? filesUnder(dir, relative) : [relative];
    })
    .sort();
}

describe("npm run synth", () => {
  test.each([["0"], ["two"], ["-1"]])(
    "refuses INFRA_SYNTH_WORKERS=%s with one line, exit 1",
    async (value) => {
      const result = await runInRepo(
        process.execPath,
        ["scripts/synth.cjs", "--output", path.join(work, "never")],
        {
          INFRA_SYNTH_WORKERS: value,
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `npm run synth: INFRA_SYNTH_WORKERS must be a whole number above 0, got "${value}"\nusage: npm run synth [-- --output <dir>]\n`,
      );
    },
  );

  test("the reference output is every stack and the manifest", () => {
    const expected = filesUnder(fromSource);
    expect(expected).toContain("manifest.json");
    expect(expected.filter((f) => f.endsWith("cdk.tf.json")).length).toBeGreaterThanOrEqual(21);
  });

  test.each([
    ["npm run synth", fast],
    ["cdktf synth through cdktf.json (the bundled app)", throughCdktfJson],
    ["two worker threads (INFRA_SYNTH_WORKERS=2, manifest merged)", twoThreads],
  ])("%s writes byte for byte what cdktf synth of main.ts from source writes", (_, outdir) => {
    const expected = filesUnder(fromSource);
    expect(filesUnder(outdir)).toEqual(expected);
    const differing = expected.filter(
      (f) => !readFileSync(path.join(outdir, f)).equals(readFileSync(path.join(fromSource, f))),
    );
    expect(differing).toEqual([]);
  });

  test("removes the directories of stacks it no longer synthesizes, like the cdktf CLI", () => {
    expect(readdirSync(path.join(orphans, "stacks"))).toEqual(["bootstrap-dev"]);
  });

  test("creates the output directory's missing parents, as the cdktf CLI does", async () => {
    const nested = path.join(work, "not", "there", "yet", "cdktf.out");
    const result = await runInRepo(process.execPath, ["scripts/synth.cjs", "--output", nested], {
      INFRA_STACKS: "bootstrap-dev",
    });
    if (result.code !== 0) throw new Error(tailOf(result));
    expect(readdirSync(path.join(nested, "stacks"))).toEqual(["bootstrap-dev"]);
  });

  test("says nothing on success but npm's own header", () => {
    expect(results.fast!.stderr).toBe("");
  });
});
