import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CONFIG_DIR } from "../../../config/load";
import { CommandResult, run } from "../../harness/process";

const REPO = path.resolve(__dirname, "..", "..", "..");
const STACK_TRACE_LINE = /^\s{4}at /m;

/** scripts/diagram.ts as `npm run diagram` runs it (tsx), with only `env` on top of PATH and HOME. */
function diagram(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return run(process.execPath, ["--import", "tsx", "scripts/diagram.ts", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeoutMs: 60_000,
  });
}

let configDir: string;
let one: CommandResult;
let unknownDev: CommandResult;
let unknownEnv: CommandResult;
let badConfig: CommandResult;
let check: CommandResult;

beforeAll(async () => {
  // dev.tfvars with a misspelt key; the other environments as committed.
  configDir = mkdtempSync(path.join(tmpdir(), "diagram-config-"));
  for (const env of ["staging", "prod"])
    copyFileSync(path.join(CONFIG_DIR, `${env}.tfvars`), path.join(configDir, `${env}.tfvars`));
  const dev = readFileSync(path.join(CONFIG_DIR, "dev.tfvars"), "utf8");
  const typo = dev.replace(/^(\s*)vpc_cidr(\s*)=/m, "$1vpc_cdir$2=");
  if (typo === dev) throw new Error("config/dev.tfvars no longer has a vpc_cidr line to misspell");
  writeFileSync(path.join(configDir, "dev.tfvars"), typo);
  [one, unknownDev, unknownEnv, badConfig, check] = await Promise.all([
    diagram(["fileflow-dev"]),
    diagram(["nope-dev"]),
    diagram(["nope"]),
    diagram(["fileflow-dev"], { INFRA_CONFIG_DIR: configDir }),
    diagram(["--check"]),
  ]);
}, 120_000);
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

describe("npm run diagram", () => {
  it("prints one stack's diagram as a fenced mermaid block", () => {
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(one.stdout.startsWith("```mermaid\nflowchart LR\n")).toBe(true);
    expect(one.stdout.endsWith("```\n")).toBe(true);
    expect(one.stdout).toContain('internet -->|"tcp 80"| n_alb');
  });

  it("refuses an unknown stack in one line naming the environment's stacks", () => {
    expect(unknownDev.code).toBe(1);
    expect(unknownDev.stdout).toBe("");
    expect(unknownDev.stderr).toBe(
      'unknown stack "nope-dev": expected one of bootstrap-dev, network-dev, fileflow-dev, erp-mes-dev, alert-system-dev, ecg-pipeline-dev, aipx-dev\n',
    );
  });

  it("names every environment's stacks for a name without an environment", () => {
    expect(unknownEnv.code).toBe(1);
    expect(unknownEnv.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(unknownEnv.stderr).toMatch(
      /^unknown stack "nope": expected one of bootstrap-dev, .*fileflow-staging.*aipx-prod/,
    );
  });

  it("prints a config mistake alone (file and key, no stack trace) and exits 1", () => {
    expect(badConfig.code).toBe(1);
    expect(badConfig.stdout).toBe("");
    expect(badConfig.stderr).toMatch(/dev\.tfvars: network\.vpc_cdir: /);
    expect(badConfig.stderr).not.toMatch(STACK_TRACE_LINE);
  });

  it("--check passes on the committed README", () => {
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^README diagrams are up to date \(bootstrap-dev, .*aipx-dev\)\n$/);
  });
});
