import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "../../../scripts/cost/args";
import { CostInputError } from "../../../scripts/cost/errors";
import { database, stackJson } from "./fixtures";

const REPO = path.resolve(__dirname, "..", "..", "..");
const STACK_TRACE_LINE = /^\s{4}at /m;

/** scripts/cost.ts as `npm run cost` runs it (tsx), with only `env` on top of PATH and HOME. */
function cost(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cost.ts", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("parseArgs", () => {
  it("reads --from <dir>, --from=<dir> and --json", () => {
    expect(parseArgs(["--from", "out", "--json"])).toEqual({ from: "out", json: true, help: false });
    expect(parseArgs(["--from=out"])).toEqual({ from: "out", json: false, help: false });
  });

  it("refuses an unknown argument and a --from without a directory", () => {
    expect(() => parseArgs(["--detail"])).toThrow(CostInputError);
    expect(() => parseArgs(["--from"])).toThrow(
      /--from: expected a cdktf synth output directory, found nothing/,
    );
  });
});

describe("npm run cost", () => {
  let dir: string;
  beforeAll(() => {
    // A synth output as cdktf writes it: manifest.json naming stacks/<name>/cdk.tf.json.
    dir = mkdtempSync(path.join(tmpdir(), "cost-cli-"));
    const stacks = { "bootstrap-dev": stackJson({}), "app-dev": stackJson(database()) };
    for (const [name, json] of Object.entries(stacks)) {
      mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    }
    const manifest = Object.fromEntries(
      Object.keys(stacks).map((name) => [name, { synthesizedStackPath: `stacks/${name}/cdk.tf.json` }]),
    );
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--from <dir> --json estimates the stacks the manifest lists", () => {
    const run = cost(["--from", dir, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { environments: { stacks: { name: string; total: number }[] }[] };
    expect(json.environments[0]!.stacks.map((s) => s.name)).toEqual(["bootstrap-dev", "app-dev"]);
    expect(json.environments[0]!.stacks[1]!.total).toBeGreaterThan(0);
  });

  it("INFRA_STACKS narrows a --from estimate", () => {
    const run = cost(["--from", dir], { INFRA_STACKS: "app-dev" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("app-dev");
    expect(run.stdout).not.toContain("bootstrap-dev");
  });

  it.each([
    [
      "a --from without manifest.json",
      ["--from", "/nonexistent/cdktf.out"],
      {},
      /expected a cdktf synth output with manifest\.json/,
    ],
    [
      "an unknown INFRA_ENVS",
      [],
      { INFRA_ENVS: "qa" },
      /^INFRA_ENVS: \[0\]: expected one of dev, staging, prod, found "qa"$/m,
    ],
  ])("%s: one message, exit 1, no stack trace", (_what, args, env, message) => {
    const run = cost(args, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
  });
});
