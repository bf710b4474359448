import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_DIR } from "../../config/load";
import { ENVIRONMENTS } from "../../config/schema/environment";
import { CommandResult, tailOf } from "../harness/process";
import { TempConfigDirs } from "./fixtures/environment-file";
import { runApp, runInRepo, runNpmSynth } from "./fixtures/run-command";

/**
 * A config mistake through the real entry points (main.ts and the cdktf CLI): the operator sees the
 * file and key, not a stack trace, and no half-written cdktf.out is left for a later deploy to pick up.
 * The four commands start together in beforeAll; each test then reads its own result.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

/** A config dir holding the committed files, with dev.tfvars rewritten by `editDev`. */
function configDirWithDev(editDev: (text: string) => string): string {
  const dir = dirs.newDir();
  for (const env of ENVIRONMENTS)
    copyFileSync(path.join(CONFIG_DIR, `${env}.tfvars`), path.join(dir, `${env}.tfvars`));
  const dev = path.join(dir, "dev.tfvars");
  const original = readFileSync(dev, "utf8");
  const edited = editDev(original);
  if (edited === original)
    throw new Error("the fixture edit changed nothing; config/dev.tfvars no longer has the edited text");
  writeFileSync(dev, edited);
  return dir;
}

const typo = (text: string) => text.replace(/^(\s*)vpc_cidr(\s*)=/m, "$1vpc_cdir$2=");
/** Line 4 of the committed dev.tfvars: `environment = "dev"`, its string left open. */
const unclosed = (text: string) => text.replace(/^environment(\s*)= "dev"$/m, 'environment$1= "dev');
const STACK_TRACE_LINE = /^\s{4}at /m;

interface Outcome {
  readonly result: CommandResult;
  readonly outdir: string;
}

let typoRun: Outcome;
let syntaxRun: Outcome;
let goodRun: Outcome;
let cdktfRun: Outcome;
let npmSynthRun: Outcome;

beforeAll(async () => {
  const outdir = () => path.join(dirs.newDir(), "cdktf.out");
  const app = async (configDir: string, env: NodeJS.ProcessEnv = {}): Promise<Outcome> => {
    const dir = outdir();
    return { outdir: dir, result: await runApp({ INFRA_CONFIG_DIR: configDir, CDKTF_OUTDIR: dir, ...env }) };
  };
  const cdktf = async (configDir: string): Promise<Outcome> => {
    const dir = outdir();
    const args = ["--no-install", "cdktf", "synth", "--output", dir];
    return { outdir: dir, result: await runInRepo("npx", args, { INFRA_CONFIG_DIR: configDir }) };
  };
  const npmSynth = async (configDir: string): Promise<Outcome> => {
    const dir = outdir();
    return { outdir: dir, result: await runNpmSynth(dir, { INFRA_CONFIG_DIR: configDir }) };
  };
  [typoRun, syntaxRun, goodRun, cdktfRun, npmSynthRun] = await Promise.all([
    app(configDirWithDev(typo)),
    app(configDirWithDev(unclosed)),
    // One stack keeps the control cheap; it still reads every file of INFRA_CONFIG_DIR it needs.
    app(
      configDirWithDev((t) => `${t}\n`),
      { INFRA_STACKS: "bootstrap-dev" },
    ),
    cdktf(configDirWithDev(typo)),
    npmSynth(configDirWithDev(typo)),
  ]);
}, 60_000);

describe("main.ts with a bad INFRA_CONFIG_DIR", () => {
  test("exits non-zero with the file and key on stderr, no stack trace, and writes no stacks", () => {
    const { result, outdir } = typoRun;
    expect(result.code).not.toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).toMatch(
      /dev\.tfvars: network\.vpc_cdir: expected .*did you mean "vpc_cidr"\?, found unknown key "vpc_cdir"/,
    );
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("reports an HCL syntax error with its line number", () => {
    const { result, outdir } = syntaxRun;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /dev\.tfvars: expected valid HCL, found a syntax error at line 4, column \d+/,
    );
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("control: a good INFRA_CONFIG_DIR synthesizes, so the assertions above can fail", () => {
    const { result, outdir } = goodRun;
    if (result.code !== 0) throw new Error(`the app failed on a good config:\n${tailOf(result)}`);
    expect(readdirSync(path.join(outdir, "stacks"))).toEqual(["bootstrap-dev"]);
  });
});

describe("npm run synth with a bad INFRA_CONFIG_DIR", () => {
  test("prints only the problem lines on stderr, exits 1 and writes no stacks", () => {
    const { result, outdir } = npmSynthRun;
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\S*dev\.tfvars: [\w.[\]]+: expected .*, found /);
    expect(result.stderr).toMatch(/dev\.tfvars: network\.vpc_cdir: expected .*did you mean "vpc_cidr"\?/);
    // npm adds only its "> platform-infra@… synth" header, on stdout.
    expect(result.stdout).not.toMatch(/error|ERR!|exit code/i);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });
});

describe("npx cdktf synth with a bad INFRA_CONFIG_DIR", () => {
  test("fails, shows the config message and leaves no stacks in --output", () => {
    const { result, outdir } = cdktfRun;
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/dev\.tfvars: network\.vpc_cdir: expected /);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });
});
